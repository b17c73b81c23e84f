/**
 * The language server to fuzz, on a real LSP connection: in this process (two pipes and the server's own
 * `createConnection`, fast) or as the bundled `dist/server.js --stdio` child process (what editors run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import {
  ConfigurationRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  ExitNotification,
  type LogMessageParams,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from '../../server/src/server';
import { nodeTimer } from '../../server/src/runtime';
import { SCHEMAS_DIR } from './corpus';

export interface LogEntry {
  type: number;
  message: string;
}

export interface Target {
  readonly kind: 'in-process' | 'stdio';
  readonly client: ProtocolConnection;
  /** `window/logMessage` and `window/showMessage` notifications, in arrival order. */
  readonly logs: LogEntry[];
  /** Set when the connection closed or the child process exited. */
  readonly down: () => string | undefined;
  onDiagnostics(listener: (p: PublishDiagnosticsParams) => void): void;
  /** Settings answered to `workspace/configuration`. */
  settings: Record<string, unknown>;
  dispose(): Promise<void>;
}

interface Wiring {
  client: ProtocolConnection;
  stop: () => void;
  child?: ChildProcess;
}

async function connect(kind: Target['kind'], wiring: Wiring, validationDelayMs: number): Promise<Target> {
  const { client } = wiring;
  const logs: LogEntry[] = [];
  const listeners: Array<(p: PublishDiagnosticsParams) => void> = [];
  let down: string | undefined;
  const target: Target = {
    kind,
    client,
    logs,
    down: () => down,
    onDiagnostics: (l) => listeners.push(l),
    settings: {},
    dispose: async () => {
      try {
        await Promise.race([client.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        // In process, `exit` would end this process: the server's default exit handler calls process.exit.
        if (kind === 'stdio') await client.sendNotification(ExitNotification.type);
      } catch {
        // already down
      }
      wiring.stop();
    },
  };
  client.onNotification(PublishDiagnosticsNotification.type, (p) => {
    for (const l of listeners) l(p);
  });
  const log = (p: LogMessageParams): void => {
    logs.push({ type: p.type, message: p.message });
  };
  client.onNotification(LogMessageNotification.method, log);
  client.onNotification(ShowMessageNotification.method, log);
  client.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => target.settings));
  client.onRequest(RegistrationRequest.type, () => undefined);
  client.onClose(() => (down ??= 'the connection closed'));
  client.onError(([err]) => (down ??= `connection error: ${err.message}`));
  wiring.child?.on('exit', (code, signal) => (down ??= `the server process exited (${signal ?? code})`));
  client.listen();
  await client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    workspaceFolders: null,
    initializationOptions: { validationDelayMs },
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: {
        publishDiagnostics: { versionSupport: true, tagSupport: { valueSet: [1, 2] } },
        completion: { completionItem: { snippetSupport: true } },
      },
    },
  });
  await client.sendNotification(InitializedNotification.type, {});
  return target;
}

export function inProcessTarget(validationDelayMs: number): Promise<Target> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, { schemasDir: SCHEMAS_DIR, timer: nodeTimer(), validationDelayMs });
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  return connect(
    'in-process',
    {
      client,
      stop: () => {
        client.dispose();
        server.dispose();
        toServer.destroy();
        toClient.destroy();
      },
    },
    validationDelayMs,
  );
}

export function stdioTarget(serverJs: string, validationDelayMs: number): Promise<Target> {
  const child = spawn(process.execPath, [serverJs, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    // The bundle finds the catalog beside itself; a bundle built elsewhere is pointed at this one.
    env: { ...process.env, MEETING_PAYLOADS_SCHEMAS: SCHEMAS_DIR },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 100_000) stderr += d.toString();
  });
  const client = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  return connect(
    'stdio',
    {
      client,
      child,
      stop: () => {
        client.dispose();
        if (child.exitCode === null && child.signalCode === null) child.kill();
        if (stderr.trim()) process.stderr.write(`server stderr:\n${stderr}\n`);
      },
    },
    validationDelayMs,
  );
}
