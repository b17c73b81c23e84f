/** Outline of a request file: the envelope and the body's members, capped for huge files. */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LIMITS } from './analyze';
import { blankBom } from './bom';
import { scanStructure } from './scan';

const MAX_SYMBOLS = 5000;

export function documentSymbols(doc: TextDocument): DocumentSymbol[] {
  const text = blankBom(doc.getText());
  // jsonc-parser's parseTree recurses: a hostile nesting depth would overflow the stack.
  if (text.length > LIMITS.maxTextLength || scanStructure(text, LIMITS.maxDepth).tooDeepAt !== undefined) return [];
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root || root.type !== 'object') return [];
  const budget = { left: MAX_SYMBOLS };
  return children(doc, root, budget, 0);
}

function children(doc: TextDocument, node: JsonNode, budget: { left: number }, depth: number): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  if (depth > 64) return out;
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
  doc: TextDocument,
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
