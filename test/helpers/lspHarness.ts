/**
 * The language server on a real LSP connection, in process: two pipes, the server's own
 * `createConnection`, and a protocol client that speaks to it the way VS Code does.
 */
import { PassThrough } from 'node:stream';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import {
  CodeActionRequest,
  CompletionRequest,
  ConfigurationRequest,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  HoverRequest,
  InlayHintRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentLink,
  type Hover,
  type InlayHint,
  type Location,
  type InitializeResult,
  type Position,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol';
import { createConnection } from 'vscode-languageserver/node';
import { rawJsonWriter } from '../../server/src/connection';
import { startServer } from '../../server/src/server';
import { nodeTimer } from '../../server/src/runtime';
import { PrepareRequest, type PrepareRequestResult } from '../../common/protocol';
import { SCHEMAS_DIR } from './catalog';
import { WorkerControl } from './workerControl';

export interface HarnessOptions {
  /** Settings answered to `workspace/configuration` (section `meetingPayloads`). */
  settings?: Record<string, unknown>;
  validationDelayMs?: number;
  /** Announce LSP 3.18 snippet edits in workspace edits, as VS Code's client does. */
  snippetEdits?: boolean;
  /** The thread of big documents (a fresh `WorkerControl` unless given); `false`: none, they stay on the main thread. */
  worker?: WorkerControl | false;
  /** From which length a document is big (the server's default unless set). */
  bigDocument?: number;
}

/** Called with the resources of each `workspace/configuration` request, before it is answered. */
type ConfigurationHook = (uris: Array<string | undefined>) => void;

export class LspHarness {
  private version = new Map<string, number>();
  private waiters: Array<{ uri: string; version: number | undefined; resolve: (p: PublishDiagnosticsParams) => void }> =
    [];
  readonly published: PublishDiagnosticsParams[] = [];
  configurationRequests = 0;
  onConfiguration: ConfigurationHook | undefined;
  settings: Record<string, unknown>;
  initializeResult!: InitializeResult;

  private constructor(
    readonly client: ProtocolConnection,
    private readonly stop: () => void,
    options: HarnessOptions,
  ) {
    this.settings = options.settings ?? {};
  }

  static async start(options: HarnessOptions = {}): Promise<LspHarness> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    // The server's own writer (connection.ts), as on stdio: a big document's diagnostics pass through as written.
    const serverConnection = createConnection(new StreamMessageReader(toServer), rawJsonWriter(toClient));
    const worker = options.worker ?? new WorkerControl();
    startServer(serverConnection, {
      schemasDir: SCHEMAS_DIR,
      timer: nodeTimer(),
      validationDelayMs: options.validationDelayMs ?? 5,
      ...(worker ? { startWorker: worker.startWorker } : {}),
      ...(options.bigDocument === undefined ? {} : { bigDocument: options.bigDocument }),
    });
    const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const harness = new LspHarness(
      client,
      () => {
        client.dispose();
        serverConnection.dispose();
        toServer.destroy();
        toClient.destroy();
      },
      options,
    );
    client.onNotification(PublishDiagnosticsNotification.type, (p) => harness.onDiagnostics(p));
    client.onRequest(ConfigurationRequest.type, (params) => {
      harness.configurationRequests++;
      harness.onConfiguration?.(params.items.map((i) => i.scopeUri));
      return params.items.map(() => harness.settings);
    });
    client.onRequest(RegistrationRequest.type, () => undefined);
    client.listen();
    harness.initializeResult = await client.sendRequest(InitializeRequest.type, {
      // No process id: the server would poll it on a timer that keeps the test process alive.
      processId: null,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          ...(options.snippetEdits ? { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } : {}),
        },
        textDocument: {
          publishDiagnostics: { versionSupport: true, tagSupport: { valueSet: [1, 2] } },
          completion: { completionItem: { snippetSupport: true } },
        },
      },
    });
    await client.sendNotification(InitializedNotification.type, {});
    return harness;
  }

  private onDiagnostics(p: PublishDiagnosticsParams): void {
    this.published.push(p);
    this.waiters = this.waiters.filter((w) => {
      if (w.uri !== p.uri || (w.version !== undefined && p.version !== w.version)) return true;
      w.resolve(p);
      return false;
    });
  }

  /**
   * The next diagnostics published for `uri` at `version` (bounded wait). The bound only stops a hung test: it
   * is generous because CI machines are shared, and speed is measured by CPU-time bounds and the bench.
   */
  diagnostics(uri: string, version?: number, timeoutMs = 60_000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`No diagnostics for ${uri} v${version} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        uri,
        version,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p.diagnostics);
        },
      });
    });
  }

  async open(uri: string, text: string): Promise<Diagnostic[]> {
    this.version.set(uri, 1);
    const next = this.diagnostics(uri, 1);
    await this.client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'meeting-json', version: 1, text },
    });
    return next;
  }

  /** An incremental change replacing `range` with `text`. */
  async edit(uri: string, range: Range, text: string): Promise<Diagnostic[]> {
    const version = (this.version.get(uri) ?? 1) + 1;
    const next = this.diagnostics(uri, version);
    await this.change(uri, range, text);
    return next;
  }

  /** {@link edit} without waiting for diagnostics: the new version. */
  async change(uri: string, range: Range, text: string): Promise<number> {
    const version = (this.version.get(uri) ?? 1) + 1;
    this.version.set(uri, version);
    await this.client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  async close(uri: string): Promise<Diagnostic[]> {
    const next = this.diagnostics(uri);
    await this.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    return next;
  }

  async changeSettings(settings: Record<string, unknown>, uri: string): Promise<Diagnostic[]> {
    this.settings = settings;
    const next = this.diagnostics(uri);
    await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    return next;
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const r: CompletionItem[] | CompletionList | null = await this.client.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position,
    });
    return Array.isArray(r) ? r : (r?.items ?? []);
  }

  async definition(uri: string, position: Position): Promise<Location[]> {
    const r = await this.client.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position });
    if (!r) return [];
    return (Array.isArray(r) ? r : [r]).map((l) =>
      'targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange } : l,
    );
  }

  async documentLinks(uri: string): Promise<DocumentLink[]> {
    return (await this.client.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } })) ?? [];
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  async codeActions(uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const r = await this.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics },
    });
    return (r ?? []).filter((a): a is CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
  }

  /** The code actions a client gets when it asks for `only` these kinds (e.g. `source.fixAll` on save). */
  async codeActionsOfKind(uri: string, only: string[]): Promise<CodeAction[]> {
    const r = await this.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only },
    });
    return (r ?? []).filter((a): a is CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
  }

  async inlayHints(uri: string, range: Range): Promise<InlayHint[]> {
    return (await this.client.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range })) ?? [];
  }

  symbols(uri: string) {
    return this.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  }

  format(uri: string) {
    return this.client.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
  }

  prepare(uri: string, text?: string): Promise<PrepareRequestResult> {
    return this.client.sendRequest(PrepareRequest.type, text === undefined ? { uri } : { uri, text });
  }

  async dispose(): Promise<void> {
    try {
      // No `exit` notification: in process, the server's default exit handler would end the test run.
      await Promise.race([this.client.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 1000))]);
    } catch {
      // already gone
    }
    this.stop();
  }
}
