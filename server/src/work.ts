/**
 * What each request on a document computes, as data (`Work`) and one pure function (`doWork`), so the main thread
 * and the thread of big documents (`worker/`) give the same answers from the same code: the work crosses threads
 * as a message, only its answer comes back.
 */
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentLink,
  FormattingOptions,
  Hover,
  InlayHint,
  Location,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerSettings } from '../../common/settings';
import type { Catalog } from './catalog/catalog';
import type { DocumentValues } from './documentCache';
import { analyze } from './features/analyze';
import { codeActionsFor, fixAllFor } from './features/codeActions';
import { definition, documentLinks, writtenOperation } from './features/definition';
import { complete } from './features/completion';
import { toDiagnostics } from './features/diagnostics';
import { formatDocument } from './features/formatting';
import { hover } from './features/hover';
import { inlayHints, scannedInlayHints } from './features/inlayHints';
import { documentOutline, type Outline } from './features/symbols';

export type Work =
  | { kind: 'validate'; settings: ServerSettings }
  | { kind: 'completion'; position: Position }
  | { kind: 'hover'; position: Position }
  | { kind: 'definition'; position: Position }
  | { kind: 'links' }
  | { kind: 'inlayHints'; range: Range }
  | {
      kind: 'codeActions';
      diagnostics: Diagnostic[];
      quickFixes: boolean;
      snippetEdits: boolean;
      /** Set when fix all is asked for: the settings of its fresh analysis. */
      fixAll?: ServerSettings;
    }
  | { kind: 'symbols'; maxItems: number }
  | { kind: 'format'; options: FormattingOptions; range?: Range };

/** The answer of each kind of work. */
export interface WorkResults {
  validate: Diagnostic[];
  completion: CompletionItem[] | null;
  hover: Hover | null;
  definition: Location[] | null;
  links: DocumentLink[] | null;
  inlayHints: InlayHint[];
  codeActions: CodeAction[];
  symbols: Outline;
  format: TextEdit[];
}

export type WorkOf<K extends Work['kind']> = Extract<Work, { kind: K }>;

/** Whether the work reads the version's parsed value (parsed as a step of its own on a big document). */
export function readsValue(work: Work): boolean {
  return work.kind !== 'validate' && !(work.kind === 'format' && work.range);
}

/** The answer to `work` on `doc` (the version `values` and `catalog` are of). */
export function doWork<K extends Work['kind']>(
  work: WorkOf<K>,
  doc: TextDocument,
  values: DocumentValues,
  catalog: Catalog,
): WorkResults[K] {
  return compute(work, doc, values, catalog) as WorkResults[K];
}

function compute(w: Work, doc: TextDocument, values: DocumentValues, catalog: Catalog): WorkResults[Work['kind']] {
  switch (w.kind) {
    case 'validate': {
      const analysis = analyze(doc.getText(), catalog, w.settings);
      if (analysis.syntaxOk) values.set(doc, analysis.value);
      return toDiagnostics(doc, analysis.problems, w.settings.maxDiagnostics);
    }
    case 'completion':
    case 'hover':
    case 'definition': {
      const parsed = values.get(doc);
      if (parsed.tooDeep) return null;
      const at = doc.offsetAt(w.position);
      if (w.kind === 'completion') return complete(doc, at, parsed.value, catalog, parsed.valid);
      if (w.kind === 'hover') return hover(doc, at, parsed.value, catalog, parsed.valid);
      return definition(doc, at, parsed.value, catalog, parsed.valid);
    }
    case 'links': {
      const parsed = values.get(doc);
      if (parsed.tooDeep) return [];
      return documentLinks(
        doc,
        writtenOperation(doc, parsed, () => values.tree(doc)),
        catalog,
      );
    }
    case 'inlayHints': {
      const parsed = values.get(doc);
      if (parsed.tooDeep) return [];
      const start = doc.offsetAt(w.range.start);
      const end = doc.offsetAt(w.range.end);
      // Valid text is scanned up to the range's end; text being typed uses a tolerant tree of the range.
      if (parsed.valid) return scannedInlayHints(doc, parsed.value, catalog, start, end);
      const { root, shift } = values.rangeTree(doc, start, end);
      return inlayHints(doc, parsed.value, root, catalog, start, end, shift);
    }
    case 'codeActions': {
      // Valid JSON: only the containers the fixes edit are parsed; text being typed: the version's tolerant tree.
      const source = {
        valid: values.get(doc).valid,
        tree: () => values.fixTree(doc),
        containers: () => values.containers(doc),
      };
      const actions = w.quickFixes ? codeActionsFor(doc, w.diagnostics, w.snippetEdits, source) : [];
      const all = w.fixAll ? fixAllFor(doc, analyze(doc.getText(), catalog, w.fixAll).problems, source) : undefined;
      return all ? [...actions, all] : actions;
    }
    case 'symbols':
      return values.outline(doc, w.maxItems, () =>
        documentOutline(doc, { valid: values.get(doc).valid, tree: () => values.tree(doc) }, w.maxItems),
      );
    case 'format':
      return w.range
        ? formatDocument(doc, w.options, w.range)
        : formatDocument(doc, w.options, undefined, values.get(doc).valid);
  }
}
