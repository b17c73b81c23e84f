/**
 * Oracle: the tolerant parse and cursor location of text being typed (features/tolerantParse.ts) answer what
 * jsonc-parser's `parse` (with trailing commas, as tolerantValue.ts calls it) and `getLocation` answer, over
 * generated texts being typed (valid JSON of every layout with characters dropped, doubled or inserted, half-typed
 * keys) and at every offset; `__proto__` keys, plain and escaped, included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getLocation, parse, type Location } from 'jsonc-parser';
import { tolerantLocation } from '../../../server/src/features/tolerantLocation';
import { tolerantParse } from '../../../server/src/features/tolerantParse';
import { endHalfKeys, tolerantValue } from '../../../server/src/features/tolerantValue';
import { jsonText, rng, typing } from '../../helpers/jsonTexts';

const PROTO = ['"__proto__"', '"\\u005f_proto__"', '"__pr\\u006Fto__"'];

const shape = (l: Location) => ({
  path: l.path,
  isAtPropertyKey: l.isAtPropertyKey,
  node: l.previousNode && {
    type: l.previousNode.type,
    offset: l.previousNode.offset,
    length: l.previousNode.length,
    value: l.previousNode.value as unknown,
  },
});

/** What `JSON.parse` throws for the text (as the document cache hands it over), if it throws. */
function refusal(text: string): unknown {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return e;
  }
}

function typedText(seed: number): string {
  const r = rng(seed);
  let text = typing(r, jsonText(r, r() < 0.3 ? '\r\n' : '\n'));
  if (r() < 0.1) text = text.replace(/"(name|role|a)"/, PROTO[Math.floor(r() * PROTO.length)]);
  return text;
}

/** The value with each object's prototype written out (a `__proto__` key sets one in jsonc-parser's parse). */
function spelled(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(spelled);
  if (typeof value !== 'object' || value === null) return value;
  const proto: unknown = Object.getPrototypeOf(value);
  return {
    proto: proto === Object.prototype ? 'Object.prototype' : spelled(proto),
    own: Object.entries(value).map(([k, v]) => [k, spelled(v)]),
  };
}

test('tolerantParse gives the value jsonc-parser parses, over 30,000 generated texts being typed', () => {
  let containers = 0;
  for (let seed = 1; seed <= 30_000; seed++) {
    const text = typedText(seed);
    const expected: unknown = parse(text, [], { allowTrailingComma: true });
    assert.deepStrictEqual(spelled(tolerantParse(text)), spelled(expected), `seed ${seed}: ${JSON.stringify(text)}`);
    if (typeof expected === 'object' && expected !== null) containers++;
  }
  assert.ok(containers > 15_000, String(containers));
});

test('tolerantValue gives what jsonc-parser parses of the text with its half-typed keys ended, over 30,000 texts', () => {
  let ended = 0;
  for (let seed = 1; seed <= 30_000; seed++) {
    const text = typedText(seed);
    const fixed = endHalfKeys(text);
    const expected = spelled(parse(fixed, [], { allowTrailingComma: true }));
    assert.deepStrictEqual(
      spelled(tolerantValue(text, refusal(text))),
      expected,
      `seed ${seed}: ${JSON.stringify(text)}`,
    );
    if (fixed !== text) ended++;
  }
  assert.ok(ended > 3000, String(ended));
});

test('a long text being typed is read as jsonc-parser reads it (valid containers read at once)', () => {
  const items = Array.from({ length: 120 }, (_, i) => `{"name": "n${i}", "role": ${i % 3}, "tags": [${i}, {}]}`);
  const valid = `{"operation": "x", "body": {"attendees": [\n${items.join(',\n')}\n]}}`;
  for (let at = 0; at < valid.length; at += 211) {
    for (const insert of ['"na\n', '"na"\n', ',', '}', ']', '{', '"', '/*', '\\u005f']) {
      const text = valid.slice(0, at) + insert + valid.slice(at);
      const expected = spelled(parse(text, [], { allowTrailingComma: true }));
      assert.deepStrictEqual(spelled(tolerantParse(text)), expected, JSON.stringify(text));
      const ended = spelled(parse(endHalfKeys(text), [], { allowTrailingComma: true }));
      assert.deepStrictEqual(spelled(tolerantValue(text, refusal(text))), ended, JSON.stringify(text));
      for (const offset of [at - 40, at, at + 2, at + 300]) {
        assert.deepStrictEqual(shape(tolerantLocation(text, offset)), shape(getLocation(text, offset)), `at ${offset}`);
      }
    }
  }
});

test('tolerantLocation gives the location jsonc-parser gives, at every offset of 3,000 generated texts being typed', () => {
  let compared = 0;
  for (let seed = 1; seed <= 3_000; seed++) {
    const text = typedText(seed);
    for (let offset = 0; offset <= text.length + 1; offset++) {
      assert.deepStrictEqual(
        shape(tolerantLocation(text, offset)),
        shape(getLocation(text, offset)),
        `seed ${seed} at ${offset}: ${JSON.stringify(text)}`,
      );
      compared++;
    }
  }
  assert.ok(compared > 50_000, String(compared));
});

test('tolerantLocation on valid text and past valid containers answers as getLocation does', () => {
  const valid = JSON.stringify({ a: [1, { b: {}, c: [] }, []], d: { e: { f: [{}] } }, g: 'x' }, null, 1);
  for (const text of [valid, valid.replace('"g"', '"na\n"g"'), valid.replace('"c": []', '"c": [')]) {
    for (let offset = 0; offset <= text.length + 1; offset++) {
      assert.deepStrictEqual(shape(tolerantLocation(text, offset)), shape(getLocation(text, offset)), `at ${offset}`);
    }
  }
});
