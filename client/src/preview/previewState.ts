/**
 * What the editor keeps of a preview so that Send from it sends exactly the previewed text, and the one edit of
 * Fetch Current State. Pure, no `vscode`: the adapter (`previewCommands.ts`) passes documents in as plain values.
 */
import { modify, type EditResult } from 'jsonc-parser';

/** The request file as it was previewed. */
export interface Previewed {
  id: string;
  documentUri: string;
  /** The document version and exact text the PUT was prepared from. */
  version: number;
  text: string;
  /** Where the preview read from and the PUT goes: the environment's name and base URL. */
  environment: string;
  baseUrl: string;
  fileLabel: string;
}

/** The lens beside Send on a PUT whose catalog documents a read. */
export const PREVIEW_LENS = {
  title: 'Preview Changes',
  tooltip: 'Read the current state with the documented read and show what this PUT changes, before anything is written',
};

/** The request file now (undefined: closed). */
export interface DocumentNow {
  version: number;
  text: string;
}

/**
 * Why the previewed text can no longer be sent as previewed, or undefined when it can: the file changed (or was
 * closed), or another environment is selected (the preview read another origin's state).
 */
export function previewStaleReason(
  previewed: Previewed,
  now: DocumentNow | undefined,
  target: { environment: string; baseUrl: string | undefined },
): string | undefined {
  const file = previewed.fileLabel;
  if (now === undefined) return `${file} was closed after it was previewed; the previewed request is not sent.`;
  if (now.version !== previewed.version || now.text !== previewed.text) {
    return `${file} changed after it was previewed; the previewed request is not sent. Preview it again to send what it says now.`;
  }
  if (target.environment !== previewed.environment) {
    return `The environment changed from "${previewed.environment}" to "${target.environment}" after the preview; the previewed request is not sent. Preview it again.`;
  }
  if (target.baseUrl !== previewed.baseUrl) {
    return `The base URL of "${previewed.environment}" changed after the preview (it was ${previewed.baseUrl}); the previewed request is not sent. Preview it again.`;
  }
  return undefined;
}

/**
 * What a diff of the read-only scheme shows: a preview (it can be sent, so its title bar has Send Previewed
 * Request: `package.json` tells the two apart by these names) or Compare with Before (nothing to send).
 */
export type DiffKind = 'preview' | 'compare';

/** The names that end a preview's sides: the `when` clause of Send Previewed Request matches them. */
export const PREVIEW_SIDE_SUFFIXES = ['.current.jsonc', '.after-put.jsonc'] as const;
const COMPARE_SIDE_SUFFIXES = ['.before-send.jsonc', '.after-send.jsonc'] as const;

/** Paths of the two sides of a diff in the read-only scheme; `.jsonc`: comments on top, not a request file. */
export function previewPaths(
  id: string,
  fileLabel: string,
  kind: DiffKind = 'preview',
): { left: string; right: string } {
  const base = fileLabel.replace(/\.meeting\.json$/i, '').replace(/[^\w.-]+/g, '-') || 'request';
  const [left, right] = kind === 'preview' ? PREVIEW_SIDE_SUFFIXES : COMPARE_SIDE_SUFFIXES;
  return { left: `/${id}/${base}${left}`, right: `/${id}/${base}${right}` };
}

/** The preview id in a side's path, or undefined. */
export function previewIdOf(path: string): string | undefined {
  return /^\/([0-9a-f]{8,64})\//.exec(path)?.[1];
}

/** The indentation a request file uses (its first indented line), so the filled body looks like the rest. */
function indentOf(text: string): { insertSpaces: boolean; tabSize: number } {
  const first = /\n([ \t]+)\S/.exec(text)?.[1];
  if (first?.startsWith('\t')) return { insertSpaces: false, tabSize: 1 };
  return { insertSpaces: true, tabSize: first ? Math.min(8, first.length) : 2 };
}

/**
 * The edits that replace the file's `body` with `body` (added when missing), everything else left as written:
 * jsonc-parser's `modify`, formatted like the file. Undefined when the text is not a JSON object to edit.
 */
export function fillBodyEdits(text: string, body: unknown): EditResult | undefined {
  if (!/^\s*\{/.test(text.replace(/^\uFEFF/, ''))) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  try {
    return modify(text, ['body'], body, { formattingOptions: { ...indentOf(text), eol } });
  } catch {
    return undefined;
  }
}

/** The note that names what a fill or a new file left out (never silently). */
export function fetchedMessage(where: string, readId: string, note: string | undefined): string {
  return `${where} with the current state from ${readId}.${note ? ` ${note}` : ''}`;
}
