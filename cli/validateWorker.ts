/**
 * A worker thread of `validate` (bundled to dist/cli/validateWorker.cjs, and validateWorkerCatalogs.mjs for
 * --catalog; started by cli/validate/parallel.ts): loads
 * the same catalog, checks its own chunk, then claims chunks until none is left, posting each one's reports.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalog } from './catalogs';
import { checkFiles, type CheckJob } from './validate/checkFiles';
import type { WorkerMessage, WorkerTask } from './validate/parallel';

async function work(task: WorkerTask, post: (m: WorkerMessage) => void): Promise<void> {
  // The main thread has loaded the same catalogs and told their problems: nothing to tell here.
  const io = { cwd: task.cwd, env: task.env, out: () => {}, err: () => {}, stdin: () => Promise.resolve(undefined) };
  const catalog = await loadCatalog([...task.catalogs], io);
  const job: CheckJob = { catalog, settings: task.settings, strict: task.strict, cwd: task.cwd };
  const { files, chunkSize } = task;
  const check = (chunk: number) =>
    post({
      chunk,
      reports: checkFiles(files, chunk * chunkSize, Math.min(files.length, (chunk + 1) * chunkSize), job),
    });
  check(task.own);
  const next = new Int32Array(task.counter);
  for (let c = Atomics.add(next, 0, 1); c < task.shared; c = Atomics.add(next, 0, 1)) check(c);
  post({ done: true });
}

const port = parentPort;
if (port) void work(workerData as WorkerTask, (m) => port.postMessage(m));
