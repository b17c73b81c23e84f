/**
 * Outline of a request file: the envelope and the body's members, at most `maxItems` of them, cut breadth-first.
 * A valid document is read by scans of its text (validScan.ts), no tree built; other text by the tolerant jsonc tree the caller
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
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';

/** Containers nested deeper than this list no children. */
const MAX_LEVEL = 64;

/** The outline and whether it was cut at its item limit (`meetingPayloads.outline.maxItems`). */
export interface Outline {
  symbols: DocumentSymbol[];
  limited: boolean;
}

export interface OutlineSource {
  /** `JSON.parse` accepted the text and its depth is within the limit. */
  valid: boolean;
  /**
   * The tolerant tree of the text (none past the depth limit), and how far its offsets are shifted from the
   * document's (a byte-order mark).
   */
  tree?: () => { root: JsonNode | undefined; shift: number };
}

const EMPTY: Outline = { symbols: [], limited: false };

export function documentSymbols(
  doc: TextDocument,
  source?: OutlineSource,
  maxItems = DEFAULT_SERVER_SETTINGS.outlineMaxItems,
): DocumentSymbol[] {
  return documentOutline(doc, source, maxItems).symbols;
}

/**
 * The outline with at most `maxItems` symbols, cut breadth-first as VS Code's JSON support cuts it
 * (`json.maxItemsComputed`): every level is listed whole before the next one starts, so the top levels are there.
 */
export function documentOutline(doc: TextDocument, source: OutlineSource | undefined, maxItems: number): Outline {
  const text = blankBom(doc.getText());
  if (text.length > LIMITS.maxTextLength) return EMPTY;
  if (source?.valid) return scannedOutline(doc, text, maxItems);
  // jsonc-parser's parseTree recurses: a hostile nesting depth would overflow the stack (a kept tree was checked).
  if (!source?.tree && tooDeepAt(text, LIMITS.maxDepth) !== undefined) return EMPTY;
  const { root, shift } = source?.tree?.() ?? { root: parseTree(text, [], { allowTrailingComma: true }), shift: 0 };
  if (!root || root.type !== 'object') return EMPTY;
  const at = shift ? { positionAt: (offset: number) => doc.positionAt(offset + shift) } : doc;
  return treeOutline(at, root, maxItems);
}

/** Where a breadth-first cut falls: every symbol of the levels above `level`, and the first `count` of it. */
interface Cut {
  level: number;
  count: number;
  limited: boolean;
}

/** The cut of an outline with `counts[level]` symbols per level. */
function cutAt(counts: readonly number[], maxItems: number): Cut {
  let left = maxItems;
  for (let level = 0; level < counts.length; level++) {
    const n = counts[level] ?? 0;
    if (n > left) return { level, count: left, limited: true };
    left -= n;
  }
  return { level: counts.length, count: 0, limited: false };
}

/** How many symbols each level of a valid text's outline has (level 0: the root's members). */
function levelCounts(text: string): number[] {
  const counts: number[] = [];
  let open = 0;
  const count = () => {
    const level = open - 1;
    if (level >= 0 && level <= MAX_LEVEL) counts[level] = (counts[level] ?? 0) + 1;
  };
  walkValidText(text, {
    open() {
      count();
      open++;
    },
    close() {
      open--;
    },
    key() {},
    literal: count,
  });
  return counts;
}

/**
 * The symbols of a valid text without a tree: one pass counts the symbols per level (skipped when the text is too
 * short to hold more than `maxItems` values), a second builds those within the cut in document order, each
 * container's range closed when its bracket is reached. Within a level, breadth-first order is document order.
 */
function scannedOutline(doc: TextDocument, text: string, maxItems: number): Outline {
  const first = text.search(/\S/);
  if (text.charCodeAt(first) !== 0x7b) return EMPTY;
  const cut: Cut =
    text.length <= maxItems ? { level: MAX_LEVEL + 1, count: 0, limited: false } : cutAt(levelCounts(text), maxItems);
  const out: DocumentSymbol[] = [];
  /** Symbols met so far per level, listed or not. */
  const seen: number[] = [];
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
  /** Where a value starting now in the innermost container is listed, and its array index; none when cut. */
  const place = (): { list: DocumentSymbol[]; item: number } | undefined => {
    const top = kids.length - 1;
    const item = isArray[top] ? index[top]++ : -1;
    if (top > MAX_LEVEL) return undefined;
    const rank = (seen[top] = (seen[top] ?? 0) + 1) - 1;
    const list = kids[top];
    if (!list || top > cut.level || (top === cut.level && rank >= cut.count)) return undefined;
    return { list, item };
  };
  const member = (
    at: { list: DocumentSymbol[]; item: number },
    start: number,
    end: number,
    kind: SymbolKind,
  ): DocumentSymbol => {
    const { list, item } = at;
    const name = item >= 0 ? String(item) : String(literalValue(text, keyStart, keyEnd));
    const sel = item >= 0 ? { start, end } : { start: keyStart, end: keyEnd };
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
        const at = place();
        const s = at && member(at, offset, offset, array ? SymbolKind.Array : SymbolKind.Module);
        if (s) s.children = [];
        ownerIsItem.push(isArray[kids.length - 1]);
        kids.push(s ? s.children! : null);
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
      const at = place();
      if (!at) return;
      const value = literalValue(text, start, end);
      const kind =
        typeof value === 'string'
          ? SymbolKind.String
          : typeof value === 'number'
            ? SymbolKind.Number
            : typeof value === 'boolean'
              ? SymbolKind.Boolean
              : SymbolKind.Null;
      const s = member(at, start, end, kind);
      if (value !== null) s.detail = String(value).slice(0, 80);
    },
  });
  return { symbols: out, limited: cut.limited };
}

type Positions = Pick<TextDocument, 'positionAt'>;

/** The tolerant tree's outline, breadth-first (the engine's order): stops at the first symbol past the limit. */
function treeOutline(doc: Positions, root: JsonNode, maxItems: number): Outline {
  const out: DocumentSymbol[] = [];
  const queue: Array<{ node: JsonNode; list: DocumentSymbol[]; level: number }> = [{ node: root, list: out, level: 0 }];
  let left = maxItems;
  let limited = false;
  for (let next = 0; next < queue.length && !limited; next++) {
    const { node, list, level } = queue[next];
    if (level > MAX_LEVEL) continue;
    const add = (name: string, whole: JsonNode, sel: JsonNode, value: JsonNode | undefined): void => {
      if (limited) return;
      if (left <= 0) {
        limited = true;
        return;
      }
      left--;
      const s = symbol(doc, name, whole, sel, value);
      list.push(s);
      if (s.children && value) queue.push({ node: value, list: s.children, level: level + 1 });
    };
    if (node.type === 'object') {
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (key) add(String(key.value), prop, key, value);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((item, i) => add(String(i), item, item, item));
    }
  }
  return { symbols: out, limited };
}

function symbol(
  doc: Positions,
  name: string,
  whole: JsonNode,
  sel: JsonNode,
  value: JsonNode | undefined,
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
  if (value && (value.type === 'object' || value.type === 'array')) s.children = [];
  return s;
}
