/** Where the cursor is in a request file, and what the file says around it, for completion and hover. */
import { findNodeAtOffset, getNodePath, type JSONPath, type Node as JsonNode } from 'jsonc-parser';
import type { Catalog } from '../catalog/catalog';
import type { Operation } from '../catalog/types';
import { literalAt } from './cursorScan';
import { tolerantLocation } from './tolerantLocation';
import { isObj } from '../../../common/json';

/** The part of jsonc-parser's `Location` we use, which a parsed tree can also give. */
export interface CursorLocation {
  path: JSONPath;
  isAtPropertyKey: boolean;
  previousNode?: JsonNode | undefined;
}

export interface CursorContext {
  location: CursorLocation;
  /** The whole document's value (tolerantly parsed). */
  value: unknown;
  op: Operation | undefined;
  /** The string, number, boolean or null under the cursor, if any. */
  node: JsonNode | undefined;
}

export function cursorContext(
  text: string,
  offset: number,
  value: unknown,
  catalog: Catalog,
  validJson = false,
): CursorContext {
  // On text JSON.parse accepted, the cursor scan finds a key or literal without a token object per step; elsewhere
  // (between tokens, or text being typed) jsonc-parser's getLocation answers, passing over valid containers at once.
  const location = (validJson && literalAt(text, offset)) || tolerantLocation(text, offset);
  const op = isObj(value) && typeof value.operation === 'string' ? catalog.get(value.operation) : undefined;
  return { location, value, op, node: location.previousNode };
}

/** The location of a key or literal under the cursor in a parsed tree; undefined elsewhere (the caller scans). */
export function locationInTree(tree: JsonNode, offset: number): CursorLocation | undefined {
  const node = findNodeAtOffset(tree, offset, true);
  if (!node || node.type === 'object' || node.type === 'array' || node.type === 'property') return undefined;
  const parent = node.parent;
  const isKey = parent?.type === 'property' && parent.children?.[0] === node;
  return { path: getNodePath(node), isAtPropertyKey: isKey, previousNode: node };
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
