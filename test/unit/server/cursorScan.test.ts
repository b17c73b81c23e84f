/**
 * Oracle: the one-pass cursor scan answers what jsonc-parser's tree answers (`locationInTree(parseTree(text))`),
 * at every offset of generated valid JSON: nesting, empty containers, escapes, non-ASCII, numbers of every form,
 * three layouts and a byte-order mark.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { locationInTree } from '../../../server/src/features/context';
import { literalAt } from '../../../server/src/features/cursorScan';
import { blankBom } from '../../../server/src/features/bom';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STRINGS = [
  '',
  'a',
  'name',
  'quo"te',
  'back\\slash',
  'tab\there',
  'ünï 😀',
  '\\"',
  'x\\',
  'line\nbreak',
  '\u2028',
];
const NUMBERS = ['0', '-0', '12', '-3.5', '1e3', '2.5E-2', '1234567890123456789'];

function value(next: () => number, depth: number): string {
  const r = next();
  const str = () => JSON.stringify(STRINGS[Math.floor(next() * STRINGS.length)]);
  if (depth > 4 || r < 0.35) {
    const k = Math.floor(next() * 4);
    return k === 0 ? str() : k === 1 ? NUMBERS[Math.floor(next() * NUMBERS.length)] : ['true', 'false', 'null'][k - 2];
  }
  const count = Math.floor(next() * 4);
  if (r < 0.65) return `[${Array.from({ length: count }, () => value(next, depth + 1)).join(',')}]`;
  return `{${Array.from({ length: count }, () => `${str()}:${value(next, depth + 1)}`).join(',')}}`;
}

describe('cursor scan (oracle: the jsonc tree)', () => {
  test('same path, key flag and literal node as the tree at every offset of generated documents', () => {
    const next = rng(11);
    let compared = 0;
    for (let doc = 0; doc < 300; doc++) {
      const compact = value(next, 0);
      const layout = doc % 4;
      let text =
        layout === 0 ? compact : JSON.stringify(JSON.parse(compact), null, layout === 1 ? 2 : layout === 2 ? '\t' : 1);
      // Number spellings survive only in the compact form; the others re-serialise them.
      if (layout === 3) text = '\ufeff' + text.replace(/\n/g, '\r\n') + '\n';
      const parsed = blankBom(text);
      JSON.parse(parsed);
      const tree = parseTree(parsed)!;
      for (let offset = 0; offset <= text.length + 1; offset++) {
        const expected = locationInTree(tree, offset);
        const actual = literalAt(text, offset);
        const shape = (l: typeof expected) =>
          l && {
            path: l.path,
            key: l.isAtPropertyKey,
            node: l.previousNode && {
              type: l.previousNode.type,
              offset: l.previousNode.offset,
              length: l.previousNode.length,
              value: l.previousNode.value as unknown,
            },
          };
        assert.deepEqual(shape(actual), shape(expected), `${JSON.stringify(text)} at ${offset}`);
        if (expected) compared++;
      }
    }
    assert.ok(compared > 5000, String(compared));
  });

  test('reads nothing past the cursor: a broken tail does not change the answer', () => {
    const text = '{"operation": "x", "body": {"attendees": [{"name": "A", "role": 1}]}}';
    const at = text.indexOf('"role"') + 2;
    const cut = text.slice(0, at + 10) + '<<< not JSON';
    assert.deepEqual(literalAt(cut, at)?.path, ['body', 'attendees', 0, 'role']);
    assert.equal(literalAt(text, text.indexOf('[')), undefined, 'on a bracket: no literal');
  });
});
