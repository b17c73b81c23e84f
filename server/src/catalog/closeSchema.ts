/**
 * Builds the "closed" variant of a schema document: every place that describes an object's properties
 * also gets `unevaluatedProperties: false`, so ajv reports body properties the catalog does not document.
 * `unevaluatedProperties` (unlike `additionalProperties`) sees properties evaluated through `$ref`, `allOf`
 * and `if`/`then`, so combinators don't produce false reports. It is added only at positions a value is
 * reached through (properties, items…), never inside a combinator branch, and never where the schema
 * already decides about extra properties.
 */
import { setOwn } from './openapi';
import type { SchemaObject } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const VALUE_POSITIONS = ['properties', 'patternProperties', 'dependentSchemas'] as const;
const SINGLE_VALUE_POSITIONS = ['additionalProperties', 'items', 'contains', 'unevaluatedItems'] as const;
const BRANCH_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
const BRANCHES = ['if', 'then', 'else', 'not'] as const;

export function closeSchemaDocument(
  doc: SchemaObject,
  fromId: string,
  toId: string,
  resolve: (ref: string) => unknown,
): SchemaObject {
  const describes = describesPropertiesFn(resolve);
  const retarget = (ref: string): string => (ref.startsWith(fromId + '#') ? toId + ref.slice(fromId.length) : ref);

  function close(schema: unknown, atValuePosition: boolean): unknown {
    if (!isObj(schema)) return schema;
    const out: Obj = {};
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$ref' && typeof v === 'string') out[k] = retarget(v);
      else if ((VALUE_POSITIONS as readonly string[]).includes(k) && isObj(v)) {
        out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, close(s, true)]));
      } else if ((SINGLE_VALUE_POSITIONS as readonly string[]).includes(k)) out[k] = close(v, true);
      else if (k === 'prefixItems' && Array.isArray(v)) out[k] = v.map((s) => close(s, true));
      else if ((BRANCH_LISTS as readonly string[]).includes(k) && Array.isArray(v)) {
        out[k] = v.map((s) => close(s, false));
      } else if ((BRANCHES as readonly string[]).includes(k)) out[k] = close(v, false);
      else if (k === '$defs' && isObj(v)) {
        out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, close(s, false)]));
      } else setOwn(out, k, v);
    }
    const decided =
      'additionalProperties' in schema || 'unevaluatedProperties' in schema || 'patternProperties' in schema;
    if (atValuePosition && !decided && describes(schema)) out.unevaluatedProperties = false;
    return out;
  }

  const closed = close(doc, false) as Obj;
  closed.$id = toId;
  return closed;
}

/** Whether a schema (following `$ref`s and combinators) names object properties at all. */
function describesPropertiesFn(resolve: (ref: string) => unknown): (schema: unknown) => boolean {
  const memo = new Map<unknown, boolean>();
  const check = (schema: unknown, seen: Set<unknown>): boolean => {
    if (!isObj(schema) || seen.has(schema)) return false;
    const cached = memo.get(schema);
    if (cached !== undefined) return cached;
    seen.add(schema);
    let result = isObj(schema.properties);
    if (!result && typeof schema.$ref === 'string') result = check(resolve(schema.$ref), seen);
    for (const key of [...BRANCH_LISTS]) {
      const list = schema[key];
      if (!result && Array.isArray(list)) result = list.some((s) => check(s, seen));
    }
    for (const key of ['then', 'else'] as const) if (!result) result = check(schema[key], seen);
    memo.set(schema, result);
    return result;
  };
  return (schema) => check(schema, new Set());
}
