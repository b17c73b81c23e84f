/**
 * Helpers for the security tests: the language server on a real LSP connection that also records what the
 * server logs (a handler that throws is caught by runSafe and logged: a bug the tests must see), the
 * bundled `dist/server.js --stdio` when it is built, and timing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import {
  CompletionRequest,
  ConfigurationRequest,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type Diagnostic,
  type LogMessageParams,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspHarness, type HarnessOptions } from '../../helpers/lspHarness';
import { SCHEMAS_DIR } from '../../helpers/catalog';
import { PrepareRequest } from '../../../common/protocol';

export const ROOT = join(__dirname, '..', '..', '..');
export const SERVER_JS = join(ROOT, 'dist', 'server.js');

/** The bound for the CPU time of any single request in these tests: generous, so a slow machine never fails a test. */
export const REQUEST_BOUND_MS = 5_000;

/** The bound for a request on `text`: {@link REQUEST_BOUND_MS} up to 1 MB (the send cap), 1 s more per MB above. */
export function boundFor(text: string): number {
  return REQUEST_BOUND_MS + Math.round(Math.max(0, text.length / 1e6 - 1) * 1000);
}

export interface LoggedHarness {
  lsp: LspHarness;
  /** `window/logMessage` errors the server sent (runSafe's "… failed" lines). */
  errors: string[];
}

export async function startLogged(options: HarnessOptions = {}): Promise<LoggedHarness> {
  const lsp = await LspHarness.start(options);
  // Two round trips: the server's dynamic registration (sent on `initialized`) is answered and processed,
  // so disposing right away (e.g. when every test of a suite is filtered out) leaves nothing in flight.
  for (let i = 0; i < 2; i++) await lsp.hover('file:///not-open.meeting.json', { line: 0, character: 0 });
  const errors: string[] = [];
  lsp.client.onNotification(LogMessageNotification.method, (p: LogMessageParams) => {
    if (p.type === 1) errors.push(p.message);
  });
  return { lsp, errors };
}

/**
 * Runs `fn` and returns its result with the CPU time this process spent meanwhile (user + system, in ms).
 * The server runs in this process, so that is the work the request cost. CPU time rather than wall time:
 * other processes competing for the machine's cores do not inflate it, so the bounds catch runaway work
 * (quadratic loops, backtracking) without failing on a loaded machine. Speed itself is measured by the bench.
 */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const before = process.cpuUsage();
  const result = await fn();
  const spent = process.cpuUsage(before);
  return { result, ms: (spent.user + spent.system) / 1000 };
}

/** A diagnostic's message as text (LSP 3.18 allows Markdown messages; ours are plain). */
export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

export function positionAt(text: string, offset: number) {
  return TextDocument.create('file:///x', 'meeting-json', 1, text).positionAt(offset);
}

/** The server as editors run it: `node dist/server.js --stdio`, or undefined when the bundle is not built. */
export class StdioServer {
  private waiters: Array<{ uri: string; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  exited: string | undefined;
  readonly errors: string[] = [];

  private constructor(
    readonly client: ProtocolConnection,
    private readonly kill: () => void,
  ) {}

  static async start(): Promise<StdioServer | undefined> {
    if (!existsSync(SERVER_JS)) return undefined;
    const child = spawn(process.execPath, [SERVER_JS, '--stdio'], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, MEETING_PAYLOADS_SCHEMAS: SCHEMAS_DIR },
    });
    const client = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const server = new StdioServer(client, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    });
    child.on('exit', (code, signal) => (server.exited = `exit ${signal ?? code}`));
    client.onNotification(PublishDiagnosticsNotification.type, (p) => {
      server.waiters = server.waiters.filter((w) => {
        if (w.uri !== p.uri) return true;
        w.resolve(p);
        return false;
      });
    });
    client.onNotification(LogMessageNotification.method, (p: LogMessageParams) => {
      if (p.type === 1) server.errors.push(p.message);
    });
    client.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({})));
    client.listen();
    await client.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      workspaceFolders: null,
      initializationOptions: { validationDelayMs: 0 },
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    await client.sendNotification(InitializedNotification.type, {});
    return server;
  }

  async open(uri: string, text: string): Promise<Diagnostic[]> {
    const next = new Promise<PublishDiagnosticsParams>((resolve) => this.waiters.push({ uri, resolve }));
    await this.client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'meeting-json', version: 1, text },
    });
    return (await next).diagnostics;
  }

  hover(uri: string, offset: number, text: string) {
    return this.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionAt(text, offset) });
  }

  completion(uri: string, offset: number, text: string) {
    return this.client.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: positionAt(text, offset),
    });
  }

  prepare(uri: string) {
    return this.client.sendRequest(PrepareRequest.type, { uri });
  }

  async dispose(): Promise<void> {
    try {
      await Promise.race([this.client.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.client.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    this.client.dispose();
    this.kill();
  }
}

/** Markdown with code spans and backslash-escaped characters removed: what could still render as markup. */
export function outsideCodeSpans(markdown: string): string {
  let out = '';
  let i = 0;
  while (i < markdown.length) {
    const c = markdown[i];
    if (c === '\\' && i + 1 < markdown.length) {
      i += 2;
      continue;
    }
    if (c === '`') {
      let run = 0;
      while (markdown[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      // A closing run of exactly the same length ends the span.
      let close = markdown.indexOf(fence, i + run);
      while (close >= 0 && (markdown[close + run] === '`' || markdown[close - 1] === '`')) {
        close = markdown.indexOf(fence, close + 1);
      }
      if (close < 0) {
        out += markdown.slice(i, i + run);
        i += run;
        continue;
      }
      i = close + run;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
