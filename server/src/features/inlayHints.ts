/**
 * Inlay hints: the meaning of an integer-coded enum value in a request body, shown after it
 * (`"isLock": 1` → `Lock the meeting`), so a reader need not hover every 0 and 1.
 */
import type { InlayHint } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Catalog } from '../catalog/catalog';
import type { SchemaObject } from '../catalog/types';
import { enumMeanings } from './describe';
import { schemasAt } from './schemaNav';
import { isObj } from '../../../common/json';

/** Enough for any real request; a generated file with thousands of coded values gets the first ones. */
const MAX_HINTS = 500;
/** Longer meanings are cut in the hint (the tooltip has all of it). */
const MAX_LABEL = 40;

/** The hints of the body values between `start` and `end` (offsets), for the operation the file names. */
export function inlayHints(
  doc: TextDocument,
  value: unknown,
  tree: JsonNode | undefined,
  catalog: Catalog,
  start = 0,
  end = Number.MAX_SAFE_INTEGER,
): InlayHint[] {
  if (!tree || !isObj(value) || typeof value.operation !== 'string') return [];
  const op = catalog.get(value.operation);
  const bodyNode = tree.children?.find((p) => p.children?.[0]?.value === 'body')?.children?.[1];
  if (!op?.body || !bodyNode) return [];
  const schema = op.body.schema;
  const out: InlayHint[] = [];
  const visit = (node: JsonNode, path: Array<string | number>): void => {
    if (out.length >= MAX_HINTS || node.offset > end || node.offset + node.length < start) return;
    if (node.type === 'number' && Number.isInteger(node.value)) {
      const meaning = meaningOf(schemasAt(catalog, schema, value.body, path), node.value as number);
      if (meaning) {
        out.push({
          position: doc.positionAt(node.offset + node.length),
          label: shortLabel(meaning),
          tooltip: meaning,
          paddingLeft: true,
        });
      }
      return;
    }
    if (node.type === 'object') {
      for (const prop of node.children ?? []) {
        const [key, child] = prop.children ?? [];
        if (key && child && typeof key.value === 'string') visit(child, [...path, key.value]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => visit(child, [...path, i]));
    }
  };
  visit(bodyNode, []);
  return out;
}

function meaningOf(schemas: SchemaObject[], v: number): string | undefined {
  for (const s of schemas) {
    if (!Array.isArray(s.enum)) continue;
    const i = s.enum.indexOf(v);
    if (i >= 0) return enumMeanings(s)[i];
  }
  return undefined;
}

/** The meaning up to its first colon or semicolon, cut to {@link MAX_LABEL} characters. */
export function shortLabel(meaning: string): string {
  const head = meaning.split(/[:;]/)[0].trim();
  return head.length > MAX_LABEL ? head.slice(0, MAX_LABEL - 1).trimEnd() + '…' : head;
}
