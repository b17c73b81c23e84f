/** A minimal LSP client over a child process's stdio, measuring edit → diagnostics, requests and memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import {
  ConfigurationRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidCloseTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';

export interface Edited {
  /** Milliseconds from sending the change to receiving that version's diagnostics. */
  ms: number;
  diagnostics: Diagnostic[];
}

export class StdioLspClient {
  private waiters: Array<{ uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }> = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: ProtocolConnection,
  ) {}

  static async start(
    command: string,
    args: string[],
    initializationOptions: unknown,
    settings: unknown,
    cwd?: string,
  ): Promise<StdioLspClient> {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'], cwd });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const client = new StdioLspClient(child, connection);
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      client.waiters = client.waiters.filter((w) => {
        if (w.uri !== p.uri || (p.version !== undefined && p.version !== w.version)) return true;
        w.resolve(p);
        return false;
      });
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => settings));
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      workspaceFolders: null,
      initializationOptions,
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private next(uri: string, version: number, timeoutMs = 120_000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}`)), timeoutMs);
      this.waiters.push({ uri, version, resolve: (p) => (clearTimeout(t), resolve(p)) });
    });
  }

  /** Opens a document (version 1) and resolves with its first diagnostics. */
  async open(uri: string, text: string): Promise<Diagnostic[]> {
    const p = this.next(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'meeting-json', version: 1, text },
    });
    return (await p).diagnostics;
  }

  /**
   * Sends one incremental edit (written before this returns its promise, so a request sent right after follows
   * it on the wire) and resolves when that version's diagnostics arrive.
   */
  async edit(
    uri: string,
    version: number,
    offsetLine: number,
    character: number,
    oldLength: number,
    text: string,
  ): Promise<Edited> {
    const p = this.next(uri, version);
    const start = process.hrtime.bigint();
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [
        {
          range: {
            start: { line: offsetLine, character },
            end: { line: offsetLine, character: character + oldLength },
          },
          text,
        },
      ],
    });
    const result = await p;
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, diagnostics: result.diagnostics };
  }

  /** The server process's id. */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the server process did not start');
    return this.child.pid;
  }

  /** The server process's peak resident set so far, in MB (Linux: VmHWM of /proc/<pid>/status). */
  peakRssMb(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (!kb) throw new Error(`no VmHWM in /proc/${this.pid}/status`);
    return Number(kb[1]) / 1024;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Shutdown + exit, then waits for the process to end; resolves with its exit code (killed after 5 s). */
  /** Ends the server's stdin without an `exit` (after a `shutdown` request when `shutdown`): its exit code. */
  async closeInput(shutdown: boolean): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    if (shutdown) await this.connection.sendRequest(ShutdownRequest.type);
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill(), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.once('exit', (code) => resolve(code));
    });
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // gone already
    }
    const timer = setTimeout(() => this.child.kill(), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }

  /** The raw protocol connection, for requests this small client has no helper for. */
  get protocol(): ProtocolConnection {
    return this.connection;
  }
}
