/**
 * Validators of the bundled catalog as JavaScript source, generated at build time (ajv/dist/standalone), so that a
 * start of the server or the command line compiles no schema: esbuild puts the module this writes in place of
 * `builtinValidators.ts` (scripts/builtinValidators.mjs). The catalog looks a schema up by its JSON text, so every
 * schema it may be asked to compile is generated: each operation's body, parameters and responses, and every
 * `anyOf`/`oneOf` branch and `if` anywhere in them or in the documents (best-branch errors and schema navigation
 * validate those on their own). Anything else is still compiled at run time.
 *
 * The loaded documents (`loadOpenApi`'s result, as JSON) and their patterns come along, so a start does not load
 * them again. Two groups, so that a start parses only what checking a request file needs: the bodies and
 * parameters of the request-file operations (with what they reach) are code; the rest (responses, reads, token
 * endpoints: more than half of the code) is a string, evaluated (`new Function`) the first time one of its
 * validators is asked for.
 *
 * The Ajv is the catalog's own (`Catalog`'s options, `createAjv`), so the code is what it would compile; the
 * oracle test (test/unit/catalogPrecompiled.test.ts) holds the two to the same verdicts and errors.
 */
import standaloneCode from 'ajv/dist/standalone';
import { createAjv } from './ajv';
import { patternsOf } from './boundedRegExp';
import { addBuiltins, documentsFingerprint, familyOfBuiltin, loadBuiltin, type BuiltinDocument } from './builtin';
import { Catalog, CATALOG_AJV_OPTIONS } from './catalog';
import type { JsonSchema, Operation } from './types';
import { isObj } from '../../../common/json';

/** The schemas to generate, in two groups: what checking a request file needs, and the rest. */
export function precompiledSchemaGroups(documents: readonly BuiltinDocument[]): {
  requests: JsonSchema[];
  rest: JsonSchema[];
} {
  const catalog = new Catalog();
  addBuiltins(catalog, [...documents], undefined);
  const requestRoots: JsonSchema[] = [];
  for (const op of catalog.all()) {
    if (op.body) requestRoots.push(op.body.schema);
    for (const p of op.params) requestRoots.push(p.schema);
  }
  const otherRoots: JsonSchema[] = [];
  const others: Operation[] = [...catalog.allReads(), ...catalog.signInOperations()];
  for (const op of catalog.all()) for (const r of op.responses) if (r.schema !== undefined) otherRoots.push(r.schema);
  for (const op of others) {
    if (op.body) otherRoots.push(op.body.schema);
    for (const p of op.params) otherRoots.push(p.schema);
    for (const r of op.responses) if (r.schema !== undefined) otherRoots.push(r.schema);
  }
  /** The branches and `if`s in `roots` and in every schema they reference (`followRefs`). */
  const parts = (roots: unknown[], followRefs: boolean): JsonSchema[] => {
    const out: JsonSchema[] = [];
    const seen = new Set<unknown>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!isObj(node) || seen.has(node)) return;
      seen.add(node);
      for (const key of ['anyOf', 'oneOf'] as const) {
        const list = node[key];
        if (Array.isArray(list)) out.push(...(list as JsonSchema[]));
      }
      if (isObj(node.if) || typeof node.if === 'boolean') out.push(node.if);
      if (followRefs && typeof node.$ref === 'string') walk(catalog.resolveRef(node.$ref));
      for (const value of Object.values(node)) walk(value);
    };
    roots.forEach(walk);
    return out;
  };
  // validatorFor compiles boolean schemas too (an `if: true`, a branch `false`).
  const requests = [...requestRoots, ...parts(requestRoots, true), true, false];
  const documentsRoots = catalog.documentIds().map((id) => catalog.resolveRef(id));
  const rest = [...otherRoots, ...parts(otherRoots, true), ...parts(documentsRoots, false)];
  return { requests, rest };
}

/** Every schema generated: see the header. */
export function precompiledSchemas(documents: readonly BuiltinDocument[]): JsonSchema[] {
  const { requests, rest } = precompiledSchemaGroups(documents);
  return [...requests, ...rest];
}

/** One group's standalone code (CommonJS: `exports.v<i>`, `require`) and the JSON text of its schemas. */
function groupCode(documents: readonly BuiltinDocument[], schemas: JsonSchema[], taken: Set<string>, shared: string) {
  const ajv = createAjv({ ...CATALOG_AJV_OPTIONS, standalone: { shared } });
  const catalog = new Catalog();
  addBuiltins(catalog, [...documents], undefined);
  for (const id of catalog.documentIds()) ajv.addSchema(catalog.resolveRef(id) as object);
  const keys: string[] = [];
  const exportsByName: Record<string, string> = {};
  for (const schema of schemas) {
    const key = JSON.stringify(schema);
    if (taken.has(key)) continue;
    taken.add(key);
    const name = `v${keys.length}`;
    keys.push(key);
    // The catalog compiles a shallow copy (see Catalog.compile); so does this, under a name to export it by.
    ajv.addSchema(typeof schema === 'boolean' ? schema : { ...schema }, `urn:meeting-payloads:precompiled:${name}`);
    exportsByName[name] = `urn:meeting-payloads:precompiled:${name}`;
  }
  // ajv calls keyword functions with its instance as `this` (`self`); ours use no `this`.
  const code = `const self = undefined;\n${standaloneCode(ajv, exportsByName).replace(/^"use strict";/, '')}`;
  return { keys, code };
}

/** The generated module: ESM, requiring ajv's runtime helpers and `sharedModule` (ajvShared.ts). */
export function precompiledModuleSource(documents: readonly BuiltinDocument[], sharedModule = './ajvShared'): string {
  const { requests, rest } = precompiledSchemaGroups(documents);
  const taken = new Set<string>();
  const first = groupCode(documents, requests, taken, sharedModule);
  const second = groupCode(documents, rest, taken, sharedModule);
  // The string's code requires through a table of the modules it names, bundled here.
  const required = [...new Set([...second.code.matchAll(/\brequire\(("[^"]+")\)/g)].map((m) => m[1]))];
  return [
    '// Generated at build time by server/src/catalog/precompile.ts (scripts/builtinValidators.mjs): do not edit.',
    '/* eslint-disable */',
    `export const BUILTIN_VALIDATORS = {`,
    `  fingerprint: ${JSON.stringify(documentsFingerprint(documents))},`,
    `  families: ${JSON.stringify(documents.map(familyOfBuiltin))},`,
    `  loaded: ${JSON.stringify(documents.map((d) => JSON.stringify(loadBuiltin(d))))},`,
    `  patterns: ${JSON.stringify([...new Set(documents.flatMap((d) => patternsOf(d.doc)))])},`,
    `  groups: [`,
    `    {`,
    `      keys: ${JSON.stringify(first.keys)},`,
    `      create() {`,
    `        const exports = {};`,
    first.code,
    `        return exports;`,
    `      },`,
    `    },`,
    `    {`,
    `      keys: ${JSON.stringify(second.keys)},`,
    `      create() {`,
    `        const modules = { ${required.map((r) => `${r}: require(${r})`).join(', ')} };`,
    `        const exports = {};`,
    `        new Function('require', 'exports', ${JSON.stringify(second.code)})((name) => modules[name], exports);`,
    `        return exports;`,
    `      },`,
    `    },`,
    `  ],`,
    `};`,
    '',
  ].join('\n');
}
