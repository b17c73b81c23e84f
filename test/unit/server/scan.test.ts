import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { quickStructure, scanStructure } from '../../../server/src/features/scan';
import { locatePaths, pathKey } from '../../../server/src/features/locate';

const quick = (text: string) => quickStructure(text, JSON.parse(text));

describe('structure checks', () => {
  test('quickStructure: no duplicates, colons inside strings and keys do not confuse it', () => {
    assert.deepEqual(quick('{"a:b": {"c": [":", {"d": "01:30"}]}}'), { keysMatch: true, maxDepth: 4 });
  });

  test('quickStructure: a repeated key is noticed, even nested and even when its value had colons', () => {
    assert.equal(quick('{"a": {"x": "1:2", "x": "3"}}').keysMatch, false);
    assert.equal(quick('{"a": [{"k": 1, "k": {"z": 1}}]}').keysMatch, false);
  });

  test('quickStructure: an escaped colon sends the caller to the exact scan', () => {
    assert.equal(quick('{"a": "\\u003a", "b": 1}').keysMatch, false);
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
