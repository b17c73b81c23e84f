import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { quickStructure, scanStructure } from '../../../server/src/features/scan';
import { locatePaths, pathKey } from '../../../server/src/features/locate';
import { generatedCases } from '../../helpers/generatedCases';
import { Rng } from '../../../scripts/fuzz/prng';

const quick = (text: string) => quickStructure(text, JSON.parse(text));

describe('structure checks', () => {
  test('quickStructure: no duplicates, colons inside strings and keys do not confuse it', () => {
    assert.deepEqual(quick('{"a:b": {"c": [":", {"d": "01:30"}]}}'), {
      keysMatch: true,
      maxDepth: 4,
      reservedKey: false,
    });
  });

  test('quickStructure: a repeated key is noticed, even nested and even when its value had colons', () => {
    assert.equal(quick('{"a": {"x": "1:2", "x": "3"}}').keysMatch, false);
    assert.equal(quick('{"a": [{"k": 1, "k": {"z": 1}}]}').keysMatch, false);
  });

  test('quickStructure: escaped colons and quotes neither hide a repeated key nor invent one', () => {
    assert.equal(quick('{"a": "\\u003a", "b": 1}').keysMatch, true);
    assert.equal(quick('{"a\\u003a": 1, "a\\u003a": 2}').keysMatch, false);
    assert.equal(quick('{"q": "say \\"x\\": y", "r\\\\": 1}').keysMatch, true);
    assert.equal(quick('{"q": "say \\"x\\": y", "q": 1}').keysMatch, false);
    // A string that starts with a colon looks like a key to the quote check: the colon count decides.
    assert.equal(quick('{"a": " :x", "b": [":", {"c": ":"}]}').keysMatch, true);
    assert.equal(quick('{"a": " :x", "a": ":"}').keysMatch, false);
    assert.equal(quick('{"a": "\\u003a:", "a": ":"}').keysMatch, false);
  });

  test('quickStructure: a reserved key is noticed wherever it is and however it is spelled', () => {
    assert.equal(quick('{"a": [{"b": {"constructor": 1}}]}').reservedKey, true);
    // In an item of an array with no object in it (an item counted where it is met, not visited).
    assert.equal(quick('{"a": [{"b": 1}, {"prototype": 2, "c": "d"}]}').reservedKey, true);
    assert.equal(quick('[{"__proto__": null}]').reservedKey, true);
    assert.equal(quick('{"\\u005f_proto__": 1}').reservedKey, true);
    assert.equal(quick('{"prototypes": "__proto__", "a": ["constructor"]}').reservedKey, false);
  });

  test('quickStructure agrees with the exact scan on generated files, with and without repeated keys', () => {
    const rng = new Rng(20261204);
    // Strings that look like keys to a quote check, escapes, colons: put into bodies as values and as keys.
    const tricky = [' :x', ':', 'a\\": b', '\\', '\u003a', '"', '10:30', 'x" : "y', '', '__proto__', 'constructor'];
    const texts: string[] = [];
    for (const c of generatedCases(20261205, 30, 1)) {
      const doc = JSON.parse(c.text) as Record<string, unknown>;
      texts.push(c.text);
      for (let k = 0; k < 3; k++) {
        const word = rng.pick(tricky);
        const spiced = { ...doc, [word]: word, body: { [word]: [word, { [word]: word }], ...(doc.body as object) } };
        const indent = rng.chance(0.5) ? 2 : 0;
        texts.push(JSON.stringify(spiced, null, indent));
        texts.push(withRepeatedKey(spiced, rng, indent));
      }
    }
    let repeated = 0;
    for (const text of texts) {
      const exact = scanStructure(text, 1000);
      const got = quick(text);
      assert.equal(got.maxDepth, exact.maxDepth, text);
      // Conservative at worst: "keys match" is never said of a text with a repeated key.
      if (exact.duplicates.length > 0) repeated++;
      assert.equal(got.keysMatch, exact.duplicates.length === 0, text);
      // Without a reserved key in the value, the text has none for analyze's searches to find.
      const named = /"(__proto__|constructor)"\s*:/.test(text) || (exact.escapedReserved ?? []).length > 0;
      assert.equal(got.reservedKey, named, text);
    }
    assert.ok(repeated >= 60, `${repeated} texts with a repeated key`);
  });

  test('locatePaths ending early (no repeated keys) finds what the whole pass finds', () => {
    const rng = new Rng(20261206);
    let compared = 0;
    for (const c of generatedCases(20261207, 30, 1)) {
      const all: Array<Array<string | number>> = [];
      const collect = (v: unknown, path: Array<string | number>): void => {
        all.push(path);
        if (Array.isArray(v)) v.forEach((x, i) => collect(x, [...path, i]));
        else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) collect(x, [...path, k]);
      };
      collect(JSON.parse(c.text), []);
      for (let k = 0; k < 4; k++) {
        const wanted = Array.from({ length: rng.range(1, 4) }, () => rng.pick(all));
        if (rng.chance(0.3)) wanted.push([...rng.pick(all), 'missing']);
        const early = locatePaths(c.text, wanted, { noRepeatedKeys: true });
        assert.deepEqual([...early].sort(), [...locatePaths(c.text, wanted)].sort(), c.source);
        compared++;
      }
    }
    assert.ok(compared >= 100);
  });

  test('scanStructure finds every duplicate with its offset, in nested objects', () => {
    const text = '{"a": 1, "b": {"a": 2, "a": 3}, "a": 4}';
    const { duplicates } = scanStructure(text, 100);
    assert.deepEqual(
      duplicates.map((d) => [d.key, d.offset, d.firstOffset]),
      [
        ['a', text.indexOf('"a": 3'), text.indexOf('"a": 2')],
        ['a', text.indexOf('"a": 4'), 1],
      ],
    );
  });

  test('scanStructure stops at the depth limit and says where', () => {
    const text = '[[[[["x"]]]]]';
    assert.deepEqual(scanStructure(text, 3), { maxDepth: 4, tooDeepAt: 3, duplicates: [] });
  });

  test('scanStructure is tolerant of broken text (unterminated strings end at the line)', () => {
    const r = scanStructure('{"a": "oops\n, "a": 1', 10);
    assert.equal(r.duplicates.length, 1);
  });

  test('locatePaths finds keys and values, skipping subtrees that hold nothing wanted', () => {
    const text = '{"skip": {"deep": [1, 2, {"x": 1}]}, "body": {"list": [{"a": 1}, {"a": "two"}], "b": true}}';
    const found = locatePaths(text, [['body', 'list', 1, 'a'], ['body', 'b'], ['body', 'list', 0], ['missing']]);
    const slice = (r: { offset: number; length: number } | undefined) =>
      r ? text.slice(r.offset, r.offset + r.length) : undefined;
    assert.equal(slice(found.get(pathKey(['body', 'list', 1, 'a']))?.value), '"two"');
    assert.equal(slice(found.get(pathKey(['body', 'list', 1, 'a']))?.key), '"a"');
    assert.equal(slice(found.get(pathKey(['body', 'b']))?.value), 'true');
    assert.equal(slice(found.get(pathKey(['body', 'list', 0]))?.value), '{"a": 1}');
    assert.equal(found.has(pathKey(['missing'])), false);
  });
});

/** `value` as JSON text with one member of one of its objects written twice (when it has a non-empty object). */
function withRepeatedKey(value: unknown, rng: Rng, indent: number): string {
  const objects: object[] = [];
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (typeof v === 'object' && v !== null) {
      if (Object.keys(v).length > 0) objects.push(v);
      Object.values(v).forEach(collect);
    }
  };
  collect(value);
  const chosen = rng.pick(objects);
  const pad = (depth: number) => (indent ? '\n' + ' '.repeat(indent * depth) : '');
  const write = (v: unknown, depth: number): string => {
    if (Array.isArray(v)) return `[${v.map((x) => pad(depth + 1) + write(x, depth + 1)).join(',')}${pad(depth)}]`;
    if (typeof v !== 'object' || v === null) return JSON.stringify(v);
    const members = Object.entries(v).map(([k, x]) => `${pad(depth + 1)}${JSON.stringify(k)}: ${write(x, depth + 1)}`);
    if (v === chosen) members.splice(rng.range(0, members.length), 0, rng.pick(members));
    return `{${members.join(',')}${pad(depth)}}`;
  };
  return write(value, 0);
}

describe('catalog loading keeps hostile property names as data', () => {
  test('a schema property named __proto__ stays a property (no prototype swap)', async () => {
    const { rewriteRefs } = await import('../../../server/src/catalog/openapi.js');
    const schema = JSON.parse(
      '{"type": "object", "properties": {"__proto__": {"type": "string"}, "name": {"$ref": "#/components/schemas/N"}}}',
    );
    const out = rewriteRefs(schema, 'urn:x') as { properties: Record<string, unknown> };
    assert.deepEqual(Object.keys(out.properties), ['__proto__', 'name']);
    assert.equal(Object.getPrototypeOf(out.properties), Object.prototype);
    assert.deepEqual(out.properties.name, { $ref: 'urn:x#/$defs/N' });
  });
});
