/**
 * Inlay hints: the meaning of an integer-coded enum value in a request body, shown after it
 * (`"isLock": 1` → `Lock the meeting`), so a reader need not hover every 0 and 1. A valid document is read by
 * one scan up to the end of the asked range (validScan.ts: no tree); other text by the version's tolerant tree.
 */
import type { InlayHint } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Catalog } from '../catalog/catalog';
import type { SchemaObject } from '../catalog/types';
import { enumMeanings } from './describe';
import { schemasAt } from './schemaNav';
import { decodeString } from './jsonTokens';
import { walkValidText } from './validScan';
import { isObj } from '../../../common/json';

/** Enough for any real request; a generated file with thousands of coded values gets the first ones. */
const MAX_HINTS = 500;
/** Longer meanings are cut in the hint (the tooltip has all of it). */
const MAX_LABEL = 40;

/**
 * The hints of the body values between `start` and `end` (offsets), for the operation the file names. `shift`:
 * how far the tree's offsets are from the document's (the quick fixes' tree skips a byte-order mark).
 */
export function inlayHints(
  doc: TextDocument,
  value: unknown,
  tree: JsonNode | undefined,
  catalog: Catalog,
  start = 0,
  end = Number.MAX_SAFE_INTEGER,
  shift = 0,
): InlayHint[] {
  if (!tree || !isObj(value) || typeof value.operation !== 'string') return [];
  const op = catalog.get(value.operation);
  const bodyNode = tree.children?.find((p) => p.children?.[0]?.value === 'body')?.children?.[1];
  if (!op?.body || !bodyNode) return [];
  const schema = op.body.schema;
  const out: InlayHint[] = [];
  const visit = (node: JsonNode, path: Array<string | number>): void => {
    if (out.length >= MAX_HINTS || node.offset + shift > end || node.offset + shift + node.length < start) return;
    if (node.type === 'number' && Number.isInteger(node.value)) {
      const meaning = meaningOf(schemasAt(catalog, schema, value.body, path), node.value as number);
      if (meaning) {
        out.push({
          position: doc.positionAt(node.offset + shift + node.length),
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

/**
 * {@link inlayHints} of a text `JSON.parse` accepted (`value` is its value), found by one scan of the text up to
 * `end`: the same hints as the tree walk gives (an oracle test holds them together), with no tree built.
 */
export function scannedInlayHints(
  doc: TextDocument,
  value: unknown,
  catalog: Catalog,
  start = 0,
  end = Number.MAX_SAFE_INTEGER,
): InlayHint[] {
  if (!isObj(value) || typeof value.operation !== 'string') return [];
  const op = catalog.get(value.operation);
  if (!op?.body) return [];
  const schema = op.body.schema;
  const text = doc.getText();
  const out: InlayHint[] = [];
  // Per open container: array or object, values started in it so far, and the span of its current key.
  const isArray: boolean[] = [];
  const count: number[] = [];
  const keyStart: number[] = [];
  const keyEnd: number[] = [];
  // The tree walk reads the first "body" member (JSON.parse keeps the last; both see the same value for valid,
  // duplicate-free text). State: 0 not yet, 1 its value comes next, 2 inside it (frame 1), 3 done.
  let body = 0;
  const started = (): void => {
    const top = isArray.length - 1;
    if (top >= 0) count[top]++;
  };
  const pathTo = (): Array<string | number> => {
    const path: Array<string | number> = [];
    for (let f = 1; f < isArray.length; f++) {
      path.push(isArray[f] ? count[f] - 1 : decodeString(text, keyStart[f], keyEnd[f]));
    }
    return path;
  };
  const hint = (from: number, to: number, path: Array<string | number>): void => {
    if (out.length >= MAX_HINTS || from > end || to < start) return;
    const c = text.charCodeAt(from);
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) return;
    const n = Number(text.slice(from, to));
    if (!Number.isInteger(n)) return;
    const meaning = meaningOf(schemasAt(catalog, schema, value.body, path), n);
    if (meaning) {
      out.push({ position: doc.positionAt(to), label: shortLabel(meaning), tooltip: meaning, paddingLeft: true });
    }
  };
  walkValidText(
    text,
    {
      open(array) {
        started();
        if (body === 1 && isArray.length === 1) body = 2;
        isArray.push(array);
        count.push(0);
        keyStart.push(-1);
        keyEnd.push(-1);
      },
      close() {
        isArray.pop();
        count.pop();
        keyStart.pop();
        keyEnd.pop();
        if (body === 2 && isArray.length === 1) body = 3;
      },
      key(from, to) {
        const top = isArray.length - 1;
        keyStart[top] = from;
        keyEnd[top] = to;
        if (top === 0 && body === 0 && decodeString(text, from, to) === 'body') body = 1;
      },
      literal(from, to) {
        started();
        if (body === 1 && isArray.length === 1) {
          body = 3;
          hint(from, to, []);
        } else if (body === 2) {
          hint(from, to, pathTo());
        }
      },
    },
    end,
  );
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
