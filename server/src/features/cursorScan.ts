/**
 * The key or literal under the cursor in a text known to be valid JSON, found by one scan from the start to the
 * cursor: no tree is built, nothing past the cursor is read, and the only allocation is the answer. It gives what
 * `locationInTree(parseTree(text), offset)` gives (an oracle test holds it to that), so completion and hover after
 * an edit no longer pay for a jsonc tree of the whole document (8–15 bytes of heap per byte of text).
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { CursorLocation } from './context';

import {
  BOM,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  CR,
  LF,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  SPACE,
  TAB,
  decodeString,
  literalEnd,
  stringEnd,
} from './jsonTokens';

/**
 * The location of the first key or literal (string, number, boolean, null) whose span, ends included, holds
 * `offset`; undefined elsewhere (between tokens, on brackets), where the caller scans tolerantly. Only for text
 * that `JSON.parse` accepted (a leading byte-order mark is skipped); on other text the answer is unspecified.
 */
export function literalAt(text: string, offset: number): CursorLocation | undefined {
  // One slot per open container: an array's current index, or the span of an object's current key.
  const isArray: boolean[] = [];
  const index: number[] = [];
  const keyStart: number[] = [];
  const keyEnd: number[] = [];
  let expectKey = false;
  const n = text.length;
  let i = 0;
  while (i < n && i <= offset) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === LF || c === CR || c === TAB || c === BOM || c === COLON) {
      i++;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      isArray.push(c === OPEN_ARRAY);
      index.push(0);
      keyStart.push(-1);
      keyEnd.push(-1);
      expectKey = c === OPEN_OBJECT;
      i++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      isArray.pop();
      index.pop();
      keyStart.pop();
      keyEnd.pop();
      expectKey = false;
      i++;
    } else if (c === COMMA) {
      const top = isArray.length - 1;
      if (isArray[top]) index[top]++;
      else expectKey = true;
      i++;
    } else {
      const start = i;
      const end = c === QUOTE ? stringEnd(text, i) : literalEnd(text, i);
      const isKey = expectKey;
      if (isKey) {
        keyStart[keyStart.length - 1] = start;
        keyEnd[keyEnd.length - 1] = end;
        expectKey = false;
      }
      if (offset <= end) {
        const path = isArray.map((arr, level) =>
          arr ? index[level] : decodeString(text, keyStart[level], keyEnd[level]),
        );
        return { path, isAtPropertyKey: isKey, previousNode: literalNode(text, start, end) };
      }
      i = end;
    }
  }
  return undefined;
}

function literalNode(text: string, start: number, end: number): JsonNode {
  const length = end - start;
  const c = text.charCodeAt(start);
  if (c === QUOTE) return { type: 'string', offset: start, length, value: decodeString(text, start, end) };
  const raw = text.slice(start, end);
  if (raw === 'true' || raw === 'false') return { type: 'boolean', offset: start, length, value: raw === 'true' };
  if (raw === 'null') return { type: 'null', offset: start, length, value: null };
  return { type: 'number', offset: start, length, value: Number(raw) };
}
