/**
 * The value of text that is not valid JSON (being typed), for completion, hover and the validator's recovered
 * value. jsonc-parser's tolerant parse recovers from a key without a colon by skipping to the next `,` or `}`, so
 * a half-typed key on its own line (`"na⏎` or `"na"⏎`) would swallow the member after it: completion offered that
 * member again and hover lost it. Such a key is read as if a comma ended it (as `parse` reads {@link endHalfKeys}'
 * text, which an oracle test holds it to), so each member after it is kept. One linear scan finds them; callers check
 * the depth beforehand.
 */
import { tolerantParse } from './tolerantParse';
import { ValidParts } from './tolerantParts';

/**
 * jsonc-parser's `parse(endHalfKeys(text), [], { allowTrailingComma: true })`. `parseError`: what `JSON.parse(text)`
 * threw, if the caller tried (the place it names is not parsed again).
 */
export function tolerantValue(text: string, parseError?: unknown): unknown {
  if (parseError !== undefined) ValidParts.of(text).refused(parseError);
  return tolerantParse(text, new Set(halfKeys(text).map(([offset]) => offset)));
}

/**
 * The text with a `,` (and the closing quote) after every object key that is followed, on a later line, by a string
 * instead of a colon.
 */
export function endHalfKeys(text: string): string {
  const inserts = halfKeys(text);
  if (inserts.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [offset, end] of inserts) {
    out += text.slice(at, offset) + end;
    at = offset;
  }
  return out + text.slice(at);
}

/**
 * Where {@link endHalfKeys} ends a half-typed key, and with what. Tokens are read as jsonc-parser's scanner reads
 * them (strings end at a closing quote or a line break, line and block comments are skipped, any other run of
 * characters is one token), by a char-code loop that builds no token values: test/unit/server/tolerantValue.test.ts
 * holds it to the scanner.
 */
function halfKeys(text: string): Array<[number, string]> {
  const n = text.length;
  /** Per open container: an object (true) or an array. */
  const inObjects: boolean[] = [];
  /** Where to end a half key: with `,`, or `",` for one whose closing quote is not typed yet. */
  const inserts: Array<[number, string]> = [];
  let expectKey = false;
  /** The end of a key whose colon has not come yet, and how to end it. */
  let keyEnd: [number, string] | undefined;
  let newLine = false;
  // The next quote, backslash and line breaks from where a string's body is, found by indexOf and kept while ahead:
  // a string is crossed without a step per character, and the text is searched once for each.
  let quote = -1;
  let backslash = -1;
  let lineFeed = -1;
  let carriageReturn = -1;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    if (c === LF || c === CR) {
      newLine = true;
      i++;
      continue;
    }
    if (c === SLASH) {
      const d = text.charCodeAt(i + 1);
      if (d === SLASH) {
        i += 2;
        while (i < n && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
        continue;
      }
      if (d === STAR) {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? n : close + 2;
        continue;
      }
    }
    let open = false;
    if (c === QUOTE) {
      i++;
      for (;;) {
        if (quote < i) quote = indexOrEnd(text, '"', i);
        if (backslash < i) backslash = indexOrEnd(text, '\\', i);
        if (lineFeed < i) lineFeed = indexOrEnd(text, '\n', i);
        if (carriageReturn < i) carriageReturn = indexOrEnd(text, '\r', i);
        const lineBreak = Math.min(lineFeed, carriageReturn);
        if (backslash < quote && backslash < lineBreak) {
          // The escaped character, whatever it is (a line break too), belongs to the string.
          i = backslash + 2;
          if (i > n) {
            i = n;
            open = true;
            break;
          }
          continue;
        }
        if (quote < lineBreak) {
          i = quote + 1;
          break;
        }
        i = lineBreak; // or the end of the text
        open = true;
        break;
      }
    } else if (
      c === OPEN_OBJECT ||
      c === CLOSE_OBJECT ||
      c === OPEN_ARRAY ||
      c === CLOSE_ARRAY ||
      c === COMMA ||
      c === COLON ||
      c === SLASH
    ) {
      i++;
    } else {
      while (i < n && !ends(text.charCodeAt(i))) i++;
    }
    if (keyEnd !== undefined && c === QUOTE && newLine) {
      inserts.push(keyEnd); // the half-typed key ends here; this string is the next key
      expectKey = true;
    }
    keyEnd = undefined;
    newLine = false;
    const inObject = inObjects[inObjects.length - 1] === true;
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      inObjects.push(c === OPEN_OBJECT);
      expectKey = c === OPEN_OBJECT;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      inObjects.pop();
      expectKey = false;
    } else if (c === COMMA) {
      expectKey = inObject;
    } else if (c === QUOTE) {
      if (inObject && expectKey) keyEnd = [i, open ? '",' : ','];
      expectKey = false;
    } else {
      expectKey = false;
    }
  }
  return inserts;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SLASH = 0x2f;
const STAR = 0x2a;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Where `char` next is from `from`, or the end of the text. */
function indexOrEnd(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? text.length : at;
}

/** Whether `c` ends a run of other characters, as jsonc-parser's scanner ends an unknown token or a literal. */
function ends(c: number): boolean {
  return (
    c === SPACE ||
    c === TAB ||
    c === LF ||
    c === CR ||
    c === QUOTE ||
    c === SLASH ||
    c === COMMA ||
    c === COLON ||
    c === OPEN_OBJECT ||
    c === CLOSE_OBJECT ||
    c === OPEN_ARRAY ||
    c === CLOSE_ARRAY
  );
}
