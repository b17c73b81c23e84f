/**
 * The fields an operation's catalog marks as secrets — `x-secret: true` (ours), or OpenAPI's `format: password` (in
 * user catalogs) — in its request body and in every documented response, so exports can redact them wherever they
 * turn up, a response that repeats the request included.
 */
import type { JsonSchema, Operation, SchemaObject } from './types';
import { isObj } from '../../../common/json';

/** Sub-schema keywords whose value is one schema, or a list or map of schemas. */
const ONE = [
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'propertyNames',
];
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const MAPS = ['patternProperties', 'dependentSchemas'];
/** Schemas visited at most: a bound against hostile user catalogs. */
const MAX_SCHEMAS = 20_000;

type Resolve = (ref: string) => JsonSchema | undefined;

function marked(schema: unknown, resolve: Resolve): boolean {
  if (!isObj(schema)) return false;
  if (schema['x-secret'] === true || schema.format === 'password') return true;
  const target = typeof schema.$ref === 'string' ? resolve(schema.$ref) : undefined;
  return isObj(target) && (target['x-secret'] === true || target.format === 'password');
}

/** Property names marked secret anywhere in the operation's body and response schemas, sorted. */
export function secretFieldNames(op: Operation, resolve: Resolve): string[] {
  const names = new Set<string>();
  const seen = new Set<SchemaObject>();
  const pending: unknown[] = [op.body?.schema, ...op.responses.map((r) => r.schema)];
  while (pending.length > 0 && seen.size < MAX_SCHEMAS) {
    const schema = pending.pop();
    if (!isObj(schema) || seen.has(schema)) continue;
    seen.add(schema);
    if (typeof schema.$ref === 'string') pending.push(resolve(schema.$ref));
    if (isObj(schema.properties)) {
      for (const [name, sub] of Object.entries(schema.properties)) {
        if (marked(sub, resolve)) names.add(name);
        pending.push(sub);
      }
    }
    for (const k of ONE) pending.push(schema[k]);
    for (const k of LISTS) if (Array.isArray(schema[k])) pending.push(...(schema[k] as unknown[]));
    for (const k of MAPS) if (isObj(schema[k])) pending.push(...Object.values(schema[k]));
  }
  return [...names].sort();
}
