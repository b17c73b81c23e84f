/**
 * Wires the pure features to an LSP connection. Thin on purpose: every behaviour lives in `features/`,
 * every handler goes through `runSafe`.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type Connection,
  type ResponseError,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CatalogStatus,
  CheckResponse,
  ImportCurl,
  ListOperations,
  PrepareRequest,
  type ImportCurlResult,
} from '../../common/protocol';
import { Catalog } from './catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from './catalog/builtin';
import { DocumentValues } from './documentCache';
import { analyze } from './features/analyze';
import { codeActionsFor, fixAllFor } from './features/codeActions';
import { definition, documentLinks, writtenOperation } from './features/definition';
import { complete } from './features/completion';
import { toDiagnostics } from './features/diagnostics';
import { formatDocument } from './features/formatting';
import { hover } from './features/hover';
import { inlayHints, scannedInlayHints } from './features/inlayHints';
import { prepareRequest } from './features/prepareRequest';
import { checkResponse } from './features/responseCheck';
import { importCurl } from './features/importCurl';
import { documentSymbols } from './features/symbols';
import type { RuntimeEnvironment } from './runtime';
import { SettingsStore } from './settings';
import { rootsFrom, UserCatalogs } from './userCatalogs';
import { cancelled, formatError, runSafe } from './util/runSafe';
import { BIG_DOCUMENT, turn } from './util/turn';

export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  const documents = new TextDocuments(TextDocument);
  const values = new DocumentValues();
  const settings = new SettingsStore(connection, false);
  const pending = new Map<string, { dispose(): void }>();
  let roots: string[] = [];
  const userCatalogs = new UserCatalogs(
    connection,
    () => roots,
    () => reloadCatalog(),
  );
  let catalog = buildCatalog();
  let dynamicConfiguration = false;
  let snippetEdits = false;
  let inlayHintRefresh = false;
  let validationDelayMs = runtime.validationDelayMs;

  function buildCatalog(): Catalog {
    const c = new Catalog();
    try {
      addBuiltins(c, readBuiltinDocuments(runtime.schemasDir));
    } catch (err) {
      connection.console.error(formatError('Loading the bundled catalog failed', err));
      c.problems.push({ source: runtime.schemasDir, message: String(err) });
    }
    userCatalogs.addTo(c);
    return c;
  }

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    settings.setCanPull(caps.workspace?.configuration === true);
    snippetEdits = caps.workspace?.workspaceEdit?.snippetEditSupport === true;
    inlayHintRefresh = caps.workspace?.inlayHint?.refreshSupport === true;
    roots = rootsFrom(params);
    dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const init = (params.initializationOptions ?? {}) as { settings?: unknown; validationDelayMs?: unknown };
    settings.changed(init.settings);
    if (typeof init.validationDelayMs === 'number' && init.validationDelayMs >= 0) {
      // Other editors (and the benchmark) may choose their own debounce.
      validationDelayMs = Math.min(2000, init.validationDelayMs);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: ['"', ':', ' '], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
        documentSymbolProvider: true,
        inlayHintProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
      },
      serverInfo: { name: 'meeting-payloads', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
    announceCatalog();
    if (settings.canPull) void userCatalogs.refresh();
  });

  function announceCatalog(): void {
    void connection.sendNotification(CatalogStatus.type, {
      problems: catalog.problems.map((p) => ({ uri: p.source, message: p.message })),
      operationCount: catalog.all().length,
    });
  }

  connection.onDidChangeConfiguration((change) => {
    settings.changed(change.settings);
    for (const doc of documents.all()) schedule(doc, 0);
    // The hints' setting may have changed; the editor asks again only when told.
    if (inlayHintRefresh) void connection.languages.inlayHint.refresh();
    if (settings.canPull) void userCatalogs.refresh();
  });
  connection.onShutdown(() => userCatalogs.dispose());

  function schedule(doc: TextDocument, delay = validationDelayMs): void {
    pending.get(doc.uri)?.dispose();
    pending.set(
      doc.uri,
      runtime.timer.setTimeout(() => {
        pending.delete(doc.uri);
        void validate(doc);
      }, delay),
    );
  }

  /** Validations under way, by document. */
  const running = new Map<string, Promise<void>>();

  function validate(doc: TextDocument): Promise<void> {
    const uri = doc.uri;
    const done: Promise<void> = validateNow(doc).finally(() => {
      if (running.get(uri) === done) running.delete(uri);
    });
    running.set(uri, done);
    return done;
  }

  async function validateNow(doc: TextDocument): Promise<void> {
    const version = doc.version;
    try {
      if (doc.getText().length >= BIG_DOCUMENT) await validateOthersFirst(doc.uri);
      const s = await settings.forResource(doc.uri);
      const current = documents.get(doc.uri);
      if (!current || current.version !== version) return; // a newer change is scheduled
      const analysis = analyze(current.getText(), catalog, s);
      if (analysis.syntaxOk) values.set(current, analysis.value);
      await connection.sendDiagnostics({
        uri: doc.uri,
        version,
        diagnostics: toDiagnostics(current, analysis.problems, s.maxDiagnostics),
      });
    } catch (err) {
      connection.console.error(formatError(`Validating ${doc.uri} failed`, err));
    }
  }

  /**
   * Runs every other document's pending validation now, ahead of work on a big document, and waits for those of
   * small documents under way (a small one never waits, so two big ones never wait for each other).
   */
  async function validateOthersFirst(uri: string): Promise<void> {
    await turn();
    for (const [other, timer] of [...pending]) {
      if (other === uri) continue;
      timer.dispose();
      pending.delete(other);
      const d = documents.get(other);
      if (d) await validate(d);
    }
    for (const [other, done] of [...running]) {
      const d = documents.get(other);
      if (other !== uri && (!d || d.getText().length < BIG_DOCUMENT)) await done;
    }
  }

  /**
   * A request's work through `runSafe`. On a big document it first gives way (a turn of the loop, then other
   * documents' pending diagnostics), runs `prepare` (parsing the version) and `work` as two steps with a turn
   * between and after them, and answers "cancelled" when a `$/cancelRequest` came at any point.
   */
  async function request<T>(
    doc: TextDocument,
    what: string,
    token: CancellationToken,
    fallback: T,
    work: () => T,
    prepare?: () => unknown,
  ): Promise<T | ResponseError<void>> {
    if (doc.getText().length < BIG_DOCUMENT) return runSafe(connection, what, token, fallback, work);
    await validateOthersFirst(doc.uri);
    await turn();
    if (prepare && !token.isCancellationRequested) {
      runSafe(connection, what, token, undefined, prepare);
      await turn();
    }
    const result = runSafe(connection, what, token, fallback, work);
    await turn();
    return token.isCancellationRequested ? cancelled() : result;
  }

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    pending.get(e.document.uri)?.dispose();
    pending.delete(e.document.uri);
    values.delete(e.document.uri);
    settings.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return request(
      doc,
      'Completion',
      token,
      null,
      () => {
        const parsed = values.get(doc);
        if (parsed.tooDeep) return null;
        return complete(doc, doc.offsetAt(params.position), parsed.value, catalog, parsed.valid);
      },
      () => values.get(doc),
    );
  });

  connection.onHover((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return request(
      doc,
      'Hover',
      token,
      null,
      () => {
        const parsed = values.get(doc);
        if (parsed.tooDeep) return null;
        return hover(doc, doc.offsetAt(params.position), parsed.value, catalog, parsed.valid);
      },
      () => values.get(doc),
    );
  });

  connection.onDefinition((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return runSafe(connection, 'Definition', token, null, () => {
      const parsed = values.get(doc);
      if (parsed.tooDeep) return null;
      return definition(doc, doc.offsetAt(params.position), parsed.value, catalog, parsed.valid);
    });
  });

  connection.onDocumentLinks((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return request(
      doc,
      'Document links',
      token,
      null,
      () => {
        const parsed = values.get(doc);
        if (parsed.tooDeep) return [];
        return documentLinks(
          doc,
          writtenOperation(doc, parsed, () => values.tree(doc)),
          catalog,
        );
      },
      () => values.get(doc),
    );
  });

  connection.languages.inlayHint.on(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const s = await settings.forResource(doc.uri);
    if (!s.enumMeaningHints) return [];
    const prepare = () => values.get(doc);
    return request(
      doc,
      'Inlay hints',
      token,
      [],
      () => {
        const parsed = values.get(doc);
        if (parsed.tooDeep) return [];
        const start = doc.offsetAt(params.range.start);
        const end = doc.offsetAt(params.range.end);
        // Valid text is scanned up to the range's end; text being typed uses a tolerant tree of the range.
        if (parsed.valid) return scannedInlayHints(doc, parsed.value, catalog, start, end);
        const { root, shift } = values.rangeTree(doc, start, end);
        return inlayHints(doc, parsed.value, root, catalog, start, end, shift);
      },
      prepare,
    );
  });

  connection.onCodeAction(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const only = params.context.only;
    // Fix all only when asked for (Source Action menu, editor.codeActionsOnSave), from a fresh analysis: the
    // request's diagnostics may be a range's or capped at maxDiagnostics.
    const fixAll = only?.some((k) => requests(k, CodeActionKind.SourceFixAll)) === true;
    const quickFixes = !only || only.some((k) => requests(k, CodeActionKind.QuickFix));
    const s = fixAll ? await settings.forResource(doc.uri) : undefined;
    return request(
      doc,
      'Code actions',
      token,
      [],
      () => {
        // Valid JSON: only the containers the fixes edit are parsed; text being typed: the version's tolerant tree.
        const source = {
          valid: values.get(doc).valid,
          tree: () => values.fixTree(doc),
          containers: () => values.containers(doc),
        };
        const actions = quickFixes ? codeActionsFor(doc, params.context.diagnostics, snippetEdits, source) : [];
        const all = s ? fixAllFor(doc, analyze(doc.getText(), catalog, s).problems, source) : undefined;
        return all ? [...actions, all] : actions;
      },
      () => values.get(doc),
    );
  });

  /** Whether a requested kind (`source`, `source.fixAll`…) covers `kind`. */
  function requests(requested: string, kind: string): boolean {
    return kind === requested || kind.startsWith(requested + '.');
  }

  connection.onDocumentSymbol((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return request(
      doc,
      'Outline',
      token,
      [],
      () =>
        values.symbols(doc, () => documentSymbols(doc, { valid: values.get(doc).valid, tree: () => values.tree(doc) })),
      () => values.get(doc),
    );
  });

  connection.onDocumentFormatting((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return request(
      doc,
      'Formatting',
      token,
      [],
      () => formatDocument(doc, params.options, undefined, values.get(doc).valid),
      () => values.get(doc),
    );
  });

  connection.onDocumentRangeFormatting((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return request(doc, 'Formatting', token, [], () => formatDocument(doc, params.options, params.range));
  });

  connection.onRequest(PrepareRequest.type, async (params, token) => {
    const open = documents.get(params.uri);
    const text = params.text ?? open?.getText();
    if (text === undefined) return { ok: false, reason: 'The document is not open.' } as const;
    const doc = TextDocument.create(params.uri, 'meeting-json', open?.version ?? 0, text);
    const s = await settings.forResource(params.uri);
    return runSafe(
      connection,
      'Preparing the request',
      token,
      { ok: false, reason: 'Internal error while preparing the request; see the output.' } as const,
      () => prepareRequest(doc, catalog, s),
    );
  });

  connection.onRequest(CheckResponse.type, (params, token) =>
    runSafe(
      connection,
      'Checking the response',
      token,
      { missing: [], wrongType: [], undocumented: [], documentedStatus: undefined },
      () => checkResponse(params, catalog),
    ),
  );

  connection.onRequest(ImportCurl.type, (params, token) =>
    runSafe(
      connection,
      'Importing the cURL command',
      token,
      { ok: false, reason: 'Internal error; see the output.' } as const,
      (): ImportCurlResult => {
        const r = importCurl(typeof params.command === 'string' ? params.command : '', catalog, {
          fixMechanical: true,
        });
        // The protocol's fields only: the command's data and method are for check-docs, not the editor.
        return r.ok
          ? { ok: true, fileText: r.fileText, operationId: r.operationId, notes: r.notes, fixable: r.fixable ?? 0 }
          : r;
      },
    ),
  );

  connection.onRequest(ListOperations.type, () =>
    catalog.all().map((op) => ({
      id: op.id,
      family: op.family,
      method: op.method,
      path: op.path,
      summary: op.summary,
      deprecated: op.deprecated,
    })),
  );

  /** Rebuilds the catalog (a user catalog was added, removed or edited) and revalidates everything. */
  function reloadCatalog(): void {
    catalog = buildCatalog();
    announceCatalog();
    for (const doc of documents.all()) schedule(doc, 0);
  }

  documents.listen(connection);
  connection.listen();
}
