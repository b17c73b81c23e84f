/**
 * Quick fixes: the fixes carried by our diagnostics, turned into text edits (features/fixEdits.ts: jsonc-parser's
 * `modify` without its re-parse per fix). On valid JSON only the containers the fixes edit are parsed, found by one
 * scan (fixSubtrees.ts), so a request for a thousand fixes on a file of megabytes costs about one `JSON.parse`;
 * text being typed uses the version's tolerant tree, which the caller keeps.
 */
import { parseTree, type FormattingOptions, type Node as JsonNode } from 'jsonc-parser';
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
import { BOM } from './bom';
import { escapeSnippet } from './completion';
import { SOURCE } from './diagnostics';
import { unpackFixes } from './fixData';
import { addProperties, fixEdit, inTree, type NodeAt, type RawEdit } from './fixEdits';
import { ContainerIndex, containerPath, readsAsJson } from './fixSubtrees';
import { pathKey, type JsonPath } from './locate';
import type { Fix, Problem } from './problems';
import { TAB_STOP } from './schemaNav';

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

/** The tree fixes work on: that of the text after any byte-order mark, the text {@link codeActionsFor} uses. */
export function fixTree(doc: TextDocument): JsonNode | undefined {
  return parseTree(withoutBom(doc).text);
}

/** What a document version's fixes are computed on. */
export interface FixSource {
  /** `JSON.parse` accepts the text, nested within the depth limit: only the containers fixes edit are parsed. */
  valid: boolean;
  /** {@link fixTree}, for text that is not valid JSON (asked only then, and only if a fix is there to compute). */
  tree: () => JsonNode | undefined;
  /** The version's {@link ContainerIndex} of the text after any byte-order mark, when the caller keeps one. */
  containers?: () => ContainerIndex;
}

/** A {@link FixSource} for a caller that keeps nothing per version. */
function sourceOf(doc: TextDocument): FixSource {
  return { valid: readsAsJson(withoutBom(doc).text), tree: () => fixTree(doc) };
}

/**
 * The nodes of `text` the fixes at `paths` ask about: its containers holding them when it is valid JSON, the tree
 * of the version (`first`) or of an edited text otherwise.
 */
function nodesFor(source: FixSource, text: string, paths: JsonPath[], first: boolean): NodeAt | undefined {
  if (source.valid && first) return (source.containers?.() ?? new ContainerIndex(text)).nodeAt(paths);
  if (source.valid && readsAsJson(text)) return new ContainerIndex(text).nodeAt(paths);
  const root = first ? source.tree() : parseTree(text);
  return root ? inTree(root) : undefined;
}

/**
 * `snippets`: the client takes snippet edits (LSP 3.18 `snippetEditSupport`), so unknown values become tab stops.
 * `source`: what the caller keeps for this version (by default, worked out here).
 */
export function codeActionsFor(
  doc: TextDocument,
  diagnostics: Diagnostic[],
  snippets = false,
  source?: FixSource,
): CodeAction[] {
  const { text, at } = withoutBom(doc);
  const fixable: Array<{ d: Diagnostic; fixes: Fix[] }> = [];
  for (const d of diagnostics) {
    if (d.source !== SOURCE) continue;
    const fixes = unpackFixes(d.data);
    if (fixes.length > 0) fixable.push({ d, fixes });
  }
  if (fixable.length === 0) return [];
  const from = source ?? sourceOf(doc);
  const nodeAt =
    nodesFor(
      from,
      text,
      fixable.flatMap(({ fixes }) => fixes.map(containerPath)),
      true,
    ) ?? inTree(undefined);
  // Each edit is formatted on its own lines, unless they are long (fixEdits.ts LONG_LINE).
  const formatting = detectFormatting(text);
  const actions: CodeAction[] = [];
  for (const { d, fixes } of fixable) {
    fixes.forEach((fix, i) => {
      const edits = editsFor(at, text, nodeAt, fix, formatting, (edited) => nodesFor(from, edited, [fix.path], false));
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

/** Rounds of Fix all: each applies every fix whose edit overlaps none of the others, then parses once. */
const MAX_FIX_ALL_ROUNDS = 8;

/**
 * `source.fixAll` (so `editor.codeActionsOnSave` can run it): every mechanical fix (`fixAll`) of the document's
 * problems, returned as one edit, so no two edits overlap. Fixes are computed on one tree and applied together
 * when their edits are apart; those that touch an earlier one wait for the next round, on the re-parsed text. A
 * fix whose place is gone by then (inside something an earlier fix removed) is skipped, never re-created. The
 * title lists what it does, removals included, so nothing the user wrote disappears unannounced.
 */
export function fixAllFor(doc: TextDocument, problems: readonly Problem[], source?: FixSource): CodeAction | undefined {
  const { text, at } = withoutBom(doc);
  const formatting = detectFormatting(text);
  const seen = new Set<string>();
  let waiting: Fix[] = [];
  for (const p of problems) {
    // Only a problem's preferred (first) fix, and only when it is mechanical.
    const fix = p.fixes?.[0];
    if (!fix?.fixAll || seen.has(pathKey(fix.path))) continue;
    seen.add(pathKey(fix.path));
    waiting.push(fix);
  }
  const applied: string[] = [];
  const nodesOf = source ?? sourceOf(doc);
  let current = text;
  for (let round = 0; round < MAX_FIX_ALL_ROUNDS && waiting.length > 0; round++) {
    const nodeAt = nodesFor(nodesOf, current, waiting.map(containerPath), round === 0);
    if (!nodeAt) break;
    const planned: Array<{ fix: Fix; edit: RawEdit; order: number; rest?: Fix }> = [];
    const renamedTo = new Set<string>();
    waiting.forEach((fix, order) => {
      if (fix.path.length > 0 && !nodeAt(fix.path)) return; // its place is gone
      if (fix.kind === 'rename') {
        // Two typos of one name ("Port", "prot"): the first is renamed, the second would become a duplicate key.
        const target = pathKey([...fix.path.slice(0, -1), fix.name]);
        if (renamedTo.has(target) || nodeAt([...fix.path.slice(0, -1), fix.name])) return;
        renamedTo.add(target);
      }
      let edit: RawEdit | undefined;
      let rest: Fix | undefined;
      if (fix.kind === 'add') {
        const step = addProperties(current, nodeAt, fix.path, fix.properties, formatting);
        edit = step?.edit;
        if (step && step.added < fix.properties.length) {
          rest = { ...fix, properties: fix.properties.slice(step.added) };
        }
      } else edit = fixEdit(current, nodeAt, fix, formatting);
      if (edit && !(edit.length === 0 && edit.content === '')) planned.push({ fix, edit, order, rest });
    });
    planned.sort((x, y) => x.edit.offset - y.edit.offset || x.order - y.order);
    const taken: typeof planned = [];
    const next: Fix[] = [];
    let end = -1;
    for (const p of planned) {
      // Touching edits wait too: an insertion at the end of a removal is ambiguous.
      if (p.edit.offset <= end && taken.length > 0) next.push(p.fix);
      else {
        taken.push(p);
        end = p.edit.offset + p.edit.length;
        // The rest of an add: only its path is checked next round, so the title is not listed twice.
        if (p.rest) next.push({ ...p.rest, title: '' });
      }
    }
    const pieces: string[] = [];
    let from = 0;
    for (const { edit } of taken) {
      pieces.push(current.slice(from, edit.offset), edit.content);
      from = edit.offset + edit.length;
    }
    pieces.push(current.slice(from));
    const joined = pieces.join('');
    if (joined !== current) {
      for (const p of [...taken].sort((x, y) => x.order - y.order)) if (p.fix.title) applied.push(p.fix.title);
      current = joined;
    }
    waiting = next;
  }
  if (applied.length === 0) return undefined;
  return {
    title: fixAllTitle(applied),
    kind: CodeActionKind.SourceFixAll,
    edit: { changes: { [doc.uri]: [wholeChange(at, text, current)] } },
  };
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

/** `reparse`: the nodes of the text as edited so far, for an add done member by member. */
export function editsFor(
  doc: Positions,
  text: string,
  nodeAt: NodeAt,
  fix: Fix,
  formattingOptions: FormattingOptions | undefined,
  reparse: (edited: string) => NodeAt | undefined = (edited) => inTree(parseTree(edited)),
): TextEdit[] | undefined {
  if (fix.kind === 'add' && fix.properties.length > 1) {
    // One insertion when the members are all new (the usual case); otherwise one at a time, re-parsing.
    let current = text;
    let nodes: NodeAt | undefined = nodeAt;
    for (let i = 0; i < fix.properties.length;) {
      const step = nodes && addProperties(current, nodes, fix.path, fix.properties.slice(i), formattingOptions);
      if (!step?.edit) return undefined;
      const edit = step.edit;
      current = current.slice(0, edit.offset) + edit.content + current.slice(edit.offset + edit.length);
      i += step.added;
      if (i < fix.properties.length) nodes = reparse(current);
    }
    return current === text ? undefined : [wholeChange(doc, text, current)];
  }
  const edit = fixEdit(text, nodeAt, fix, formattingOptions);
  if (!edit || (edit.length === 0 && edit.content === '')) return undefined;
  return [
    {
      range: { start: doc.positionAt(edit.offset), end: doc.positionAt(edit.offset + edit.length) },
      newText: edit.content,
    },
  ];
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

/** Indentation as the file already uses it, so fixes look typed by the author. */
export function detectFormatting(text: string): FormattingOptions {
  // The first line break's, as jsonc-parser's formatter takes it, without reading a big file to its end.
  const head = text.slice(0, 10_000);
  const lineBreak = head.search(/[\r\n]/);
  const crlf = lineBreak >= 0 ? head.startsWith('\r\n', lineBreak) : text.includes('\r\n');
  const eol = crlf ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(head);
  if (m && m[1].startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: m ? Math.min(8, m[1].length) : 2, eol };
}
