/**
 * The server's connection, for `dist/server.js` and `meeting-payloads lsp`. On stdio (what other editors, the
 * command line and the benchmark use) its writer sends `RawJson` (rawJson.ts) as it is: a big document's
 * diagnostics come from its thread as JSON text, which would otherwise be parsed here and stringified again, some
 * 25 ms of this thread per version of a 1 MB file with thousands of problems. VS Code's node IPC serializes
 * messages itself, and there (and on sockets and pipes) `RawJson.toJSON` parses the text first.
 */
import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
} from 'vscode-languageserver/node';
import { inspect } from 'node:util';
import { encodeMessage } from './rawJson';

/** A writer of LSP messages to `stream` that sends `RawJson` as it is. */
export function rawJsonWriter(stream: NodeJS.WritableStream): StreamMessageWriter {
  return new StreamMessageWriter(stream, {
    charset: 'utf-8',
    contentTypeEncoder: {
      name: 'application/json',
      encode: (msg, options) => Promise.resolve(Buffer.from(encodeMessage(msg), options.charset)),
    },
  });
}

/** The connection the transport in `argv` asks for (`--stdio`, `--node-ipc`, `--socket=N`, `--pipe=N`). */
export function createServerConnection(argv: readonly string[] = process.argv): Connection {
  if (!argv.slice(2).includes('--stdio')) return redirectConsole(createConnection(ProposedFeatures.all));
  let shutdown = false;
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(process.stdin),
    rawJsonWriter(process.stdout),
    {
      messageStrategy: {
        handleMessage(message, next) {
          if ((message as { method?: unknown }).method === 'shutdown') shutdown = true;
          return next(message);
        },
      },
    },
  );
  // Given its reader, createConnection leaves the end of stdin to us: as it would, 0 after a shutdown request, else 1.
  const end = () => process.exit(shutdown ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  return redirectConsole(connection);
}

/**
 * Every console method writes to the client's log: on stdio, stdout is the protocol, and nothing may print to it
 * (createConnection patches the console itself only when it reads `--stdio` from argv, not with a given reader).
 */
/* eslint-disable no-console -- redirecting the console is the point here */
function redirectConsole(connection: Connection): Connection {
  const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  const log = (...args: unknown[]) => connection.console.log(text(args));
  const methods = console as unknown as Record<string, unknown>;
  // Every method that prints (timeLog, timeEnd and count print their label only).
  for (const name of [
    'log',
    'info',
    'debug',
    'dir',
    'dirxml',
    'table',
    'trace',
    'group',
    'groupCollapsed',
    'timeLog',
    'timeEnd',
    'count',
  ]) {
    methods[name] = log;
  }
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = (...args: unknown[]) => connection.console.error(text(args));
  console.assert = (value: unknown, ...args: unknown[]) => {
    if (!value) connection.console.error(`Assertion failed: ${text(args)}`);
  };
  return connection;
}
/* eslint-enable no-console */
