/**
 * One pass over a text `JSON.parse` accepted, reporting its tokens by offset: the outline and the inlay hints of a
 * valid document read it instead of a jsonc tree (8–15 bytes of heap per byte of text, and several times the time
 * of `JSON.parse`). No token objects are built; strings are skipped with `indexOf`. On text that is not valid JSON
 * the events are unspecified: callers check validity first and use the tolerant tree otherwise.
 */

import { scanTokens } from './jsonTokens';

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
  scanTokens(text, 0, (kind, start, end) => {
    if (start > stopAfter) return true;
    if (kind === OPEN_OBJECT || kind === OPEN_ARRAY) {
      inObject.push(kind === OPEN_OBJECT);
      expectKey = kind === OPEN_OBJECT;
      visitor.open(kind === OPEN_ARRAY, start);
    } else if (kind === CLOSE_OBJECT || kind === CLOSE_ARRAY) {
      inObject.pop();
      expectKey = false;
      visitor.close(start);
    } else if (kind === COMMA) {
      expectKey = inObject[inObject.length - 1] === true;
    } else if (kind !== COLON) {
      if (expectKey) {
        expectKey = false;
        visitor.key(start, end);
      } else {
        visitor.literal(start, end);
      }
    }
    return false;
  });
}
