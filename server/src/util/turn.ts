/**
 * Giving way on big documents (#11): work on a document this large runs in the thread of big documents
 * (`worker/bigDocuments.ts`); where it runs in the main thread instead (no thread, or a user catalog configured),
 * it first lets the loop turn (a `$/cancelRequest` or a change already sent is read) and lets other documents'
 * pending diagnostics go first.
 */
export const BIG_DOCUMENT = 512 * 1024;

/** One turn of the event loop: messages already received are read and dispatched before the caller goes on. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
