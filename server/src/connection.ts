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
  if (!argv.slice(2).includes('--stdio')) return createConnection(ProposedFeatures.all);
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(process.stdin),
    rawJsonWriter(process.stdout),
  );
  // Given its reader, createConnection leaves the end of stdin to us (an `exit` notification ends the process
  // first, with its own code).
  const end = () => process.exit(1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  return connection;
}
