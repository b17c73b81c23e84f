/**
 * jsonc-parser's tolerant `parse` and `getLocation` for text that is not valid JSON (being typed), answering what
 * they answer (oracle tests: test/unit/server/tolerantParse.test.ts) at a fraction of the cost. Their recursive
 * descent, error recovery included, is followed token by token with jsonc-parser's own scanner, except over any
 * object or array that is valid JSON by itself: `JSON.parse` reads it at once (a valid container is read by the
 * tolerant parser exactly so, with no error), and the scanner resumes after it. Mid-typing, the text is valid but
 * for a few places, so the token-by-token part is the few containers that enclose them.
 */
import { createScanner, SyntaxKind, type JSONPath, type Location, type Node as JsonNode } from 'jsonc-parser';
import { scanTokens, skipSpace, stringEnd, valueEnd } from './jsonTokens';

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** A scanner step of jsonc-parser's parser: trivia, comments and unknown symbols are skipped (they only add errors). */
export type Scanner = ReturnType<typeof createScanner>;
export function scanNext(scanner: Scanner): SyntaxKind {
  for (;;) {
    const token = scanner.scan();
    if (
      token !== SyntaxKind.LineCommentTrivia &&
      token !== SyntaxKind.BlockCommentTrivia &&
      token !== SyntaxKind.Unknown &&
      token !== SyntaxKind.Trivia &&
      token !== SyntaxKind.LineBreakTrivia
    ) {
      return token;
    }
  }
}

/** jsonc-parser's `handleError` recovery: skip tokens until one of `until` (kept) or of `after` (consumed). */
export function skip(scanner: Scanner, until: SyntaxKind[], after: SyntaxKind[] = []): void {
  let token = scanner.getToken();
  while (token !== SyntaxKind.EOF) {
    if (after.includes(token)) {
      scanNext(scanner);
      return;
    }
    if (until.includes(token)) return;
    token = scanNext(scanner);
  }
}

/**
 * The containers of `text` that `JSON.parse` accepts alone, and the runs of array items it accepts together, each
 * parsed when asked for. Where a container ends is guessed by counting brackets outside strings (only a guess: a
 * wrong one fails to parse and is not used). A failed parse names where its first error is, when the engine says
 * so: what holds it is not tried again.
 */
export class ValidParts {
  private readonly ends = new Map<number, number>();
  private badAt = -1;
  private readonly usable: boolean;

  /** `forValue`: the values are used (else only whether each part is valid). */
  constructor(
    private readonly text: string,
    forValue: boolean,
  ) {
    this.usable = !(forValue && mayNameProto(text));
    if (!this.usable) return;
    const open: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) i = stringEnd(text, i) - 1;
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) open.push(i);
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        const start = open.pop();
        if (start !== undefined) this.ends.set(start, i + 1);
      }
    }
  }

  /** The end of the container at `start` if it is valid JSON and ends by `limit`, with its value. */
  at(start: number, limit = Infinity): { end: number; value: unknown } | undefined {
    const end = this.ends.get(start);
    if (end === undefined || end > limit || this.holdsBad(start, end)) return undefined;
    const value = this.parse(this.text.slice(start, end), start);
    return value && { end, value: value.value };
  }

  /**
   * The array items from the one at `start` on, as many as `JSON.parse` accepts together, each ending before
   * `limit` (a container may end at it): their spans and values.
   */
  items(start: number, limit = Infinity): { starts: number[]; ends: number[]; values: unknown[] } | undefined {
    if (!this.usable) return undefined;
    const text = this.text;
    const starts: number[] = [];
    const ends: number[] = [];
    for (let i = start; startsValue(text.charCodeAt(i));) {
      const c = text.charCodeAt(i);
      const container = c === OPEN_OBJECT || c === OPEN_ARRAY;
      const end = container ? this.ends.get(i) : valueEnd(text, i);
      if (end === undefined || end > limit || (!container && end === limit) || this.holdsBad(i, end)) break;
      starts.push(i);
      ends.push(end);
      const comma = skipSpace(text, end);
      if (text.charCodeAt(comma) !== COMMA) break;
      i = skipSpace(text, comma + 1);
    }
    for (let attempt = 0; attempt < 2 && starts.length > 0; attempt++) {
      const parsed = this.parse(`[${text.slice(starts[0], ends[ends.length - 1])}]`, starts[0] - 1);
      if (parsed) {
        const values = parsed.value as unknown[];
        return values.length === starts.length ? { starts, ends, values } : undefined;
      }
      // Only the items before the error found, once.
      let keep = ends.length;
      while (keep > 0 && this.holdsBad(starts[0], ends[keep - 1])) keep--;
      if (keep === ends.length) return undefined;
      starts.length = keep;
      ends.length = keep;
    }
    return undefined;
  }

  private holdsBad(start: number, end: number): boolean {
    return this.badAt >= start && this.badAt < end;
  }

  /** `JSON.parse(json)`, or undefined (noting where the error is, `json` being the text from `offset`). */
  private parse(json: string, offset: number): { value: unknown } | undefined {
    try {
      return { value: JSON.parse(json) };
    } catch (e) {
      const at = /at position (\d+)/.exec((e as Error).message);
      if (at) this.badAt = offset + Number(at[1]);
      return undefined;
    }
  }
}

/** Whether a value may start with this character (a string, container, number, `true`, `false` or `null`). */
function startsValue(c: number): boolean {
  return (
    c === QUOTE ||
    c === OPEN_OBJECT ||
    c === OPEN_ARRAY ||
    c === 0x2d || // -
    (c >= 0x30 && c <= 0x39) ||
    c === 0x74 || // t
    c === 0x66 || // f
    c === 0x6e // n
  );
}

/**
 * A `__proto__` key (perhaps written with escapes) gets an own property from `JSON.parse` but sets the prototype
 * in jsonc-parser's `parse`: where one may be, containers are not read by `JSON.parse`.
 */
function mayNameProto(text: string): boolean {
  return text.includes('__proto__') || /\\u00(?:5[fF]|6[fF]|7[024])/.test(text);
}

/** What jsonc-parser's `parse(text, [], { allowTrailingComma: true })` returns. */
export function tolerantParse(text: string): unknown {
  const scanner = createScanner(text, false);
  const valid = new ValidParts(text, true);

  function parseValue(): { value: unknown } | undefined {
    const token = scanner.getToken();
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      const whole = valid.at(scanner.getTokenOffset());
      if (whole) {
        scanner.setPosition(whole.end);
        scanNext(scanner);
        return { value: whole.value };
      }
      return { value: token === SyntaxKind.OpenBraceToken ? parseObject() : parseArray() };
    }
    let value: unknown;
    switch (token) {
      case SyntaxKind.StringLiteral:
        value = scanner.getTokenValue();
        break;
      case SyntaxKind.NumericLiteral: {
        const n = Number(scanner.getTokenValue());
        value = Number.isNaN(n) ? 0 : n;
        break;
      }
      case SyntaxKind.NullKeyword:
        value = null;
        break;
      case SyntaxKind.TrueKeyword:
        value = true;
        break;
      case SyntaxKind.FalseKeyword:
        value = false;
        break;
      default:
        return undefined;
    }
    scanNext(scanner);
    return { value };
  }

  function parseObject(): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    scanNext(scanner);
    for (let token = scanner.getToken(); token !== SyntaxKind.CloseBraceToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        if (scanNext(scanner) === SyntaxKind.CloseBraceToken) break; // a trailing comma
      }
      if (scanner.getToken() !== SyntaxKind.StringLiteral) {
        skip(scanner, [SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
      } else {
        const name = scanner.getTokenValue();
        if (scanNext(scanner) === SyntaxKind.ColonToken) {
          scanNext(scanner);
          const member = parseValue();
          // The plain assignment jsonc-parser makes (so `__proto__` behaves alike).
          if (member) object[name] = member.value;
          else skip(scanner, [SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        } else {
          skip(scanner, [SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        }
      }
      token = scanner.getToken();
    }
    if (scanner.getToken() === SyntaxKind.CloseBraceToken) scanNext(scanner);
    else skip(scanner, [], [SyntaxKind.CloseBraceToken]);
    return object;
  }

  function parseArray(): unknown[] {
    const array: unknown[] = [];
    scanNext(scanner);
    for (let token = scanner.getToken(); token !== SyntaxKind.CloseBracketToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        if (scanNext(scanner) === SyntaxKind.CloseBracketToken) break; // a trailing comma
      }
      const run = valid.items(scanner.getTokenOffset());
      if (run) {
        for (const value of run.values) array.push(value);
        scanner.setPosition(run.ends[run.ends.length - 1]);
        scanNext(scanner);
      } else {
        const item = parseValue();
        if (item) array.push(item.value);
        else skip(scanner, [SyntaxKind.CloseBracketToken, SyntaxKind.CommaToken]);
      }
      token = scanner.getToken();
    }
    if (scanner.getToken() === SyntaxKind.CloseBracketToken) scanNext(scanner);
    else skip(scanner, [], [SyntaxKind.CloseBracketToken]);
    return array;
  }

  scanNext(scanner);
  if (scanner.getToken() === SyntaxKind.EOF) return undefined;
  return parseValue()?.value;
}

/**
 * What jsonc-parser's `getLocation(text, offset)` returns (its path, key flag and previous node), found the way it
 * finds it: the parser's events up to the offset; a valid container that ends before the offset changes only the
 * key flag (as its last `{`, `:` or object comma set it), so it is passed over once `JSON.parse` accepts it.
 */
export function tolerantLocation(text: string, position: number): Location {
  const scanner = createScanner(text, false);
  const valid = new ValidParts(text, false);
  const segments: JSONPath = [];
  let previousNode: JsonNode | undefined;
  let isAtPropertyKey = false;
  const stop = new Error('stop');
  const literal = (value: unknown, type: JsonNode['type']) => {
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    if (position < offset) throw stop;
    previousNode = { value, offset, length, type, parent: undefined, colonOffset: undefined };
    if (position <= offset + length) throw stop;
  };
  const at = (offset = scanner.getTokenOffset()) => {
    if (position <= offset) throw stop;
  };

  function parseValue(): boolean {
    const token = scanner.getToken();
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      const start = scanner.getTokenOffset();
      const whole = valid.at(start, position);
      if (whole) {
        isAtPropertyKey = keyFlagAfter(text, start, whole.end) ?? isAtPropertyKey;
        previousNode = undefined;
        scanner.setPosition(whole.end);
        scanNext(scanner);
        return true;
      }
      if (token === SyntaxKind.OpenBraceToken) parseObject();
      else parseArray();
      return true;
    }
    switch (token) {
      case SyntaxKind.StringLiteral:
        literal(scanner.getTokenValue(), 'string');
        break;
      case SyntaxKind.NumericLiteral: {
        const n = Number(scanner.getTokenValue());
        literal(Number.isNaN(n) ? 0 : n, 'number');
        break;
      }
      case SyntaxKind.NullKeyword:
        literal(null, 'null');
        break;
      case SyntaxKind.TrueKeyword:
        literal(true, 'boolean');
        break;
      case SyntaxKind.FalseKeyword:
        literal(false, 'boolean');
        break;
      default:
        return false;
    }
    scanNext(scanner);
    return true;
  }

  /** Items that end before the position: the index moves past them, the key flag and previous node as they left. */
  function passItems(run: { starts: number[]; ends: number[]; values: unknown[] }): void {
    const last = run.starts.length - 1;
    (segments[segments.length - 1] as number) += last;
    for (let k = last; k >= 0; k--) {
      const flag = keyFlagAfter(text, run.starts[k], run.ends[k]);
      if (flag !== undefined) {
        isAtPropertyKey = flag;
        break;
      }
    }
    const value = run.values[last];
    previousNode =
      typeof value === 'object' && value !== null
        ? undefined
        : {
            value,
            offset: run.starts[last],
            length: run.ends[last] - run.starts[last],
            type: value === null ? 'null' : (typeof value as 'string' | 'number' | 'boolean'),
            parent: undefined,
            colonOffset: undefined,
          };
    scanner.setPosition(run.ends[last]);
    scanNext(scanner);
  }

  function comma(): void {
    at();
    const last = segments[segments.length - 1];
    if (typeof last === 'number') segments[segments.length - 1] = last + 1;
    else {
      isAtPropertyKey = true;
      segments[segments.length - 1] = '';
    }
    previousNode = undefined;
  }

  function end(): void {
    at();
    previousNode = undefined;
    segments.pop();
  }

  function parseObject(): void {
    at();
    previousNode = undefined;
    isAtPropertyKey = true;
    segments.push('');
    scanNext(scanner);
    for (let token = scanner.getToken(); token !== SyntaxKind.CloseBraceToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        comma();
        scanNext(scanner);
      }
      if (scanner.getToken() !== SyntaxKind.StringLiteral) {
        skip(scanner, [SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
      } else {
        const offset = scanner.getTokenOffset();
        const length = scanner.getTokenLength();
        const name = scanner.getTokenValue();
        if (position < offset) throw stop;
        previousNode = { value: name, offset, length, type: 'property', parent: undefined, colonOffset: undefined };
        segments[segments.length - 1] = name;
        if (position <= offset + length) throw stop;
        if (scanNext(scanner) === SyntaxKind.ColonToken) {
          at();
          isAtPropertyKey = false;
          previousNode = undefined;
          scanNext(scanner);
          if (!parseValue()) skip(scanner, [SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        } else {
          skip(scanner, [SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        }
      }
      token = scanner.getToken();
    }
    end();
    if (scanner.getToken() === SyntaxKind.CloseBraceToken) scanNext(scanner);
  }

  function parseArray(): void {
    at();
    previousNode = undefined;
    segments.push(0);
    scanNext(scanner);
    for (let token = scanner.getToken(); token !== SyntaxKind.CloseBracketToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        comma();
        scanNext(scanner);
      }
      const run = valid.items(scanner.getTokenOffset(), position);
      if (run) passItems(run);
      else if (!parseValue()) skip(scanner, [SyntaxKind.CloseBracketToken, SyntaxKind.CommaToken]);
      token = scanner.getToken();
    }
    end();
    if (scanner.getToken() === SyntaxKind.CloseBracketToken) scanNext(scanner);
  }

  try {
    scanNext(scanner);
    if (scanner.getToken() !== SyntaxKind.EOF) parseValue();
  } catch (e) {
    if (e !== stop) throw e;
  }
  return {
    path: segments,
    previousNode,
    isAtPropertyKey,
    matches: () => {
      throw new Error('not used');
    },
  };
}

/** The key flag as the last `{`, `:` or object comma of the valid container [start, end) leaves it, if any sets it. */
function keyFlagAfter(text: string, start: number, end: number): boolean | undefined {
  const inArray: boolean[] = [];
  let flag: boolean | undefined;
  scanTokens(text, start, (kind, at) => {
    if (at >= end) return true;
    if (kind === OPEN_OBJECT || kind === OPEN_ARRAY) {
      inArray.push(kind === OPEN_ARRAY);
      if (kind === OPEN_OBJECT) flag = true;
    } else if (kind === CLOSE_OBJECT || kind === CLOSE_ARRAY) inArray.pop();
    else if (kind === COLON) flag = false;
    else if (kind === COMMA && !inArray[inArray.length - 1]) flag = true;
    return false;
  });
  return flag;
}
