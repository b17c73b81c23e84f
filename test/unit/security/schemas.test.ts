/**
 * T27 — ReDoS and untrusted schemas.
 *
 * Our own schemas are trusted code, so they are held to ajv's security meta-schema
 * (`ajv/lib/refs/json-schema-secure.json`: `pattern` and `format` only with `maxLength`, `uniqueItems` on
 * objects or arrays only with `maxItems`, `patternProperties` only with a bounded `propertyNames`), checked
 * here on every schema node of the catalog — 2020-12 keywords included, which the draft-07 meta-schema does
 * not descend into. That every `pattern` is anchored, bounded and recheck-safe, and fast on 100,000
 * characters, is already asserted by test/unit/catalog.test.ts ("patterns are anchored, bounded by maxLength
 * and safe from catastrophic backtracking") and not repeated here. A schema named by a file (`$schema`) is
 * never fetched: a loopback canary must get no request while the file is validated, hovered, completed and
 * prepared.
 */
import { isObj } from '../../../common/json';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { createAjv } from '../../../server/src/catalog/ajv';
import { ROOT, positionAt, startLogged, type LoggedHarness, messageOf } from './helpers';

const SCHEMAS = join(ROOT, 'schemas');
const secureMeta = JSON.parse(
  readFileSync(join(ROOT, 'node_modules', 'ajv', 'lib', 'refs', 'json-schema-secure.json'), 'utf8'),
) as object;

type Obj = Record<string, unknown>;

const MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SINGLES = [
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'contentSchema',
];
const ARRAYS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

/** Every schema node under `node` (a schema), with its JSON pointer. Iterative. */
function schemaNodes(root: unknown, pointer: string): Array<{ pointer: string; node: Obj }> {
  const out: Array<{ pointer: string; node: Obj }> = [];
  const stack: Array<{ pointer: string; node: unknown }> = [{ pointer, node: root }];
  while (stack.length) {
    const { pointer: p, node } = stack.pop()!;
    if (!isObj(node)) continue;
    out.push({ pointer: p, node });
    for (const [k, v] of Object.entries(node)) {
      if (MAPS.includes(k) && isObj(v)) {
        for (const [name, sub] of Object.entries(v)) stack.push({ pointer: `${p}/${k}/${name}`, node: sub });
      } else if (SINGLES.includes(k)) stack.push({ pointer: `${p}/${k}`, node: v });
      else if (ARRAYS.includes(k) && Array.isArray(v)) {
        v.forEach((sub, i) => stack.push({ pointer: `${p}/${k}/${i}`, node: sub }));
      }
    }
  }
  return out;
}

/** Schema roots of an OpenAPI document: every `schema` value and every `components.schemas` entry. */
function openApiSchemaRoots(doc: unknown): Array<{ pointer: string; node: unknown }> {
  const out: Array<{ pointer: string; node: unknown }> = [];
  const stack: Array<{ pointer: string; node: unknown }> = [{ pointer: '', node: doc }];
  while (stack.length) {
    const { pointer, node } = stack.pop()!;
    if (Array.isArray(node)) node.forEach((v, i) => stack.push({ pointer: `${pointer}/${i}`, node: v }));
    else if (isObj(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'schema' || pointer === '/components/schemas') out.push({ pointer: `${pointer}/${k}`, node: v });
        else if (k !== 'example' && k !== 'examples') stack.push({ pointer: `${pointer}/${k}`, node: v });
      }
    }
  }
  return out;
}

/**
 * Nodes that fail the secure meta-schema on purpose, with the reason. Empty: every node passes. A new
 * failure must be fixed in schemas/ (add the missing bound) or justified here.
 */
const JUSTIFIED: Record<string, string> = {};

describe('T27: ReDoS and untrusted schemas', () => {
  test('T27: every schema node of the catalog passes ajv’s security meta-schema (json-schema-secure.json)', (t) => {
    const validateSecure = new Ajv({ strict: false, allErrors: true }).compile(secureMeta);
    const files = readdirSync(SCHEMAS)
      .filter((f) => f.endsWith('.json'))
      .sort();
    assert.ok(files.includes('request.schema.json') && files.length >= 4);
    const failures: string[] = [];
    let checked = 0;
    for (const file of files) {
      const doc = JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as unknown;
      const roots = file.endsWith('.openapi.json') ? openApiSchemaRoots(doc) : [{ pointer: '', node: doc }];
      for (const root of roots) {
        for (const { pointer, node } of schemaNodes(root.node, root.pointer)) {
          checked++;
          const where = `${file}#${pointer}`;
          if (validateSecure(node) || JUSTIFIED[where]) continue;
          failures.push(`${where}: ${(validateSecure.errors ?? []).map((e) => e.message).join('; ')}`);
        }
      }
    }
    assert.ok(checked > 200, `${checked} schema nodes checked`);
    t.diagnostic(`${checked} schema nodes in ${files.length} files checked, ${failures.length} failures`);
    assert.deepEqual(failures, []);
  });

  test('T27: the meta-schema check catches what it should (pattern, format, uniqueItems, patternProperties)', () => {
    const validateSecure = new Ajv({ strict: false }).compile(secureMeta);
    assert.equal(validateSecure({ type: 'string', pattern: '^a+$' }), false);
    assert.equal(validateSecure({ type: 'string', format: 'email' }), false);
    assert.equal(validateSecure({ type: 'array', uniqueItems: true, items: { type: 'object' } }), false);
    assert.equal(validateSecure({ patternProperties: { '^x': {} } }), false);
    assert.equal(validateSecure({ type: 'string', pattern: '^a+$', maxLength: 10 }), true);
  });

  test('T27: ajv runs without $data (CVE-2025-69873) and never loads schemas on its own', () => {
    for (const ajv of [createAjv(), createAjv({ strict: false, reportDeprecated: true })]) {
      assert.notEqual(ajv.opts.$data, true, '$data is off');
      assert.equal(ajv.opts.loadSchema, undefined, 'no remote schema loading');
    }
    const sources = ['server/src/catalog/ajv.ts', 'server/src/catalog/catalog.ts'].map((f) =>
      readFileSync(join(ROOT, f), 'utf8'),
    );
    for (const source of sources) {
      assert.ok(!/\$data\s*:\s*true/.test(source));
      assert.ok(!/loadSchema|compileAsync/.test(source), 'no asynchronous (remote) schema loading');
    }
  });
});

describe('T27: a $schema named by the file is never fetched', () => {
  let h: LoggedHarness;
  let canary: http.Server;
  let hits = 0;
  let port = 0;
  before(async () => {
    h = await startLogged();
    canary = http.createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'Content-Type': 'application/schema+json' }).end('{"type":"object"}');
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    port = (canary.address() as { port: number }).port;
  });
  after(async () => {
    await h.lsp.dispose();
    await new Promise((resolve) => canary.close(resolve));
  });

  test('T27: "$schema": "http://127.0.0.1:CANARY/…" → canary 0 hits; the bundled schema is used and says so', async () => {
    const text = `{"$schema": "http://127.0.0.1:${port}/s.json", "operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {"chairPwd": "12ab"}}`;
    const uri = 'file:///canary.meeting.json';
    const diagnostics = await h.lsp.open(uri, text);
    assert.ok(
      diagnostics.some((d) => d.code === 'schema-ignored' && /is ignored \(never fetched\)/.test(messageOf(d))),
    );
    assert.ok(
      diagnostics.some((d) => messageOf(d).startsWith('chairPwd must be')),
      'the bundled schema validated the body',
    );
    for (let offset = 0; offset < text.length; offset += 7) {
      await h.lsp.hover(uri, positionAt(text, offset));
      await h.lsp.completion(uri, positionAt(text, offset));
    }
    await h.lsp.codeActions(uri, diagnostics);
    await h.lsp.prepare(uri);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(hits, 0, 'the canary was never asked');
    assert.deepEqual(h.errors, []);
  });
});
