/**
 * A catalog file as written, for Go to Definition: its parsed value (the same parse as a user catalog's, so
 * JSON or YAML) and where the key of a value stands in the text. Parsed once, on first use, per source.
 */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isMap, isNode, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { CatalogSource } from './catalog';
import { isYaml, jsonNodeAt, parseOpenApiText } from './userCatalog';

export type SourcePath = ReadonlyArray<string | number>;

export interface SourceText {
  /** The document as parsed from the text; undefined when the text does not parse. */
  value: unknown;
  /**
   * Offset and length of the key naming the value at `path` (the value itself for an array item or the root), and
   * for a catalog split across files the file that holds it (else the source's own).
   */
  keyAt(path: SourcePath): { offset: number; length: number; in?: CatalogSource } | undefined;
}

const parsed = new WeakMap<CatalogSource, SourceText>();

export function sourceText(source: CatalogSource): SourceText {
  let hit = parsed.get(source);
  if (!hit) {
    hit = read(source);
    parsed.set(source, hit);
  }
  return hit;
}

function read(source: CatalogSource): SourceText {
  if (source.split) return readSplit(source.split);
  const result = parseOpenApiText(source.text, source.fileName);
  const value = 'value' in result ? result.value : undefined;
  const bom = source.text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? source.text.slice(1) : source.text;
  const shift = (r: { offset: number; length: number } | undefined) =>
    r && { offset: r.offset + bom, length: r.length };
  if (isYaml(body, source.fileName)) {
    let yaml: Document | undefined;
    return { value, keyAt: (path) => shift(yamlKey((yaml ??= parseDocument(body, { uniqueKeys: false })), path)) };
  }
  let root: JsonNode | undefined;
  return { value, keyAt: (path) => shift(jsonKey((root ??= parseTree(body, [], { disallowComments: true })), path)) };
}

/** The bundle is walked; a place in it is looked up in the file it was written in. */
function readSplit(split: NonNullable<CatalogSource['split']>): SourceText {
  return {
    value: split.value,
    keyAt(path) {
      const origin = split.origin(path);
      const file = split.files.get(origin.file);
      const at = file && sourceText(file).keyAt(origin.path);
      return at && { ...at, in: file };
    },
  };
}

function jsonKey(root: JsonNode | undefined, path: SourcePath) {
  const node = jsonNodeAt(root, path);
  if (!node) return undefined;
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  const at = key ?? node;
  return { offset: at.offset, length: at.length };
}

function yamlKey(doc: Document, path: SourcePath) {
  if (path.length === 0) {
    const range = isNode(doc.contents) ? doc.contents.range : undefined;
    return range ? { offset: range[0], length: range[1] - range[0] } : undefined;
  }
  const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  let range: [number, number, number] | null | undefined;
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
    range = pair && isScalar(pair.key) ? pair.key.range : undefined;
  } else if (isSeq(parent)) {
    const item: unknown = parent.items[Number(last)];
    range = isNode(item) ? item.range : undefined;
  }
  return range ? { offset: range[0], length: range[1] - range[0] } : undefined;
}
