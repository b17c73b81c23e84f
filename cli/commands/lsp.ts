/**
 * `lsp --stdio`: the language server for other editors, the same one VS Code runs. On stdio, standard output
 * belongs to the protocol, so console output is sent to the client's log instead.
 */
import { join } from 'node:path';
import { createServerConnection } from '../../server/src/connection';
import { nodeTimer, workerFile } from '../../server/src/runtime';
import { startServer } from '../../server/src/server';
import { formatError } from '../../server/src/util/runSafe';
import { EXIT, UsageError } from '../errors';
import type { Io } from '../io';
import { packageRoot, schemasDir } from '../paths';

const TRANSPORTS = /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/;

export function lspCommand(args: string[], io: Io): number {
  if (!args.some((a) => TRANSPORTS.test(a))) {
    throw new UsageError('lsp needs a transport: --stdio (or --node-ipc, --socket=<port>, --pipe=<name>).');
  }
  // The transport is read from process.argv, where these arguments are.
  const connection = createServerConnection();
  process.on('unhandledRejection', (reason) => connection.console.error(formatError('Unhandled rejection', reason)));
  process.on('uncaughtException', (err) => connection.console.error(formatError('Uncaught exception', err)));
  startServer(connection, {
    schemasDir: schemasDir(io.env),
    timer: nodeTimer(),
    validationDelayMs: 200,
    // The same thread of big documents as the editor's server (built beside it, see scripts/cliBuild.mjs).
    startWorker: workerFile(join(packageRoot(), 'dist', 'bigDocuments.js')),
  });
  return EXIT.ok;
}
