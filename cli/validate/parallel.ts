/**
 * `validate` on several threads: the files are cut into chunks (contiguous, in input order) that the main thread
 * and its workers claim one at a time from a shared counter, so a busy or late thread simply checks fewer; each
 * worker also has one chunk of its own from the end of the list, checked first, so every worker checks something
 * and its failure is always seen. The reports are put back in input order: the output is the serial one.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ServerSettings } from '../../common/settings';
import type { UserCatalogSpec } from '../catalogs';
import { InputError } from '../errors';
import { bundleFile } from '../paths';
import type { FileReport } from '../report/problems';
import { checkFiles, type CheckJob } from './checkFiles';

/**
 * Below this many files a checking worker costs more than it saves: each thread compiles the same hot code again
 * (V8's warm-up, about 0.3 s of CPU), so below it one checking thread with a reader (readAhead.ts) is faster.
 */
export const PARALLEL_MIN_FILES = 20_000;
/** Threads at most, the main one included: past it, each thread's start outweighs its share. */
export const MAX_THREADS = 4;
/** What `--jobs` may ask for. */
export const MAX_JOBS = 16;
/**
 * The workers' entries (cli/validateWorker.ts, built twice by scripts/cliBuild.mjs): alone in one file for the
 * bundled catalog; among main.mjs's chunks, with the user-catalog loader, for --catalog.
 */
const workerFile = (catalogs: readonly UserCatalogSpec[]): string =>
  bundleFile(catalogs.length === 0 ? 'validateWorker.cjs' : 'validateWorkerCatalogs.mjs');

/** What a worker is given (workerData). */
export interface WorkerTask {
  files: readonly string[];
  chunkSize: number;
  /** The chunk the worker checks first, whatever the others do. */
  own: number;
  /** Chunks below this are claimed through `counter` (the rest are the workers' own). */
  shared: number;
  /** One Int32: the next chunk to claim. */
  counter: SharedArrayBuffer;
  catalogs: readonly UserCatalogSpec[];
  settings: ServerSettings;
  strict: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** What a worker posts: a chunk's reports, then that it is done. */
export type WorkerMessage = { chunk: number; reports: FileReport[] } | { done: true };

/**
 * How many threads check `files` files: `--jobs` when given (at most one per chunk), else {@link autoThreads};
 * 1 means no worker. Run from the sources (no bundle, so no worker entry), always 1.
 */
export function threadCount(files: number, jobs: number | undefined, catalogs: readonly UserCatalogSpec[]): number {
  const wanted = jobs ?? autoThreads(files, availableParallelism(), loadavg()[0]);
  if (wanted <= 1 || files < 2) return 1;
  return existsSync(workerFile(catalogs)) ? Math.min(wanted, chunking(files, wanted).chunks) : 1;
}

/**
 * Without `--jobs`: one thread per core up to MAX_THREADS from PARALLEL_MIN_FILES files on, unless the machine is
 * busy (a load average within half a core of the cores: a worker would only take turns with the others, its own
 * start and warm-up then costing more than it checks). Windows reports no load average (0): cores decide.
 */
export function autoThreads(files: number, cores: number, load: number): number {
  if (files < PARALLEL_MIN_FILES || load >= cores - 0.5) return 1;
  return Math.max(1, Math.min(cores, MAX_THREADS));
}

/** Chunks small enough that the threads finish together, large enough that messages stay few. */
export function chunking(files: number, threads: number): { chunkSize: number; chunks: number } {
  const chunkSize = Math.max(1, Math.min(64, Math.ceil(files / (threads * 4))));
  return { chunkSize, chunks: Math.ceil(files / chunkSize) };
}

/** The reports of `files` in their order, checked by `threads` threads (this one and `threads - 1` workers). */
export async function checkInParallel(
  files: readonly string[],
  job: CheckJob,
  shared: Pick<WorkerTask, 'catalogs' | 'env'>,
  threads: number,
): Promise<FileReport[]> {
  const { chunkSize, chunks } = chunking(files.length, threads);
  const workers = threads - 1;
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const results: FileReport[][] = new Array<FileReport[]>(chunks);
  const base = { files, chunkSize, shared: chunks - workers, counter, settings: job.settings, strict: job.strict };
  const started: Worker[] = [];
  const finished: Promise<void>[] = [];
  for (let k = 0; k < workers; k++) {
    const task: WorkerTask = { ...base, ...shared, own: chunks - 1 - k, cwd: job.cwd };
    const worker = new Worker(workerFile(shared.catalogs), { workerData: task });
    started.push(worker);
    finished.push(
      new Promise<void>((resolve, reject) => {
        let done = false;
        worker.on('message', (m: WorkerMessage) => {
          if ('done' in m) done = true;
          else results[m.chunk] = m.reports;
        });
        const fail = (why: string) =>
          reject(new InputError(`a validation thread stopped: ${why}; no report was written.`));
        worker.on('error', (err) => fail(err.message));
        worker.on('messageerror', (err) => fail(err.message));
        worker.on('exit', (code) => (done && code === 0 ? resolve() : fail(`it exited with code ${code}`)));
      }),
    );
  }
  // Handled from the start: when this thread's own checking throws, the workers it then ends fail too, and those
  // failures must not reach Node as unhandled rejections (which would replace this thread's error and exit code).
  const allFinished = Promise.all(finished);
  allFinished.catch(() => undefined);
  try {
    // This thread claims chunks meanwhile (the workers start in parallel with it).
    for (let c = Atomics.add(next, 0, 1); c < base.shared; c = Atomics.add(next, 0, 1)) {
      results[c] = checkFiles(files, c * chunkSize, Math.min(files.length, (c + 1) * chunkSize), job);
    }
    await allFinished;
  } catch (err) {
    await Promise.all(started.map((w) => w.terminate()));
    throw err;
  }
  return results.flat();
}
