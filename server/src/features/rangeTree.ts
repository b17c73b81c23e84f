/**
 * jsonc-parser's `parseTree` of text being typed, as far as a range of it is concerned: every node that reaches
 * into [start, end] is the one `parseTree` builds (an oracle test holds them together), but an object or array
 * outside the range that is valid JSON alone is one node without children, read by `JSON.parse` (tolerantParse.ts)
 * instead of token by token. What reads only the nodes of a range (the inlay hints of the visible lines) so gets
 * them without a tree of the whole file.
 */
import { createScanner, SyntaxKind, type Node as JsonNode } from 'jsonc-parser';
import { scanNext, skip, ValidParts } from './tolerantParse';

/** A node being built (jsonc-parser's type is read-only). */
type Parent = { -readonly [K in keyof JsonNode]: JsonNode[K] } & { children: JsonNode[] };

export function rangeTree(text: string, start: number, end: number): JsonNode | undefined {
  const scanner = createScanner(text, false);
  const valid = new ValidParts(text, false);
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
    const token = scanner.getToken();
    const offset = scanner.getTokenOffset();
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      const whole = offset > end ? valid.at(offset) : valid.at(offset, start - 1);
      if (whole && outside(offset, whole.end)) {
        node(token === SyntaxKind.OpenBraceToken ? 'object' : 'array', offset, whole.end - offset);
        completeProperty(whole.end);
        scanner.setPosition(whole.end);
        scanNext(scanner);
        return true;
      }
      if (token === SyntaxKind.OpenBraceToken) parseObject();
      else parseArray();
      return true;
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
        return false;
    }
    const length = scanner.getTokenLength();
    node(value === null ? 'null' : (typeof value as 'string' | 'number' | 'boolean'), offset, length, value);
    completeProperty(offset + length);
    scanNext(scanner);
    return true;
  }

  /** The end of a container: at its closing bracket, or wherever the parser stopped looking for it. */
  function close(): void {
    const at = scanner.getTokenOffset() + scanner.getTokenLength();
    completeProperty(at);
    parent.length = at - parent.offset;
    parent = parent.parent as Parent;
    completeProperty(at);
  }

  function open(type: 'object' | 'array'): void {
    parent = node(type, scanner.getTokenOffset(), -1) as Parent;
    scanNext(scanner);
  }

  function parseObject(): void {
    open('object');
    for (let token = scanner.getToken(); token !== SyntaxKind.CloseBraceToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        completeProperty(scanner.getTokenOffset());
        scanNext(scanner);
      }
      if (scanner.getToken() !== SyntaxKind.StringLiteral) {
        skip(scanner, [SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
      } else {
        const offset = scanner.getTokenOffset();
        const length = scanner.getTokenLength();
        const property = node('property', offset, -1) as Parent;
        property.children.push({ type: 'string', value: scanner.getTokenValue(), offset, length, parent: property });
        parent = property;
        if (scanNext(scanner) === SyntaxKind.ColonToken) {
          property.colonOffset = scanner.getTokenOffset();
          scanNext(scanner);
          if (!parseValue()) skip(scanner, [SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        } else {
          skip(scanner, [SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        }
      }
      token = scanner.getToken();
    }
    close();
    if (scanner.getToken() === SyntaxKind.CloseBraceToken) scanNext(scanner);
  }

  function parseArray(): void {
    open('array');
    for (let token = scanner.getToken(); token !== SyntaxKind.CloseBracketToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        completeProperty(scanner.getTokenOffset());
        scanNext(scanner);
      }
      const offset = scanner.getTokenOffset();
      const run = offset > end ? valid.items(offset) : valid.items(offset, start - 1);
      if (run) {
        run.values.forEach((value, k) => {
          const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
          node(type as JsonNode['type'], run.starts[k], run.ends[k] - run.starts[k], value);
        });
        scanner.setPosition(run.ends[run.ends.length - 1]);
        scanNext(scanner);
      } else if (!parseValue()) {
        skip(scanner, [SyntaxKind.CloseBracketToken, SyntaxKind.CommaToken]);
      }
      token = scanner.getToken();
    }
    close();
    if (scanner.getToken() === SyntaxKind.CloseBracketToken) scanNext(scanner);
  }

  scanNext(scanner);
  if (scanner.getToken() !== SyntaxKind.EOF) parseValue();
  const result = root.children[0];
  if (result) delete (result as Parent).parent;
  return result;
}
