/**
 * Validators of the bundled catalog as JavaScript source, generated at build time (ajv/dist/standalone), so that a
 * start of the server or the command line compiles no schema: esbuild puts the module this writes in place of
 * `builtinValidators.ts` (scripts/builtinValidators.mjs). The catalog looks a schema up by its JSON text, so every
 * schema it may be asked to compile is generated: each operation's body, parameters and responses, and every
 * `anyOf`/`oneOf` branch and `if` anywhere in them or in the documents (best-branch errors and schema navigation
 * validate those on their own). Anything else is still compiled at run time.
 *
 * The Ajv is the catalog's own (`Catalog`'s options, `createAjv`), so the code is what it would compile; the
 * oracle test (test/unit/catalogPrecompiled.test.ts) holds the two to the same verdicts and errors.
 */
import standaloneCode from 'ajv/dist/standalone';
import { createAjv } from './ajv';
import { addBuiltins, documentsFingerprint, type BuiltinDocument } from './builtin';
import { Catalog, CATALOG_AJV_OPTIONS } from './catalog';
import type { JsonSchema, Operation } from './types';
import { isObj } from '../../../common/json';

/** Every schema the catalog of `documents` may compile: see the header. */
export function precompiledSchemas(documents: readonly BuiltinDocument[]): JsonSchema[] {
  const catalog = new Catalog();
  addBuiltins(catalog, [...documents]);
  const ops: Operation[] = [...catalog.all(), ...catalog.allReads(), ...catalog.signInOperations()];
  const roots: JsonSchema[] = [];
  for (const op of ops) {
    if (op.body) roots.push(op.body.schema);
    for (const p of op.params) roots.push(p.schema);
    for (const r of op.responses) if (r.schema !== undefined) roots.push(r.schema);
  }
  const out = [...roots];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObj(node)) return;
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = node[key];
      if (Array.isArray(list)) out.push(...(list as JsonSchema[]));
    }
    if (isObj(node.if) || typeof node.if === 'boolean') out.push(node.if);
    for (const value of Object.values(node)) walk(value);
  };
  roots.forEach(walk);
  for (const id of catalog.documentIds()) walk(catalog.resolveRef(id));
  // validatorFor compiles boolean schemas too (an `if: true`, a branch `false`).
  out.push(true, false);
  return out;
}

/** The generated module: ESM, requiring ajv's runtime helpers and `sharedModule` (ajvShared.ts). */
export function precompiledModuleSource(documents: readonly BuiltinDocument[], sharedModule = './ajvShared'): string {
  const ajv = createAjv({ ...CATALOG_AJV_OPTIONS, standalone: { shared: sharedModule } });
  const catalog = new Catalog();
  addBuiltins(catalog, [...documents]);
  for (const id of catalog.documentIds()) ajv.addSchema(catalog.resolveRef(id) as object);
  const keys: string[] = [];
  const exportsByKey: Record<string, string> = {};
  for (const schema of precompiledSchemas(documents)) {
    const key = JSON.stringify(schema);
    if (keys.includes(key)) continue;
    const name = `v${keys.length}`;
    keys.push(key);
    // The catalog compiles a shallow copy (see Catalog.compile); so does this, under a name to export it by.
    ajv.addSchema(typeof schema === 'boolean' ? schema : { ...schema }, `urn:meeting-payloads:precompiled:${name}`);
    exportsByKey[name] = `urn:meeting-payloads:precompiled:${name}`;
  }
  const code = standaloneCode(ajv, exportsByKey).replace(/^"use strict";/, '');
  return [
    '// Generated at build time by server/src/catalog/precompile.ts (scripts/builtinValidators.mjs): do not edit.',
    '/* eslint-disable */',
    `export const BUILTIN_VALIDATORS = {`,
    `  fingerprint: ${JSON.stringify(documentsFingerprint(documents))},`,
    `  keys: ${JSON.stringify(keys)},`,
    `  create() {`,
    `    const exports = {};`,
    // ajv calls keyword functions with its instance as `this` (`self`); ours use no `this`.
    `    const self = undefined;`,
    code,
    `    return exports;`,
    `  },`,
    `};`,
    '',
  ].join('\n');
}
