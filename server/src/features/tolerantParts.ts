/**
 * What the tolerant readers of text being typed (tolerantParse.ts, tolerantLocation.ts, rangeTree.ts) share:
 * jsonc-parser's scanner stepped as its parser steps it (`Tokens`), and the parts of the text that are valid JSON
 * alone (`ValidParts`), which they read at once by `JSON.parse` instead of token by token: a valid object, array or
 * run of array items is read by jsonc-parser's parser exactly so, with no error, and the scanner resumes after it.
 * Mid-typing, the text is valid but for a few places, so the token-by-token part is the few containers around them.
 */
import { createScanner, SyntaxKind, type Node as JsonNode } from 'jsonc-parser';
import { literalValue, skipSpace, stringEnd, valueEnd } from './jsonTokens';

const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/**
 * jsonc-parser's scanner as its parser steps it: trivia, comments and unknown symbols are skipped (they only add
 * errors); at each offset of `commas` a comma is read as if it were written there (tolerantValue.ts ends half-typed
 * keys so).
 */
/** What {@link Tokens.literal} answers on a token that is no literal. */
export const NOT_LITERAL = Symbol('not a literal');

/** A literal's node type in jsonc-parser's tree. */
export function literalType(value: unknown): 'string' | 'number' | 'boolean' | 'null' {
  return value === null ? 'null' : (typeof value as 'string' | 'number' | 'boolean');
}

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

  /**
   * The value of the token when it is a literal, as jsonc-parser's parsers give it (a malformed number is 0), else
   * {@link NOT_LITERAL}.
   */
  literal(): unknown {
    switch (this.kind) {
      case SyntaxKind.StringLiteral:
        return this.value;
      case SyntaxKind.NumericLiteral: {
        const n = Number(this.value);
        return Number.isNaN(n) ? 0 : n;
      }
      case SyntaxKind.NullKeyword:
        return null;
      case SyntaxKind.TrueKeyword:
        return true;
      case SyntaxKind.FalseKeyword:
        return false;
      default:
        return NOT_LITERAL;
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
  return { type: literalType(value), value };
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
