/**
 * The reader thread of `validate` (bundled alone to dist/cli/validateReader.cjs, started by
 * cli/validate/readAhead.ts): claims batches of the list in order and posts their texts, while the checking
 * thread checks the ones before.
 */
import { workerData } from 'node:worker_threads';
import { readInput, type Input } from './validate/readInput';
import { BATCH_FILES, MAX_CHARS_AHEAD, SLOT, type ReadBatch, type ReaderTask } from './validate/readProtocol';

function read({ files, cwd, control, port }: ReaderTask): void {
  const slots = new Int32Array(control);
  const inProcessCwd = cwd === process.cwd();
  const batches = Math.ceil(files.length / BATCH_FILES);
  while (Atomics.load(slots, SLOT.done) === 0) {
    const ahead = Atomics.load(slots, SLOT.charsAhead);
    if (ahead > MAX_CHARS_AHEAD) {
      Atomics.wait(slots, SLOT.charsAhead, ahead, 100);
      continue;
    }
    const batch = Atomics.add(slots, SLOT.next, 1);
    if (batch >= batches) break;
    const inputs: Input[] = [];
    let chars = 0;
    for (let i = batch * BATCH_FILES; i < Math.min(files.length, (batch + 1) * BATCH_FILES); i++) {
      const input = readInput(files[i], cwd, inProcessCwd);
      if (typeof input === 'string') chars += input.length;
      inputs.push(input);
    }
    Atomics.add(slots, SLOT.charsAhead, chars);
    const message: ReadBatch = { batch, inputs, chars };
    port.postMessage(message);
    Atomics.add(slots, SLOT.posted, 1);
    Atomics.notify(slots, SLOT.posted);
  }
  // The port is left open: what it carries is read after this thread ends (it is terminated then).
}

read(workerData as ReaderTask);
