import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Catalog } from './catalog';
import { trustPatterns, trustPatternsOf } from './boundedRegExp';
import { BUILTIN_VALIDATORS, type PrecompiledValidators } from './builtinValidators';
import { loadedDocumentFromJson, loadOpenApi, type LoadedDocument } from './openapi';

export const BUILTIN_SOURCE = 'builtin';

/** Id under which a family's schema document is registered. */
export function docIdFor(family: string, source = BUILTIN_SOURCE): string {
  return source === BUILTIN_SOURCE ? `urn:meeting-payloads:${family}` : `urn:meeting-payloads:user:${source}`;
}

/** A document of the bundled catalog; `path` and `text` when read from disk (Go to Definition opens them). */
export interface BuiltinDocument {
  file: string;
  doc: unknown;
  path?: string;
  text?: string;
}

/**
 * Reads every `*.openapi.json` of the schemas folder (the bundled catalog). Each `doc` is parsed when first read:
 * with precompiled validators for these texts, a start never needs it (a text that is not JSON then fails there).
 */
export function readBuiltinDocuments(schemasDir: string): BuiltinDocument[] {
  return readdirSync(schemasDir)
    .filter((f) => f.endsWith('.openapi.json'))
    .sort()
    .map((file) => {
      const path = join(schemasDir, file);
      const text = readFileSync(path, 'utf8');
      let doc: unknown;
      let parsed = false;
      return {
        file,
        get doc(): unknown {
          if (!parsed) [doc, parsed] = [JSON.parse(text) as unknown, true];
          return doc;
        },
        path,
        text,
      };
    });
}

export function familyOf(doc: unknown, fallback: string): string {
  const family = (doc as { 'x-family'?: unknown } | null)?.['x-family'];
  return typeof family === 'string' && family ? family : fallback;
}

/** Which documents precompiled validators belong to: their file names and contents. */
export function documentsFingerprint(documents: readonly BuiltinDocument[]): string {
  const hash = createHash('sha256');
  // The text as read when there is one (no second serialization at start-up).
  for (const d of documents) hash.update(`${d.file}\u0000${d.text ?? JSON.stringify(d.doc)}\u0000`);
  return hash.digest('hex');
}

/**
 * Adds the bundled catalog. When `precompiled` (the build's by default) was generated from these very documents
 * (schemas/ can be pointed elsewhere), their validators come from it and so do the loaded documents and patterns;
 * otherwise the documents are loaded here and their validators compiled on use.
 */
export function addBuiltins(
  catalog: Catalog,
  documents: BuiltinDocument[],
  precompiled: PrecompiledValidators | undefined = BUILTIN_VALIDATORS,
): void {
  const ready = precompiled && precompiled.fingerprint === documentsFingerprint(documents) ? precompiled : undefined;
  if (ready) {
    catalog.usePrecompiled(ready);
    trustPatterns(ready.patterns);
  }
  documents.forEach((document, i) => {
    const { file, path, text } = document; // not `doc`: precompiled, it is never parsed
    const family = ready ? ready.families[i] : familyOfBuiltin(document);
    // Every pattern recheck-safe and bounded by maxLength (test/unit/catalog.test.ts).
    if (!ready) trustPatternsOf(document.doc);
    const loaded = ready ? loadedDocumentFromJson(ready.loaded[i]) : loadBuiltin(document);
    catalog.add(loaded, file, { checked: true });
    if (path !== undefined && text !== undefined) {
      catalog.setSource(docIdFor(family), { uri: pathToFileURL(path).toString(), text, fileName: file });
    }
  });
}

/** The family of a bundled document: its `x-family`, else its file name. */
export function familyOfBuiltin(document: BuiltinDocument): string {
  return familyOf(document.doc, document.file.replace(/\.openapi\.json$/, ''));
}

/** What `addBuiltins` loads from each document: for precompile.ts. */
export function loadBuiltin(document: BuiltinDocument): LoadedDocument {
  const family = familyOfBuiltin(document);
  return loadOpenApi(document.doc, { family, docId: docIdFor(family), source: BUILTIN_SOURCE });
}
