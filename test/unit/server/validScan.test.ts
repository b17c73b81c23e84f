/**
 * Oracles for the features that read a valid document by scanning its text instead of building a jsonc tree
 * (server/src/features/validScan.ts): the outline and the inlay hints give what the tree walk gives, over generated
 * documents (nesting past the outline's level cap, more members than its symbol cap, escapes, duplicate keys,
 * three layouts, a byte-order mark); the fast depth guard agrees with `scanStructure` on any text, broken or not.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol } from 'vscode-languageserver';
import { documentOutline, documentSymbols } from '../../../server/src/features/symbols';
import { serverSettingsFrom } from '../../../common/settings';
import { doWork } from '../../../server/src/work';
import { inlayHints, scannedInlayHints } from '../../../server/src/features/inlayHints';
import { scanStructure, tooDeepAt } from '../../../server/src/features/scan';
import { blankBom, BOM } from '../../../server/src/features/bom';
import { DocumentValues } from '../../../server/src/documentCache';
import { builtinCatalog } from '../../helpers/catalog';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STRINGS = ['', 'a', 'body', 'isLock', 'quo"te', 'back\\slash', 'ünï 😀', 'x\\', 'line\nbreak', 'chatPermission'];
const NUMBERS = ['0', '1', '3', '-0', '12', '-3.5', '1e3', '2.5E-2', '7'];

function value(next: () => number, depth: number, maxDepth: number, width: number): string {
  const r = next();
  const str = () => JSON.stringify(STRINGS[Math.floor(next() * STRINGS.length)]);
  if (depth > maxDepth || r < 0.3) {
    const k = Math.floor(next() * 5);
    return k === 0 ? str() : k <= 2 ? NUMBERS[Math.floor(next() * NUMBERS.length)] : ['true', 'false', 'null'][k - 2];
  }
  const count = Math.floor(next() * width);
  if (r < 0.6) return `[${Array.from({ length: count }, () => value(next, depth + 1, maxDepth, width)).join(',')}]`;
  return `{${Array.from({ length: count }, () => `${str()}:${value(next, depth + 1, maxDepth, width)}`).join(',')}}`;
}

/** A valid text in one of four layouts (the last with a byte-order mark and CRLF line ends). */
function layout(compact: string, n: number): string {
  const kind = n % 4;
  if (kind === 0) return compact;
  const text = JSON.stringify(JSON.parse(compact), null, kind === 1 ? 2 : kind === 2 ? '\t' : 1);
  return kind === 3 ? BOM + text.replace(/\n/g, '\r\n') + '\n' : text;
}

const docOf = (text: string, version = 1) =>
  TextDocument.create('file:///t.meeting.json', 'meeting-json', version, text);

describe('the outline of a valid document, by scan (oracle: the jsonc tree walk)', () => {
  test('the same symbols, ranges, kinds and details over generated documents', () => {
    const next = rng(7);
    for (let n = 0; n < 400; n++) {
      const deep = n % 10 === 0;
      const body = value(next, 0, deep ? 70 : 5, deep ? 2 : 5);
      const text = layout(`{"operation":"x","body":${body},${JSON.stringify(STRINGS[n % STRINGS.length])}:1}`, n);
      const doc = docOf(text);
      assert.deepEqual(documentSymbols(doc, { valid: true }), documentSymbols(doc), JSON.stringify(text));
    }
  });

  test('past the level cap and the item limit: the same symbols, cut breadth-first, and the open ranges closed', () => {
    const deep = '{"a":'.repeat(80) + '1' + '}'.repeat(80);
    const wide = JSON.stringify(
      { items: Array.from({ length: 3000 }, (_, i) => ({ id: i, tags: [i, 'x'] })) },
      null,
      2,
    );
    for (const text of [deep, wide, `{"a":[${'[1,2],'.repeat(6000)}3],"z":{"y":2}}`]) {
      const doc = docOf(text);
      const scanned = documentSymbols(doc, { valid: true });
      assert.deepEqual(scanned, documentSymbols(doc));
      assert.ok(JSON.stringify(scanned).length > 100);
    }
  });

  test('a root that is not an object has no outline either way', () => {
    for (const text of ['[1,2]', '"x"', '3', 'null']) {
      assert.deepEqual(documentSymbols(docOf(text), { valid: true }), []);
    }
  });

  test('text being typed: the version tree (offsets after a byte-order mark) gives the old tolerant outline', () => {
    const next = rng(3);
    const values = new DocumentValues();
    for (let n = 0; n < 200; n++) {
      const valid = layout(`{"operation":"x","body":${value(next, 0, 4, 4)}}`, n);
      // Cut it somewhere and add a trailing comma, a half-typed key or nothing.
      const cut = Math.floor(next() * valid.length);
      const text = valid.slice(0, cut) + [',', '"na', '', ',}'][n % 4];
      const doc = docOf(text, n + 1);
      const source = { valid: values.get(doc).valid, tree: () => values.tree(doc) };
      // Without a source: the old way, a tolerant tree of its own (trailing commas allowed).
      assert.deepEqual(documentSymbols(doc, source), documentSymbols(doc), JSON.stringify(text));
    }
  });
});

/** The oracle of the limit: the whole outline's first `n` symbols in breadth-first order, in their places. */
function cutBreadthFirst(whole: DocumentSymbol[], n: number): { symbols: DocumentSymbol[]; limited: boolean } {
  const symbols: DocumentSymbol[] = [];
  const queue = whole.map((s) => ({ s, into: symbols }));
  for (let i = 0; i < queue.length; i++) {
    if (i === n) return { symbols, limited: true };
    const { s, into } = queue[i];
    const copy: DocumentSymbol = { ...s, ...(s.children ? { children: [] } : {}) };
    into.push(copy);
    for (const c of s.children ?? []) queue.push({ s: c, into: copy.children! });
  }
  return { symbols, limited: false };
}

function countAll(symbols: DocumentSymbol[]): number {
  return symbols.reduce((n, s) => n + 1 + countAll(s.children ?? []), 0);
}

describe('the outline cut at its item limit (oracle: the whole outline cut breadth-first)', () => {
  test('valid text by scan and by tree, and text being typed: every limit gives the breadth-first cut', () => {
    const next = rng(11);
    const values = new DocumentValues();
    let limited = 0;
    let whole = 0;
    for (let n = 0; n < 300; n++) {
      const deep = n % 10 === 0;
      const body = value(next, 0, deep ? 70 : 5, deep ? 2 : 6);
      let text = layout(`{"operation":"x","body":${body},"z":[1,{"y":2}]}`, n);
      // A third of them being typed: cut somewhere, a trailing comma or a half-typed key added.
      if (n % 3 === 2) text = text.slice(0, Math.floor(next() * text.length)) + [',', '"na', ',}'][n % 9 === 2 ? 0 : 1];
      const doc = docOf(text, n + 1);
      const sources = [{ valid: values.get(doc).valid, tree: () => values.tree(doc) }, undefined];
      for (const source of sources) {
        const all = documentOutline(doc, source, Number.MAX_SAFE_INTEGER);
        assert.equal(all.limited, false);
        const total = countAll(all.symbols);
        for (const limit of new Set([1, 2, 3, Math.floor(next() * (total + 2)) + 1, total - 1, total, total + 1])) {
          if (limit < 1) continue;
          const got = documentOutline(doc, source, limit);
          assert.deepEqual(got, cutBreadthFirst(all.symbols, limit), `${limit} of ${total}: ${JSON.stringify(text)}`);
          if (got.limited) limited++;
          else whole++;
        }
      }
    }
    assert.ok(limited > 500 && whole > 500, `${limited} limited, ${whole} whole`);
  });

  test("the scan gives the tree walk's limited outline of a big document, the top levels whole", () => {
    const text = JSON.stringify(
      { operation: 'x', body: { items: Array.from({ length: 3000 }, (_, i) => ({ id: i, tags: [i, 'x'] })) }, z: 1 },
      null,
      2,
    );
    const doc = docOf(text);
    const scanned = documentOutline(doc, { valid: true }, 5000);
    assert.deepEqual(scanned, documentOutline(doc, undefined, 5000));
    assert.equal(scanned.limited, true);
    assert.equal(countAll(scanned.symbols), 5000);
    assert.deepEqual(
      scanned.symbols.map((s) => s.name),
      ['operation', 'body', 'z'],
    );
    // Levels 0–2 (3 + 1 + 3000 items) whole, then the first 1996 items' members of level 3, in document order.
    const items = scanned.symbols[1].children![0].children!;
    assert.equal(items.length, 3000);
    assert.equal(items.filter((item) => item.children!.length === 2).length, 998);
    assert.deepEqual(
      items[998].children!.map((c) => c.name),
      [],
    );
    assert.deepEqual(
      items[997].children!.map((c) => c.name),
      ['id', 'tags'],
    );
    assert.deepEqual(items[0].children![1].children, [], 'level 4 is past the cut');
  });

  test('the version keeps one outline per limit in effect', () => {
    const catalog = builtinCatalog();
    const values = new DocumentValues();
    const doc = docOf('{"operation":"x","body":{"a":[1,2,3],"b":{"c":1}}}');
    const at = (maxItems: number) => doWork({ kind: 'symbols', maxItems }, doc, values, catalog);
    assert.equal(countAll(at(3).symbols), 3);
    assert.equal(at(3).limited, true);
    assert.equal(countAll(at(100).symbols), 8);
    assert.equal(at(100).limited, false);
    assert.equal(countAll(at(4).symbols), 4);
  });

  test('the setting: 5000 by default, whole numbers from 1 to 1,000,000', () => {
    const of = (maxItems: unknown) => serverSettingsFrom({ outline: { maxItems } }).outlineMaxItems;
    assert.equal(serverSettingsFrom({}).outlineMaxItems, 5000);
    assert.equal(serverSettingsFrom({ outline: 7 }).outlineMaxItems, 5000);
    assert.deepEqual(
      [of(200), of(0), of(-3), of(2.6), of(5e9), of('100'), of(Number.NaN), of(null), of(Infinity)],
      [200, 1, 1, 3, 1_000_000, 5000, 5000, 5000, 5000],
    );
  });
});

describe('inlay hints of a valid document, by scan (oracle: the jsonc tree walk)', () => {
  const catalog = builtinCatalog();
  const OP = 'huawei.meeting.updateStartedConfConfig';

  test('the same hints over generated bodies and ranges', () => {
    const next = rng(5);
    let hinted = 0;
    for (let n = 0; n < 300; n++) {
      const codes = ['isLock', 'chatPermission', 'allowUnmuteByOneself']
        .filter(() => next() < 0.7)
        .map((k) => `${JSON.stringify(k)}:${NUMBERS[Math.floor(next() * NUMBERS.length)]}`);
      const extra = Array.from({ length: Math.floor(next() * 3) }, () => `"x${n}":${value(next, 1, 3, 3)}`);
      const members = [...codes, ...extra].sort(() => next() - 0.5).join(',');
      const dup = n % 7 === 0 ? ',"body":{"isLock":1}' : '';
      const text = layout(`{"operation":"${OP}","query":{"isLock":1},"body":{${members}}${dup}}`, n);
      const doc = docOf(text);
      const parsed = JSON.parse(blankBom(text)) as unknown;
      const start = n % 3 === 0 ? 0 : Math.floor(next() * text.length);
      const end = n % 3 === 0 ? Number.MAX_SAFE_INTEGER : start + Math.floor(next() * text.length);
      const skip = text.startsWith(BOM) ? 1 : 0;
      const tree = parseTree(text.slice(skip));
      const expected = inlayHints(doc, parsed, tree, catalog, start, end, skip);
      assert.deepEqual(scannedInlayHints(doc, parsed, catalog, start, end), expected, JSON.stringify(text));
      hinted += expected.length;
    }
    assert.ok(hinted > 100, String(hinted));
  });

  test('the same hints inside arrays of objects (attendees of a recurring series)', () => {
    const next = rng(8);
    let hinted = 0;
    for (let n = 0; n < 150; n++) {
      const attendees = Array.from({ length: Math.floor(next() * 6) }, () =>
        ['role', 'isMute', 'name', 'type']
          .filter(() => next() < 0.7)
          .map((k) => `${JSON.stringify(k)}:${k === 'name' || k === 'type' ? '"x"' : NUMBERS[Math.floor(next() * 4)]}`)
          .join(','),
      );
      const body = `{"subject":"s","attendees":[${attendees.map((a) => `{${a}}`).join(',')}],"recordType":${NUMBERS[n % 4]}}`;
      const text = layout(`{"operation":"huawei.meeting.updateRecurringMeeting","body":${body}}`, n);
      const doc = docOf(text);
      const parsed = JSON.parse(blankBom(text)) as unknown;
      const skip = text.startsWith(BOM) ? 1 : 0;
      const expected = inlayHints(doc, parsed, parseTree(text.slice(skip)), catalog, 0, text.length, skip);
      assert.deepEqual(scannedInlayHints(doc, parsed, catalog, 0, text.length), expected, JSON.stringify(text));
      hinted += expected.length;
    }
    assert.ok(hinted > 100, String(hinted));
  });

  test('after a byte-order mark, a hint of text being typed sits right after its value', () => {
    const text = `${BOM}{"operation":"${OP}","body":{"isLock":1,}`;
    const doc = docOf(text);
    const values = new DocumentValues();
    const { root, shift } = values.tree(doc);
    const [hint] = inlayHints(doc, values.get(doc).value, root, catalog, 0, text.length, shift);
    assert.equal(doc.offsetAt(hint.position), text.indexOf('1,}') + 1);
  });
});

describe('the fast depth guard (oracle: scanStructure)', () => {
  test('the same first too-deep bracket on generated broken and valid text', () => {
    const next = rng(9);
    const pieces = ['{', '[', '}', ']', '"', '\\', '\n', 'a', ':', ',', '\\"', '"{"', ' '];
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(next() * 60);
      const text = Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      for (const limit of [0, 1, 2, 3, 5]) {
        assert.equal(tooDeepAt(text, limit), scanStructure(text, limit).tooDeepAt, `${JSON.stringify(text)} ${limit}`);
      }
    }
  });

  test('linear on a long one-line text of many strings', () => {
    const text = '[' + '"ab",'.repeat(200_000) + '[[[1]]]]';
    assert.equal(tooDeepAt(text, 3), text.indexOf('[[[') + 2);
    assert.equal(tooDeepAt(text, 4), undefined);
  });
});
