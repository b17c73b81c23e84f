/**
 * Titles of the response panel that the host builds from a file's URI alone (pure, no `vscode`): a history entry
 * may belong to a file that is not open, and after a reload the panel's saved state names its file by URI only.
 */
import { isFileUri } from '../../../common/webviewMessages';
import type { HistoryItem } from '../../../common/webviewMessages';

/** The last path segment of a document URI, decoded ("room%207.meeting.json" → "room 7.meeting.json"). */
export function fileNameOfUri(uri: string): string {
  let path = uri;
  try {
    path = new URL(uri).pathname;
  } catch {
    // Not a URL: its last segment as it is.
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name) || uri;
  } catch {
    return name || uri;
  }
}

/** "PUT room.meeting.json (history)": the file it belongs to, as a live response's title, marked as a summary. */
export function historyEntryTitle(method: string, fileUri: string): string {
  return `${method} ${fileNameOfUri(fileUri)} (history)`;
}

/**
 * The request file a restored panel shows, from the webview's saved state (`client/webview/main.ts`): its view's
 * file, else its history's. The state was written by the webview, which displays network data: trust nothing.
 */
export function restoredFileOf(state: unknown): string | undefined {
  const fileOf = (part: unknown): string | undefined => {
    if (typeof part !== 'object' || part === null) return undefined;
    const file = (part as { file?: unknown }).file;
    return isFileUri(file) ? file : undefined;
  };
  if (typeof state !== 'object' || state === null) return undefined;
  const s = state as { view?: unknown; history?: unknown };
  return fileOf(s.view) ?? fileOf(s.history);
}

/** A history entry's outcome in a few words: "200 OK", "Error ETIMEDOUT", "Cancelled" (empty: a response without a status). */
export function historyOutcomeText(h: Pick<HistoryItem, 'outcome' | 'status' | 'statusText' | 'errorCode'>): string {
  if (h.outcome === 'response') return `${h.status ?? ''} ${h.statusText ?? ''}`.trim();
  return h.outcome === 'error' ? `Error ${h.errorCode ?? ''}`.trim() : 'Cancelled';
}
