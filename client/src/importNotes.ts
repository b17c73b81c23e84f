/**
 * The words of Import from cURL: the file name Save proposes, and the dialog that shows every import note in full
 * (what was dropped, what was changed, what is left) with "Fix N Problems" when Fix All can do the rest. Pure.
 */
import { safe } from './send/texts';

/** `huawei.meeting.updateMemberVmr` → `updateMemberVmr.meeting.json`; the nth free name gets `-n`. */
export function importFileName(operationId: string, n = 1): string {
  const last = operationId.split('.').pop() ?? '';
  const base = last.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'imported';
  return `${base}${n > 1 ? `-${n}` : ''}.meeting.json`;
}

export interface ImportNotesText {
  message: string;
  detail: string;
  /** "Fix 2 Problems", when Fix All can fix some. */
  fixButton?: string;
}

export function importNotesText(operationId: string, notes: readonly string[], fixable: number): ImportNotesText {
  const changed = notes.filter((n) => n.startsWith('Changed ')).length;
  const parts = [`Imported as ${safe(operationId, 120)}.`];
  if (changed > 0) parts.push(`${changed} value${changed === 1 ? ' was' : 's were'} fixed.`);
  const detail =
    notes.length > 0 ? notes.map((n) => `• ${safe(n, 2000)}`).join('\n') : 'Nothing was dropped or changed.';
  const fixButton = fixable > 0 ? `Fix ${fixable} Problem${fixable === 1 ? '' : 's'}` : undefined;
  return { message: parts.join(' '), detail, ...(fixButton ? { fixButton } : {}) };
}
