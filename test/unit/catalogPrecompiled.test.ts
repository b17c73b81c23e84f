/**
 * The validators generated at build time (server/src/catalog/precompile.ts) against the ones the catalog compiles
 * at run time: over the documented examples and generated valid and invalid bodies, the same verdicts and the
 * same errors, raw (ajv's error objects) and as reported (every problem of `analyze`, every difference of the
 * response check). Also that the precompiled ones are really used, and only for the documents they came from.
 *
 * The module is the build's (the same generator and `./ajvShared` reference), evaluated here with a `require`
 * from the catalog's folder, so both catalogs share ajvShared.ts as the bundles do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Catalog } from '../../server/src/catalog/catalog';
import { addBuiltins, loadBuiltin, readBuiltinDocuments, type BuiltinDocument } from '../../server/src/catalog/builtin';
import type { PrecompiledValidators } from '../../server/src/catalog/builtinValidators';
import { loadedDocumentFromJson } from '../../server/src/catalog/openapi';
import { precompiledModuleSource, precompiledSchemas } from '../../server/src/catalog/precompile';
import type { JsonSchema, Operation } from '../../server/src/catalog/types';
import { analyze } from '../../server/src/features/analyze';
import { checkResponse } from '../../server/src/features/responseCheck';
import { DEFAULT_SERVER_SETTINGS } from '../../common/settings';
import { isObj } from '../../common/json';
import { SCHEMAS_DIR } from '../helpers/catalog';
import { documentedRequests, documentedResponses } from '../helpers/documentedExamples';
import { generatedCases } from '../helpers/generatedCases';

const CATALOG_DIR = join(__dirname, '..', '..', 'server', 'src', 'catalog');
const documents = readBuiltinDocuments(SCHEMAS_DIR);

/** The generated module as the bundles get it, evaluated; `created` records what each group's `create()` returned. */
function generated(docs: BuiltinDocument[]): {
  validators: PrecompiledValidators;
  created: Array<{ group: number; made: Record<string, unknown> }>;
} {
  const source = precompiledModuleSource(docs);
  const body = source.replace('export const BUILTIN_VALIDATORS =', 'return');
  assert.notEqual(body, source);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the generated module, as esbuild would include it
  const module = new Function('require', body) as (r: NodeJS.Require) => PrecompiledValidators;
  const validators = module(createRequire(join(CATALOG_DIR, 'index.ts')));
  const created: Array<{ group: number; made: Record<string, unknown> }> = [];
  const groups = validators.groups.map((g, group) => ({
    keys: g.keys,
    create: () => {
      const made = g.create();
      created.push({ group, made });
      return made;
    },
  }));
  return { validators: { ...validators, groups }, created };
}

const pre = generated(documents);
const precompiled = new Catalog();
addBuiltins(precompiled, documents, pre.validators);
const compiled = new Catalog();
addBuiltins(compiled, documents, undefined);

const operations = (c: Catalog): Operation[] => [...c.all(), ...c.allReads(), ...c.signInOperations()];

const cases = generatedCases(20261205, 60, 2);
const requests = [...documentedRequests().map((r) => ({ source: r.source, text: r.text })), ...cases];

/** Verdict and errors of a validator, as the features read them. */
function run(validate: ValidateFunction, value: unknown): { valid: boolean; errors: ErrorObject[] } {
  const valid = validate(value) === true;
  return { valid, errors: valid ? [] : [...(validate.errors ?? [])] };
}

test('the precompiled module covers every body, parameter and response schema, and the catalog uses it', () => {
  assert.equal(pre.created.length, 0, 'nothing is evaluated before a validator is asked for');
  // Checking request files evaluates only the first group.
  const made = new Set<unknown>();
  for (const op of precompiled.all()) {
    if (op.body) made.add(precompiled.bodyValidator(op));
    for (const p of op.params) made.add(precompiled.validatorFor(p.schema));
  }
  assert.deepEqual(
    pre.created.map((c) => c.group),
    [0],
  );
  for (const op of operations(precompiled)) {
    if (op.body) made.add(precompiled.bodyValidator(op));
    for (const p of op.params) made.add(precompiled.validatorFor(p.schema));
    for (const r of op.responses) if (r.schema !== undefined) made.add(precompiled.validatorFor(r.schema));
  }
  assert.deepEqual(
    pre.created.map((c) => c.group),
    [0, 1],
    'each group evaluated once',
  );
  const functions = new Set(pre.created.flatMap((c) => Object.values(c.made)));
  assert.deepEqual(
    [...made].filter((v) => !functions.has(v)),
    [],
    'every validator the catalog gave is a precompiled one',
  );
  assert.ok(made.size > 20, `${made.size} validators`);
  // The runtime catalog compiles its own.
  for (const op of operations(compiled)) if (op.body) assert.ok(!functions.has(compiled.bodyValidator(op)));
  // Every generated schema, branches and `if`s included, is one the catalog's lookup finds.
  for (const schema of precompiledSchemas(documents)) assert.ok(functions.has(precompiled.validatorFor(schema)));
  assert.equal(pre.created.length, 2);
});

test('the loaded documents come along as loadOpenApi loads them, so both catalogs have the same operations', () => {
  assert.equal(pre.validators.loaded.length, documents.length);
  documents.forEach((d, i) =>
    assert.deepStrictEqual(loadedDocumentFromJson(pre.validators.loaded[i]), loadBuiltin(d), d.file),
  );
  assert.deepStrictEqual(precompiled.all(), compiled.all());
  assert.deepStrictEqual(precompiled.allReads(), compiled.allReads());
  assert.deepStrictEqual(precompiled.signInOperations(), compiled.signInOperations());
  assert.deepStrictEqual(precompiled.problems, compiled.problems);
  for (const id of compiled.documentIds()) assert.deepStrictEqual(precompiled.resolveRef(id), compiled.resolveRef(id));
  for (const op of compiled.all()) assert.deepStrictEqual(precompiled.sourceOf(op), compiled.sourceOf(op));
  // Precompiled, the documents are never parsed (their text is only hashed).
  const unparsed = documents.map((d) => ({
    file: d.file,
    path: d.path,
    text: d.text,
    get doc(): unknown {
      throw new Error(`${d.file} parsed`);
    },
  }));
  const catalog = new Catalog();
  addBuiltins(catalog, unparsed, pre.validators);
  assert.deepStrictEqual(catalog.all(), compiled.all());
});

test('raw: body validators give the same verdicts and ajv errors on every documented and generated request', () => {
  let invalid = 0;
  for (const r of requests) {
    let file: unknown;
    try {
      file = JSON.parse(r.text);
    } catch {
      continue;
    }
    if (!isObj(file) || typeof file.operation !== 'string') continue;
    const a = precompiled.get(file.operation);
    const b = compiled.get(file.operation);
    if (!a?.body || !b?.body) continue;
    const got = run(precompiled.bodyValidator(a)!, file.body);
    assert.deepStrictEqual(got, run(compiled.bodyValidator(b)!, file.body), r.source);
    if (!got.valid) invalid++;
  }
  assert.ok(invalid >= 100, `${invalid} invalid bodies`);
});

test('raw: every generated schema (branches and ifs too) judges the generated values alike', () => {
  // Each schema against the values of the cases: most fail, which is the point (errors compared too).
  const values = cases.slice(0, 40).map((c) => (JSON.parse(c.text) as { body?: unknown }).body);
  values.push(undefined, null, 0, '', 'x', [], {}, [1, 1], { a: 1 });
  const schemas: JsonSchema[] = precompiledSchemas(documents);
  for (const schema of schemas) {
    const a = precompiled.validatorFor(schema);
    const b = compiled.validatorFor(schema);
    for (const v of values) assert.deepStrictEqual(run(a, v), run(b, v), JSON.stringify(schema).slice(0, 200));
  }
});

test('reported: analyze gives the same problems (every severity, message and fix) with either catalog', () => {
  let problems = 0;
  for (const r of requests) {
    const got = analyze(r.text, precompiled, DEFAULT_SERVER_SETTINGS);
    assert.deepStrictEqual(got, analyze(r.text, compiled, DEFAULT_SERVER_SETTINGS), r.source);
    problems += got.problems.length;
  }
  assert.ok(problems >= 100, `${problems} problems`);
});

test('reported: the response check gives the same differences with either catalog', () => {
  const responses = documentedResponses();
  assert.ok(responses.length > 5);
  for (const r of responses) {
    // As documented, and broken: every value of the top level replaced by a string.
    const value = JSON.parse(r.body) as unknown;
    const broken = isObj(value) ? Object.fromEntries(Object.keys(value).map((k) => [k, 'x'])) : 'x';
    for (const body of [r.body, JSON.stringify(broken)]) {
      const params = { operationId: r.operationId, status: r.status, body, truncated: false };
      assert.deepStrictEqual(checkResponse(params, precompiled), checkResponse(params, compiled), r.source);
    }
  }
});

test('precompiled validators are used only for the documents they were generated from', () => {
  // As read from another folder: the document changed (so is its text, which the fingerprint reads).
  const changed = documents.map((d) => ({ ...d, doc: structuredClone(d.doc), text: undefined }));
  const huawei = changed.find((d) => d.file.startsWith('huawei'))!;
  (huawei.doc as { info: { version: string } }).info.version += '-changed';
  const own = generated(documents);
  const catalog = new Catalog();
  addBuiltins(catalog, changed, own.validators);
  const op = catalog.all()[0];
  assert.ok(op.body);
  const validate = catalog.bodyValidator(op);
  assert.equal(own.created.length, 0, 'not evaluated: compiled at run time instead');
  assert.equal(typeof validate, 'function');
  // A strict catalog compiles its own too (the code was generated with the lenient options).
  const strict = new Catalog({ strict: true });
  addBuiltins(strict, documents, own.validators);
  strict.bodyValidator(strict.all()[0]);
  assert.equal(own.created.length, 0);
});
