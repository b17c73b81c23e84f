/**
 * The key or literal under the cursor in a text known to be valid JSON, found by one scan from the start to the
 * cursor: no tree is built, nothing past the cursor is read, and the only allocation is the answer. It gives what
 * `locationInTree(parseTree(text), offset)` gives (an oracle test holds it to that), so completion and hover after
 * an edit no longer pay for a jsonc tree of the whole document (8–15 bytes of heap per byte of text).
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { CursorLocation } from './context';
import { decodeString, scanTokens } from './jsonTokens';

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

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
  let found: CursorLocation | undefined;
  scanTokens(text, 0, (kind, start, end) => {
    if (start > offset) return true;
    if (kind === OPEN_OBJECT || kind === OPEN_ARRAY) {
      isArray.push(kind === OPEN_ARRAY);
      index.push(0);
      keyStart.push(-1);
      keyEnd.push(-1);
      expectKey = kind === OPEN_OBJECT;
    } else if (kind === CLOSE_OBJECT || kind === CLOSE_ARRAY) {
      isArray.pop();
      index.pop();
      keyStart.pop();
      keyEnd.pop();
      expectKey = false;
    } else if (kind === COMMA) {
      const top = isArray.length - 1;
      if (isArray[top]) index[top]++;
      else expectKey = true;
    } else if (kind !== COLON) {
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
        found = { path, isAtPropertyKey: isKey, previousNode: literalNode(text, start, end) };
        return true;
      }
    }
    return false;
  });
  return found;
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
