/**
 * The token layer shared by the scans of text `JSON.parse` accepted (validScan.ts, cursorScan.ts, formatValid.ts,
 * fixSubtrees.ts): its tokens one by one, where a string, a literal or a whole value ends, and what a token's value
 * is. No token objects are built and strings are skipped with `indexOf`, which is what makes these scans cheaper
 * than a jsonc tree. On text that is not valid JSON the answers are unspecified: callers check validity first.
 *
 * The loops are here and call only this file's functions: a caller's own loop calling imported helpers per token
 * pays for a property read on the module each time where modules are not bundled (tests, the benchmark).
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
export const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
export const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** The kind {@link scanTokens} gives a number, `true`, `false` or `null` (other tokens: their first character). */
export const LITERAL = 0;

/**
 * Calls `visit` with each token of `text` from `from` on: its kind (`{`, `}`, `[`, `]`, `,`, `:` or `"` as a
 * character code, {@link LITERAL} otherwise) and its span. Stops when `visit` answers true; returns where it
 * stopped (the start of that token, or the end of the text).
 */
export function scanTokens(
  text: string,
  from: number,
  visit: (kind: number, start: number, end: number) => boolean | void,
): number {
  const n = text.length;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === LF || c === CR || c === TAB || c === BOM) {
      i++;
      continue;
    }
    let end: number;
    let kind = c;
    if (c === QUOTE) end = stringEnd(text, i);
    else if (
      c === OPEN_OBJECT ||
      c === CLOSE_OBJECT ||
      c === OPEN_ARRAY ||
      c === CLOSE_ARRAY ||
      c === COMMA ||
      c === COLON
    ) {
      end = i + 1;
    } else {
      kind = LITERAL;
      end = literalEnd(text, i);
    }
    if (visit(kind, i, end) === true) return i;
    i = end;
  }
  return n;
}

/** Where each value of a container starts: an array's items in order, an object's members by key. */
export type Children = { items: number[] } | { keys: Map<string, number> };

/**
 * The children of the object or array opening at `open`, found by skipping each value by counting brackets. A key
 * written twice keeps its first occurrence, as jsonc-parser's `findNodeAtLocation` does.
 */
export function childrenOf(text: string, open: number): Children {
  let i = skipSpace(text, open + 1);
  if (text.charCodeAt(open) === OPEN_ARRAY) {
    const items: number[] = [];
    if (text.charCodeAt(i) === CLOSE_ARRAY) return { items };
    for (;;) {
      items.push(i);
      i = skipSpace(text, valueEnd(text, i));
      if (text.charCodeAt(i) !== COMMA) return { items };
      i = skipSpace(text, i + 1);
    }
  }
  const keys = new Map<string, number>();
  while (text.charCodeAt(i) === QUOTE) {
    const keyEnd = stringEnd(text, i);
    const name = decodeString(text, i, keyEnd);
    i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
    if (!keys.has(name)) keys.set(name, i);
    i = skipSpace(text, valueEnd(text, i));
    if (text.charCodeAt(i) !== COMMA) break;
    i = skipSpace(text, i + 1);
  }
  return { keys };
}

/**
 * Where the value of the first member named `name` of the object opening at `open` starts, found by skipping the
 * members before it (and nothing after it); undefined when the object has none.
 */
export function memberStart(text: string, open: number, name: string): number | undefined {
  let i = skipSpace(text, open + 1);
  while (text.charCodeAt(i) === QUOTE) {
    const keyEnd = stringEnd(text, i);
    const key = decodeString(text, i, keyEnd);
    i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
    if (key === name) return i;
    i = skipSpace(text, valueEnd(text, i));
    if (text.charCodeAt(i) !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
  return undefined;
}

/** White space between tokens (a byte-order mark counts as one, as at the start of a file). */
function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB || c === BOM;
}

/** The first offset from `from` that is not white space. */
export function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
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

/** The offset just past the number, `true`, `false` or `null` starting at `start`. */
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

/** The offset just past the value (of any kind) starting at `start`, found by counting brackets outside strings. */
export function valueEnd(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c === QUOTE) return stringEnd(text, start);
  if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) return literalEnd(text, start);
  let depth = 0;
  let i = start;
  const n = text.length;
  while (i < n) {
    const d = text.charCodeAt(i);
    // White space (most of a pretty-printed text) and the quote are below every bracket: one comparison for them.
    if (d <= QUOTE) {
      if (d === QUOTE) {
        i = stringEnd(text, i);
        continue;
      }
    } else if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
    else if ((d === CLOSE_OBJECT || d === CLOSE_ARRAY) && --depth === 0) return i + 1;
    i++;
  }
  return n;
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
