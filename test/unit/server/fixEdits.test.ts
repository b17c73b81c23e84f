/**
 * Oracle: fix edits computed on one shared tree (features/fixEdits.ts) give exactly the text jsonc-parser's
 * `modify` + `applyEdits` give (one `modify` per member for an add), over generated documents, layouts and fixes.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions } from 'jsonc-parser';
import { addProperties, fixEdit } from '../../../server/src/features/fixEdits';
import { detectFormatting } from '../../../server/src/features/codeActions';
import type { Fix } from '../../../server/src/features/problems';
import type { JsonPath } from '../../../server/src/features/locate';

/** A small deterministic PRNG (mulberry32), so a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['a', 'b', 'name', 'role', 'x y', 'é'];

function value(r: () => number, depth: number): unknown {
  const k = r();
  if (depth > 3 || k < 0.3) return [1, 'two', true, null, 3.5][Math.floor(r() * 5)];
  if (k < 0.65) {
    const o: Record<string, unknown> = {};
    const n = Math.floor(r() * 4);
    for (let i = 0; i < n; i++) o[KEYS[Math.floor(r() * KEYS.length)]] = value(r, depth + 1);
    return o;
  }
  return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
}

/** Pretty, compact or mixed layouts, as people write them. */
function layout(r: () => number, v: unknown): string {
  const k = r();
  if (k < 0.3) return JSON.stringify(v, null, 2);
  if (k < 0.45) return JSON.stringify(v, null, '\t');
  if (k < 0.6) return JSON.stringify(v, null, 4).replace(/\n/g, '\r\n');
  if (k < 0.8) return JSON.stringify(v);
  // Some members share a line.
  return JSON.stringify(v, null, 2).replace(/,\n\s+(?=")/g, (m) => (r() < 0.5 ? ', ' : m));
}

/** Paths into the document: existing ones, a missing member, an index past the end. */
function paths(v: unknown, prefix: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  out.push(prefix);
  if (Array.isArray(v)) {
    v.forEach((item, i) => paths(item, [...prefix, i], out));
    out.push([...prefix, v.length]);
  } else if (v && typeof v === 'object') {
    for (const [key, item] of Object.entries(v)) paths(item, [...prefix, key], out);
    out.push([...prefix, 'missing'], [...prefix, 'missing', 'deeper']);
  }
  return out;
}

function oracle(text: string, fix: Fix, formattingOptions: FormattingOptions | undefined): string | undefined {
  // One deliberate difference: modify asked to remove an index past the end of a one-item array empties it.
  const last = fix.path[fix.path.length - 1];
  if (fix.kind === 'remove' && typeof last === 'number') {
    const parent = findNodeAtLocation(parseTree(text)!, fix.path.slice(0, -1));
    if ((parent?.children?.length ?? 0) <= last) return undefined;
  }
  try {
    if (fix.kind === 'add') {
      let out = text;
      for (const p of fix.properties) {
        out = applyEdits(out, modify(out, [...fix.path, p.name], p.value, { formattingOptions }));
      }
      return out;
    }
    const v = fix.kind === 'set' ? fix.value : undefined;
    return applyEdits(text, modify(text, fix.path, v, { formattingOptions }));
  } catch {
    return undefined;
  }
}

function ours(text: string, fix: Fix, formatting: FormattingOptions | undefined): string | undefined {
  const root = parseTree(text);
  if (fix.kind === 'add') {
    let out = text;
    let tree = root;
    for (let i = 0; i < fix.properties.length;) {
      const step = addProperties(out, tree, fix.path, fix.properties.slice(i), formatting);
      if (!step?.edit) return undefined;
      out = out.slice(0, step.edit.offset) + step.edit.content + out.slice(step.edit.offset + step.edit.length);
      i += step.added;
      tree = parseTree(out);
    }
    return out;
  }
  const edit = fixEdit(text, root, fix, formatting);
  if (!edit) return undefined;
  return text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
}

describe('fix edits on a shared tree (oracle: jsonc-parser modify)', () => {
  test('set, remove and add over 3,000 generated documents and layouts give modify’s text', () => {
    let compared = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const r = rng(seed);
      const root: Record<string, unknown> = { a: value(r, 1), b: value(r, 1) };
      const text = layout(r, root);
      const formatting = r() < 0.85 ? detectFormatting(text) : undefined;
      const all = paths(root);
      const path = all[Math.floor(r() * all.length)];
      const k = r();
      const fix: Fix =
        k < 0.35
          ? { kind: 'set', title: 't', path, value: value(r, 2) }
          : k < 0.7
            ? { kind: 'remove', title: 't', path }
            : {
                kind: 'add',
                title: 't',
                path,
                properties: Array.from({ length: 1 + Math.floor(r() * 3) }, (_, i) => ({
                  name: r() < 0.2 ? KEYS[Math.floor(r() * KEYS.length)] : `new${i}`,
                  value: value(r, 2),
                })),
              };
      const expected = oracle(text, fix, formatting);
      const actual = ours(text, fix, formatting);
      // modify answers "no edit" for a missing member it is asked to remove; so do we.
      if (expected === undefined || expected === text) {
        assert.ok(actual === undefined || actual === text, `seed ${seed}: ${JSON.stringify(fix)} on ${text}`);
        continue;
      }
      assert.equal(actual, expected, `seed ${seed}: ${JSON.stringify(fix)} on ${JSON.stringify(text)}`);
      compared++;
    }
    assert.ok(compared > 1500, `only ${compared} fixes compared`);
  });

  test('rename replaces exactly the key of the member, keeping its value as written', () => {
    const text = '{\n  "a": { "Nmae": [1,  2] },\n  "b": 1\n}';
    const edit = fixEdit(
      text,
      parseTree(text),
      { kind: 'rename', title: 't', path: ['a', 'Nmae'], name: 'name' },
      undefined,
    );
    assert.ok(edit);
    const out = text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
    assert.equal(out, '{\n  "a": { "name": [1,  2] },\n  "b": 1\n}');
  });
});
