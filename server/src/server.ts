/**
 * Wires the pure features to an LSP connection. Thin on purpose: every behaviour lives in `features/`,
 * every handler goes through `runSafe`.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  ErrorCodes,
  LSPErrorCodes,
  PublishDiagnosticsNotification,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type Connection,
  type InitializeResult,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CatalogStatus,
  CheckResponse,
  ImportCurl,
  ListOperations,
  OutlineLimit,
  PrepareRequest,
  type ImportCurlResult,
} from '../../common/protocol';
import { Catalog } from './catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from './catalog/builtin';
import { DocumentValues } from './documentCache';
import { prepareRequest } from './features/prepareRequest';
import { checkResponse } from './features/responseCheck';
import { importCurl } from './features/importCurl';
import type { RuntimeEnvironment } from './runtime';
import { SettingsStore } from './settings';
import { rootsFrom, UserCatalogs } from './userCatalogs';
import { cancelled, formatError, runSafe } from './util/runSafe';
import { BIG_DOCUMENT, turn } from './util/turn';
import { doWork, readsValue, type Work, type WorkOf, type WorkResults } from './work';
import { BigDocuments } from './worker/bigDocuments';
import { RawJson } from './rawJson';

export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  const big = runtime.bigDocument ?? BIG_DOCUMENT;
  const documents = new TextDocuments({
    create: (uri, languageId, version, text) => TextDocument.create(uri, languageId, version, text),
    update: (doc, changes, version) => {
      // A mirrored document's changes go to its thread before they are applied here (applying them copies the
      // whole text), so the thread applies them meanwhile; a document grown big is mirrored with its new text.
      const mirrored = workerOn && bigDocuments !== undefined && bigDocuments.has(doc.uri);
      if (mirrored) bigDocuments.changed(doc.uri, version, changes);
      const updated = TextDocument.update(doc, changes, version);
      if (workerOn && !mirrored) bigDocuments?.opened(updated);
      return updated;
    },
  });
  const bigDocuments =
    runtime.startWorker &&
    new BigDocuments(
      () => runtime.startWorker!({ schemasDir: runtime.schemasDir }),
      documents,
      (message) => connection.console.error(message),
      big,
    );
  /** Big documents are worked on in their thread unless a user catalog is configured (see `syncWorker`). */
  let workerOn = bigDocuments !== undefined;
  const values = new DocumentValues();
  /** The item limit each document's outline was last cut at, as last told to the client (`OutlineLimit`). */
  const outlineLimits = new Map<string, number>();
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
  connection.onShutdown(() => {
    userCatalogs.dispose();
    bigDocuments?.dispose();
  });

  /** Whether the document's work goes to the thread of big documents. */
  const inWorker = (doc: TextDocument): boolean => workerOn && bigDocuments?.has(doc.uri) === true;

  /**
   * The thread knows the bundled catalog only: with a user catalog configured, whose operations join completion,
   * did-you-mean and every answer, big documents are worked on here (giving way), rather than have a second
   * thread read the same files at another moment (mid-edit, another version) and answer differently.
   */
  function syncWorker(): void {
    const on = bigDocuments !== undefined && !userCatalogs.configured;
    if (on === workerOn) return;
    workerOn = on;
    if (!on) bigDocuments?.clear();
    else for (const doc of documents.all()) bigDocuments?.opened(doc);
  }

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
      if (!inWorker(doc) && doc.getText().length >= big) await validateOthersFirst(doc.uri);
      const s = await settings.forResource(doc.uri);
      const current = documents.get(doc.uri);
      if (!current || current.version !== version) return; // a newer change is scheduled
      const work = { kind: 'validate', settings: s } as const;
      const diagnostics = inWorker(current)
        ? await validateInWorker(current, work)
        : doWork(work, current, values, catalog);
      // A newer change came while the thread worked: its own validation follows.
      if (!diagnostics || documents.get(doc.uri)?.version !== version) return;
      if (!(diagnostics instanceof RawJson)) {
        await connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
        return;
      }
      // The thread's JSON text: a stdio writer (connection.ts) sends it as it is; any other parses it (toJSON).
      const params = new RawJson(
        `{"uri":${JSON.stringify(doc.uri)},"version":${version},"diagnostics":${diagnostics.json}}`,
      );
      await connection.sendNotification(
        PublishDiagnosticsNotification.type,
        params as unknown as PublishDiagnosticsParams,
      );
    } catch (err) {
      connection.console.error(formatError(`Validating ${doc.uri} failed`, err));
    }
  }

  /**
   * A big document's diagnostics from its thread, as the JSON text it wrote (rawJson.ts); once more in a new
   * thread if it stopped meanwhile.
   */
  async function validateInWorker(doc: TextDocument, work: WorkOf<'validate'>): Promise<RawJson | undefined> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const outcome = await bigDocuments!.runJson(doc, work);
      if (outcome.ok) return new RawJson(outcome.result);
      if ('dropped' in outcome) return undefined;
      if (!outcome.stopped) {
        connection.console.error(outcome.error);
        return undefined;
      }
    }
    return undefined; // the thread stopped twice: both logged
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
   * A request's work (`doWork`) through `runSafe`. A big document's goes to its thread (`inThread`); without one
   * it first gives way here (a turn of the loop, then other documents' pending diagnostics), parses the version and
   * does the work as two steps with a turn between and after them, and answers "cancelled" when a
   * `$/cancelRequest` came at any point.
   */
  async function request<K extends Work['kind']>(
    doc: TextDocument,
    what: string,
    token: CancellationToken,
    fallback: WorkResults[K],
    w: WorkOf<K>,
  ): Promise<WorkResults[K] | ResponseError<void>> {
    if (inWorker(doc)) return inThread(doc, what, token, fallback, w);
    const work = () => doWork(w, doc, values, catalog);
    if (doc.getText().length < big) return runSafe(connection, what, token, fallback, work);
    const prepare = readsValue(w) ? () => values.get(doc) : undefined;
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

  /**
   * A request's work in the thread of big documents: cancelled at once when the client cancels; a failure logged
   * with the fallback answered (as `runSafe` does); a thread that stopped meanwhile answers an error saying so.
   */
  async function inThread<K extends Work['kind']>(
    doc: TextDocument,
    what: string,
    token: CancellationToken,
    fallback: WorkResults[K],
    w: WorkOf<K>,
  ): Promise<WorkResults[K] | ResponseError<void>> {
    const outcome = await bigDocuments!.run(doc, w, token);
    if (outcome.ok) return outcome.result;
    if ('dropped' in outcome) {
      return outcome.dropped === 'cancelled'
        ? cancelled()
        : new ResponseError(LSPErrorCodes.ContentModified, `${what}: the document changed.`);
    }
    if (outcome.stopped) return new ResponseError(ErrorCodes.InternalError, `${what}: ${outcome.error}`);
    connection.console.error(outcome.error);
    return fallback;
  }

  documents.onDidOpen((e) => {
    if (workerOn) bigDocuments?.opened(e.document);
    schedule(e.document, 0);
  });
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    pending.get(e.document.uri)?.dispose();
    pending.delete(e.document.uri);
    values.delete(e.document.uri);
    outlineLimits.delete(e.document.uri);
    bigDocuments?.closed(e.document.uri);
    settings.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return request(doc, 'Completion', token, null, { kind: 'completion', position: params.position });
  });

  connection.onHover((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return request(doc, 'Hover', token, null, { kind: 'hover', position: params.position });
  });

  connection.onDefinition((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return request(doc, 'Definition', token, null, { kind: 'definition', position: params.position });
  });

  connection.onDocumentLinks((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return request(doc, 'Document links', token, null, { kind: 'links' });
  });

  connection.languages.inlayHint.on(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const s = await settings.forResource(doc.uri);
    if (!s.enumMeaningHints) return [];
    return request(doc, 'Inlay hints', token, [], { kind: 'inlayHints', range: params.range });
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
    return request(doc, 'Code actions', token, [], {
      kind: 'codeActions',
      diagnostics: params.context.diagnostics,
      quickFixes,
      snippetEdits,
      ...(s ? { fixAll: s } : {}),
    });
  });

  /** Whether a requested kind (`source`, `source.fixAll`…) covers `kind`. */
  function requests(requested: string, kind: string): boolean {
    return kind === requested || kind.startsWith(requested + '.');
  }

  connection.onDocumentSymbol(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const { outlineMaxItems: maxItems } = await settings.forResource(doc.uri);
    const answer = await request(doc, 'Outline', token, { symbols: [], limited: false }, { kind: 'symbols', maxItems });
    if (answer instanceof ResponseError) return answer;
    const limit = answer.limited ? maxItems : undefined;
    if (documents.get(doc.uri) && outlineLimits.get(doc.uri) !== limit) {
      if (limit === undefined) outlineLimits.delete(doc.uri);
      else outlineLimits.set(doc.uri, limit);
      void connection.sendNotification(OutlineLimit.type, { uri: doc.uri, maxItems: limit ?? null });
    }
    return answer.symbols;
  });

  connection.onDocumentFormatting((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return request(doc, 'Formatting', token, [], { kind: 'format', options: params.options });
  });

  connection.onDocumentRangeFormatting((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return request(doc, 'Formatting', token, [], { kind: 'format', options: params.options, range: params.range });
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
    syncWorker();
    announceCatalog();
    for (const doc of documents.all()) schedule(doc, 0);
  }

  documents.listen(connection);
  connection.listen();
}
