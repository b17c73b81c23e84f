/** Quick fixes: the fixes carried by our diagnostics, turned into text edits with jsonc-parser's `modify`. */
import { findNodeAtLocation, modify, parseTree, type FormattingOptions } from 'jsonc-parser';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticData } from './diagnostics';
import { SOURCE } from './diagnostics';
import type { JsonPath } from './locate';
import type { Fix } from './problems';

/**
 * Above this size no quick fixes are computed: each fix re-parses the whole text into a tree (jsonc-parser's
 * `modify`), 1.5 s for a 7 MB file, several times per lightbulb request. Such files cannot be sent anyway.
 */
export const MAX_FIX_TEXT_LENGTH = 2 * 1024 * 1024;

export function codeActionsFor(doc: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
  const text = doc.getText();
  if (text.length > MAX_FIX_TEXT_LENGTH) return [];
  // jsonc-parser formats the whole line a fix lands on, applying each formatting edit by string
  // concatenation: on a long one-line file that is quadratic (a 7 MB line hung the server for minutes).
  const formatting = hasLongLine(text) ? undefined : detectFormatting(text);
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== SOURCE) continue;
    const fixes = (d.data as DiagnosticData | undefined)?.fixes;
    if (!Array.isArray(fixes)) continue;
    fixes.forEach((fix, i) => {
      const edits = editsFor(doc, text, fix, formatting);
      if (!edits) return;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        // A rename keeps the value, so it may be applied blindly; otherwise only a lone fix is preferred.
        isPreferred: i === 0 && (fixes.length === 1 || fix.kind === 'rename'),
        edit: { changes: { [doc.uri]: edits } },
      });
    });
  }
  return actions;
}

export function editsFor(
  doc: TextDocument,
  text: string,
  fix: Fix,
  formattingOptions: FormattingOptions | undefined,
): TextEdit[] | undefined {
  let raw;
  try {
    if (fix.kind === 'set') raw = modify(text, fix.path, fix.value, { formattingOptions });
    else if (fix.kind === 'remove') raw = modify(text, fix.path, undefined, { formattingOptions });
    else if (fix.kind === 'rename') raw = renameKey(text, fix.path, fix.name);
    else {
      // Several properties: apply one after the other on the evolving text, then diff as one edit.
      let current = text;
      for (const p of fix.properties) {
        const edits = modify(current, [...fix.path, p.name], p.value, { formattingOptions });
        current = applyRaw(current, edits);
      }
      if (current === text) return undefined;
      return [wholeChange(doc, text, current)];
    }
  } catch {
    return undefined;
  }
  if (raw.length === 0) return undefined;
  return raw.map((e) => ({
    range: { start: doc.positionAt(e.offset), end: doc.positionAt(e.offset + e.length) },
    newText: e.content,
  }));
}

/** Replaces the key of the member at `path` (its value's text stays exactly as written). */
function renameKey(
  text: string,
  path: JsonPath,
  name: string,
): Array<{ offset: number; length: number; content: string }> {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const key = tree && findNodeAtLocation(tree, path)?.parent?.children?.[0];
  if (!key || key.type !== 'string') return [];
  return [{ offset: key.offset, length: key.length, content: JSON.stringify(name) }];
}

function applyRaw(text: string, edits: Array<{ offset: number; length: number; content: string }>): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) {
    out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
  }
  return out;
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix kept). */
function wholeChange(doc: TextDocument, before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  return { range: { start: doc.positionAt(start), end: doc.positionAt(endB) }, newText: after.slice(start, endA) };
}

/** Lines longer than this get unformatted (compact but correct) fixes. */
const LONG_LINE = 10_000;

function hasLongLine(text: string): boolean {
  if (text.length <= LONG_LINE) return false;
  let start = 0;
  for (let i = text.indexOf('\n'); ; i = text.indexOf('\n', start)) {
    const end = i < 0 ? text.length : i;
    if (end - start > LONG_LINE) return true;
    if (i < 0) return false;
    start = i + 1;
  }
}

/** Indentation as the file already uses it, so fixes look typed by the author. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(text.slice(0, 10_000));
  if (m && m[1].startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: m ? Math.min(8, m[1].length) : 2, eol };
}
