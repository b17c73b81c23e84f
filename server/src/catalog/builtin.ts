import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog } from './catalog';
import { trustPatternsOf } from './boundedRegExp';
import { loadOpenApi } from './openapi';

export const BUILTIN_SOURCE = 'builtin';

/** Id under which a family's schema document is registered. */
export function docIdFor(family: string, source = BUILTIN_SOURCE): string {
  return source === BUILTIN_SOURCE ? `urn:meeting-payloads:${family}` : `urn:meeting-payloads:user:${source}`;
}

/** Reads every `*.openapi.json` of the schemas folder (the bundled catalog). */
export function readBuiltinDocuments(schemasDir: string): Array<{ file: string; doc: unknown }> {
  return readdirSync(schemasDir)
    .filter((f) => f.endsWith('.openapi.json'))
    .sort()
    .map((file) => ({ file, doc: JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as unknown }));
}

export function familyOf(doc: unknown, fallback: string): string {
  const family = (doc as { 'x-family'?: unknown } | null)?.['x-family'];
  return typeof family === 'string' && family ? family : fallback;
}

export function addBuiltins(catalog: Catalog, documents: Array<{ file: string; doc: unknown }>): void {
  for (const { file, doc } of documents) {
    const family = familyOf(doc, file.replace(/\.openapi\.json$/, ''));
    trustPatternsOf(doc); // every one recheck-safe and bounded by maxLength (test/unit/catalog.test.ts)
    catalog.add(loadOpenApi(doc, { family, docId: docIdFor(family), source: BUILTIN_SOURCE }), file);
  }
}
