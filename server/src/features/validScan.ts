/**
 * One pass over a text `JSON.parse` accepted, reporting its tokens by offset: the outline and the inlay hints of a
 * valid document read it instead of a jsonc tree (8–15 bytes of heap per byte of text, and several times the time
 * of `JSON.parse`). No token objects are built; strings are skipped with `indexOf`. On text that is not valid JSON
 * the events are unspecified: callers check validity first and use the tolerant tree otherwise.
 */

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

export interface ValidTextVisitor {
  /** `{` or `[` at `offset`. */
  open(isArray: boolean, offset: number): void;
  /** `}` or `]` at `offset`. */
  close(offset: number): void;
  /** An object key spanning [start, end), quotes included. */
  key(start: number, end: number): void;
  /** A string, number, boolean or null value spanning [start, end). */
  literal(start: number, end: number): void;
}

/** Walks `text` from the start; stops early once a visited token starts past `stopAfter`. */
export function walkValidText(text: string, visitor: ValidTextVisitor, stopAfter = Number.MAX_SAFE_INTEGER): void {
  // Whether the container at each level is an object still expecting a key.
  const inObject: boolean[] = [];
  let expectKey = false;
  const n = text.length;
  let i = 0;
  while (i < n && i <= stopAfter) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === LF || c === CR || c === TAB || c === COLON || c === BOM) {
      i++;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      inObject.push(c === OPEN_OBJECT);
      expectKey = c === OPEN_OBJECT;
      visitor.open(c === OPEN_ARRAY, i);
      i++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      inObject.pop();
      expectKey = false;
      visitor.close(i);
      i++;
    } else if (c === COMMA) {
      expectKey = inObject[inObject.length - 1] === true;
      i++;
    } else {
      const start = i;
      i = c === QUOTE ? stringEnd(text, i) : literalEnd(text, i);
      if (expectKey) {
        expectKey = false;
        visitor.key(start, i);
      } else {
        visitor.literal(start, i);
      }
    }
  }
}

/** The offset just past the closing quote of the string opening at `start`. */
export function stringEnd(text: string, start: number): number {
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

/** The value of the string token spanning [start, end), quotes included. */
export function decodeString(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

/** The value of the literal token spanning [start, end). */
export function literalValue(text: string, start: number, end: number): string | number | boolean | null {
  const c = text.charCodeAt(start);
  if (c === QUOTE) return decodeString(text, start, end);
  const raw = text.slice(start, end);
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  return Number(raw);
}
