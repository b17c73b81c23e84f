/**
 * jsonc-parser's tolerant `getLocation` (the cursor's path, key flag and previous node), answering what it answers
 * (oracle tests: test/unit/server/tolerantParse.test.ts) at a fraction of the cost: its parser's events up to the
 * offset, token by token, except over the parts valid JSON alone (tolerantParts.ts) that end before it.
 */
import { SyntaxKind, type JSONPath, type Location, type Node as JsonNode } from 'jsonc-parser';
import { scanTokens } from './jsonTokens';
import { literalType, NOT_LITERAL, partOf, Tokens, ValidParts, type Items } from './tolerantParts';

const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

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
    const value = tokens.literal();
    if (value === NOT_LITERAL) return false;
    literal(value, literalType(value));
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
