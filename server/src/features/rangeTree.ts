/**
 * jsonc-parser's `parseTree` of text being typed, as far as a range of it is concerned: every node that reaches
 * into [start, end] is the one `parseTree` builds (an oracle test holds them together), but an object or array
 * outside the range that is valid JSON alone is one node without children, read by `JSON.parse` (tolerantParse.ts)
 * instead of token by token. What reads only the nodes of a range (the inlay hints of the visible lines) so gets
 * them without a tree of the whole file.
 */
import { SyntaxKind, type Node as JsonNode } from 'jsonc-parser';
import { literalType, NOT_LITERAL, partOf, Tokens, ValidParts } from './tolerantParts';

/** A node being built (jsonc-parser's type is read-only). */
type Parent = { -readonly [K in keyof JsonNode]: JsonNode[K] } & { children: JsonNode[] };

export function rangeTree(text: string, start: number, end: number): JsonNode | undefined {
  const tokens = new Tokens(text);
  const valid = ValidParts.of(text);
  const root: Parent = { type: 'array', offset: -1, length: -1, children: [], parent: undefined };
  let parent: Parent = root;
  const outside = (from: number, to: number) => to < start || from > end;

  /** The property whose value (or its absence) has just ended, complete up to `at`. */
  function completeProperty(at: number): void {
    if (parent.type === 'property') {
      parent.length = at - parent.offset;
      parent = parent.parent as Parent;
    }
  }

  function node(type: JsonNode['type'], offset: number, length: number, value?: unknown): JsonNode {
    const child: JsonNode =
      type === 'object' || type === 'array' || type === 'property'
        ? { type, offset, length, parent, children: [] }
        : { type, offset, length, parent, value };
    parent.children.push(child);
    return child;
  }

  function parseValue(): boolean {
    const token = tokens.kind;
    const offset = tokens.offset;
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      const whole = valid.at(offset, offset > end ? Infinity : start - 1, false);
      if (whole && outside(offset, whole.end)) {
        node(token === SyntaxKind.OpenBraceToken ? 'object' : 'array', offset, whole.end - offset);
        completeProperty(whole.end);
        tokens.jump(whole.end);
        return true;
      }
      if (token === SyntaxKind.OpenBraceToken) parseObject();
      else parseArray();
      return true;
    }
    const value = tokens.literal();
    if (value === NOT_LITERAL) return false;
    const length = tokens.length;
    node(literalType(value), offset, length, value);
    completeProperty(offset + length);
    tokens.next();
    return true;
  }

  /** The end of a container: at its closing bracket, or wherever the parser stopped looking for it. */
  function close(): void {
    const at = tokens.offset + tokens.length;
    completeProperty(at);
    parent.length = at - parent.offset;
    parent = parent.parent as Parent;
    completeProperty(at);
  }

  function open(type: 'object' | 'array'): void {
    parent = node(type, tokens.offset, -1) as Parent;
    tokens.next();
  }

  function parseObject(): void {
    open('object');
    for (let token = tokens.kind; token !== SyntaxKind.CloseBraceToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        completeProperty(tokens.offset);
        tokens.next();
      }
      if (tokens.kind !== SyntaxKind.StringLiteral) {
        tokens.skip([SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
      } else {
        const offset = tokens.offset;
        const length = tokens.length;
        const property = node('property', offset, -1) as Parent;
        property.children.push({ type: 'string', value: tokens.value, offset, length, parent: property });
        parent = property;
        if (tokens.next() === SyntaxKind.ColonToken) {
          property.colonOffset = tokens.offset;
          tokens.next();
          if (!parseValue()) tokens.skip([SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        } else {
          tokens.skip([SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        }
      }
      token = tokens.kind;
    }
    close();
    if (tokens.kind === SyntaxKind.CloseBraceToken) tokens.next();
  }

  function parseArray(): void {
    open('array');
    for (let token = tokens.kind; token !== SyntaxKind.CloseBracketToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        completeProperty(tokens.offset);
        tokens.next();
      }
      const offset = tokens.offset;
      const run = valid.items(offset, offset > end ? Infinity : start - 1, false);
      if (run) {
        run.starts.forEach((from, k) => {
          const part = partOf(text, from, run.ends[k]);
          node(part.type, from, run.ends[k] - from, part.value);
        });
        tokens.jump(run.ends[run.ends.length - 1]);
      } else if (!parseValue()) {
        tokens.skip([SyntaxKind.CloseBracketToken, SyntaxKind.CommaToken]);
      }
      token = tokens.kind;
    }
    close();
    if (tokens.kind === SyntaxKind.CloseBracketToken) tokens.next();
  }

  tokens.next();
  if (tokens.kind !== SyntaxKind.EOF) parseValue();
  const result = root.children[0];
  if (result) delete (result as Parent).parent;
  return result;
}
