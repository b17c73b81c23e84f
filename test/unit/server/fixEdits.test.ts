/**
 * Oracle: fix edits computed on one shared tree, or on the containers the fixes edit parsed alone
 * (features/fixEdits.ts, fixSubtrees.ts), give exactly the text jsonc-parser's `modify` + `applyEdits` give (one
 * `modify` per member for an add), over generated documents (repeated keys among them), layouts and fixes.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions } from 'jsonc-parser';
import { addProperties, fixEdit, inTree, LONG_LINE, type NodeAt } from '../../../server/src/features/fixEdits';
import { ContainerIndex, containerPath, containersNodeAt } from '../../../server/src/features/fixSubtrees';
import { detectFormatting } from '../../../server/src/features/codeActions';
import type { Fix } from '../../../server/src/features/problems';
import type { JsonPath } from '../../../server/src/features/locate';
import { rng } from '../../helpers/jsonTexts';

const KEYS = ['a', 'b', 'name', 'role', 'x y', 'é'];
/** A key ending so is written without it: the text then repeats the key (JSON.stringify would not). */
const REPEAT = /~repeat~\d+/g;
let repeats = 0;

function value(r: () => number, depth: number, repeatKeys = false): unknown {
  const k = r();
  if (depth > 3 || k < 0.3) return [1, 'two', true, null, 3.5][Math.floor(r() * 5)];
  if (k < 0.65) {
    const o: Record<string, unknown> = {};
    const n = Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      const key = KEYS[Math.floor(r() * KEYS.length)];
      o[key in o && repeatKeys && r() < 0.5 ? `${key}~repeat~${repeats++}` : key] = value(r, depth + 1, repeatKeys);
    }
    return o;
  }
  return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1, repeatKeys));
}

/** Pretty, compact or mixed layouts, as people write them. */
function layout(r: () => number, v: unknown): string {
  const k = r();
  if (k < 0.3) return JSON.stringify(v, null, 2).replace(REPEAT, '');
  if (k < 0.45) return JSON.stringify(v, null, '\t').replace(REPEAT, '');
  if (k < 0.6) return JSON.stringify(v, null, 4).replace(REPEAT, '').replace(/\n/g, '\r\n');
  if (k < 0.8) return JSON.stringify(v).replace(REPEAT, '');
  // Some members share a line.
  return JSON.stringify(v, null, 2)
    .replace(REPEAT, '')
    .replace(/,\n\s+(?=")/g, (m) => (r() < 0.5 ? ', ' : m));
}

/** Paths into the document: existing ones, a missing member, an index past the end. */
function paths(v: unknown, prefix: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  out.push(prefix);
  if (Array.isArray(v)) {
    v.forEach((item, i) => paths(item, [...prefix, i], out));
    out.push([...prefix, v.length]);
  } else if (v && typeof v === 'object') {
    for (const [key, item] of Object.entries(v)) paths(item, [...prefix, key.replace(REPEAT, '')], out);
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

/** How the nodes are found: the whole tree, or only the containers of the fixes at `paths`. */
type Nodes = (text: string, paths: JsonPath[]) => NodeAt;
const wholeTree: Nodes = (text) => inTree(parseTree(text));
const containers: Nodes = (text, paths) => containersNodeAt(text, paths);

function ours(
  text: string,
  fix: Fix,
  formatting: FormattingOptions | undefined,
  nodes: Nodes,
  nodeAt = nodes(text, [containerPath(fix)]),
): string | undefined {
  if (fix.kind === 'add') {
    let out = text;
    let at = nodeAt;
    for (let i = 0; i < fix.properties.length;) {
      const step = addProperties(out, at, fix.path, fix.properties.slice(i), formatting);
      if (!step?.edit) return undefined;
      out = out.slice(0, step.edit.offset) + step.edit.content + out.slice(step.edit.offset + step.edit.length);
      i += step.added;
      at = nodes(out, [fix.path]);
    }
    return out;
  }
  const edit = fixEdit(text, nodeAt, fix, formatting);
  if (!edit) return undefined;
  return text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
}

/** A generated document and `count` fixes on it (repeated keys in the text with `repeatKeys`). */
function generated(seed: number, count: number, repeatKeys: boolean) {
  const r = rng(seed);
  const root: Record<string, unknown> = { a: value(r, 1, repeatKeys), b: value(r, 1, repeatKeys) };
  const text = layout(r, root);
  const formatting = r() < 0.85 ? detectFormatting(text) : undefined;
  const all = paths(root);
  const fixes = Array.from({ length: count }, (): Fix => {
    const path = all[Math.floor(r() * all.length)];
    const k = r();
    return k < 0.3
      ? { kind: 'set', title: 't', path, value: value(r, 2) }
      : k < 0.6
        ? { kind: 'remove', title: 't', path }
        : k < 0.75 && path.length > 0
          ? { kind: 'rename', title: 't', path, name: `renamed${Math.floor(r() * 3)}` }
          : {
              kind: 'add',
              title: 't',
              path,
              properties: Array.from({ length: 1 + Math.floor(r() * 3) }, (_, i) => ({
                name: r() < 0.2 ? KEYS[Math.floor(r() * KEYS.length)] : `new${i}`,
                value: value(r, 2),
              })),
            };
  });
  return { text, formatting, fixes };
}

/** What renaming the member at `path` gives, by the tree: its key replaced, its value as written. */
function renamed(text: string, fix: Extract<Fix, { kind: 'rename' }>): string | undefined {
  const member = findNodeAtLocation(parseTree(text)!, fix.path)?.parent;
  const key = member?.type === 'property' ? member.children?.[0] : undefined;
  if (!key) return undefined;
  return text.slice(0, key.offset) + JSON.stringify(fix.name) + text.slice(key.offset + key.length);
}

function expectedOf(text: string, fix: Fix, formatting: FormattingOptions | undefined): string | undefined {
  return fix.kind === 'rename' ? renamed(text, fix) : oracle(text, fix, formatting);
}

function check(
  seed: number,
  text: string,
  fix: Fix,
  actual: string | undefined,
  expected: string | undefined,
): boolean {
  // modify answers "no edit" for a missing member it is asked to remove; so do we.
  if (expected === undefined || expected === text) {
    assert.ok(actual === undefined || actual === text, `seed ${seed}: ${JSON.stringify(fix)} on ${text}`);
    return false;
  }
  assert.equal(actual, expected, `seed ${seed}: ${JSON.stringify(fix)} on ${JSON.stringify(text)}`);
  return true;
}

describe('fix edits on a shared tree and on parsed containers (oracle: jsonc-parser modify)', () => {
  for (const [name, nodes] of [
    ['the whole tree', wholeTree],
    ['the containers of the fix', containers],
  ] as const) {
    test(`set, remove and add over 3,000 generated documents and layouts give modify’s text (${name})`, () => {
      let compared = 0;
      for (let seed = 1; seed <= 3000; seed++) {
        const { text, formatting, fixes } = generated(seed, 1, false);
        const [fix] = fixes;
        if (fix.kind === 'rename') continue;
        if (check(seed, text, fix, ours(text, fix, formatting, nodes), oracle(text, fix, formatting))) compared++;
      }
      assert.ok(compared > 1400, `only ${compared} fixes compared`);
    });
  }

  test('many fixes on one lookup of their containers, or one each on a kept index (repeated keys too): each gives what modify gives alone', () => {
    let compared = 0;
    let repeated = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const { text, formatting, fixes } = generated(seed, 1 + (seed % 8), seed % 2 === 0);
      if (/"([^"]*)":[^]*"\1":/.test(text)) repeated++;
      const nodeAt = containersNodeAt(text, fixes.map(containerPath));
      // One index kept across requests of one fix each, as the editor asks per diagnostic.
      const kept = new ContainerIndex(text);
      for (const fix of fixes) {
        const expected = expectedOf(text, fix, formatting);
        if (check(seed, text, fix, ours(text, fix, formatting, containers, nodeAt), expected)) compared++;
        const alone = ours(text, fix, formatting, containers, kept.nodeAt([containerPath(fix)]));
        check(seed, text, fix, alone, expected);
      }
    }
    assert.ok(compared > 4000, `only ${compared} fixes compared`);
    assert.ok(repeated > 300, `only ${repeated} documents repeat a key`);
  });

  test('a fix is formatted on its own lines, unless they are longer than LONG_LINE (then as modify gives unformatted)', () => {
    const long = 'x'.repeat(LONG_LINE + 10);
    const text = JSON.stringify({ a: { b: 1, c: 2 }, d: long }, null, 2);
    const formatting = detectFormatting(text);
    const insert: Fix = { kind: 'set', title: 't', path: ['a', 'n'], value: [1] };
    // A short line, a long one elsewhere: formatted as modify formats it.
    assert.equal(ours(text, insert, formatting, containers), oracle(text, insert, formatting));
    assert.notEqual(oracle(text, insert, formatting), oracle(text, insert, undefined));
    // On a long line (a one-line file): the edit modify gives without formatting.
    const oneLine = JSON.stringify({ a: { b: 1, c: 2 }, d: long });
    for (const nodes of [wholeTree, containers]) {
      assert.equal(ours(oneLine, insert, formatting, nodes), oracle(oneLine, insert, undefined));
    }
  });

  test('rename replaces exactly the key of the member, keeping its value as written', () => {
    const text = '{\n  "a": { "Nmae": [1,  2] },\n  "b": 1\n}';
    const edit = fixEdit(
      text,
      inTree(parseTree(text)),
      { kind: 'rename', title: 't', path: ['a', 'Nmae'], name: 'name' },
      undefined,
    );
    assert.ok(edit);
    const out = text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
    assert.equal(out, '{\n  "a": { "name": [1,  2] },\n  "b": 1\n}');
  });
});
