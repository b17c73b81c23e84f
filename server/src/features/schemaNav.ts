/**
 * Walks catalog schemas along a JSON path, the way a reader would: through `$ref`, `allOf`, `anyOf`,
 * `oneOf` and `if`/`then`/`else` (the branch is chosen by the current value when there is one).
 * Completion, hover and quick fixes use it; validation itself is ajv's.
 */
import type { RegExpLike } from 'ajv/dist/types';
import { boundedRegExp } from '../catalog/boundedRegExp';
import type { Catalog } from '../catalog/catalog';
import type { JsonSchema, SchemaObject } from '../catalog/types';
import type { JsonPath } from './locate';
import { jsonType, typeList } from './describe';
import { isObj } from '../../../common/json';

const MAX_DEPTH = 32;

/** The schema objects that apply to a value at this place (a schema and every branch it is made of). */
export function expand(catalog: Catalog, schema: JsonSchema | undefined, value?: unknown, depth = 0): SchemaObject[] {
  if (!isObj(schema) || depth > MAX_DEPTH) return [];
  const out: SchemaObject[] = [schema];
  if (typeof schema.$ref === 'string') out.push(...expand(catalog, catalog.resolveRef(schema.$ref), value, depth + 1));
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) out.push(...expand(catalog, s as JsonSchema, value, depth + 1));
  }
  if (isObj(schema.if) || typeof schema.if === 'boolean') {
    const decided = value === undefined ? undefined : safeValidate(catalog, schema.if, value);
    if (decided !== false) out.push(...expand(catalog, schema.then as JsonSchema, value, depth + 1));
    if (decided !== true) out.push(...expand(catalog, schema.else as JsonSchema, value, depth + 1));
  }
  return out;
}

function safeValidate(catalog: Catalog, schema: JsonSchema, value: unknown): boolean | undefined {
  try {
    return catalog.validatorFor(schema)(value) === true;
  } catch {
    return undefined;
  }
}

/** Schemas of the member `seg` of a value described by `schemas`. */
export function childSchemas(
  catalog: Catalog,
  schemas: SchemaObject[],
  seg: string | number,
  childValue?: unknown,
): SchemaObject[] {
  const out: SchemaObject[] = [];
  for (const s of schemas) {
    if (typeof seg === 'number') {
      const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : [];
      if (seg < prefix.length) out.push(...expand(catalog, prefix[seg], childValue));
      else if (s.items !== undefined) out.push(...expand(catalog, s.items as JsonSchema, childValue));
      continue;
    }
    const props = isObj(s.properties) ? s.properties : undefined;
    if (props && Object.prototype.hasOwnProperty.call(props, seg)) {
      out.push(...expand(catalog, props[seg] as JsonSchema, childValue));
      continue;
    }
    if (isObj(s.patternProperties)) {
      for (const [pattern, ps] of Object.entries(s.patternProperties)) {
        if (safeRegExp(pattern)?.test(seg)) out.push(...expand(catalog, ps as JsonSchema, childValue));
      }
    }
    if (isObj(s.additionalProperties)) out.push(...expand(catalog, s.additionalProperties, childValue));
  }
  return out;
}

/** Through ajv's engine: a user catalog's pattern runs with its time bound per match (T27). */
function safeRegExp(pattern: string): RegExpLike | undefined {
  try {
    return boundedRegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

/** Walks from `root` (describing `rootValue`) along `path`. */
export function schemasAt(catalog: Catalog, root: JsonSchema, rootValue: unknown, path: JsonPath): SchemaObject[] {
  let value: unknown = rootValue;
  let schemas = expand(catalog, root, value);
  for (const seg of path) {
    value = memberOf(value, seg);
    schemas = childSchemas(catalog, schemas, seg, value);
    if (schemas.length === 0) break;
  }
  return schemas;
}

export function memberOf(value: unknown, seg: string | number): unknown {
  if (Array.isArray(value) && typeof seg === 'number') return value[seg];
  if (isObj(value) && typeof seg === 'string' && Object.prototype.hasOwnProperty.call(value, seg)) return value[seg];
  return undefined;
}

export interface PropertyInfo {
  name: string;
  schemas: SchemaObject[];
  required: boolean;
}

/** The properties a value described by `schemas` may have, required ones flagged. */
export function propertiesOf(catalog: Catalog, schemas: SchemaObject[], value?: unknown): PropertyInfo[] {
  const map = new Map<string, PropertyInfo>();
  const required = new Set<string>();
  for (const s of schemas) {
    if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === 'string') required.add(r);
    if (!isObj(s.properties)) continue;
    for (const [name, ps] of Object.entries(s.properties)) {
      const info = map.get(name) ?? { name, schemas: [], required: false };
      info.schemas.push(...expand(catalog, ps as JsonSchema, memberOf(value, name)));
      map.set(name, info);
    }
  }
  for (const info of map.values()) info.required = required.has(info.name);
  return [...map.values()];
}

/** First value of a keyword found among the schemas. */
export function firstOf<T = unknown>(schemas: SchemaObject[], keyword: string): T | undefined {
  for (const s of schemas) if (keyword in s) return s[keyword] as T;
  return undefined;
}

export function isDeprecated(schemas: SchemaObject[]): boolean {
  return schemas.some((s) => s.deprecated === true);
}

/**
 * A value to start from that the schema accepts where it can: the default, const or first enum value; a date
 * that is not in the past (documented examples are); an example; the lowest allowed number; an object with its
 * required members filled in. Used by quick fixes and completion, so what they insert raises no new error.
 */
export function placeholderValue(
  catalog: Catalog,
  schemas: SchemaObject[],
  options: { blank?: string } = {},
  depth = 0,
): unknown {
  const d = firstOf(schemas, 'default');
  if (d !== undefined) return d;
  if (schemas.some((s) => 'const' in s)) return firstOf(schemas, 'const');
  const e = firstOf<unknown[]>(schemas, 'enum');
  if (Array.isArray(e) && e.length > 0) return e[0];
  if (schemas.some((s) => s.format === 'date')) return tomorrow();
  const examples = firstOf<unknown[]>(schemas, 'examples');
  if (Array.isArray(examples) && examples.length > 0) return examples[0];
  const types = schemas.flatMap(typeList);
  switch (types[0]) {
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return lowestNumber(schemas, types[0] === 'integer');
    case 'array':
      return [];
    case 'null':
      return null;
    case 'object':
    default:
      if (types[0] !== 'object' && !schemas.some((s) => isObj(s.properties))) return options.blank ?? '';
      return depth >= MAX_FILL_DEPTH ? {} : requiredMembers(catalog, schemas, options, depth);
  }
}

/**
 * A string a quick fix cannot know (an id, a name): {@link placeholderValue}'s `blank` for fixes. Quick fixes turn it
 * into a snippet tab stop where the client supports snippet edits (the cursor lands there), else into "".
 */
export const TAB_STOP = '\ue000';

const MAX_FILL_DEPTH = 6;

function requiredMembers(
  catalog: Catalog,
  schemas: SchemaObject[],
  options: { blank?: string },
  depth: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of propertiesOf(catalog, schemas)) {
    if (p.required) out[p.name] = placeholderValue(catalog, p.schemas, options, depth + 1);
  }
  return out;
}

/** 0 when allowed, else the lowest number the bounds allow (`minimum` 15 → 15, `exclusiveMinimum` 0 → 1). */
function lowestNumber(schemas: SchemaObject[], integer: boolean): number {
  let low = 0;
  for (const s of schemas) {
    if (typeof s.minimum === 'number' && s.minimum > low) low = s.minimum;
    if (typeof s.exclusiveMinimum === 'number' && s.exclusiveMinimum >= low) {
      low = integer ? Math.floor(s.exclusiveMinimum) + 1 : s.exclusiveMinimum + 1;
    }
  }
  return integer ? Math.ceil(low) : low;
}

/** Tomorrow's UTC date: today or later in every time zone, so never "in the past" for a service. */
export function tomorrow(now = Date.now()): string {
  return new Date(now + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

export { jsonType };
