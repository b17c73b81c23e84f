/**
 * Node entry of the language server. `node dist/server.js --stdio` (or `--node-ipc`, `--socket=N`) speaks
 * LSP, so other editors and our tests can use it as VS Code does.
 */
import { join } from 'node:path';
import { createServerConnection } from './connection';
import { nodeTimer, workerFile } from './runtime';
import { startServer } from './server';
import { formatError } from './util/runSafe';

const connection = createServerConnection();

process.on('unhandledRejection', (reason) => connection.console.error(formatError('Unhandled rejection', reason)));
process.on('uncaughtException', (err) => connection.console.error(formatError('Uncaught exception', err)));

startServer(connection, {
  schemasDir: process.env.MEETING_PAYLOADS_SCHEMAS ?? join(__dirname, '..', 'schemas'),
  timer: nodeTimer(),
  validationDelayMs: 200,
  startWorker: workerFile(join(__dirname, 'bigDocuments.js')),
});
