import { format } from 'jsonc-parser';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** Formats a request file (or a range of it) the way VS Code formats JSON. */
export function formatDocument(doc: TextDocument, options: FormattingOptions, range?: Range): TextEdit[] {
  const text = doc.getText();
  const r = range
    ? { offset: doc.offsetAt(range.start), length: doc.offsetAt(range.end) - doc.offsetAt(range.start) }
    : undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return format(text, r, {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    eol,
    insertFinalNewline: options.insertFinalNewline ?? false,
  }).map((e) => ({
    range: { start: doc.positionAt(e.offset), end: doc.positionAt(e.offset + e.length) },
    newText: e.content,
  }));
}
