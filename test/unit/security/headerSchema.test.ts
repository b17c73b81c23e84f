/**
 * `schemas/request.schema.json` states the header limits for other editors; `common/headerRules.ts` is the one
 * definition the editor, the command line and the sender decide by. These tests fail when the two drift: the
 * schema's facets must be exactly `HEADER_SCHEMA`, and over generated names and values the schema accepts
 * exactly what the rules' name checks and every value rule accept (an oracle: ajv on the schema), so the schema
 * never allows a value the sender refuses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { HEADER_SCHEMA, checkHeaders, type HeaderRuleCode } from '../../../common/headerRules';

const ROOT = join(__dirname, '..', '..', '..');
const envelope = JSON.parse(readFileSync(join(ROOT, 'schemas', 'request.schema.json'), 'utf8')) as {
  properties: {
    headers: {
      propertyNames: Record<string, unknown>;
      additionalProperties: Record<string, unknown>;
      patternProperties: Record<string, Record<string, unknown>>;
    };
  };
};
const headers = envelope.properties.headers;

/** The facets of a schema object that constrain (annotations left out). */
function facets(schema: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k]) => !/^(description|x-|examples)/.test(k))
      .map(([k, v]) => [k, k === 'allOf' ? (v as Array<Record<string, unknown>>).map(facets) : v]),
  );
}

test('the envelope schema states the header limits of headerRules, no other', () => {
  assert.deepEqual(facets(headers.propertyNames), HEADER_SCHEMA.name);
  assert.deepEqual(facets(headers.additionalProperties), HEADER_SCHEMA.value);
  assert.deepEqual(
    Object.fromEntries(Object.entries(headers.patternProperties).map(([k, v]) => [k, facets(v)])),
    HEADER_SCHEMA.byName,
  );
});

const ajv = new Ajv2020({ strict: false, unicodeRegExp: true });
const schemaAccepts = ajv.compile({ type: 'object', propertyNames: headers.propertyNames });
const headersAccept = ajv.compile({ type: 'object', ...headers });

/**
 * Deterministic cases (no timing, the same every run): a run of `base` characters of a length around each limit,
 * and in half of them one of `specials` put somewhere in it.
 */
function* strings(seed: number, count: number, base: string, specials: string[]): Generator<string> {
  let x = seed;
  const next = (n: number) => ((x = (x * 1103515245 + 12345) & 0x7fffffff), (x >> 8) % n);
  const lengths = [0, 1, 5, 255, 256, 257, 8191, 8192, 8193];
  for (let i = 0; i < count; i++) {
    const chars = Array.from({ length: lengths[next(lengths.length)] }, () => base[next(base.length)]);
    const special = next(specials.length * 2); // half the cases have none
    if (special < specials.length) {
      chars.splice(next(chars.length + 1), chars.length > 0 ? next(2) : 0, specials[special]);
    }
    yield chars.join('');
  }
}

const ctx = { operationId: 'op', documented: undefined, credentialHeaders: [] };
const codes = (name: string, value: string): HeaderRuleCode[] =>
  checkHeaders([[name, value]], ctx).problems.map((p) => p.code);

test('over generated names, the schema rejects exactly what the rules call a bad header name', () => {
  let rejected = 0;
  for (const name of strings(7, 400, "aZ9-_~!#$%&'*+.^`|", [' ', ':', '\r', '\n', '\0', '"', '(', 'é', '\u2028'])) {
    const rule = codes(name, 'x').includes('header-name');
    assert.equal(!schemaAccepts({ [name]: 'x' }), rule, JSON.stringify(name.slice(0, 40)) + ` (${name.length})`);
    if (rule) rejected++;
  }
  assert.ok(rejected >= 40 && rejected <= 360, `both outcomes occur (${rejected} of 400 rejected)`);
});

const VALUE_RULES: HeaderRuleCode[] = [
  'header-line-break',
  'header-control-character',
  'header-non-ascii',
  'header-too-long',
  'header-content-type',
];

test('over generated values, the schema rejects exactly what the value rules refuse, Content-Type included', () => {
  const specials = ['\r', '\n', '\0', '\x07', '\x7f', '\u0085', 'é', '\u202e', '\u2028', '\u{1f600}', ';', '+'];
  for (const name of ['X-Request-Id', 'Content-Type', 'content-TYPE']) {
    const rejected = new Map<HeaderRuleCode | 'none', number>();
    let count = 0;
    const values = [...strings(11, 400, 'aZ9 -:;"\t', specials)];
    // Content-Type values around the JSON media types, with the same specials.
    for (const v of strings(13, 200, 'a', specials)) values.push(`application/json${v.slice(0, 40)}`);
    values.push('application/json', 'APPLICATION/JSON; charset=utf-8', 'application/problem+json', 'text/plain');
    for (const value of values) {
      const refused = codes(name, value).find((c) => VALUE_RULES.includes(c));
      assert.equal(
        !headersAccept({ [name]: value }),
        refused !== undefined,
        `${name}: ${JSON.stringify(value.slice(0, 40))} (${value.length})`,
      );
      rejected.set(refused ?? 'none', (rejected.get(refused ?? 'none') ?? 0) + 1);
      count++;
    }
    // Both outcomes occur, and every character rule is exercised.
    assert.ok(
      (rejected.get('none') ?? 0) > 5 && (rejected.get('none') ?? 0) < count - 20,
      `${name}: ${JSON.stringify([...rejected])}`,
    );
    for (const c of ['header-line-break', 'header-control-character', 'header-non-ascii', 'header-too-long'] as const) {
      assert.ok((rejected.get(c) ?? 0) > 0, `${name}: ${c} never occurs (${JSON.stringify([...rejected])})`);
    }
    if (name !== 'X-Request-Id') assert.ok((rejected.get('header-content-type') ?? 0) > 0, name);
  }
});
