/**
 * The words of the send flow's dialogs. Pure: everything shown about a request comes through here, so
 * text from a (possibly hostile) request file is made visible, never deceptive: control, bidi and
 * zero-width characters are written out as `\u{…}`, long values are shortened in the middle, and the
 * origin (punycode) comes first on its own line.
 */
import { ALL_INVISIBLE, braceEscape, invisiblePattern } from '../../../common/invisible';
import type { ValidationSummary } from '../../../common/requestSpec';

/** Every invisible character (control, bidi, line separators, zero-width and other hidden ones; `common/invisible.ts`). */
const INVISIBLE = invisiblePattern(ALL_INVISIBLE);

export function visible(text: string): string {
  return text.replace(INVISIBLE, braceEscape);
}

/** Shortens the middle of a long string, keeping both ends readable. */
export function middleTruncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.max(2, max - 1);
  const head = Math.ceil(keep * 0.6);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}

export function safe(text: string, max = 200): string {
  return middleTruncate(visible(text), max);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export interface ConfirmationInput {
  method: string;
  /** Final URL (path params encoded, query appended). */
  url: string;
  environment: string;
  headerNames: string[];
  bodyBytes: number | undefined;
  /** Label of the credential that will be attached, or undefined when none. */
  tokenLabel: string | undefined;
  validationValid: boolean;
}

/** Message and detail of the modal shown before sending to a non-loopback origin. */
export function confirmationText(input: ConfirmationInput): { message: string; detail: string } {
  const u = new URL(input.url);
  const query = [...u.searchParams.keys()];
  const lines = [
    `Origin: ${safe(u.origin, 120)}`,
    `Method: ${safe(input.method, 16)}`,
    `Path: ${safe(u.pathname, 160)}`,
  ];
  if (query.length > 0) lines.push(`Query: ${safe(query.join(', '), 160)}`);
  lines.push(`Environment: ${safe(input.environment, 60)}`);
  lines.push(
    `Token: ${input.tokenLabel === undefined ? 'none (no token is set for this origin)' : safe(input.tokenLabel, 80)}`,
  );
  if (input.headerNames.length > 0) lines.push(`Headers from the file: ${safe(input.headerNames.join(', '), 160)}`);
  lines.push(input.bodyBytes === undefined ? 'Body: none' : `Body: ${formatBytes(input.bodyBytes)} of JSON`);
  if (!input.validationValid) lines.push('The file has validation errors (you chose to send anyway).');
  return {
    message: `Send ${safe(input.method, 16)} to ${safe(u.host, 80)}?`,
    detail: lines.join('\n'),
  };
}

export const MAX_LISTED_PROBLEMS = 15;

/** Message and detail of the modal shown when the file does not validate. */
export function invalidFileText(summary: ValidationSummary): { message: string; detail: string } {
  const shown = summary.messages.slice(0, MAX_LISTED_PROBLEMS).map((m) => `• ${safe(m, 240)}`);
  const more = summary.errorCount - shown.length;
  if (more > 0) shown.push(`…and ${more} more`);
  const count = `${summary.errorCount} error${summary.errorCount === 1 ? '' : 's'}`;
  return {
    message: `This request file has ${count}. The server will probably reject it.`,
    detail: shown.join('\n'),
  };
}

/** A modal button, as `vscode.MessageItem` has it (this file stays free of `vscode`). */
export interface DialogButton {
  title: string;
  isCloseAffordance?: boolean;
}

/**
 * The buttons of the invalid-file modal, in the order they are passed. VS Code turns the close-affordance item into
 * the dialog's Cancel (Escape, the close box) and makes the first other item the primary button, focused when the
 * dialog opens (Enter presses it). So the first item must not send: Enter shows the problems, Escape cancels, and
 * sending takes a deliberate click on "Send Anyway".
 */
export const INVALID_FILE_BUTTONS = {
  showProblems: { title: 'Show Problems' },
  sendAnyway: { title: 'Send Anyway' },
  cancel: { title: 'Cancel', isCloseAffordance: true },
} as const satisfies Record<string, DialogButton>;

export const invalidFileButtons = (): DialogButton[] => [
  INVALID_FILE_BUTTONS.showProblems,
  INVALID_FILE_BUTTONS.sendAnyway,
  INVALID_FILE_BUTTONS.cancel,
];

/** A status line for the time a rate-limited request may be retried. */
export function retryWhenText(retryAfterSeconds: number, dueAt: number): string {
  const when = new Date(dueAt);
  const hh = String(when.getHours()).padStart(2, '0');
  const mm = String(when.getMinutes()).padStart(2, '0');
  const ss = String(when.getSeconds()).padStart(2, '0');
  return `The server asked to wait ${retryAfterSeconds} s (until ${hh}:${mm}:${ss}) before retrying.`;
}
