/** Where the cursor is in a request file, and what the file says around it, for completion and hover. */
import { getLocation, type Location, type Node as JsonNode } from 'jsonc-parser';
import type { Catalog } from '../catalog/catalog';
import type { Operation } from '../catalog/types';

export interface CursorContext {
  location: Location;
  /** The whole document's value (tolerantly parsed). */
  value: unknown;
  op: Operation | undefined;
  /** The string, number, boolean or null under the cursor, if any. */
  node: JsonNode | undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function cursorContext(text: string, offset: number, value: unknown, catalog: Catalog): CursorContext {
  const location = getLocation(text, offset);
  const op = isObj(value) && typeof value.operation === 'string' ? catalog.get(value.operation) : undefined;
  return { location, value, op, node: location.previousNode };
}

/** Member of a value by a jsonc path (numbers index arrays). */
export function valueAt(value: unknown, path: Array<string | number>): unknown {
  let cur = value;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isObj(cur) && typeof seg === 'string') cur = cur[seg];
    else return undefined;
  }
  return cur;
}

export const ENVELOPE_DOCS: Record<string, string> = {
  $schema: 'The JSON Schema of this envelope, for other editors. Never fetched.',
  operation:
    'The catalog operation this file calls, e.g. `huawei.meeting.updateMemberVmr`: it decides the method, the URL and the body schema.',
  pathParams: 'Values for the `{placeholders}` in the operation path.',
  query: 'Query parameters, appended to the URL.',
  headers: 'Extra request headers. Credential headers are never sent from a file: tokens live in secret storage.',
  body: 'The JSON request body, sent exactly as written here.',
};
