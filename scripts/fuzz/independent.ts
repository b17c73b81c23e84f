/**
 * The independent JSON Schema 2020-12 validator of the differential oracle: @cfworker/json-schema, run on the
 * raw OpenAPI document (not on the catalog's rewritten copy), so neither our `$ref` rewriting nor ajv sits
 * between a schema and its verdict. Component references (`#/components/schemas/X`) resolve as plain JSON
 * pointers into the document. It asserts the formats it knows (`date`, `email`…) as ajv-formats does.
 */
import { Validator, type Schema } from '@cfworker/json-schema';
import { pointerOf } from '../../server/src/catalog/userCatalog';
import type { JsonPath } from '../../server/src/features/locate';

export interface IndependentVerdict {
  valid: boolean;
  /** Every instance location an error was reported at, as `pathKey`-style keys of string segments. */
  locations: Set<string>;
}

export const locationKey = (path: JsonPath): string => JSON.stringify(path.map(String));

export class IndependentValidator {
  private readonly quick = new Map<string, Validator>();
  private readonly full = new Map<string, Validator>();

  /** `base` is any absolute URI to register the document under. */
  constructor(
    private readonly doc: Schema,
    private readonly base: string,
  ) {}

  /** Whether `value` satisfies the schema at `pointer` (`#/components/schemas/X`) of the document. */
  accepts(pointer: string, value: unknown): boolean {
    return this.validator(this.quick, pointer, true).validate(value).valid;
  }

  verdict(pointer: string, value: unknown): IndependentVerdict {
    const result = this.validator(this.full, pointer, false).validate(value);
    const locations = new Set<string>();
    for (const e of result.errors) locations.add(locationKey(pathOfLocation(e.instanceLocation)));
    return { valid: result.valid, locations };
  }

  private validator(cache: Map<string, Validator>, pointer: string, shortCircuit: boolean): Validator {
    let v = cache.get(pointer);
    if (!v) {
      v = new Validator({ $ref: this.base + pointer }, '2020-12', shortCircuit);
      v.addSchema(this.doc, this.base);
      cache.set(pointer, v);
    }
    return v;
  }
}

/** `#/members/0/a~1b` (cfworker's encoded instance location) → `['members', '0', 'a/b']`. */
export function pathOfLocation(location: string): string[] {
  if (location === '#' || location === '') return [];
  return location
    .replace(/^#\//, '')
    .split('/')
    .map((s) => decodeURI(s.replace(/%23/g, '#')).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * `base` (a pointer fragment such as `#/components`) extended by path segments, each escaped as a JSON pointer
 * and then percent-encoded as cfworker encodes the pointers it registers, so names with `%`, `#`, spaces or
 * non-ASCII letters stay a valid URI fragment (RFC 6901, section 6) that it finds.
 */
export const pointerFrom = (base: string, ...segments: Array<string | number>): string =>
  base + encodeURI(pointerOf(segments).slice(1)).replace(/#/g, '%23');
