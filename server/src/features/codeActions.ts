/** Quick fixes: the fixes carried by our diagnostics, turned into text edits with jsonc-parser's `modify`. */
import { findNodeAtLocation, modify, parseTree, type FormattingOptions } from 'jsonc-parser';
import {
  CodeActionKind,
  StringValue,
  type CodeAction,
  type Diagnostic,
  type SnippetTextEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticData } from './diagnostics';
import { BOM } from './bom';
import { escapeSnippet } from './completion';
import { SOURCE } from './diagnostics';
import { pathKey, type JsonPath } from './locate';
import type { Fix, Problem } from './problems';
import { TAB_STOP } from './schemaNav';

/**
 * Above this size no quick fixes are computed: each fix re-parses the whole text into a tree (jsonc-parser's
 * `modify`), 1.5 s for a 7 MB file, several times per lightbulb request. Such files cannot be sent anyway.
 */
export const MAX_FIX_TEXT_LENGTH = 2 * 1024 * 1024;

/** Turns offsets of the text a fix works on into positions of the document. */
type Positions = Pick<TextDocument, 'positionAt'>;

/**
 * Fixes work on the text after a byte-order mark, their offsets shifted past it (as formatting does): jsonc-parser
 * reformats the whole line a fix lands on, and on a one-line file an edit from offset 0 would replace the mark.
 */
function withoutBom(doc: TextDocument): { text: string; at: Positions } {
  const full = doc.getText();
  if (!full.startsWith(BOM)) return { text: full, at: doc };
  return { text: full.slice(1), at: { positionAt: (offset) => doc.positionAt(offset + 1) } };
}

/** `snippets`: the client takes snippet edits (LSP 3.18 `snippetEditSupport`), so unknown values become tab stops. */
export function codeActionsFor(doc: TextDocument, diagnostics: Diagnostic[], snippets = false): CodeAction[] {
  const { text, at } = withoutBom(doc);
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
      const edits = editsFor(at, text, fix, formatting);
      if (!edits) return;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        // A rename keeps the value, so it may be applied blindly; otherwise only a lone fix is preferred.
        isPreferred: i === 0 && (fixes.length === 1 || fix.kind === 'rename'),
        edit: withTabStops(doc, edits, snippets),
      });
    });
  }
  return actions;
}

/** The most fixes one Fix-all applies; each re-parses the text. */
const MAX_FIX_ALL = 1000;

/**
 * `source.fixAll` (so `editor.codeActionsOnSave` can run it): every mechanical fix (`fixAll`) of the document's
 * problems, applied one after the other on the evolving text and returned as one edit, so no two edits overlap.
 * A fix whose place is gone by then (inside something an earlier fix removed) is skipped, never re-created. The
 * title lists what it does, removals included, so nothing the user wrote disappears unannounced.
 */
export function fixAllFor(doc: TextDocument, problems: readonly Problem[]): CodeAction | undefined {
  const original = doc.getText();
  if (original.length > MAX_FIX_TEXT_LENGTH) return undefined;
  const { text, at } = withoutBom(doc);
  const formatting = hasLongLine(text) ? undefined : detectFormatting(text);
  const seen = new Set<string>();
  const applied: string[] = [];
  let current = text;
  for (const p of problems) {
    // Only a problem's preferred (first) fix, and only when it is mechanical.
    const fix = p.fixes?.[0];
    if (!fix?.fixAll || seen.has(pathKey(fix.path))) continue;
    seen.add(pathKey(fix.path));
    const tree = parseTree(current);
    if (!tree || (fix.path.length > 0 && !findNodeAtLocation(tree, fix.path))) continue;
    // Two typos of one name ("Port", "prot"): the first is renamed, the second would become a duplicate key.
    if (fix.kind === 'rename' && findNodeAtLocation(tree, [...fix.path.slice(0, -1), fix.name])) continue;
    const next = applyFix(current, fix, formatting);
    if (next === undefined || next === current) continue;
    current = next;
    applied.push(fix.title);
    if (applied.length >= MAX_FIX_ALL) break;
  }
  if (applied.length === 0) return undefined;
  return {
    title: fixAllTitle(applied),
    kind: CodeActionKind.SourceFixAll,
    edit: { changes: { [doc.uri]: [wholeChange(at, text, current)] } },
  };
}

function applyFix(text: string, fix: Fix, formattingOptions: FormattingOptions | undefined): string | undefined {
  try {
    if (fix.kind === 'add') {
      let out = text;
      for (const p of fix.properties) {
        out = applyRaw(out, modify(out, [...fix.path, p.name], p.value, { formattingOptions }));
      }
      return out;
    }
    if (fix.kind === 'rename') return applyRaw(text, renameKey(text, fix.path, fix.name));
    const value = fix.kind === 'set' ? fix.value : undefined;
    return applyRaw(text, modify(text, fix.path, value, { formattingOptions }));
  } catch {
    return undefined;
  }
}

function fixAllTitle(applied: string[]): string {
  const MAX = 160;
  let listed = '';
  let shown = 0;
  for (const t of applied) {
    const next = listed ? `${listed}; ${t}` : t;
    if (next.length > MAX && shown > 0) break;
    listed = next;
    shown++;
  }
  const rest = applied.length - shown;
  return `Fix all (${applied.length}): ${listed}${rest > 0 ? `; …and ${rest} more` : ''}`;
}

/** The edit of a fix; {@link TAB_STOP}s become numbered tab stops in a snippet edit, or "" for plain clients. */
function withTabStops(doc: TextDocument, edits: TextEdit[], snippets: boolean): WorkspaceEdit {
  if (!edits.some((e) => e.newText.includes(TAB_STOP))) return { changes: { [doc.uri]: edits } };
  if (!snippets) {
    return { changes: { [doc.uri]: edits.map((e) => ({ ...e, newText: e.newText.split(TAB_STOP).join('') })) } };
  }
  let stop = 0;
  const asSnippet = (text: string) =>
    text
      .split(TAB_STOP)
      .map(escapeSnippet)
      .reduce((out, part) => `${out}$${++stop}${part}`);
  return {
    documentChanges: [
      {
        textDocument: { uri: doc.uri, version: doc.version },
        edits: edits.map((e): TextEdit | SnippetTextEdit =>
          e.newText.includes(TAB_STOP)
            ? { range: e.range, snippet: StringValue.createSnippet(asSnippet(e.newText)) }
            : e,
        ),
      },
    ],
  };
}

export function editsFor(
  doc: Positions,
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
      const current = applyFix(text, fix, formattingOptions);
      if (current === undefined || current === text) return undefined;
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
function wholeChange(doc: Positions, before: string, after: string): TextEdit {
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
