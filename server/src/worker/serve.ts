/**
 * The thread big documents are worked on in: the bundled catalog, a mirror of each big document, and a queue of
 * the main thread's messages, one handled per turn of this thread's loop so that messages arriving meanwhile
 * (newer changes, cancellations) are seen before the next. The work itself is `doWork`, as on the main thread.
 */
import type { MessagePort } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { addBuiltins, readBuiltinDocuments } from '../catalog/builtin';
import { Catalog } from '../catalog/catalog';
import { DocumentValues } from '../documentCache';
import { formatError } from '../util/runSafe';
import { doWork } from '../work';
import type { FromWorker, ToWorker, WorkerData } from './protocol';

export interface ServeOptions extends WorkerData {
  /** Called before each piece of work starts (tests hold the thread here). */
  beforeWork?: () => void;
}

export function serve(port: MessagePort, options: ServeOptions): void {
  const catalog = new Catalog();
  // The main thread reports a bundled catalog that fails to load; here it then has no operations, as there.
  try {
    addBuiltins(catalog, readBuiltinDocuments(options.schemasDir));
  } catch {
    // reported by the main thread
  }
  const docs = new Map<string, TextDocument>();
  const values = new DocumentValues();
  const queue: ToWorker[] = [];
  const cancelled = new Set<number>();
  let stepping = false;
  const reply = (m: FromWorker) => port.postMessage(m);

  port.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') cancelled.add(m.id);
    else queue.push(m);
    if (!stepping) {
      stepping = true;
      setImmediate(step);
    }
  });

  function step(): void {
    const m = queue.shift();
    if (m) handle(m);
    if (queue.length > 0) setImmediate(step);
    else stepping = false;
  }

  /** Whether a change or the close of `uri` is queued. */
  const superseded = (uri: string) => queue.some((q) => (q.type === 'change' || q.type === 'close') && q.uri === uri);

  function handle(m: ToWorker): void {
    switch (m.type) {
      case 'open':
        docs.set(m.uri, TextDocument.create(m.uri, 'meeting-json', m.version, m.text));
        values.delete(m.uri);
        return;
      case 'change': {
        const doc = docs.get(m.uri);
        if (doc) TextDocument.update(doc, m.changes, m.version);
        return;
      }
      case 'close':
        docs.delete(m.uri);
        values.delete(m.uri);
        return;
      case 'cancel':
        return;
      case 'work': {
        if (cancelled.delete(m.id)) return;
        const doc = docs.get(m.uri);
        // Requests are answered at the version they were sent at (messages come in order); a validation a
        // newer version will follow is dropped.
        if (!doc || doc.version !== m.version || (m.work.kind === 'validate' && superseded(m.uri))) {
          reply({ type: 'stale', id: m.id });
          return;
        }
        options.beforeWork?.();
        try {
          const result = doWork(m.work, doc, values, catalog);
          reply({ type: 'done', id: m.id, json: JSON.stringify(result) ?? 'null' });
        } catch (err) {
          reply({ type: 'failed', id: m.id, error: formatError(`${m.work.kind} of ${m.uri} failed`, err) });
        }
      }
    }
  }
}
