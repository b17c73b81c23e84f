import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree, type Node } from 'jsonc-parser';
import { locatePaths, pathKey, placePaths, type JsonPath, type Located } from '../../../server/src/features/locate';
import { jsonText, rng } from '../../helpers/jsonTexts';

/**
 * The oracle: every value of jsonc-parser's tree by path, in document order, so that a repeated key's later
 * member is the one kept (as JSON.parse keeps it).
 */
function everyPlace(text: string): { places: Map<string, Located>; paths: JsonPath[]; repeated: boolean } {
  const places = new Map<string, Located>();
  const paths: JsonPath[] = [];
  let repeated = false;
  const walk = (node: Node, path: JsonPath, key: Node | undefined): void => {
    const located: Located = { value: { offset: node.offset, length: node.length } };
    if (key) located.key = { offset: key.offset, length: key.length };
    if (places.has(pathKey(path))) repeated = true;
    else paths.push(path);
    places.set(pathKey(path), located);
    if (node.type === 'array') node.children?.forEach((item, i) => walk(item, [...path, i], undefined));
    if (node.type === 'object') {
      for (const member of node.children ?? []) {
        const [name, value] = member.children ?? [];
        if (name && value) walk(value, [...path, name.value as string], name);
      }
    }
  };
  const root = parseTree(text);
  if (root) walk(root, [], undefined);
  return { places, paths, repeated };
}

describe('locatePaths and placePaths', () => {
  test('over generated texts of every layout: each wanted path where the tree has it, a missing one at its longest wanted prefix', () => {
    const r = rng(20261206);
    let checked = 0;
    let prefixed = 0;
    let early = 0;
    for (let n = 0; n < 400; n++) {
      const text = jsonText(r, r() < 0.5 ? '\n' : '\r\n');
      const { places, paths, repeated } = everyPlace(text);
      const pick = () => paths[Math.floor(r() * paths.length)];
      const wanted: JsonPath[] = Array.from({ length: 1 + Math.floor(r() * 5) }, pick);
      if (r() < 0.5) wanted.push([...pick(), 'missing', 0]);
      if (r() < 0.3) wanted.push([...pick(), 7]);
      const expected = new Map(
        wanted.flatMap((p) => (places.has(pathKey(p)) ? [[pathKey(p), places.get(pathKey(p))!]] : [])),
      );
      const options = [{}, ...(repeated ? [] : [{ noRepeatedKeys: true }])];
      for (const o of options) {
        assert.deepEqual(locatePaths(text, wanted, o), expected, text);
        const given = placePaths(text, wanted, o);
        wanted.forEach((path, i) => {
          let want: { located: Located; whole: boolean } | undefined;
          for (let k = path.length; k >= 0 && !want; k--) {
            const prefix = pathKey(path.slice(0, k));
            if (wanted.some((w) => pathKey(w) === prefix) && places.has(prefix)) {
              want = { located: places.get(prefix)!, whole: k === path.length };
            }
          }
          assert.deepEqual(given[i], want, `${text} ${pathKey(path)}`);
          if (want && !want.whole) prefixed++;
        });
        if ('noRepeatedKeys' in o) early++;
        checked++;
      }
    }
    assert.ok(
      checked >= 600 && prefixed >= 20 && early >= 100,
      `${checked} checked, ${prefixed} by prefix, ${early} ending early`,
    );
  });

  test('wide containers (children looked up by map, items by index): the same places as the tree', () => {
    const r = rng(7);
    const wide = Object.fromEntries(
      Array.from({ length: 40 }, (_, k) => [k % 3 ? `k${k}` : `e\u00e9${k}`, k % 2 ? [k, { a: k }] : { b: [k] }]),
    );
    const text = JSON.stringify(
      { list: Array.from({ length: 60 }, (_, k) => ({ i: k, wide: k % 7 ? k : wide })) },
      null,
      1,
    ).replace(/é/g, '\\u00e9');
    const { places, paths } = everyPlace(text);
    for (let n = 0; n < 50; n++) {
      const wanted = Array.from({ length: 1 + Math.floor(r() * 30) }, () => paths[Math.floor(r() * paths.length)]);
      wanted.push(['list', 59, 'i'], ['list', '05'], ['list', 61]);
      const expected = new Map(
        wanted.flatMap((p) => (places.has(pathKey(p)) ? [[pathKey(p), places.get(pathKey(p))!]] : [])),
      );
      assert.deepEqual(locatePaths(text, wanted, { noRepeatedKeys: true }), expected);
      assert.deepEqual(locatePaths(text, wanted), expected);
    }
    assert.ok(text.includes('"e\\u00e9'), 'keys written with escapes');
  });

  test('a key written with escapes is found by its value; a path through a scalar is not there', () => {
    const text = '{"a\\u0062": {"c": [1, {"d": true}]}, "e": "x"}';
    const at = locatePaths(text, [['ab', 'c', 1, 'd'], ['e', 'f'], ['ab']]);
    assert.deepEqual([...at.keys()], [pathKey(['ab', 'c', 1, 'd']), pathKey(['ab'])]);
    assert.deepEqual(at.get(pathKey(['ab']))?.key, { offset: 1, length: '"a\\u0062"'.length });
    assert.equal(text.slice(at.get(pathKey(['ab', 'c', 1, 'd']))!.value.offset).startsWith('true'), true);
    assert.deepEqual(placePaths(text, [['e', 'f']]), [undefined]);
  });
});
