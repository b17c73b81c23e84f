/**
 * The language client: starts `dist/server.js` (IPC; `--inspect` in debug), sends it `meeting-json`
 * documents of any scheme (files, untitled, virtual file systems), logs into the shared output channel
 * without ever popping it up, and is restartable. Everything else talks to the server through
 * {@link ServerConnection}.
 */
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, State, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_ID, CLIENT_NAME, LANGUAGE_ID } from '../../common/ids';
import {
  CatalogStatus,
  CheckResponse,
  ImportCurl,
  ListOperations,
  OutlineLimit,
  PrepareRequest,
} from '../../common/protocol';
import type {
  CheckResponseParams,
  CheckResponseResult,
  ImportCurlResult,
  CatalogOperationInfo,
  CatalogStatusParams,
  OutlineLimitParams,
  PrepareRequestParams,
  PrepareRequestResult,
} from '../../common/protocol';
import type { Log } from './log';
import { formatError } from './log';

const DEBUG_PORT = 6009;

export class ServerConnection implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly catalogEmitter = new vscode.EventEmitter<CatalogStatusParams>();
  private readonly stateEmitter = new vscode.EventEmitter<void>();
  private readonly outlineEmitter = new vscode.EventEmitter<OutlineLimitParams>();
  private clientSubscriptions: vscode.Disposable[] = [];
  private shownOutputForFailure = false;
  /** Fires when the server (re)loads its catalog. */
  readonly onCatalogStatus = this.catalogEmitter.event;
  /** Fires when a document's outline is cut at its item limit, or whole again. */
  readonly onOutlineLimit = this.outlineEmitter.event;
  /** Fires when the client starts, stops or fails. */
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly channel: vscode.LogOutputChannel,
    private readonly log: Log,
  ) {}

  get running(): boolean {
    return this.client?.state === State.Running;
  }

  private create(): LanguageClient {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', `--inspect=${DEBUG_PORT}`] } },
    };
    const clientOptions: LanguageClientOptions = {
      // Every scheme, not only file/untitled: request files on virtual file systems (vscode-vfs, memfs…)
      // get language features too, as `capabilities.virtualWorkspaces` promises (T31). The server
      // never reads the file system for a document.
      documentSelector: [{ language: LANGUAGE_ID }],
      outputChannel: this.channel,
      traceOutputChannel: this.channel,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      // Hovers and completion docs echo document text: never trusted markdown, never raw HTML (T29).
      markdown: { isTrusted: false, supportHtml: false },
      initializationFailedHandler: (error) => {
        this.log.error('The Meeting Payloads language server failed to initialize.', error);
        if (!this.shownOutputForFailure) {
          this.shownOutputForFailure = true;
          this.log.show();
        }
        return false;
      },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    this.clientSubscriptions.push(
      client.onNotification(CatalogStatus.type, (params) => this.catalogEmitter.fire(params)),
      client.onNotification(OutlineLimit.type, (params) => this.outlineEmitter.fire(params)),
      client.onDidChangeState(() => this.stateEmitter.fire()),
    );
    return client;
  }

  async start(): Promise<void> {
    this.client ??= this.create();
    try {
      await this.client.start();
    } catch (err) {
      this.log.error('Could not start the Meeting Payloads language server.', err);
    }
    this.stateEmitter.fire();
  }

  /** Whether the server is up and answering requests. */
  isRunning(): boolean {
    return this.client?.state === State.Running;
  }

  /** Restarts the server; recreates the client when a previous start failed. */
  async restart(): Promise<void> {
    const old = this.client;
    if (old && old.state === State.Running) {
      try {
        await old.restart();
        this.stateEmitter.fire();
        return;
      } catch (err) {
        this.log.error('Restarting the language server failed; starting a new one.', err);
      }
    }
    await this.disposeClient();
    this.shownOutputForFailure = false;
    await this.start();
  }

  /** Asks the server for the HTTP request a document describes. Rejects when the server is not running. */
  async prepare(params: PrepareRequestParams, token?: vscode.CancellationToken): Promise<PrepareRequestResult> {
    const client = this.client;
    if (!client || client.state !== State.Running) {
      throw new Error(
        'The Meeting Payloads language server is not running. Run "Meeting Payloads: Restart Language Server".',
      );
    }
    return client.sendRequest(PrepareRequest.type, params, token);
  }

  /** Compares a response with the documented schema; undefined when the server cannot answer. */
  async checkResponse(params: CheckResponseParams): Promise<CheckResponseResult | undefined> {
    const client = this.client;
    if (!client || client.state !== State.Running) return undefined;
    try {
      return await client.sendRequest(CheckResponse.type, params);
    } catch (err) {
      this.log.warn(
        `Checking the response against the schema failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      return undefined;
    }
  }

  /** For `deactivate`: stops the server and waits for it. */
  async stop(): Promise<void> {
    await this.disposeClient();
  }

  /** The catalog's operations (built-in and user catalogs). Rejects when the server is not running. */
  /** A cURL command → a request file, by the server (which knows the catalog). */
  async importCurl(command: string): Promise<ImportCurlResult> {
    const client = this.client;
    if (!client || client.state !== State.Running) {
      throw new Error(
        'The Meeting Payloads language server is not running. Run "Meeting Payloads: Restart Language Server".',
      );
    }
    return client.sendRequest(ImportCurl.type, { command });
  }

  async listOperations(): Promise<CatalogOperationInfo[]> {
    const client = this.client;
    if (!client || client.state !== State.Running) {
      throw new Error(
        'The Meeting Payloads language server is not running. Run "Meeting Payloads: Restart Language Server".',
      );
    }
    return client.sendRequest(ListOperations.type, undefined);
  }

  private async disposeClient(): Promise<void> {
    for (const d of this.clientSubscriptions.splice(0)) d.dispose();
    const c = this.client;
    this.client = undefined;
    if (c) {
      try {
        await c.dispose(2000);
      } catch (err) {
        this.log.warn(`Stopping the language server: ${formatError(err)}`);
      }
    }
  }

  dispose(): void {
    void this.disposeClient();
    this.catalogEmitter.dispose();
    this.outlineEmitter.dispose();
    this.stateEmitter.dispose();
  }
}
