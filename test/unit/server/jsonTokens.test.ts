/**
 * Oracle: the token layer of the valid-text scans (features/jsonTokens.ts) reads valid JSON as jsonc-parser does:
 * `scanTokens` gives the tokens of its scanner, with the same spans, `childrenOf` and `memberStart` find children
 * where the tree has them, and `valueEnd` ends every value where the tree does; over generated documents and layouts.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createScanner, findNodeAtLocation, parseTree, SyntaxKind, type Node as JsonNode } from 'jsonc-parser';
import {
  LITERAL,
  childrenOf,
  literalValue,
  memberStart,
  scanTokens,
  valueEnd,
} from '../../../server/src/features/jsonTokens';
import { jsonText, rng, space } from '../../helpers/jsonTexts';

const KIND: Partial<Record<SyntaxKind, number>> = {
  [SyntaxKind.OpenBraceToken]: 0x7b,
  [SyntaxKind.CloseBraceToken]: 0x7d,
  [SyntaxKind.OpenBracketToken]: 0x5b,
  [SyntaxKind.CloseBracketToken]: 0x5d,
  [SyntaxKind.CommaToken]: 0x2c,
  [SyntaxKind.ColonToken]: 0x3a,
  [SyntaxKind.StringLiteral]: 0x22,
  [SyntaxKind.NumericLiteral]: LITERAL,
  [SyntaxKind.TrueKeyword]: LITERAL,
  [SyntaxKind.FalseKeyword]: LITERAL,
  [SyntaxKind.NullKeyword]: LITERAL,
};

function scannerTokens(text: string): Array<[number, number, number]> {
  const scanner = createScanner(text, true);
  const out: Array<[number, number, number]> = [];
  for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
    const kind = KIND[t];
    assert.ok(kind !== undefined, `unexpected token ${t} in ${JSON.stringify(text)}`);
    out.push([kind, scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()]);
  }
  return out;
}

function nodes(node: JsonNode, out: JsonNode[] = []): JsonNode[] {
  if (node.type !== 'property') out.push(node);
  for (const child of node.children ?? []) nodes(child, out);
  return out;
}

describe('the token layer of valid text (oracle: jsonc-parser)', () => {
  test('scanTokens gives the scanner’s tokens and spans; literals read as JSON.parse reads them', () => {
    let tokens = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const r = rng(seed);
      const eol = r() < 0.3 ? '\r\n' : '\n';
      const text = space(r, eol) + jsonText(r, eol) + space(r, eol);
      const ours: Array<[number, number, number]> = [];
      const stopped = scanTokens(text, 0, (kind, start, end) => {
        ours.push([kind, start, end]);
      });
      assert.equal(stopped, text.length);
      assert.deepEqual(ours, scannerTokens(text), `seed ${seed}: ${JSON.stringify(text)}`);
      for (const [kind, start, end] of ours) {
        if (kind === LITERAL || kind === 0x22) {
          assert.deepEqual(literalValue(text, start, end), JSON.parse(text.slice(start, end)));
        }
      }
      tokens += ours.length;
    }
    assert.ok(tokens > 20_000, `only ${tokens} tokens`);
  });

  test('scanTokens stops where the visitor says, at that token', () => {
    const text = '{ "a": [1, "x"], "b": null }';
    const seen: number[] = [];
    const at = scanTokens(text, 0, (_kind, start) => {
      seen.push(start);
      return start >= text.indexOf('"x"');
    });
    assert.equal(at, text.indexOf('"x"'));
    assert.deepEqual(seen, [0, 2, 5, 7, 8, 9, 11]);
  });

  test('childrenOf and memberStart find each child where the tree has it (a repeated key: its first occurrence)', () => {
    let children = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const r = rng(seed);
      const text = jsonText(r, '\n');
      for (const node of nodes(parseTree(text)!)) {
        if (node.type !== 'object' && node.type !== 'array') continue;
        const found = childrenOf(text, node.offset);
        if (node.type === 'array') {
          assert.ok('items' in found);
          assert.deepEqual(
            found.items,
            node.children?.map((c) => c.offset),
            `seed ${seed} at ${node.offset}`,
          );
        } else {
          assert.ok('keys' in found);
          const names = new Set(node.children?.map((p) => p.children![0].value as string));
          for (const name of [...names, 'missing']) {
            const expected = findNodeAtLocation(node, [name])?.offset;
            assert.equal(found.keys.get(name), expected, `seed ${seed}: ${name} at ${node.offset}`);
            assert.equal(memberStart(text, node.offset, name), expected, `seed ${seed}: ${name} at ${node.offset}`);
          }
        }
        children += node.children?.length ?? 0;
      }
    }
    assert.ok(children > 5000, `only ${children} children`);
  });

  test('valueEnd ends every value of the tree where the tree ends it', () => {
    let values = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const r = rng(seed);
      const text = jsonText(r, r() < 0.3 ? '\r\n' : '\n');
      for (const node of nodes(parseTree(text)!)) {
        assert.equal(valueEnd(text, node.offset), node.offset + node.length, `seed ${seed} at ${node.offset}`);
        values++;
      }
    }
    assert.ok(values > 10_000, `only ${values} values`);
  });
});
