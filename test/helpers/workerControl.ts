/**
 * The thread of big documents for in-process tests: the sources (server/src/worker/serve.ts) run with tsx, and a
 * control that can hold the thread before each piece of work, say when it starts one, and end it.
 */
import { join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { WorkerData } from '../../server/src/worker/protocol';

const ENTRY = join(__dirname, 'heldWorkerEntry.ts');

export interface HeldWorkerData extends WorkerData {
  /** Slot 0: 1 while held. */
  hold: SharedArrayBuffer;
  /** Told `started` before each piece of work. */
  events: MessagePort;
}

export class WorkerControl {
  /** Every thread started, the current one last. */
  readonly workers: Worker[] = [];
  private readonly state = new Int32Array(new SharedArrayBuffer(4));
  private waiting: Array<() => void> = [];

  readonly startWorker = (data: WorkerData): Worker => {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', () => {
      const waiting = this.waiting;
      this.waiting = [];
      for (const resolve of waiting) resolve();
    });
    port1.unref();
    const workerData: HeldWorkerData = { ...data, hold: this.state.buffer, events: port2 };
    const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(ENTRY)});`, {
      eval: true,
      workerData,
      transferList: [port2],
    });
    this.workers.push(worker);
    return worker;
  };

  /** From now on the thread waits before each piece of work until {@link release}. */
  hold(): void {
    Atomics.store(this.state, 0, 1);
  }

  release(): void {
    Atomics.store(this.state, 0, 0);
    Atomics.notify(this.state, 0);
  }

  /** Resolves when the thread starts its next piece of work (then waiting, if held). */
  nextWork(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Ends the current thread, as a crash would. */
  async crash(): Promise<void> {
    await this.workers.at(-1)?.terminate();
  }
}
