/**
 * jsonc-parser's tolerant `parse` and `getLocation` for text that is not valid JSON (being typed), answering what
 * they answer (oracle tests: test/unit/server/tolerantParse.test.ts) at a fraction of the cost. Their recursive
 * descent, error recovery included, is followed token by token with jsonc-parser's own scanner, except over any
 * object or array that is valid JSON by itself: `JSON.parse` reads it at once (a valid container is read by the
 * tolerant parser exactly so, with no error), and the scanner resumes after it. Mid-typing, the text is valid but
 * for a few places, so the token-by-token part is the few containers that enclose them.
 */
import { createScanner, SyntaxKind, type JSONPath, type Location, type Node as JsonNode } from 'jsonc-parser';
import { literalValue, scanTokens, skipSpace, stringEnd, valueEnd } from './jsonTokens';

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/**
 * jsonc-parser's scanner as its parser steps it: trivia, comments and unknown symbols are skipped (they only add
 * errors); at each offset of `commas` a comma is read as if it were written there (tolerantValue.ts ends half-typed
 * keys so).
 */
export class Tokens {
  private readonly scanner: ReturnType<typeof createScanner>;
  private virtual = false;

  constructor(
    text: string,
    private readonly commas?: ReadonlySet<number>,
  ) {
    this.scanner = createScanner(text, false);
  }

  get kind(): SyntaxKind {
    return this.virtual ? SyntaxKind.CommaToken : this.scanner.getToken();
  }

  get offset(): number {
    return this.virtual ? this.scanner.getPosition() : this.scanner.getTokenOffset();
  }

  get length(): number {
    return this.virtual ? 1 : this.scanner.getTokenLength();
  }

  get value(): string {
    return this.scanner.getTokenValue();
  }

  next(): SyntaxKind {
    if (!this.virtual && this.commas?.has(this.scanner.getPosition())) {
      this.virtual = true;
      return SyntaxKind.CommaToken;
    }
    this.virtual = false;
    for (;;) {
      const token = this.scanner.scan();
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

  /** On from `offset` (the end of a part read at once). */
  jump(offset: number): void {
    this.virtual = false;
    this.scanner.setPosition(offset);
    this.next();
  }

  /** jsonc-parser's `handleError` recovery: skip tokens until one of `until` (kept) or of `after` (consumed). */
  skip(until: SyntaxKind[], after: SyntaxKind[] = []): void {
    for (let token = this.kind; token !== SyntaxKind.EOF; token = this.next()) {
      if (after.includes(token)) {
        this.next();
        return;
      }
      if (until.includes(token)) return;
    }
  }
}

/**
 * The objects and arrays of `text` that `JSON.parse` accepts alone, and the runs of array items it accepts together.
 * Where a container ends is guessed by counting brackets outside strings (only a guess: a wrong one fails to parse
 * and is not used). What was accepted is remembered, so a second reader of the same text that needs no values (the
 * cursor's location after the document's value) parses nothing again. A failed parse names where its first error
 * is, when the engine says so: what holds it is not tried again.
 */
export class ValidParts {
  /** Where each container starts, in order, and where it ends (-1: never closed); arrays, not a map, to build. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** The containers `JSON.parse` accepted (1), by their index. */
  private readonly accepted: Uint8Array;
  /** The runs of items `JSON.parse` accepted: where the last ends, by where the first starts. */
  private readonly runs = new Map<number, number>();
  private badAt = -1;
  /** Whether values may be read by `JSON.parse` (see {@link mayNameProto}). */
  private readonly values: boolean;
  private static last: ValidParts | undefined;

  /** The parts of `text`: those of the last text asked for when it is the same (one document's, being typed). */
  static of(text: string): ValidParts {
    if (ValidParts.last?.text !== text) ValidParts.last = new ValidParts(text);
    return ValidParts.last;
  }

  private constructor(private readonly text: string) {
    this.values = !mayNameProto(text);
    const open: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) i = stringEnd(text, i) - 1;
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        open.push(this.starts.length);
        this.starts.push(i);
        this.ends.push(-1);
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        const k = open.pop();
        if (k !== undefined) this.ends[k] = i + 1;
      }
    }
    this.accepted = new Uint8Array(this.starts.length);
  }

  /** The index of the container starting at `start` (a binary search from `from`), or -1. */
  private indexOf(start: number, from = 0): number {
    let lo = from;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.starts[mid];
      if (at === start) return mid;
      if (at < start) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * The end of the container at `start` if it is valid JSON and ends by `limit`, with its value when `wantValue`
   * (else the value is not read if it was accepted before).
   */
  at(start: number, limit = Infinity, wantValue = true): { end: number; value: unknown } | undefined {
    const k = this.indexOf(start);
    const end = k < 0 ? -1 : this.ends[k];
    if (end < 0 || end > limit || this.holdsBad(start, end)) return undefined;
    if (!wantValue && this.accepted[k] === 1) return { end, value: undefined };
    if (wantValue && !this.values) return undefined;
    const value = this.parse(this.text.slice(start, end), start);
    if (!value) return undefined;
    this.accepted[k] = 1;
    return { end, value: value.value };
  }

  /**
   * The array items from the one at `start` on, as many as `JSON.parse` accepts together, each ending before
   * `limit` (a container may end at it): their spans, and their values when `wantValue` (else none are read if all
   * were accepted before).
   */
  items(start: number, limit = Infinity, wantValue = true): Items | undefined {
    if (wantValue && !this.values) return undefined;
    const text = this.text;
    const starts: number[] = [];
    const ends: number[] = [];
    /** The items' containers, by index. */
    const containers: number[] = [];
    let after = 0;
    for (let i = start; startsValue(text.charCodeAt(i));) {
      const c = text.charCodeAt(i);
      const container = c === OPEN_OBJECT || c === OPEN_ARRAY;
      const k = container ? this.indexOf(i, after) : -1;
      const end = container ? (k < 0 ? -1 : this.ends[k]) : valueEnd(text, i);
      if (end < 0 || end > limit || (!container && end === limit) || this.holdsBad(i, end)) break;
      if (container) {
        containers.push(k);
        after = k + 1;
      }
      starts.push(i);
      ends.push(end);
      const comma = skipSpace(text, end);
      if (text.charCodeAt(comma) !== COMMA) break;
      i = skipSpace(text, comma + 1);
    }
    if (starts.length === 0) return undefined;
    if (!wantValue && (this.runs.get(start) ?? -1) >= ends[ends.length - 1]) return { starts, ends };
    for (let attempt = 0; attempt < 2 && starts.length > 0; attempt++) {
      const parsed = this.parse(`[${text.slice(starts[0], ends[ends.length - 1])}]`, starts[0] - 1);
      if (parsed) {
        const values = parsed.value as unknown[];
        if (values.length !== starts.length) return undefined;
        this.runs.set(start, ends[ends.length - 1]);
        for (const k of containers) if (this.starts[k] < ends[ends.length - 1]) this.accepted[k] = 1;
        return { starts, ends, values };
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

  /** `JSON.parse` refused the whole text with `error`: what holds the error's place is not tried again. */
  refused(error: unknown): void {
    this.noteError(error, 0);
  }

  private holdsBad(start: number, end: number): boolean {
    return this.badAt >= start && this.badAt < end;
  }

  /** `JSON.parse(json)`, or undefined (noting where the error is, `json` being the text from `offset`). */
  private parse(json: string, offset: number): { value: unknown } | undefined {
    try {
      return { value: JSON.parse(json) };
    } catch (e) {
      this.noteError(e, offset);
      return undefined;
    }
  }

  /** Where `JSON.parse`'s error is (in text from `offset`), when its message says. */
  private noteError(error: unknown, offset: number): void {
    const at = error instanceof Error ? /at position (\d+)/.exec(error.message) : null;
    if (at) this.badAt = offset + Number(at[1]);
  }
}

/** A run of array items: where each starts and ends, and their values when they were read. */
export interface Items {
  starts: number[];
  ends: number[];
  values?: unknown[];
}

/** The type and value (of a literal) of the valid part spanning [start, end). */
export function partOf(text: string, start: number, end: number): { type: JsonNode['type']; value?: unknown } {
  const c = text.charCodeAt(start);
  if (c === OPEN_OBJECT) return { type: 'object' };
  if (c === OPEN_ARRAY) return { type: 'array' };
  const value = literalValue(text, start, end);
  return { type: value === null ? 'null' : (typeof value as 'string' | 'number' | 'boolean'), value };
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

/**
 * What jsonc-parser's `parse(text, [], { allowTrailingComma: true })` returns, `text` having a comma at each offset
 * of `commas` (after the key it ends).
 */
export function tolerantParse(text: string, commas?: ReadonlySet<number>): unknown {
  const tokens = new Tokens(text, commas?.size ? commas : undefined);
  const valid = ValidParts.of(text);

  function parseValue(): { value: unknown } | undefined {
    const token = tokens.kind;
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      const whole = valid.at(tokens.offset);
      if (whole) {
        tokens.jump(whole.end);
        return { value: whole.value };
      }
      return { value: token === SyntaxKind.OpenBraceToken ? parseObject() : parseArray() };
    }
    let value: unknown;
    switch (token) {
      case SyntaxKind.StringLiteral:
        value = tokens.value;
        break;
      case SyntaxKind.NumericLiteral: {
        const n = Number(tokens.value);
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
    tokens.next();
    return { value };
  }

  function parseObject(): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    tokens.next();
    for (let token = tokens.kind; token !== SyntaxKind.CloseBraceToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        if (tokens.next() === SyntaxKind.CloseBraceToken) break; // a trailing comma
      }
      if (tokens.kind !== SyntaxKind.StringLiteral) {
        tokens.skip([SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
      } else {
        const name = tokens.value;
        if (tokens.next() === SyntaxKind.ColonToken) {
          tokens.next();
          const member = parseValue();
          // The plain assignment jsonc-parser makes (so `__proto__` behaves alike).
          if (member) object[name] = member.value;
          else tokens.skip([SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        } else {
          tokens.skip([SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        }
      }
      token = tokens.kind;
    }
    if (tokens.kind === SyntaxKind.CloseBraceToken) tokens.next();
    else tokens.skip([], [SyntaxKind.CloseBraceToken]);
    return object;
  }

  function parseArray(): unknown[] {
    const array: unknown[] = [];
    tokens.next();
    for (let token = tokens.kind; token !== SyntaxKind.CloseBracketToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        if (tokens.next() === SyntaxKind.CloseBracketToken) break; // a trailing comma
      }
      const run = valid.items(tokens.offset);
      if (run?.values) {
        for (const value of run.values) array.push(value);
        tokens.jump(run.ends[run.ends.length - 1]);
      } else {
        const item = parseValue();
        if (item) array.push(item.value);
        else tokens.skip([SyntaxKind.CloseBracketToken, SyntaxKind.CommaToken]);
      }
      token = tokens.kind;
    }
    if (tokens.kind === SyntaxKind.CloseBracketToken) tokens.next();
    else tokens.skip([], [SyntaxKind.CloseBracketToken]);
    return array;
  }

  tokens.next();
  if (tokens.kind === SyntaxKind.EOF) return undefined;
  return parseValue()?.value;
}

/**
 * What jsonc-parser's `getLocation(text, offset)` returns (its path, key flag and previous node), found the way it
 * finds it: the parser's events up to the offset; a valid container that ends before the offset changes only the
 * key flag (as its last `{`, `:` or object comma set it), so it is passed over once `JSON.parse` accepts it.
 */
export function tolerantLocation(text: string, position: number): Location {
  const tokens = new Tokens(text);
  const valid = ValidParts.of(text);
  const segments: JSONPath = [];
  let previousNode: JsonNode | undefined;
  let isAtPropertyKey = false;
  const stop = new Error('stop');
  const literal = (value: unknown, type: JsonNode['type']) => {
    const offset = tokens.offset;
    const length = tokens.length;
    if (position < offset) throw stop;
    previousNode = { value, offset, length, type, parent: undefined, colonOffset: undefined };
    if (position <= offset + length) throw stop;
  };
  const at = (offset = tokens.offset) => {
    if (position <= offset) throw stop;
  };

  function parseValue(): boolean {
    const token = tokens.kind;
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      const start = tokens.offset;
      const whole = valid.at(start, position, false);
      if (whole) {
        isAtPropertyKey = keyFlagAfter(text, start, whole.end) ?? isAtPropertyKey;
        previousNode = undefined;
        tokens.jump(whole.end);
        return true;
      }
      if (token === SyntaxKind.OpenBraceToken) parseObject();
      else parseArray();
      return true;
    }
    switch (token) {
      case SyntaxKind.StringLiteral:
        literal(tokens.value, 'string');
        break;
      case SyntaxKind.NumericLiteral: {
        const n = Number(tokens.value);
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
    tokens.next();
    return true;
  }

  /** Items that end before the position: the index moves past them, the key flag and previous node as they left. */
  /** Items that end before the position: the index moves past them, the key flag and previous node as they left. */
  function passItems(run: Items): void {
    const last = run.starts.length - 1;
    (segments[segments.length - 1] as number) += last;
    for (let k = last; k >= 0; k--) {
      const flag = keyFlagAfter(text, run.starts[k], run.ends[k]);
      if (flag !== undefined) {
        isAtPropertyKey = flag;
        break;
      }
    }
    const offset = run.starts[last];
    const length = run.ends[last] - offset;
    const part = partOf(text, offset, run.ends[last]);
    previousNode =
      part.type === 'object' || part.type === 'array'
        ? undefined
        : { value: part.value, offset, length, type: part.type, parent: undefined, colonOffset: undefined };
    tokens.jump(run.ends[last]);
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
    tokens.next();
    for (let token = tokens.kind; token !== SyntaxKind.CloseBraceToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        comma();
        tokens.next();
      }
      if (tokens.kind !== SyntaxKind.StringLiteral) {
        tokens.skip([SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
      } else {
        const offset = tokens.offset;
        const length = tokens.length;
        const name = tokens.value;
        if (position < offset) throw stop;
        previousNode = { value: name, offset, length, type: 'property', parent: undefined, colonOffset: undefined };
        segments[segments.length - 1] = name;
        if (position <= offset + length) throw stop;
        if (tokens.next() === SyntaxKind.ColonToken) {
          at();
          isAtPropertyKey = false;
          previousNode = undefined;
          tokens.next();
          if (!parseValue()) tokens.skip([SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        } else {
          tokens.skip([SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        }
      }
      token = tokens.kind;
    }
    end();
    if (tokens.kind === SyntaxKind.CloseBraceToken) tokens.next();
  }

  function parseArray(): void {
    at();
    previousNode = undefined;
    segments.push(0);
    tokens.next();
    for (let token = tokens.kind; token !== SyntaxKind.CloseBracketToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        comma();
        tokens.next();
      }
      const run = valid.items(tokens.offset, position, false);
      if (run) passItems(run);
      else if (!parseValue()) tokens.skip([SyntaxKind.CloseBracketToken, SyntaxKind.CommaToken]);
      token = tokens.kind;
    }
    end();
    if (tokens.kind === SyntaxKind.CloseBracketToken) tokens.next();
  }

  try {
    tokens.next();
    if (tokens.kind !== SyntaxKind.EOF) parseValue();
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
