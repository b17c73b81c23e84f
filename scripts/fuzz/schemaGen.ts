/**
 * Valid values drawn from a JSON Schema 2020-12 of a raw OpenAPI document, for the differential oracle. At each
 * value the applicable schemas are merged (through `$ref`, `allOf`, one chosen branch of `anyOf`/`oneOf`, and
 * the `then`/`else` that the value's `if` selects); a value is drawn from the merged constraints and kept once
 * the independent validator accepts it at that place, else drawn again. Every value drawn is recorded as a
 * {@link Site} (its path, constraints and the property names the schema declares there), for the mutations.
 */
import { resolvePointer } from '../../server/src/catalog/openapi';
import type { JsonPath } from '../../server/src/features/locate';
import { pointerFrom, type IndependentValidator } from './independent';
import type { Rng } from './prng';
import { stringFromPattern } from './regexGen';
import { isObj } from '../../common/json';

type Obj = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The merged constraints of every schema that applies to one value. */
export interface View {
  types: string[] | undefined;
  enum: unknown[] | undefined;
  const: { value: unknown } | undefined;
  patterns: string[];
  format: string | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  exclusiveMaximum: number | undefined;
  minItems: number | undefined;
  maxItems: number | undefined;
  uniqueItems: boolean;
  /** Whether a schema here marks the value `deprecated`. */
  deprecated: boolean;
  required: string[];
  /** Property name → the schemas (pointers) that describe it. */
  properties: Map<string, string[]>;
  items: string[];
  /** Positional item schemas (`prefixItems`), one pointer list per position. */
  prefixItems: string[][];
  /** Schemas of properties not named by `properties` (`additionalProperties`, when a schema). */
  additional: string[];
  /** `patternProperties`: a name pattern and the pointer of its schema. */
  patternProperties: Array<{ pattern: string; pointer: string }>;
  /** `dependentRequired`: a property → the properties it needs. */
  dependentRequired: Map<string, string[]>;
  multipleOf: number | undefined;
  examples: unknown[];
}

export interface Site {
  path: JsonPath;
  view: View;
  /** Property names the schema declares at this place, in any branch (`anyOf`, `then`, `else`…). */
  declared: Set<string>;
  /** Whether any property name is documented here (`additionalProperties` is a schema). */
  openNames: boolean;
  /** Names matching one of these (`patternProperties`) are documented here too. */
  namePatterns: string[];
}

/** Whether the schema documents a property name at a site. */
export const documents = (site: Site, name: string): boolean =>
  site.openNames || site.declared.has(name) || site.namePatterns.some((p) => new RegExp(p, 'u').test(name));

export interface Generated {
  value: unknown;
  sites: Site[];
  /** Whether the independent validator accepts the value (a miss is drawn again by the caller, or counted). */
  ok: boolean;
}

export interface GenOptions {
  /** Attempts per value before giving up on it. */
  attempts: number;
  /** Nesting depth past which optional properties and extra items are left out. */
  maxDepth: number;
}

const DEFAULTS: GenOptions = { attempts: 12, maxDepth: 8 };

/** Characters of free strings: ASCII, a Latin-1 letter, a CJK character, an astral emoji (two UTF-16 units). */
const ALPHABET = [...'abcdefghijkXYZ0123456789 -_.', 'é', '会', '😀'];

export class SchemaGenerator {
  private readonly declaredMemo = new Map<string, Pick<Site, 'declared' | 'openNames' | 'namePatterns'>>();
  private readonly options: GenOptions;

  constructor(
    private readonly doc: unknown,
    private readonly validator: IndependentValidator,
    options: Partial<GenOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** A value for the schemas at `pointers` (all of them apply), drawn with `rng`. */
  generate(pointers: string[], rng: Rng, path: JsonPath = [], depth = 0): Generated {
    let last: Generated = { value: null, sites: [], ok: false };
    for (let attempt = 0; attempt < this.options.attempts; attempt++) {
      const picks = new Map<string, number>();
      const decisions = new Map<string, 'then' | 'else'>();
      // A value is kept only when every `if` it was drawn under still selects the branch it was drawn from,
      // so it holds no property of a branch that does not apply.
      let consistent = false;
      for (let round = 0; round < 4; round++) {
        const expansion = this.expand(pointers, rng, picks, decisions);
        if (!expansion) break;
        const view = merge(expansion.schemas);
        const sites: Site[] = [];
        const value = this.valueFrom(view, rng, path, depth, sites);
        last = { value, sites: [{ path, view, ...this.declared(pointers) }, ...sites], ok: false };
        let changed = false;
        for (const c of expansion.conditionals) {
          const want = this.validator.accepts(c + '/if', value) ? 'then' : 'else';
          if (decisions.get(c) !== want) {
            decisions.set(c, want);
            changed = true;
          }
        }
        if (!changed) {
          consistent = true;
          break;
        }
      }
      if (consistent && pointers.every((p) => this.validator.accepts(p, last.value))) return { ...last, ok: true };
    }
    return last;
  }

  /** The schemas that apply to a value, with `anyOf`/`oneOf` branches picked once per attempt. */
  private expand(
    pointers: string[],
    rng: Rng,
    picks: Map<string, number>,
    decisions: Map<string, 'then' | 'else'>,
  ): { schemas: Placed[]; conditionals: string[] } | undefined {
    const schemas: Placed[] = [];
    const conditionals: string[] = [];
    let impossible = false;
    const walk = (pointer: string, depth: number): void => {
      const s = resolvePointer(this.doc, pointer);
      if (s === false) impossible = true;
      if (!isObj(s) || depth > 32) return;
      schemas.push({ pointer, schema: s });
      if (typeof s.$ref === 'string' && s.$ref.startsWith('#')) walk(s.$ref, depth + 1);
      if (Array.isArray(s.allOf)) s.allOf.forEach((_, i) => walk(pointerFrom(pointer, 'allOf', i), depth + 1));
      for (const key of ['anyOf', 'oneOf'] as const) {
        const list = s[key];
        if (!Array.isArray(list) || list.length === 0) continue;
        const at = pointerFrom(pointer, key);
        let i = picks.get(at);
        if (i === undefined) picks.set(at, (i = rng.int(list.length)));
        walk(pointerFrom(at, i), depth + 1);
      }
      if ('if' in s) {
        conditionals.push(pointer);
        const branch = decisions.get(pointer);
        if (branch && branch in s) walk(pointerFrom(pointer, branch), depth + 1);
      }
    };
    for (const p of pointers) walk(p, 0);
    return impossible ? undefined : { schemas, conditionals };
  }

  /** Every property name declared at a place, through every branch: what "documented" means there. */
  private declared(pointers: string[]): Pick<Site, 'declared' | 'openNames' | 'namePatterns'> {
    const key = pointers.join('\n');
    const memo = this.declaredMemo.get(key);
    if (memo) return memo;
    const names = new Set<string>();
    const namePatterns: string[] = [];
    let open = false;
    const seen = new Set<string>();
    const walk = (pointer: string): void => {
      if (seen.has(pointer)) return;
      seen.add(pointer);
      const s = resolvePointer(this.doc, pointer);
      if (!isObj(s)) return;
      if (isObj(s.properties)) for (const n of Object.keys(s.properties)) names.add(n);
      if (isObj(s.additionalProperties) || s.additionalProperties === true) open = true;
      if (isObj(s.patternProperties)) namePatterns.push(...Object.keys(s.patternProperties));
      if (typeof s.$ref === 'string' && s.$ref.startsWith('#')) walk(s.$ref);
      for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
        const list = s[k];
        if (Array.isArray(list)) list.forEach((_, i) => walk(pointerFrom(pointer, k, i)));
      }
      for (const k of ['then', 'else'] as const) if (k in s) walk(pointerFrom(pointer, k));
      if (isObj(s.dependentSchemas)) {
        for (const n of Object.keys(s.dependentSchemas)) walk(pointerFrom(pointer, 'dependentSchemas', n));
      }
    };
    pointers.forEach(walk);
    const result = { declared: names, openNames: open, namePatterns };
    this.declaredMemo.set(key, result);
    return result;
  }

  private valueFrom(view: View, rng: Rng, path: JsonPath, depth: number, sites: Site[]): unknown {
    if (view.const) return view.const.value;
    if (view.enum) {
      const allowed = view.types ? view.enum.filter((v) => view.types!.includes(typeOf(v))) : view.enum;
      if (allowed.length > 0) return rng.pick(allowed);
    }
    const type = rng.pick(candidateTypes(view));
    switch (type) {
      case 'object':
        return this.objectFrom(view, rng, path, depth, sites);
      case 'array':
        return this.arrayFrom(view, rng, path, depth, sites);
      case 'string':
        return stringFrom(view, rng);
      case 'integer':
        return integerFrom(view, rng);
      case 'number':
        return rng.chance(0.5) ? integerFrom(view, rng) : numberFrom(view, rng);
      case 'boolean':
        return rng.chance(0.5);
      default:
        return null;
    }
  }

  private objectFrom(view: View, rng: Rng, path: JsonPath, depth: number, sites: Site[]): Obj {
    const out: Obj = {};
    const shallow = depth >= this.options.maxDepth;
    const chosen = [...new Set([...view.required, ...view.properties.keys()])].filter(
      (name) => view.required.includes(name) || (!shallow && rng.chance(0.55)),
    );
    for (const name of [...chosen]) chosen.push(...(view.dependentRequired.get(name) ?? []));
    const schemasOf = new Map<string, string[]>();
    // Names no `properties` lists, where the schema documents them: a `patternProperties` name, a map entry.
    if (!shallow && view.patternProperties.length > 0 && rng.chance(0.5)) {
      const { pattern, pointer } = rng.pick(view.patternProperties);
      try {
        const name = stringFromPattern(pattern, rng);
        if (!view.properties.has(name)) {
          chosen.push(name);
          schemasOf.set(name, [pointer]);
        }
      } catch {
        // a pattern the small generator does not know: no such name this time
      }
    }
    if (!shallow && view.additional.length > 0 && rng.chance(0.5)) {
      const name = `entry${rng.int(100)}`;
      chosen.push(name);
      schemasOf.set(name, view.additional);
    }
    for (const name of new Set(chosen)) {
      const pointers =
        view.properties.get(name) ??
        schemasOf.get(name) ??
        view.patternProperties.filter((p) => new RegExp(p.pattern, 'u').test(name)).map((p) => p.pointer);
      const child = this.generate(pointers, rng, [...path, name], depth + 1);
      Object.defineProperty(out, name, { value: child.value, enumerable: true, writable: true, configurable: true });
      sites.push(...child.sites);
    }
    return out;
  }

  private arrayFrom(view: View, rng: Rng, path: JsonPath, depth: number, sites: Site[]): unknown[] {
    const min = view.minItems ?? 0;
    const max = Math.max(min, Math.min(view.maxItems ?? min + 3, min + (depth >= this.options.maxDepth ? 0 : 3)));
    const length = rng.range(min, max);
    const out: unknown[] = [];
    const seen = new Set<string>();
    for (let tries = 0; out.length < length && tries < length * 4; tries++) {
      const schemas = view.prefixItems[out.length] ?? view.items;
      const child = this.generate(schemas, rng, [...path, out.length], depth + 1);
      const key = JSON.stringify(child.value);
      if (view.uniqueItems && seen.has(key)) continue;
      seen.add(key);
      out.push(child.value);
      sites.push(...child.sites);
    }
    return out;
  }
}

export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function candidateTypes(view: View): string[] {
  if (view.types && view.types.length > 0) return view.types;
  if (view.properties.size > 0 || view.required.length > 0) return ['object'];
  if (
    view.items.length > 0 ||
    view.prefixItems.length > 0 ||
    view.minItems !== undefined ||
    view.maxItems !== undefined
  ) {
    return ['array'];
  }
  if (view.patterns.length > 0 || view.minLength !== undefined || view.maxLength !== undefined || view.format) {
    return ['string'];
  }
  if (view.minimum !== undefined || view.maximum !== undefined) return ['integer'];
  return ['string', 'integer', 'boolean'];
}

/** A schema and where it stands in the document (children are addressed from there). */
interface Placed {
  pointer: string;
  schema: Obj;
}

/** Merges the keywords of the schemas that apply to one value (the tightest bound wins). */
export function merge(schemas: Placed[]): View {
  const view: View = {
    types: undefined,
    enum: undefined,
    const: undefined,
    patterns: [],
    format: undefined,
    minLength: undefined,
    maxLength: undefined,
    minimum: undefined,
    maximum: undefined,
    exclusiveMinimum: undefined,
    exclusiveMaximum: undefined,
    minItems: undefined,
    maxItems: undefined,
    uniqueItems: false,
    deprecated: false,
    required: [],
    properties: new Map(),
    items: [],
    prefixItems: [],
    additional: [],
    patternProperties: [],
    dependentRequired: new Map(),
    multipleOf: undefined,
    examples: [],
  };
  const lower = (a: number | undefined, b: unknown) => (num(b) === undefined ? a : Math.max(a ?? -Infinity, num(b)!));
  const upper = (a: number | undefined, b: unknown) => (num(b) === undefined ? a : Math.min(a ?? Infinity, num(b)!));
  for (const { pointer, schema: s } of schemas) {
    if (s.type !== undefined) {
      const types = (Array.isArray(s.type) ? s.type : [s.type]).map(String);
      // `number` admits integers: an intersection with `integer` keeps `integer`.
      view.types = view.types
        ? view.types.filter((t) => types.includes(t) || (t === 'integer' && types.includes('number')))
        : types;
    }
    if (Array.isArray(s.enum)) {
      const list = s.enum;
      view.enum = view.enum ? view.enum.filter((v) => list.some((w) => JSON.stringify(w) === JSON.stringify(v))) : list;
    }
    if ('const' in s) view.const = { value: s.const };
    if (typeof s.pattern === 'string') view.patterns.push(s.pattern);
    if (typeof s.format === 'string') view.format = s.format;
    view.minLength = lower(view.minLength, s.minLength);
    view.maxLength = upper(view.maxLength, s.maxLength);
    view.minimum = lower(view.minimum, s.minimum);
    view.maximum = upper(view.maximum, s.maximum);
    view.exclusiveMinimum = lower(view.exclusiveMinimum, s.exclusiveMinimum);
    view.exclusiveMaximum = upper(view.exclusiveMaximum, s.exclusiveMaximum);
    view.minItems = lower(view.minItems, s.minItems);
    view.maxItems = upper(view.maxItems, s.maxItems);
    if (s.uniqueItems === true) view.uniqueItems = true;
    if (s.deprecated === true) view.deprecated = true;
    if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === 'string') view.required.push(r);
    if (Array.isArray(s.examples)) view.examples.push(...(s.examples as unknown[]));
    if (isObj(s.properties)) {
      for (const name of Object.keys(s.properties)) {
        const list = view.properties.get(name) ?? [];
        list.push(pointerFrom(pointer, 'properties', name));
        view.properties.set(name, list);
      }
    }
    if (isObj(s.items) || s.items === true) view.items.push(pointerFrom(pointer, 'items'));
    if (Array.isArray(s.prefixItems)) {
      s.prefixItems.forEach((_, i) => (view.prefixItems[i] ??= []).push(pointerFrom(pointer, 'prefixItems', i)));
      if (s.items === false) view.maxItems = upper(view.maxItems, s.prefixItems.length);
    }
    if (isObj(s.additionalProperties)) view.additional.push(pointerFrom(pointer, 'additionalProperties'));
    if (isObj(s.patternProperties)) {
      for (const pattern of Object.keys(s.patternProperties)) {
        view.patternProperties.push({ pattern, pointer: pointerFrom(pointer, 'patternProperties', pattern) });
      }
    }
    if (isObj(s.dependentRequired)) {
      for (const [name, needs] of Object.entries(s.dependentRequired)) {
        if (Array.isArray(needs)) view.dependentRequired.set(name, needs.map(String));
      }
    }
    if (num(s.multipleOf) !== undefined) view.multipleOf = num(s.multipleOf);
  }
  view.required = [...new Set(view.required)];
  return view;
}

const codePoints = (s: string): number => [...s].length;

function stringFrom(view: View, rng: Rng): string {
  const fits = (s: string) =>
    codePoints(s) >= (view.minLength ?? 0) &&
    codePoints(s) <= (view.maxLength ?? Infinity) &&
    view.patterns.every((p) => new RegExp(p, 'u').test(s));
  if (view.format === 'date') return randomDate(rng);
  if (view.format === 'email') return `${rng.pick(['ann', 'bo', 'chen.li', 'd-e'])}${rng.int(100)}@example.com`;
  const examples = view.examples.filter((e): e is string => typeof e === 'string' && fits(e));
  if (examples.length > 0 && rng.chance(0.3)) return rng.pick(examples);
  if (view.patterns.length > 0) {
    for (let i = 0; i < 8; i++) {
      try {
        const s = stringFromPattern(view.patterns[0], rng);
        if (fits(s)) return s;
      } catch {
        break; // a pattern the small generator does not know: fall back to the documented examples
      }
    }
    if (examples.length > 0) return rng.pick(examples);
  }
  const min = view.minLength ?? 0;
  const max = Math.max(min, Math.min(view.maxLength ?? min + 10, min + 10));
  const length = rng.chance(0.2) ? rng.pick([min, max]) : rng.range(min, max);
  let s = '';
  for (let i = 0; i < length; i++) s += rng.pick(ALPHABET);
  return s;
}

function randomDate(rng: Rng): string {
  const year = rng.range(1990, 2035);
  const month = rng.range(1, 12);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(rng.range(1, days))}`;
}

export function integerBounds(view: View): [number, number] {
  let lo = view.minimum ?? (view.exclusiveMinimum !== undefined ? Math.floor(view.exclusiveMinimum) + 1 : undefined);
  let hi = view.maximum ?? (view.exclusiveMaximum !== undefined ? Math.ceil(view.exclusiveMaximum) - 1 : undefined);
  lo = Math.ceil(lo ?? (hi !== undefined ? hi - 100 : -50));
  hi = Math.floor(hi ?? lo + 100);
  return [lo, Math.max(lo, hi)];
}

function integerFrom(view: View, rng: Rng): number {
  const [lo, hi] = integerBounds(view);
  const n = rng.chance(0.25) ? rng.pick([lo, hi]) : rng.range(lo, hi);
  const step = view.multipleOf;
  if (!step || !Number.isInteger(step)) return n;
  const up = Math.ceil(n / step) * step;
  return up <= hi ? up : Math.floor(n / step) * step;
}

function numberFrom(view: View, rng: Rng): number {
  const lo = view.minimum ?? view.exclusiveMinimum ?? -50;
  const hi = view.maximum ?? view.exclusiveMaximum ?? lo + 100;
  const x = Math.round((lo + rng.float() * (hi - lo)) * 100) / 100;
  return x === view.exclusiveMinimum || x === view.exclusiveMaximum ? (lo + hi) / 2 : x;
}
