/** Preloads for the command line's processes in tests: what a run loads, and a worker thread that fails. */

/**
 * For `node --require`: appends the file URL of every CommonJS file loaded (validate's own files) to
 * $LOADED_LOG, one per line.
 */
export const REQUIRE_LOG_HOOK = `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const load = Module.prototype.load;
Module.prototype.load = function (filename) {
  if (process.env.LOADED_LOG) appendFileSync(process.env.LOADED_LOG, pathToFileURL(filename).href + '\\n');
  return load.call(this, filename);
};
`;

/** For `node --import`: every worker thread throws as it starts; the main thread runs on. */
export const WORKER_CRASH =
  "import { isMainThread } from 'node:worker_threads';\nif (!isMainThread) throw new Error('simulated crash');\n";
