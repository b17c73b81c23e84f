/**
 * What a request body accepts, from its schema, as a `BodyShape` (common/readPlan.ts): the declared properties at
 * each level (through `$ref`, `allOf`/`anyOf`/`oneOf` and `if`/`then`/`else`), which of them are `readOnly`, and
 * their documented `default`. Used to turn a read answer into a body the PUT takes.
 */
import type { BodyShape, FieldShape } from '../../../common/readPlan';
import type { JsonSchema, SchemaObject } from './types';
import { isObj } from '../../../common/json';

/** Nesting followed at most (the bodies of the catalog are three levels deep); schemas visited per level at most. */
const MAX_DEPTH = 8;
const MAX_SCHEMAS = 500;

type Resolve = (ref: string) => JsonSchema | undefined;

/** The schemas that apply in place to one value: `schema` and what it pulls in. */
function inPlace(schema: unknown, resolve: Resolve): SchemaObject[] {
  const out: SchemaObject[] = [];
  const seen = new Set<object>();
  const pending: unknown[] = [schema];
  while (pending.length > 0 && out.length < MAX_SCHEMAS) {
    const s = pending.pop();
    if (!isObj(s) || seen.has(s)) continue;
    seen.add(s);
    out.push(s);
    if (typeof s.$ref === 'string') pending.push(resolve(s.$ref));
    for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[k])) pending.push(...(s[k] as unknown[]));
    for (const k of ['if', 'then', 'else']) pending.push(s[k]);
  }
  return out;
}

export function bodyShape(schema: JsonSchema, resolve: Resolve, depth = 0): BodyShape {
  const schemas = inPlace(schema, resolve);
  const shape: BodyShape = {};
  if (depth >= MAX_DEPTH) return shape;
  const props = new Map<string, unknown[]>();
  const items: unknown[] = [];
  for (const s of schemas) {
    if (isObj(s.properties)) {
      for (const [name, sub] of Object.entries(s.properties)) props.set(name, [...(props.get(name) ?? []), sub]);
    }
    if (s.items !== undefined) items.push(s.items);
  }
  if (props.size > 0) {
    const fields: Record<string, FieldShape> = {};
    for (const [name, subs] of props) {
      const flat = subs.flatMap((sub) => inPlace(sub, resolve));
      const field: FieldShape = {};
      if (flat.some((s) => s.readOnly === true)) field.readOnly = true;
      const withDefault = flat.find((s) => s.default !== undefined);
      if (withDefault) field.default = withDefault.default;
      const nested = bodyShape({ allOf: subs }, resolve, depth + 1);
      if (nested.fields || nested.items) field.shape = nested;
      Object.defineProperty(fields, name, { value: field, enumerable: true, writable: true, configurable: true });
    }
    shape.fields = fields;
  }
  if (items.length > 0) {
    const nested = bodyShape({ allOf: items }, resolve, depth + 1);
    if (nested.fields || nested.items) shape.items = nested;
  }
  return shape;
}
