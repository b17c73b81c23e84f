/**
 * The messages between the server's main thread and the thread big documents are worked on in (`serve.ts`):
 * a mirror of each big document (opened with its text, then its incremental changes) and work on a version of
 * it, answered by id.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Work } from '../work';

export type ToWorker =
  | { type: 'open'; uri: string; version: number; text: string }
  | { type: 'change'; uri: string; version: number; changes: TextDocumentContentChangeEvent[] }
  | { type: 'close'; uri: string }
  | { type: 'work'; id: number; uri: string; version: number; work: Work }
  /** The main thread has answered it (cancelled): not to be started. */
  | { type: 'cancel'; id: number };

export type FromWorker =
  /**
   * The answer as JSON text: a string crosses threads as one copy, where the structured clone of an outline's
   * thousands of objects costs this thread several times its `JSON.parse`.
   */
  | { type: 'done'; id: number; json: string }
  /** A newer version (or the close) of the document is on its way: validating this one is of no use. */
  | { type: 'stale'; id: number }
  /** The work threw: what `runSafe` would log. */
  | { type: 'failed'; id: number; error: string };

/** What the thread is started with (`workerData`). */
export interface WorkerData {
  /** The bundled catalog's folder, read as the main thread reads it. */
  schemasDir: string;
}
