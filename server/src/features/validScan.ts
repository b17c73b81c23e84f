/**
 * One pass over a text `JSON.parse` accepted, reporting its tokens by offset: the outline and the inlay hints of a
 * valid document read it instead of a jsonc tree (8–15 bytes of heap per byte of text, and several times the time
 * of `JSON.parse`). No token objects are built; strings are skipped with `indexOf`. On text that is not valid JSON
 * the events are unspecified: callers check validity first and use the tolerant tree otherwise.
 */

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
  literalEnd,
  stringEnd,
} from './jsonTokens';

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
