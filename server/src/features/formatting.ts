import { format, type Edit } from 'jsonc-parser';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LIMITS } from './analyze';
import { BOM } from './bom';
import { formatValid } from './formatValid';
import { tooDeepAt } from './scan';

/**
 * Beyond this many edits (a large one-line file gets one per token: 1.2 million, 128 MB of JSON, for a
 * 7 MB document) the answer is one edit replacing the changed span with its formatted text.
 */
const MAX_EDITS = 10_000;

/**
 * Formats a request file (or a range of it) the way VS Code formats JSON. A whole document that is valid JSON
 * (`valid`, when the caller knows; otherwise found out here) is formatted by one token pass (formatValid.ts).
 */
export function formatDocument(
  doc: TextDocument,
  options: FormattingOptions,
  range?: Range,
  valid?: boolean,
): TextEdit[] {
  const full = doc.getText();
  // The formatter would drop a byte-order mark as leading junk: format what follows it, then shift the edits back.
  const skip = full.startsWith(BOM) ? 1 : 0;
  const text = skip ? full.slice(skip) : full;
  // Every line is indented by its depth: past the depth limit the edits would grow quadratically
  // (100,000 nested brackets → gigabytes of indentation), so a hostile file is left as it is.
  if (text.length > LIMITS.maxTextLength || tooDeepAt(text, LIMITS.maxDepth) !== undefined) return [];
  const r = range
    ? {
        offset: Math.max(0, doc.offsetAt(range.start) - skip),
        length: doc.offsetAt(range.end) - Math.max(skip, doc.offsetAt(range.start)),
      }
    : undefined;
  const eol = lineBreakOf(text);
  const formatting = {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    eol,
    insertFinalNewline: options.insertFinalNewline ?? false,
  };
  const repaired =
    !r && (valid ?? parses(text))
      ? formatValid(text, formatting)
      : format(text, r, formatting).map((e) => repairIndent(e, options.insertSpaces, eol));
  return (repaired.length > MAX_EDITS ? [asOneEdit(text, repaired)] : repaired).map((e) => ({
    range: { start: doc.positionAt(e.offset + skip), end: doc.positionAt(e.offset + skip + e.length) },
    newText: e.content,
  }));
}

/** The formatter's edits (in order, never overlapping) as one edit, built in linear time. */
function asOneEdit(text: string, edits: Edit[]): Edit {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  const start = sorted[0].offset;
  const parts: string[] = [];
  let at = start;
  for (const e of sorted) {
    parts.push(text.slice(at, e.offset), e.content);
    at = e.offset + e.length;
  }
  return { offset: start, length: at - start, content: parts.join('') };
}

/**
 * jsonc-parser 3.3.1 answers an edit whose content is `undefined` (written into the file as the word
 * "undefined") where an indentation is exactly 200 characters: its cache of indented line breaks holds 0–199
 * and is read with `>` instead of `>=` (depth 100 at 2 spaces, depth 50 at 4, depth 200 with tabs). That edit
 * is rebuilt here, so Format Document never writes a word into the user's file.
 */
function repairIndent(edit: Edit, insertSpaces: boolean, eol: string): Edit {
  if (typeof edit.content === 'string') return edit;
  return { ...edit, content: eol + (insertSpaces ? ' ' : '\t').repeat(200) };
}

/** `JSON.parse` accepts `text` (whose depth the caller checked). */
function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The line break formatting writes: the text's first one, as jsonc-parser's `format` takes it (`getEOL`: a lone CR
 * too), `\n` for a text without any. The token pass must write the same, or a file whose line breaks are mixed
 * or old-Mac CRs would come out with other line breaks than before (editors other than VS Code keep them).
 */
function lineBreakOf(text: string): string {
  const at = text.search(/[\r\n]/);
  if (at < 0) return '\n';
  if (text.charCodeAt(at) === 0x0a) return '\n';
  return text.charCodeAt(at + 1) === 0x0a ? '\r\n' : '\r';
}
