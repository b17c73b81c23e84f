/**
 * The anchor: a stdio LSP server doing what VS Code's own JSON support does (vscode-json-languageservice:
 * parse once per version, cached as VS Code's languageModelCache does, then validate against the schema; the
 * same parsed document serves completion, hover, the outline and formatting), with incremental sync and no
 * debounce, like ours in the bench. Its outline is capped as VS Code caps it (`json.maxItemsComputed`, the engine's
 * `resultLimit`) at our default `meetingPayloads.outline.maxItems`, which equals it. The bench runs it bundled (`lspServers.ts`), as ours runs from dist/.
 */
import { createConnection, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, type JSONDocument } from 'vscode-json-languageservice';
import { DEFAULT_SERVER_SETTINGS } from '../../common/settings';
import { benchSchema } from './schema';

const connection = createConnection(process.stdin, process.stdout);
const documents = new TextDocuments(TextDocument);
const ls = getLanguageService({});
ls.configure({
  validate: true,
  allowComments: false,
  schemas: [{ uri: 'bench://request.schema.json', fileMatch: ['*.meeting.json'], schema: benchSchema() }],
});

const parsed = new Map<string, { version: number; json: JSONDocument }>();
function jsonOf(doc: TextDocument): JSONDocument {
  const cached = parsed.get(doc.uri);
  if (cached?.version === doc.version) return cached.json;
  const json = ls.parseJSONDocument(doc);
  parsed.set(doc.uri, { version: doc.version, json });
  return json;
}

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    completionProvider: { triggerCharacters: ['"', ':'] },
    hoverProvider: true,
    documentSymbolProvider: true,
    documentFormattingProvider: true,
  },
}));

async function validate(doc: TextDocument): Promise<void> {
  const version = doc.version;
  const diagnostics = await ls.doValidation(doc, jsonOf(doc), {
    schemaValidation: 'error',
    trailingCommas: 'error',
    comments: 'error',
  });
  await connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
}

const withDoc =
  <P extends { textDocument: { uri: string } }, R>(fn: (doc: TextDocument, params: P) => R) =>
  (params: P): R | null => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? fn(doc, params) : null;
  };

connection.onCompletion(withDoc((doc, p) => ls.doComplete(doc, p.position, jsonOf(doc))));
connection.onHover(withDoc((doc, p) => ls.doHover(doc, p.position, jsonOf(doc))));
const resultLimit = DEFAULT_SERVER_SETTINGS.outlineMaxItems;
connection.onDocumentSymbol(withDoc((doc) => ls.findDocumentSymbols2(doc, jsonOf(doc), { resultLimit })));
connection.onDocumentFormatting(withDoc((doc, p) => ls.format(doc, undefined, p.options)));

documents.onDidChangeContent((e) => void validate(e.document));
documents.onDidClose((e) => parsed.delete(e.document.uri));
documents.listen(connection);
connection.listen();
