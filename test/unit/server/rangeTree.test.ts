/**
 * Oracle: the tree of a range of text being typed (features/rangeTree.ts) has every node jsonc-parser's `parseTree`
 * has that reaches into the range, alike in type, span, value, key and children, over generated texts being typed
 * and ranges of every place and width; and the inlay hints of the visible lines of a request file being typed are
 * those of the whole tree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { rangeTree } from '../../../server/src/features/rangeTree';
import { tolerantValue } from '../../../server/src/features/tolerantValue';
import { inlayHints } from '../../../server/src/features/inlayHints';
import { DocumentValues } from '../../../server/src/documentCache';
import { Catalog } from '../../../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../../../server/src/catalog/builtin';
import { recurringSeries } from '../../../scripts/bench/documents';
import { jsonText, rng, typing } from '../../helpers/jsonTexts';

/** The nodes a walk pruned to [start, end] visits (as the inlay hints walk prunes), with their paths. */
function reached(tree: JsonNode | undefined, start: number, end: number): unknown[] {
  const out: unknown[] = [];
  const visit = (node: JsonNode, path: Array<string | number>): void => {
    if (node.offset > end || node.offset + node.length < start) return;
    const { type, offset, length, value } = node;
    out.push({ path, type, offset, length, value: value as unknown, children: node.children?.length });
    if (node.type === 'object') {
      for (const prop of node.children ?? []) {
        const [key, child] = prop.children ?? [];
        out.push({ property: [prop.offset, prop.length, prop.colonOffset, key?.value, key?.offset, key?.length] });
        if (child) visit(child, [...path, String(key?.value)]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => visit(child, [...path, i]));
    }
  };
  if (tree) visit(tree, []);
  return out;
}

test('rangeTree has the nodes of parseTree that reach into the range, over 4,000 texts being typed', () => {
  let nodes = 0;
  for (let seed = 1; seed <= 4_000; seed++) {
    const r = rng(seed);
    const text = typing(r, jsonText(r, r() < 0.3 ? '\r\n' : '\n'));
    const tree = parseTree(text);
    for (let k = 0; k < 6; k++) {
      const start = Math.floor(r() * (text.length + 2));
      const end = start + Math.floor(r() * r() * (text.length + 1));
      const expected = reached(tree, start, end);
      assert.deepStrictEqual(
        reached(rangeTree(text, start, end), start, end),
        expected,
        `seed ${seed} [${start}, ${end}]`,
      );
      nodes += expected.length;
    }
  }
  assert.ok(nodes > 50_000, String(nodes));
});

test('inlay hints of the visible lines of a request file being typed are those of the whole tree', () => {
  const catalog = new Catalog();
  addBuiltins(catalog, readBuiltinDocuments(join(__dirname, '..', '..', '..', 'schemas')));
  const valid = recurringSeries(40_000).text;
  const r = rng(7);
  let hints = 0;
  for (let k = 0; k < 40; k++) {
    const at = valid.indexOf('\n', Math.floor(r() * valid.length)) + 1;
    const insert = ['"na\n', '"na"\n', '"role": \n', '"role": 1\n', '{\n', '"\n', ']\n'][k % 7];
    const text = valid.slice(0, at) + insert + valid.slice(at);
    const doc = TextDocument.create('file:///t.meeting.json', 'meeting-json', 1, text);
    const line = doc.positionAt(at).line + Math.floor(r() * 60) - 30;
    const start = doc.offsetAt({ line: Math.max(0, line - 30), character: 0 });
    const end = doc.offsetAt({ line: line + 30, character: 0 });
    const value = tolerantValue(text);
    const expected = inlayHints(doc, value, parseTree(text), catalog, start, end);
    assert.deepStrictEqual(inlayHints(doc, value, rangeTree(text, start, end), catalog, start, end), expected);
    hints += expected.length;
  }
  assert.ok(hints > 100, String(hints));
});

test('the document cache gives the inlay hints the whole tree gives, after a byte-order mark and once the tree is built', () => {
  const catalog = new Catalog();
  addBuiltins(catalog, readBuiltinDocuments(join(__dirname, '..', '..', '..', 'schemas')));
  const valid = recurringSeries(20_000).text;
  const at = valid.lastIndexOf('"name"');
  const text = '\ufeff' + valid.slice(0, at) + '"na\n' + valid.slice(at);
  const doc = TextDocument.create('file:///t.meeting.json', 'meeting-json', 1, text);
  const start = doc.offsetAt({ line: doc.positionAt(at).line - 30, character: 0 });
  const end = at + 400;
  const values = new DocumentValues();
  const hints = () => {
    const { root, shift } = values.rangeTree(doc, start, end);
    return inlayHints(doc, values.get(doc).value, root, catalog, start, end, shift);
  };
  const before = hints();
  const { root, shift } = values.tree(doc);
  assert.equal(shift, 1);
  const expected = inlayHints(doc, values.get(doc).value, root, catalog, start, end, shift);
  assert.ok(expected.length > 3, String(expected.length));
  assert.deepStrictEqual(before, expected);
  assert.deepStrictEqual(hints(), expected);
});
