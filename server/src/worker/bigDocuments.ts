/**
 * The main thread's side of the thread big documents are worked on in (#11): on one thread, a request on a
 * 10 MB document held up every other document for a step of 100 ms and more. Each document of
 * `BIG_DOCUMENT` (util/turn.ts) and more is mirrored there (its text once, then its incremental changes), and its
 * validation and requests run there on the version they were sent at, so this thread stays free to read messages
 * and validate small documents. A cancelled request is answered at once (and not started there); a thread that
 * stops (a crash, out of memory) fails what it had with a clear error and is started again, mirrors and all, on
 * the next work.
 */
import type { Worker } from 'node:worker_threads';
import type { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { CancellationToken } from 'vscode-languageserver';
import { formatError } from '../util/runSafe';
import type { Work, WorkOf, WorkResults } from '../work';
import type { FromWorker, ToWorker } from './protocol';

export type Outcome<T> =
  | { ok: true; result: T }
  /** A newer version was on its way (validation only), or the client cancelled. */
  | { ok: false; dropped: 'stale' | 'cancelled' }
  | { ok: false; error: string; stopped?: true };

interface Pending {
  settle(outcome: Outcome<string>): void;
}

export class BigDocuments {
  /** Documents worked on in the thread (by size when opened or changed; until closed). */
  private readonly big = new Set<string>();
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly start: () => Worker,
    private readonly documents: { get(uri: string): TextDocument | undefined },
    private readonly log: (message: string) => void,
    private readonly threshold: number,
  ) {}

  /** Whether the document's work goes to the thread. */
  has(uri: string): boolean {
    return this.big.has(uri);
  }

  opened(doc: TextDocument): void {
    if (doc.getText().length < this.threshold) return;
    this.big.add(doc.uri);
    this.post({ type: 'open', uri: doc.uri, version: doc.version, text: doc.getText() });
  }

  /** The changes that make `version` of a mirrored document (a document grown big is {@link opened} instead). */
  changed(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    this.post({ type: 'change', uri, version, changes });
  }

  closed(uri: string): void {
    if (this.big.delete(uri)) this.post({ type: 'close', uri });
  }

  /** Stops mirroring every document (their work goes back to the main thread) and ends the thread. */
  clear(): void {
    this.big.clear();
    this.stop();
  }

  /** `work` on the document's current version, in the thread. */
  async run<K extends Work['kind']>(
    doc: TextDocument,
    work: WorkOf<K>,
    token?: CancellationToken,
  ): Promise<Outcome<WorkResults[K]>> {
    const outcome = await this.runJson(doc, work, token);
    return outcome.ok ? { ok: true, result: JSON.parse(outcome.result) as WorkResults[K] } : outcome;
  }

  /** As {@link run}, the answer left as the JSON text the thread wrote (for a writer that passes it through). */
  runJson(doc: TextDocument, work: Work, token?: CancellationToken): Promise<Outcome<string>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const listener = token?.onCancellationRequested(() => {
        if (!this.pending.delete(id)) return;
        this.worker?.postMessage({ type: 'cancel', id } satisfies ToWorker);
        settle({ ok: false, dropped: 'cancelled' });
      });
      const settle = (outcome: Outcome<string>) => {
        listener?.dispose();
        resolve(outcome);
      };
      if (token?.isCancellationRequested) return settle({ ok: false, dropped: 'cancelled' });
      if (this.disposed) return settle({ ok: false, error: 'The server is shutting down.', stopped: true });
      this.pending.set(id, { settle });
      this.post({ type: 'work', id, uri: doc.uri, version: doc.version, work });
    });
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  /** Posts to the thread, starting it (with every big document's current text) when it is not running. */
  private post(message: ToWorker): void {
    if (this.disposed) return;
    if (!this.worker) {
      // A thread starts for work, with the mirrors of the current texts (which hold every change so far).
      if (message.type !== 'work') return;
      this.worker = this.launch();
    }
    this.worker.postMessage(message);
  }

  private launch(): Worker {
    const worker = this.start();
    // The connection keeps the process alive; this thread must not keep it alive after the connection ends.
    worker.unref();
    worker.on('message', (m: FromWorker) => {
      const p = this.pending.get(m.id);
      if (!p) return; // cancelled meanwhile
      this.pending.delete(m.id);
      if (m.type === 'done') p.settle({ ok: true, result: m.json });
      else if (m.type === 'stale') p.settle({ ok: false, dropped: 'stale' });
      else p.settle({ ok: false, error: m.error });
    });
    worker.on('error', (err) => this.stopped(worker, formatError('it failed', err)));
    worker.on('exit', (code) => this.stopped(worker, `it exited with code ${code}`));
    for (const uri of this.big) {
      const doc = this.documents.get(uri);
      if (doc) worker.postMessage({ type: 'open', uri, version: doc.version, text: doc.getText() } satisfies ToWorker);
    }
    return worker;
  }

  /** The thread stopped: what it had fails with a clear error; the next work starts a new one. */
  private stopped(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (this.disposed) return;
    const error = `The thread that works on big documents stopped (${why}); it is started again for the next request.`;
    this.log(error);
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.settle({ ok: false, error, stopped: true });
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.settle({ ok: false, dropped: 'stale' });
  }
}
