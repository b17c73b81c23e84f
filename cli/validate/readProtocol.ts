/** What `validate`'s checking thread and its reader thread share (readAhead.ts, cli/validateReader.ts). */
import type { MessagePort } from 'node:worker_threads';
import type { Input } from './readInput';

export const BATCH_FILES = 64;
/** Characters read and not yet checked, at most (then one batch more). */
export const MAX_CHARS_AHEAD = 16 * 1024 * 1024;

/** Slots of the shared Int32Array: the next batch to claim, batches posted, characters ahead, the run is over. */
export const SLOT = { next: 0, posted: 1, charsAhead: 2, done: 3 } as const;

/** What the reader is given (workerData; its port comes in the transfer list). */
export interface ReaderTask {
  files: readonly string[];
  cwd: string;
  control: SharedArrayBuffer;
  port: MessagePort;
}

/** A batch the reader read. */
export interface ReadBatch {
  batch: number;
  inputs: Input[];
  chars: number;
}
