/** The bundled catalog, loaded once per test process the way the server loads it. */
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalog } from '../../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../../server/src/catalog/builtin';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../../common/settings';
import { analyze } from '../../server/src/features/analyze';

export const SCHEMAS_DIR = join(__dirname, '..', '..', 'schemas');

let cached: Catalog | undefined;
export function builtinCatalog(): Catalog {
  if (!cached) {
    cached = new Catalog();
    addBuiltins(cached, readBuiltinDocuments(SCHEMAS_DIR));
  }
  return cached;
}

export function doc(text: string, uri = 'file:///test.meeting.json'): TextDocument {
  return TextDocument.create(uri, 'meeting-json', 1, text);
}

export function problemsOf(text: string, settings: Partial<ServerSettings> = {}) {
  return analyze(text, builtinCatalog(), { ...DEFAULT_SERVER_SETTINGS, ...settings }).problems;
}

/** Problems with the text they underline, for terse, whole-object assertions. */
export function underlined(text: string, settings: Partial<ServerSettings> = {}) {
  return problemsOf(text, settings).map((p) => ({
    code: p.code,
    severity: p.severity,
    at: text.slice(p.offset, p.offset + p.length),
    message: p.message,
  }));
}
