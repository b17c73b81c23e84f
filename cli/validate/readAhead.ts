/**
 * `validate` of many files on one checking thread, with a reader thread reading ahead (#11): reading a file (open,
 * stat, read, close, decoding) costs the checking thread about as much as a third of checking it, so the files are
 * read on another thread while this one checks. Both claim batches of the list, in order, from one shared counter:
 * this thread reads a batch itself when the reader has not claimed it yet (at the start, while the reader starts,
 * or when the reader is the slower), else takes the reader's texts. The reader stops reading ahead past
 * MAX_CHARS_AHEAD (readProtocol.ts). A reader that fails or stalls only costs time: after READER_PATIENCE_MS
 * without its batch, this thread reads the batch itself. The reports are those of the serial loop, in order.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { receiveMessageOnPort, MessageChannel, Worker } from 'node:worker_threads';
import { bundleFile } from '../paths';
import type { FileReport } from '../report/problems';
import { checkFiles, checkInput, type CheckJob } from './checkFiles';
import { BATCH_FILES, SLOT, type ReadBatch, type ReaderTask } from './readProtocol';

/** Below this many files the reader's start costs more than it saves. */
export const READ_AHEAD_MIN_FILES = 256;
const READER_PATIENCE_MS = 2000;
const READER_FILE = 'validateReader.cjs';

/** Whether a reader is worth starting: enough files, a second core, the reader's entry built (not from sources). */
export function readAhead(files: number): boolean {
  return files >= READ_AHEAD_MIN_FILES && availableParallelism() > 1 && existsSync(bundleFile(READER_FILE));
}

export async function checkWithReader(files: readonly string[], job: CheckJob): Promise<FileReport[]> {
  const control = new SharedArrayBuffer(4 * 4);
  const slots = new Int32Array(control);
  const { port1, port2 } = new MessageChannel();
  const task: ReaderTask = { files, cwd: job.cwd, control, port: port2 };
  const reader = new Worker(bundleFile(READER_FILE), { workerData: task, transferList: [port2] });
  // A failed reader is only slower (see the header): its error is not the run's.
  reader.on('error', () => {});
  const early = new Map<number, ReadBatch>();
  /** The reader's batch `b`, or undefined when it did not come in time. */
  const fromReader = (b: number): ReadBatch | undefined => {
    const deadline = Date.now() + READER_PATIENCE_MS;
    for (;;) {
      const kept = early.get(b);
      if (kept) {
        early.delete(b);
        return kept;
      }
      const seen = Atomics.load(slots, SLOT.posted);
      const got = receiveMessageOnPort(port1)?.message as ReadBatch | undefined;
      if (got) {
        // A batch this thread read itself after waiting too long is dropped.
        if (got.batch > b) early.set(got.batch, got);
        else if (got.batch < b) release(got);
        else return got;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      Atomics.wait(slots, SLOT.posted, seen, left);
    }
  };
  const release = (m: ReadBatch) => {
    Atomics.sub(slots, SLOT.charsAhead, m.chars);
    Atomics.notify(slots, SLOT.charsAhead);
  };
  const reports: FileReport[] = [];
  try {
    const batches = Math.ceil(files.length / BATCH_FILES);
    for (let b = 0; b < batches; b++) {
      const from = b * BATCH_FILES;
      const to = Math.min(files.length, from + BATCH_FILES);
      const read = Atomics.compareExchange(slots, SLOT.next, b, b + 1) === b ? undefined : fromReader(b);
      if (!read) {
        for (const r of checkFiles(files, from, to, job)) reports.push(r);
        continue;
      }
      release(read);
      for (let i = from; i < to; i++) reports.push(checkInput(files[i], read.inputs[i - from], job));
    }
  } finally {
    Atomics.store(slots, SLOT.done, 1);
    Atomics.notify(slots, SLOT.charsAhead);
    port1.close();
    await reader.terminate();
  }
  return reports;
}
