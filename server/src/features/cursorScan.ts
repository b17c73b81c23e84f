/**
 * The key or literal under the cursor in a text known to be valid JSON, found by one scan from the start to the
 * cursor: no tree is built, nothing past the cursor is read, and the only allocation is the answer. It gives what
 * `locationInTree(parseTree(text), offset)` gives (an oracle test holds it to that), so completion and hover after
 * an edit no longer pay for a jsonc tree of the whole document (8–15 bytes of heap per byte of text).
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { CursorLocation } from './context';

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
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

/** The offset just past the closing quote of the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

function literalEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (
      c === COMMA ||
      c === CLOSE_ARRAY ||
      c === CLOSE_OBJECT ||
      c === COLON ||
      c === SPACE ||
      c === LF ||
      c === CR ||
      c === TAB
    ) {
      break;
    }
    i++;
  }
  return i;
}

function decodeString(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
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
