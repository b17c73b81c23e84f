/**
 * Go to Definition and document links of a request file. The operation, a path, query or header parameter and a
 * body key lead to where the catalog defines them: the operation's entry under `paths`, the parameter, the
 * property in its schema (through `$ref`, `allOf`/`anyOf`/`oneOf`, `if`/`then`/`else`, items and pattern
 * properties), in the built-in `schemas/` file or the user catalog file, at the line of its key. The walk is over
 * the file as written (not the catalog's rewritten copy), so every place found is a place in the text. The
 * operation's value links to its vendor page (http and https only: a user catalog is third-party input).
 */
import { findNodeAtLocation, type Node as JsonNode } from 'jsonc-parser';
import type { DocumentLink, Location } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { boundedRegExp } from '../catalog/boundedRegExp';
import type { Catalog, CatalogSource } from '../catalog/catalog';
import { pointerSegments } from '../catalog/openapi';
import { sourceText, type SourcePath } from '../catalog/sourceText';
import type { Operation } from '../catalog/types';
import { blankBom } from './bom';
import { cursorContext } from './context';
import { decodeString, memberStart, skipSpace, stringEnd } from './jsonTokens';
import { locatePaths, pathKey } from './locate';
import { isObj } from '../../../common/json';

type Obj = Record<string, unknown>;
type Path = Array<string | number>;
const MAX_DEPTH = 32;
/** Places shown for one key at most (a key declared in many branches). */
const MAX_LOCATIONS = 20;

export function definition(
  doc: TextDocument,
  offset: number,
  value: unknown,
  catalog: Catalog,
  validJson = false,
): Location[] {
  const ctx = cursorContext(doc.getText(), offset, value, catalog, validJson);
  const node = ctx.node;
  if (!node || !ctx.op || offset < node.offset || offset > node.offset + node.length) return [];
  const source = catalog.sourceOf(ctx.op);
  if (!source) return [];
  const text = sourceText(source);
  if (text.value === undefined) return [];
  const out: Location[] = [];
  for (const path of definitionPaths(text.value, ctx.op, ctx.location.path)) {
    const at = text.keyAt(path);
    if (!at) continue;
    // A catalog split across files: the file the definition is written in.
    const file = at.in ?? source;
    const lines = linesOf(file);
    out.push({
      uri: file.uri,
      range: { start: lines.positionAt(at.offset), end: lines.positionAt(at.offset + at.length) },
    });
  }
  return out;
}

/** Where in the catalog file (keys from its root) the thing at `path` of a request file is defined. */
export function definitionPaths(raw: unknown, op: Operation, path: ReadonlyArray<string | number>): SourcePath[] {
  const opPath = operationPath(raw, op);
  if (!opPath) return [];
  const section = path[0];
  if (section === 'operation' && path.length === 1) return [opPath];
  if ((section === 'pathParams' || section === 'query' || section === 'headers') && typeof path[1] === 'string') {
    const where = section === 'pathParams' ? 'path' : section === 'query' ? 'query' : 'header';
    const param = parameterPath(raw, opPath, where, path[1]);
    return param ? [param] : [];
  }
  if (section !== 'body') return [];
  const body = bodySchemaPath(raw, opPath);
  if (!body) return [];
  const rel = path.slice(1);
  if (rel.length === 0) return [body];
  let schemas = expand(raw, body);
  let members: Path[] = [];
  for (const seg of rel) {
    members = unique(schemas.flatMap((s) => memberSchemas(raw, s, seg)));
    schemas = unique(members.flatMap((m) => expand(raw, m)));
    if (members.length === 0) break;
  }
  return members.slice(0, MAX_LOCATIONS);
}

function operationPath(raw: unknown, op: Operation): Path | undefined {
  const item = follow(raw, ['paths', op.path]);
  if (!item) return undefined;
  const method = op.method.toLowerCase();
  return isObj(at(raw, item)) && isObj((at(raw, item) as Obj)[method]) ? [...item, method] : undefined;
}

function parameterPath(raw: unknown, opPath: Path, where: string, name: string): Path | undefined {
  // Operation-level parameters override path-level ones, as in the loader.
  for (const owner of [opPath, opPath.slice(0, -1)]) {
    const list = at(raw, [...owner, 'parameters']);
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const p = follow(raw, [...owner, 'parameters', i]);
      if (!p) continue;
      const param = at(raw, p);
      if (!isObj(param) || param.in !== where || typeof param.name !== 'string') continue;
      if (param.name.toLowerCase() !== name.toLowerCase()) continue;
      return [...p, 'name'];
    }
  }
  return undefined;
}

function bodySchemaPath(raw: unknown, opPath: Path): Path | undefined {
  const body = follow(raw, [...opPath, 'requestBody']);
  const content = body && at(raw, [...body, 'content']);
  if (!body || !isObj(content)) return undefined;
  const media = Object.keys(content).find((type) => /^application\/([\w.+-]+\+)?json\b/i.test(type));
  return media !== undefined && at(raw, [...body, 'content', media, 'schema']) !== undefined
    ? [...body, 'content', media, 'schema']
    : undefined;
}

/** A schema and every branch it is made of: `$ref` targets, combinators, conditionals. */
function expand(raw: unknown, path: Path, depth = 0, out: Path[] = []): Path[] {
  const schema = at(raw, path);
  if (!isObj(schema) || depth > MAX_DEPTH || out.length > 200) return out;
  out.push(path);
  if (typeof schema.$ref === 'string') {
    const target = refPath(raw, schema.$ref);
    if (target) expand(raw, target, depth + 1, out);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((_, i) => expand(raw, [...path, key, i], depth + 1, out));
  }
  for (const key of ['then', 'else']) if (key in schema) expand(raw, [...path, key], depth + 1, out);
  return out;
}

/** Where the member `seg` of a value described by the schema at `path` is declared. */
function memberSchemas(raw: unknown, path: Path, seg: string | number): Path[] {
  const schema = at(raw, path);
  if (!isObj(schema)) return [];
  if (typeof seg === 'number') {
    const prefix = schema.prefixItems;
    if (Array.isArray(prefix) && seg < prefix.length) return [[...path, 'prefixItems', seg]];
    return 'items' in schema ? [[...path, 'items']] : [];
  }
  const props = schema.properties;
  if (isObj(props) && Object.prototype.hasOwnProperty.call(props, seg)) return [[...path, 'properties', seg]];
  const out: Path[] = [];
  if (isObj(schema.patternProperties)) {
    for (const pattern of Object.keys(schema.patternProperties)) {
      if (matches(pattern, seg)) out.push([...path, 'patternProperties', pattern]);
    }
  }
  if (isObj(schema.additionalProperties)) out.push([...path, 'additionalProperties']);
  return out;
}

/** Through the bounded engine: a user catalog's pattern runs with its time bound (T27). */
function matches(pattern: string, key: string): boolean {
  try {
    return boundedRegExp(pattern, 'u').test(key);
  } catch {
    return false;
  }
}

/** `path`, or where the `$ref` chain of the object at `path` leads within the file. */
function follow(raw: unknown, path: Path, depth = 0): Path | undefined {
  const v = at(raw, path);
  if (v === undefined) return undefined;
  if (!isObj(v) || typeof v.$ref !== 'string' || depth > MAX_DEPTH) return path;
  const target = refPath(raw, v.$ref);
  return target ? follow(raw, target, depth + 1) : undefined;
}

/** A local reference (`#/components/schemas/X`) as keys, array indices as numbers; undefined for others. */
function refPath(raw: unknown, ref: string): Path | undefined {
  if (!ref.startsWith('#')) return undefined;
  const segments = pointerSegments(ref);
  if (!segments) return undefined;
  const out: Path = [];
  let cur: unknown = raw;
  for (const s of segments) {
    if (Array.isArray(cur)) {
      const i = Number(s);
      if (!/^\d+$/.test(s) || i >= cur.length) return undefined;
      out.push(i);
      cur = cur[i];
    } else if (isObj(cur) && Object.prototype.hasOwnProperty.call(cur, s)) {
      out.push(s);
      cur = cur[s];
    } else {
      return undefined;
    }
  }
  return out;
}

function at(raw: unknown, path: Path): unknown {
  let cur = raw;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isObj(cur) && typeof seg === 'string' && Object.prototype.hasOwnProperty.call(cur, seg)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

function unique(paths: Path[]): Path[] {
  const seen = new Set<string>();
  return paths.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const lineIndex = new WeakMap<CatalogSource, TextDocument>();
function linesOf(source: CatalogSource): TextDocument {
  let doc = lineIndex.get(source);
  if (!doc) {
    doc = TextDocument.create(source.uri, 'json', 0, source.text);
    lineIndex.set(source, doc);
  }
  return doc;
}

/** A value as written: its span in the document (quotes included) and what it is. */
export interface WrittenValue {
  offset: number;
  length: number;
  value: unknown;
}

/**
 * Where the operation's value is written. In valid JSON (`parsed.valid`) one scan finds it, skipping every other
 * member; in text being typed, `tree` gives the version's tolerant tree (of the text after any byte-order mark,
 * its offsets shifted by `shift`). No jsonc tree of a valid file is built for it (15 bytes of heap per byte).
 */
export function writtenOperation(
  doc: TextDocument,
  parsed: { value: unknown; valid: boolean },
  tree: () => { root: JsonNode | undefined; shift: number },
): WrittenValue | undefined {
  if (parsed.valid) {
    const value = isObj(parsed.value) ? parsed.value.operation : undefined;
    if (typeof value !== 'string') return undefined;
    const text = blankBom(doc.getText());
    // Usually the first member: found without reading the body. A key written twice is read as JSON.parse reads
    // it (the last one wins), so the first one is taken only when it holds the value parsed.
    const root = skipSpace(text, 0);
    const first = memberStart(text, root, 'operation');
    if (first !== undefined && text.charCodeAt(first) === 0x22) {
      const end = stringEnd(text, first);
      if (decodeString(text, first, end) === value) return { offset: first, length: end - first, value };
    }
    const at = locatePaths(text, [['operation']]).get(pathKey(['operation']));
    return at && { offset: at.value.offset, length: at.value.length, value };
  }
  const { root, shift } = tree();
  const node = root && findNodeAtLocation(root, ['operation']);
  return node && { offset: node.offset + shift, length: node.length, value: node.value };
}

/** The operation's value links to the vendor's page of it (`operation`: {@link writtenOperation}). */
export function documentLinks(
  doc: TextDocument,
  operation: WrittenValue | undefined,
  catalog: Catalog,
): DocumentLink[] {
  if (typeof operation?.value !== 'string') return [];
  const op = catalog.get(operation.value);
  const url = op?.docsUrl;
  if (!op || !url || !isWebUrl(url)) return [];
  // Inside the quotes, so the link covers the id itself.
  const start = operation.offset + 1;
  const end = operation.offset + operation.length - 1;
  return [
    {
      range: { start: doc.positionAt(start), end: doc.positionAt(end) },
      target: url,
      tooltip: `Open the vendor documentation of ${op.id}`,
    },
  ];
}

function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
