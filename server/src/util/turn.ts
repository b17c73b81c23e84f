/**
 * Giving way on big documents (#11): the server has one thread, so a request on a 10 MB document would hold up
 * every other document while it runs. Work on a document this large first lets the loop turn (a `$/cancelRequest`
 * or a change already sent is read) and lets other documents' pending diagnostics go first.
 */
export const BIG_DOCUMENT = 512 * 1024;

/** One turn of the event loop: messages already received are read and dispatched before the caller goes on. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
