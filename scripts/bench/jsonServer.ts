/**
 * The anchor: a stdio LSP server doing what VS Code's own JSON support does (vscode-json-languageservice:
 * parse, then validate against the schema), with incremental sync and no debounce, like ours in the bench.
 */
import { createConnection, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'vscode-json-languageservice';
import { benchSchema } from './schema';

const connection = createConnection(process.stdin, process.stdout);
const documents = new TextDocuments(TextDocument);
const ls = getLanguageService({});
ls.configure({
  validate: true,
  allowComments: false,
  schemas: [{ uri: 'bench://request.schema.json', fileMatch: ['*.meeting.json'], schema: benchSchema() }],
});

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

async function validate(doc: TextDocument): Promise<void> {
  const version = doc.version;
  const json = ls.parseJSONDocument(doc);
  const diagnostics = await ls.doValidation(doc, json, {
    schemaValidation: 'error',
    trailingCommas: 'error',
    comments: 'error',
  });
  await connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
}

documents.onDidChangeContent((e) => void validate(e.document));
documents.listen(connection);
connection.listen();
