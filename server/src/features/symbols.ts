/**
 * Outline of a request file: the envelope and the body's members, capped for huge files. A valid document is
 * read by one scan of its text (validScan.ts), no tree built; other text by the tolerant jsonc tree the caller
 * keeps for the version (the quick fixes' tree). Both give the same symbols (an oracle test holds them together).
 */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LIMITS } from './analyze';
import { blankBom } from './bom';
import { tooDeepAt } from './scan';
import { literalValue } from './jsonTokens';
import { walkValidText } from './validScan';

const MAX_SYMBOLS = 5000;
/** Containers nested deeper than this list no children. */
const MAX_LEVEL = 64;

export interface OutlineSource {
  /** `JSON.parse` accepted the text and its depth is within the limit. */
  valid: boolean;
  /**
   * The tolerant tree of the text (none past the depth limit), and how far its offsets are shifted from the
   * document's (a byte-order mark).
   */
  tree?: () => { root: JsonNode | undefined; shift: number };
}

export function documentSymbols(doc: TextDocument, source?: OutlineSource): DocumentSymbol[] {
  const text = blankBom(doc.getText());
  if (text.length > LIMITS.maxTextLength) return [];
  if (source?.valid) return scannedSymbols(doc, text);
  // jsonc-parser's parseTree recurses: a hostile nesting depth would overflow the stack (a kept tree was checked).
  if (!source?.tree && tooDeepAt(text, LIMITS.maxDepth) !== undefined) return [];
  const { root, shift } = source?.tree?.() ?? { root: parseTree(text, [], { allowTrailingComma: true }), shift: 0 };
  if (!root || root.type !== 'object') return [];
  const budget = { left: MAX_SYMBOLS };
  const at = shift ? { positionAt: (offset: number) => doc.positionAt(offset + shift) } : doc;
  return children(at, root, budget, 0);
}

/**
 * The symbols of a valid text in one pass: the first {@link MAX_SYMBOLS} members and items in document order
 * (what the tree walk gives), each container's range closed when its bracket is reached.
 */
function scannedSymbols(doc: TextDocument, text: string): DocumentSymbol[] {
  const first = text.search(/\S/);
  if (text.charCodeAt(first) !== 0x7b) return [];
  const out: DocumentSymbol[] = [];
  let left = MAX_SYMBOLS;
  // Per open container: where its children go (null: none listed), whether it is an array, the next index,
  // and the symbol whose range it closes.
  const kids: Array<DocumentSymbol[] | null> = [];
  const isArray: boolean[] = [];
  const index: number[] = [];
  const owner: Array<DocumentSymbol | undefined> = [];
  /** The owner is an array item: its selection is its whole range. */
  const ownerIsItem: boolean[] = [];
  let keyStart = -1;
  let keyEnd = -1;
  /** The symbol of a value starting at `start` in the innermost container, if it gets one. */
  const member = (start: number, end: number, kind: SymbolKind): DocumentSymbol | undefined => {
    const top = kids.length - 1;
    const list = kids[top];
    const item = isArray[top] ? index[top]++ : -1;
    if (!list || left <= 0) return undefined;
    const name = item >= 0 ? String(item) : String(literalValue(text, keyStart, keyEnd));
    const sel = item >= 0 ? { start, end } : { start: keyStart, end: keyEnd };
    left--;
    const s: DocumentSymbol = {
      name: name || '""',
      kind,
      range: { start: doc.positionAt(sel.start), end: doc.positionAt(end) },
      selectionRange: { start: doc.positionAt(sel.start), end: doc.positionAt(sel.end) },
    };
    list.push(s);
    return s;
  };
  walkValidText(text, {
    open(array, offset) {
      if (kids.length === 0) {
        kids.push(out);
        owner.push(undefined);
        ownerIsItem.push(false);
      } else {
        const s = member(offset, offset, array ? SymbolKind.Array : SymbolKind.Module);
        if (s) s.children = [];
        ownerIsItem.push(isArray[kids.length - 1]);
        kids.push(s && kids.length <= MAX_LEVEL ? s.children! : null);
        owner.push(s);
      }
      isArray.push(array);
      index.push(0);
    },
    close(offset) {
      kids.pop();
      isArray.pop();
      index.pop();
      const s = owner.pop();
      const item = ownerIsItem.pop();
      if (s) s.range.end = doc.positionAt(offset + 1);
      if (s && item) s.selectionRange.end = s.range.end;
    },
    key(start, end) {
      keyStart = start;
      keyEnd = end;
    },
    literal(start, end) {
      if (kids.length === 0) return;
      const top = kids.length - 1;
      if (!kids[top] || left <= 0) {
        if (isArray[top]) index[top]++;
        return;
      }
      const value = literalValue(text, start, end);
      const kind =
        typeof value === 'string'
          ? SymbolKind.String
          : typeof value === 'number'
            ? SymbolKind.Number
            : typeof value === 'boolean'
              ? SymbolKind.Boolean
              : SymbolKind.Null;
      const s = member(start, end, kind);
      if (s && value !== null) s.detail = String(value).slice(0, 80);
    },
  });
  return out;
}

type Positions = Pick<TextDocument, 'positionAt'>;

function children(doc: Positions, node: JsonNode, budget: { left: number }, depth: number): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  if (depth > MAX_LEVEL) return out;
  if (node.type === 'object') {
    for (const prop of node.children ?? []) {
      if (budget.left-- <= 0) break;
      const [key, value] = prop.children ?? [];
      if (!key) continue;
      out.push(symbol(doc, String(key.value), prop, key, value, budget, depth));
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((item, i) => {
      if (budget.left-- <= 0) return;
      out.push(symbol(doc, String(i), item, item, item, budget, depth));
    });
  }
  return out;
}

function symbol(
  doc: Positions,
  name: string,
  whole: JsonNode,
  sel: JsonNode,
  value: JsonNode | undefined,
  budget: { left: number },
  depth: number,
): DocumentSymbol {
  const range = { start: doc.positionAt(whole.offset), end: doc.positionAt(whole.offset + whole.length) };
  const selectionRange = { start: doc.positionAt(sel.offset), end: doc.positionAt(sel.offset + sel.length) };
  const kind = !value
    ? SymbolKind.Null
    : value.type === 'object'
      ? SymbolKind.Module
      : value.type === 'array'
        ? SymbolKind.Array
        : value.type === 'string'
          ? SymbolKind.String
          : value.type === 'number'
            ? SymbolKind.Number
            : value.type === 'boolean'
              ? SymbolKind.Boolean
              : SymbolKind.Null;
  const s: DocumentSymbol = { name: name || '""', kind, range, selectionRange };
  if (value && (value.type === 'string' || value.type === 'number' || value.type === 'boolean')) {
    s.detail = String(value.value).slice(0, 80);
  }
  if (value && (value.type === 'object' || value.type === 'array')) {
    s.children = children(doc, value, budget, depth + 1);
  }
  return s;
}
