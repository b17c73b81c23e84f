/**
 * User catalogs: an OpenAPI 3.0 or 3.1 file (JSON or YAML) turned into the same {@link LoadedDocument} as the
 * built-in catalog. The file is third-party input, so it is parsed with limits (size, depth, YAML aliases), its
 * OpenAPI 3.0 schemas are converted to JSON Schema 2020-12, and whatever ajv could not use or should not run is
 * cut out with a warning rather than failing the whole catalog: references that lead nowhere, patterns that
 * backtrack catastrophically (checked with recheck), keywords the 2020-12 meta-schema rejects. Never throws.
 */
import Ajv2020 from 'ajv/dist/2020';
import { openapiSchemaToJsonSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import {
  parse as parseJsonc,
  parseTree,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
import { isNode, parseDocument, type Document } from 'yaml';
import type { checkSync, Diagnostics } from 'recheck';
import { loadOpenApi, pointerSegments, resolvePointer, type LoadedDocument } from './openapi';
import { obviouslyLinear, quote, USER_CATALOG_LIMITS } from './userCatalogLimits';
import { isObj } from '../../../common/json';

// Re-exported: tests and the other catalog modules import them from here.
export { obviouslyLinear, quote, USER_CATALOG_LIMITS };

export type UserCatalogResult = { loaded: LoadedDocument } | { error: string; offset?: number };
export type ParsedText = { value: unknown } | { error: string; offset?: number };

type Obj = Record<string, unknown>;
const NAME = /^[A-Za-z][\w-]{0,39}$/;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** Loads a user catalog: `name` becomes the family, the operation-id prefix (`name.`) and the source. */
export function loadUserCatalog(name: string, fileText: string, fileName: string): UserCatalogResult {
  const bad = nameProblem(name);
  if (bad) return { error: bad };
  const parsed = parseOpenApiText(fileText, fileName);
  return 'error' in parsed ? parsed : loadUserCatalogValue(name, parsed.value, fileName);
}

/** Why `name` cannot name a catalog, or undefined. */
export function nameProblem(name: string): string | undefined {
  return NAME.test(name)
    ? undefined
    : `The catalog name "${name}" must start with a letter and use only letters, digits, _ and -.`;
}

/** {@link loadUserCatalog} of a document already parsed (e.g. bundled from several files); changes `value`. */
export function loadUserCatalogValue(name: string, value: unknown, fileName: string): UserCatalogResult {
  try {
    const bad = nameProblem(name);
    if (bad) return { error: bad };
    const prepared = prepareOpenApiDocument(value);
    if ('error' in prepared) return prepared;
    const docId = `urn:meeting-payloads:user:${name}`;
    const loaded = loadOpenApi(prepared.doc, { family: name, docId, source: name, idPrefix: name });
    if (loaded.operations.length === 0) {
      const why = loaded.warnings.length > 0 ? ` (${loaded.warnings.slice(0, 3).join('; ')})` : '';
      return { error: `${fileName} defines no operation with an operationId${why}.` };
    }
    loaded.warnings.unshift(...prepared.warnings);
    const unsecured = loaded.operations.filter((op) => op.credentials.length === 0).length;
    const components = isObj(prepared.doc.components) ? prepared.doc.components : {};
    if (unsecured > 0 && isObj(components.securitySchemes) && Object.keys(components.securitySchemes).length > 0) {
      // Webex's published spec declares its schemes but (since July 2025) requires none of them.
      loaded.warnings.push(
        `${unsecured} of ${loaded.operations.length} operations declare no security requirement, so no token is sent with them.`,
      );
    }
    return { loaded };
  } catch (err) {
    // Defence in depth: a bug here must become a message on the catalog, not a crashed server.
    return { error: `${fileName} could not be loaded: ${err instanceof Error ? err.message : String(err)}` };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/** JSON or YAML (by extension, else by the first character), checked for size, depth and alias cycles. */
export function parseOpenApiText(text: string, fileName: string): ParsedText {
  if (text.length > USER_CATALOG_LIMITS.maxTextLength) {
    return { error: `${fileName} is larger than ${USER_CATALOG_LIMITS.maxTextLength / 1024 / 1024} MB.` };
  }
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  const parsed = isYaml(body, fileName) ? parseYaml(body) : parseJson(body);
  if ('error' in parsed) {
    return parsed.offset === undefined ? parsed : { error: parsed.error, offset: parsed.offset + bom };
  }
  return checkedTree(parsed.value);
}

/** YAML by extension, else by the first character (JSON starts with `{` or `[`). */
export function isYaml(body: string, fileName: string): boolean {
  return /\.ya?ml$/i.test(fileName) || (!/\.json$/i.test(fileName) && !/^\s*[{[]/.test(body));
}

/**
 * Where the value at a path (keys from the document's root) stands in the catalog's text, for a diagnostic or a
 * `file:line:col`; undefined when the text does not hold it there (e.g. reached through a `$ref`). The text is
 * parsed once, on first use: a catalog with thousands of problems (every operation refused, say) must not be
 * parsed again for each of them.
 */
export function catalogLocator(
  text: string,
  fileName: string,
): (path: readonly string[]) => { offset: number; length: number } | undefined {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  if (isYaml(body, fileName)) {
    let yaml: Document | undefined;
    return (path) => {
      const node: unknown = (yaml ??= parseDocument(body, { uniqueKeys: false })).getIn(path, true);
      const range = isNode(node) ? node.range : undefined;
      return range ? { offset: range[0] + bom, length: range[1] - range[0] } : undefined;
    };
  }
  let root: JsonNode | undefined;
  return (path) => {
    root ??= parseTree(body, [], { disallowComments: true });
    const node = jsonNodeAt(root, path);
    return node ? { offset: node.offset + bom, length: node.length } : undefined;
  };
}

/**
 * The node at a path of keys in a JSON tree. An array index may be given as a string (`"0"`), as paths mapped
 * back from a bundle are; of duplicate keys the last one counts, as for JSON.parse.
 */
export function jsonNodeAt(root: JsonNode | undefined, path: ReadonlyArray<string | number>): JsonNode | undefined {
  let node = root;
  for (const seg of path) {
    if (node?.type === 'array') node = /^\d+$/.test(String(seg)) ? node.children?.[Number(seg)] : undefined;
    else if (node?.type === 'object') {
      node = node.children?.filter((p) => p.children?.[0]?.value === String(seg)).pop()?.children?.[1];
    } else return undefined;
  }
  return node;
}

function parseJson(text: string): ParsedText {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    // JSON.parse's message has no stable position: ask jsonc-parser where the first problem is.
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    if (!first) return { error: 'The file is not valid JSON.' };
    return { error: `Invalid JSON: ${printParseErrorCode(first.error)}.`, offset: first.offset };
  }
}

function parseYaml(text: string): ParsedText {
  const doc = parseDocument(text, { uniqueKeys: false });
  const first = doc.errors[0];
  if (first) return { error: `Invalid YAML: ${first.message.split('\n')[0]}`, offset: first.pos[0] };
  try {
    return { value: doc.toJS({ maxAliasCount: USER_CATALOG_LIMITS.maxAliasCount }) as unknown };
  } catch (err) {
    return { error: `Invalid YAML: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * A fresh copy of a parsed value, refusing alias cycles and excessive depth. Iterative, so no document can
 * overflow the stack here; everything after it may recurse safely. Copying also undoes YAML alias sharing, so
 * later in-place conversions touch every schema exactly once.
 */
function checkedTree(root: unknown): ParsedText {
  if (typeof root !== 'object' || root === null) return { value: root };
  type Container = Obj | unknown[];
  const make = (v: Container): Container => (Array.isArray(v) ? new Array<unknown>(v.length) : {});
  const out = make(root as Container);
  const stack: Array<{ src: Container; dst: Container; keys: string[]; i: number }> = [
    { src: root as Container, dst: out, keys: Object.keys(root), i: 0 },
  ];
  const onPath = new Set<unknown>([root]);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.i >= frame.keys.length) {
      onPath.delete(frame.src);
      stack.pop();
      continue;
    }
    const key = frame.keys[frame.i++];
    const value = (frame.src as Obj)[key];
    let copy: unknown = value;
    if (typeof value === 'object' && value !== null) {
      if (onPath.has(value)) return { error: 'A YAML alias refers to a node that contains it (a cycle).' };
      if (stack.length >= USER_CATALOG_LIMITS.maxDepth) {
        return { error: `The document is nested more than ${USER_CATALOG_LIMITS.maxDepth} levels deep.` };
      }
      copy = make(value as Container);
      onPath.add(value);
      stack.push({ src: value as Container, dst: copy as Container, keys: Object.keys(value), i: 0 });
    }
    // A "__proto__" key is data: define it, never assign it (which would set the copy's prototype).
    Object.defineProperty(frame.dst, key, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  return { value: out };
}

// ---------------------------------------------------------------------------------------------------------------
// Preparing the document

export interface PreparedDocument {
  /** The same document, its schemas now JSON Schema 2020-12 that ajv accepts. */
  doc: Obj;
  version: '3.0' | '3.1';
  warnings: string[];
}

/**
 * Converts (OpenAPI 3.0) and sanitizes (both versions) every schema of the document IN PLACE; pointers to
 * schemas stay the same. Also normalizes what loadOpenApi reads: server variables, parameters given by `content`.
 */
export function prepareOpenApiDocument(value: unknown): PreparedDocument | { error: string } {
  if (!isObj(value)) return { error: 'The file is not an OpenAPI document (it is not an object).' };
  if (typeof value.swagger === 'string') {
    return { error: `Swagger ${value.swagger} is not supported: convert the file to OpenAPI 3.0 or 3.1 first.` };
  }
  const openapi = typeof value.openapi === 'string' ? value.openapi : '';
  const version = /^3\.0\.\d+/.test(openapi) ? '3.0' : /^3\.1\.\d+/.test(openapi) ? '3.1' : undefined;
  if (!version) {
    return {
      error: openapi
        ? `OpenAPI ${openapi} is not supported (3.0 and 3.1 are).`
        : 'The file is not an OpenAPI document: it has no "openapi" version field.',
    };
  }
  if (!isObj(value.paths)) return { error: 'The OpenAPI document has no "paths".' };
  const warnings: string[] = [];
  const sanitizer = new SchemaSanitizer(value, warnings);
  forEachSchemaSite(value, (schema, pointer, replace) => {
    let s = schema;
    dropProtoProperties(s, pointer, warnings);
    if (version === '3.0') s = convert30Schema(s, pointer, warnings);
    replace(sanitizer.sanitize(s, pointer));
  });
  normalizeServers(value, warnings);
  liftParameterContent(value);
  return { doc: value, version, warnings };
}

/** Parameters described by `content` (one media type) get its schema as `schema`, which loadOpenApi reads. */
function liftParameterContent(doc: Obj): void {
  const lift = (p: unknown): void => {
    if (!isObj(p) || 'schema' in p || !isObj(p.content)) return;
    const media = Object.values(p.content).find(isObj);
    if (media && 'schema' in media) p.schema = media.schema;
  };
  const c = isObj(doc.components) ? doc.components : {};
  if (isObj(c.parameters)) Object.values(c.parameters).forEach(lift);
  if (!isObj(doc.paths)) return;
  for (const item of Object.values(doc.paths)) {
    if (!isObj(item)) continue;
    if (Array.isArray(item.parameters)) item.parameters.forEach(lift);
    for (const m of METHODS) {
      const op = item[m];
      if (isObj(op) && Array.isArray(op.parameters)) op.parameters.forEach(lift);
    }
  }
}

type SchemaVisitor = (schema: unknown, pointer: string, replace: (next: unknown) => void) => void;

export const pointerOf = (parts: Array<string | number>): string =>
  '#' + parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

/**
 * Calls `visit` for every place of an OpenAPI document that holds a Schema Object (components, parameters,
 * headers, media types of request bodies and responses, callbacks). Examples are never visited: their values
 * may contain keys named "schema". Changes nothing itself.
 */
export function forEachSchemaSite(doc: Obj, visit: SchemaVisitor): void {
  const at = (holder: Obj, key: string, parts: Array<string | number>): void => {
    if (key in holder && (isObj(holder[key]) || typeof holder[key] === 'boolean')) {
      visit(holder[key], pointerOf([...parts, key]), (next) => (holder[key] = next));
    }
  };
  const content = (holder: Obj, parts: Array<string | number>): void => {
    if (!isObj(holder.content)) return;
    for (const [type, media] of Object.entries(holder.content)) {
      if (isObj(media)) at(media, 'schema', [...parts, 'content', type]);
    }
  };
  const parameterLike = (p: unknown, parts: Array<string | number>): void => {
    if (!isObj(p) || typeof p.$ref === 'string') return;
    at(p, 'schema', parts);
    content(p, parts);
  };
  const headers = (holder: Obj, parts: Array<string | number>): void => {
    if (!isObj(holder.headers)) return;
    for (const [name, h] of Object.entries(holder.headers)) parameterLike(h, [...parts, 'headers', name]);
  };
  const bodyLike = (b: unknown, parts: Array<string | number>): void => {
    if (!isObj(b) || typeof b.$ref === 'string') return;
    content(b, parts);
    headers(b, parts);
  };
  const operation = (op: Obj, parts: Array<string | number>): void => {
    if (Array.isArray(op.parameters)) op.parameters.forEach((p, i) => parameterLike(p, [...parts, 'parameters', i]));
    bodyLike(op.requestBody, [...parts, 'requestBody']);
    if (isObj(op.responses)) {
      for (const [status, r] of Object.entries(op.responses)) bodyLike(r, [...parts, 'responses', status]);
    }
    if (isObj(op.callbacks)) {
      for (const [name, cb] of Object.entries(op.callbacks)) callback(cb, [...parts, 'callbacks', name]);
    }
  };
  const pathItem = (item: unknown, parts: Array<string | number>): void => {
    if (!isObj(item) || typeof item.$ref === 'string') return;
    if (Array.isArray(item.parameters)) {
      item.parameters.forEach((p, i) => parameterLike(p, [...parts, 'parameters', i]));
    }
    for (const m of METHODS) if (isObj(item[m])) operation(item[m], [...parts, m]);
  };
  const callback = (cb: unknown, parts: Array<string | number>): void => {
    if (!isObj(cb) || typeof cb.$ref === 'string') return;
    for (const [expr, item] of Object.entries(cb)) pathItem(item, [...parts, expr]);
  };

  if (isObj(doc.paths)) for (const [path, item] of Object.entries(doc.paths)) pathItem(item, ['paths', path]);
  if (isObj(doc.webhooks)) for (const [name, item] of Object.entries(doc.webhooks)) pathItem(item, ['webhooks', name]);
  const c = isObj(doc.components) ? doc.components : {};
  if (isObj(c.schemas)) for (const name of Object.keys(c.schemas)) at(c.schemas, name, ['components', 'schemas']);
  if (isObj(c.parameters)) {
    for (const [n, p] of Object.entries(c.parameters)) parameterLike(p, ['components', 'parameters', n]);
  }
  if (isObj(c.headers)) for (const [n, h] of Object.entries(c.headers)) parameterLike(h, ['components', 'headers', n]);
  if (isObj(c.requestBodies)) {
    for (const [n, b] of Object.entries(c.requestBodies)) bodyLike(b, ['components', 'requestBodies', n]);
  }
  if (isObj(c.responses)) for (const [n, r] of Object.entries(c.responses)) bodyLike(r, ['components', 'responses', n]);
  if (isObj(c.callbacks)) {
    for (const [n, cb] of Object.entries(c.callbacks)) callback(cb, ['components', 'callbacks', n]);
  }
  if (isObj(c.pathItems)) {
    for (const [n, item] of Object.entries(c.pathItems)) pathItem(item, ['components', 'pathItems', n]);
  }
}

/** Server URLs with their variables' defaults filled in (`https://{site}.example.com` → the default site). */
function normalizeServers(doc: Obj, warnings: string[]): void {
  const fill = (servers: unknown): void => {
    if (!Array.isArray(servers)) return;
    for (const s of servers) {
      if (!isObj(s) || typeof s.url !== 'string') continue;
      const vars = isObj(s.variables) ? s.variables : {};
      s.url = s.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
        const v = vars[name];
        if (isObj(v) && typeof v.default === 'string') return v.default;
        warnings.push(`The server URL ${s.url as string} uses {${name}}, which has no default; it is kept as is.`);
        return whole;
      });
    }
  };
  fill(doc.servers);
  if (!isObj(doc.paths)) return;
  for (const item of Object.values(doc.paths)) {
    if (!isObj(item)) continue;
    fill(item.servers);
    for (const m of METHODS) if (isObj(item[m])) fill(item[m].servers);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// OpenAPI 3.0 → JSON Schema 2020-12

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/**
 * One OpenAPI 3.0 Schema Object → JSON Schema 2020-12. @openapi-contrib/openapi-schema-to-json-schema does the
 * OpenAPI part (nullable → type/enum with null, int32/int64/float/double/byte → bounds and pattern, OpenAPI-only
 * keywords out); it targets draft 4, so the draft 4 → 2020-12 differences are fixed after it: boolean
 * exclusiveMinimum/Maximum, tuple `items`, single `example` → `examples`. `$ref` siblings are ignored in 3.0,
 * so only annotations are kept beside a `$ref`.
 */
function convert30Schema(schema: unknown, pointer: string, warnings: string[]): unknown {
  if (!isObj(schema)) return schema;
  const converted = openapiSchemaToJsonSchema(schema, {
    cloneSchema: false,
    strictMode: false,
    keepNotSupported: ['readOnly', 'writeOnly', 'deprecated', 'example'],
    afterTransform: (s) => toDraft2020(s as Obj, pointer, warnings) as never,
  }) as Obj;
  delete converted.$schema;
  return converted;
}

const REF_SIBLINGS_KEPT = new Set(['$ref', 'description', 'title', 'deprecated', 'readOnly', 'writeOnly', 'examples']);

function toDraft2020(s: Obj, pointer: string, warnings: string[]): Obj {
  for (const [bound, exclusive] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    if (s[exclusive] === true && typeof s[bound] === 'number') {
      s[exclusive] = s[bound];
      delete s[bound];
    } else if (typeof s[exclusive] === 'boolean') {
      delete s[exclusive];
    }
  }
  if (Array.isArray(s.items)) {
    s.prefixItems = s.items;
    delete s.items;
  }
  if ('example' in s) {
    if (!Array.isArray(s.examples)) s.examples = [s.example];
    delete s.example;
  }
  if (typeof s.type === 'string' && !JSON_TYPES.has(s.type)) {
    warnings.push(`${pointer}: "type": "${s.type}" is not a JSON Schema type; it is ignored.`);
    delete s.type;
  }
  if (typeof s.$ref === 'string') {
    for (const k of Object.keys(s)) if (!REF_SIBLINGS_KEPT.has(k) && !k.startsWith('x-')) delete s[k];
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Sanitizing schemas (both versions)

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMAS = [
  'additionalProperties',
  'items',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
];

/** Calls `visit` on every direct subschema of `s` with its pointer. */
export function forEachSubschema(
  s: Obj,
  pointer: string,
  visit: (sub: Obj, pointer: string, keyword: string) => void,
): void {
  for (const key of SUBSCHEMA_MAPS) {
    const map = s[key];
    if (!isObj(map)) continue;
    for (const [name, sub] of Object.entries(map)) {
      if (isObj(sub)) visit(sub, `${pointer}/${key}/${escapePointer(name)}`, key);
    }
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = s[key];
    if (Array.isArray(list)) list.forEach((sub, i) => isObj(sub) && visit(sub, `${pointer}/${key}/${i}`, key));
  }
  for (const key of SUBSCHEMAS) {
    const sub = s[key];
    if (isObj(sub)) visit(sub, `${pointer}/${key}`, key);
  }
}

/**
 * A property named "__proto__" cannot survive the plain-object copies made after this point (the converter and
 * the reference rewriting assign it, which sets a prototype instead, and loses its sibling properties): drop it
 * first, visibly.
 */
function dropProtoProperties(schema: unknown, pointer: string, warnings: string[]): void {
  if (!isObj(schema)) return;
  for (const key of SUBSCHEMA_MAPS) {
    const map = schema[key];
    if (isObj(map) && Object.prototype.hasOwnProperty.call(map, '__proto__')) {
      delete map['__proto__'];
      warnings.push(`${pointer}/${key}: a property named "__proto__" is not supported; it is not checked.`);
    }
  }
  forEachSubschema(schema, pointer, (sub, p) => dropProtoProperties(sub, p, warnings));
}

let metaAjv: Ajv2020 | undefined;
function metaValidator(): Ajv2020 {
  metaAjv ??= new Ajv2020({ strict: false, allErrors: true, validateFormats: false, logger: false });
  return metaAjv;
}

interface Guard {
  pointer: string;
  keyword: string;
  dropped: boolean;
  drop(): void;
}

class SchemaSanitizer {
  private readonly deadline = Date.now() + USER_CATALOG_LIMITS.patternBudgetMs;

  constructor(
    private readonly doc: Obj,
    private readonly warnings: string[],
  ) {}

  sanitize(schema: unknown, pointer: string): unknown {
    if (typeof schema === 'boolean') return schema;
    if (!isObj(schema)) {
      this.warnings.push(`${pointer}: a schema must be an object; it is ignored.`);
      return {};
    }
    this.walk(schema, pointer);
    return this.fitMetaSchema(schema, pointer);
  }

  /**
   * Removing a constraint loosens a schema only where the schema is monotone. Under `not` it tightens, and under
   * `oneOf` or an `if` condition it can do either; there, the outermost such keyword is dropped instead (`guard`),
   * which always loosens: the catalog may accept more than the vendor's schema, never less.
   */
  private walk(s: Obj, pointer: string, guard?: Guard): void {
    if ('$id' in s) {
      // Ids inside a catalog would move the base of every reference below them and clash between catalogs.
      delete s.$id;
    }
    if ('$schema' in s) delete s.$schema;
    if ('deprecated' in s && typeof s.deprecated !== 'boolean') delete s.deprecated;
    const ref = typeof s.$ref === 'string' ? this.refProblem(s.$ref) : undefined;
    if (ref) {
      this.loosen(guard, `${pointer}: the reference ${String(s.$ref)} ${ref}`, 'any value is accepted there', () => {
        delete s.$ref;
      });
    }
    if (typeof s.$dynamicRef === 'string') this.staticDynamicRef(s, s.$dynamicRef, pointer, guard);
    if (typeof s.pattern === 'string') {
      const unsafe = this.patternProblem(s.pattern);
      if (unsafe) {
        this.loosen(guard, `${pointer}/pattern: ${unsafe}`, 'the pattern is not checked', () => {
          delete s.pattern;
        });
      }
    }
    if (isObj(s.patternProperties)) {
      for (const source of Object.keys(s.patternProperties)) {
        const unsafe = this.patternProblem(source);
        if (!unsafe) continue;
        this.loosen(guard, `${pointer}/patternProperties: ${unsafe}`, 'those properties are not checked', () => {
          delete (s.patternProperties as Obj)[source];
          // Otherwise the properties it matched would now count as additional ones.
          if (s.additionalProperties !== undefined && s.additionalProperties !== true) delete s.additionalProperties;
          if (s.unevaluatedProperties !== undefined && s.unevaluatedProperties !== true) delete s.unevaluatedProperties;
        });
      }
    }
    const guards = new Map<string, Guard>();
    forEachSubschema(s, pointer, (sub, p, keyword) => {
      let inner = guard;
      if (!inner && (keyword === 'not' || keyword === 'oneOf' || keyword === 'if')) {
        inner = guards.get(keyword);
        if (!inner) {
          inner = {
            pointer: `${pointer}/${keyword}`,
            keyword,
            dropped: false,
            drop: () => {
              delete s[keyword];
              if (keyword === 'if') {
                delete s.then;
                delete s.else;
              }
            },
          };
          guards.set(keyword, inner);
        }
      }
      this.walk(sub, p, inner);
    });
  }

  /**
   * A `$dynamicRef` to a JSON pointer is static (only a `$dynamicAnchor` fragment makes it dynamic, JSON Schema
   * 2020-12 § 8.2.3.2): it becomes a `$ref`, checked like one. Dynamic anchors and other files cannot be followed
   * here; ajv would fail the whole body schema on them, so they are cut like any other reference that leads nowhere.
   */
  private staticDynamicRef(s: Obj, target: string, pointer: string, guard: Guard | undefined): void {
    const problem = /^#(?!\/)/.test(target)
      ? 'names a dynamic anchor, which is not supported'
      : this.refProblem(target);
    if (problem) {
      this.loosen(
        guard,
        `${pointer}: the dynamic reference ${target} ${problem}`,
        'any value is accepted there',
        () => {
          delete s.$dynamicRef;
        },
      );
      return;
    }
    delete s.$dynamicRef;
    if (typeof s.$ref !== 'string') {
      s.$ref = target;
      return;
    }
    // Beside a `$ref` of its own, both must hold.
    const allOf = Array.isArray(s.allOf) ? (s.allOf as unknown[]) : [];
    s.allOf = [...allOf, { $ref: target }];
  }

  /** Applies `loosenHere`, or drops the guarding keyword when there is one; says which in a warning. */
  private loosen(guard: Guard | undefined, problem: string, consequence: string, loosenHere: () => void): void {
    if (!guard) {
      this.warnings.push(`${problem}; ${consequence}.`);
      loosenHere();
      return;
    }
    if (guard.dropped) return; // already gone with everything below it
    guard.dropped = true;
    guard.drop();
    this.warnings.push(`${problem}; the "${guard.keyword}" at ${guard.pointer} that holds it is ignored.`);
  }

  /** Why a reference cannot be used; loadOpenApi makes the others absolute. */
  private refProblem(ref: string): string | undefined {
    if (!ref.startsWith('#')) return 'points to another file, which is not read';
    if (!ref.startsWith('#/components/schemas/')) return 'points outside components.schemas';
    if (pointerSegments(ref) === undefined) return 'has a malformed % escape';
    if (resolvePointer(this.doc, ref) === undefined) return 'points to nothing';
    return undefined;
  }

  /** Why a pattern must not be used, or undefined when it is safe. */
  private patternProblem(source: string): string | undefined {
    try {
      new RegExp(source, 'u');
    } catch {
      return `${quote(source)} is not a valid regular expression (ajv compiles patterns with the u flag)`;
    }
    return patternSafety(source, this.deadline);
  }

  /**
   * Drops keywords the JSON Schema 2020-12 meta-schema rejects (e.g. `required: true` on a property, a string
   * `minimum`), one at a time, so a single broken keyword does not take the whole catalog down.
   */
  private fitMetaSchema(schema: Obj, pointer: string): unknown {
    const ajv = metaValidator();
    for (let attempt = 0; attempt < 50; attempt++) {
      if (ajv.validateSchema(schema) === true) return schema;
      const error = (ajv.errors ?? []).find((e) => e.instancePath !== '') ?? ajv.errors?.[0];
      if (!error || error.instancePath === '') break;
      const parts = error.instancePath.split('/').slice(1).map(unescapePointer);
      const last = parts.pop()!;
      const parent = parts.reduce<unknown>((node, part) => (node as Obj | undefined)?.[part], schema);
      if (!isObj(parent) && !Array.isArray(parent)) break;
      this.warnings.push(`${pointer}${error.instancePath}: ${error.message ?? 'invalid'}; this keyword is ignored.`);
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    }
    if (ajv.validateSchema(schema) === true) return schema;
    this.warnings.push(`${pointer}: the schema is not valid JSON Schema; any value is accepted there.`);
    return {};
  }
}

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapePointer = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

// ---------------------------------------------------------------------------------------------------------------
// Pattern safety

const safetyCache = new Map<string, string | undefined>();

/**
 * Undefined when `source` cannot backtrack catastrophically, else why. Obviously linear patterns skip the
 * analysis; the others go through recheck (≈ 2–800 ms each), bounded per pattern and by `deadline` for the file.
 * Anything recheck cannot prove safe in time counts as unsafe: the cost of a wrong "safe" is a hung server.
 */
export function patternSafety(
  source: string,
  deadline = Date.now() + USER_CATALOG_LIMITS.patternBudgetMs,
): string | undefined {
  if (obviouslyLinear(source)) return undefined;
  if (safetyCache.has(source)) return safetyCache.get(source);
  const remaining = deadline - Date.now();
  if (remaining <= 0) return `${quote(source)} could not be checked for catastrophic backtracking in time`;
  const result = runRecheck(source, Math.min(USER_CATALOG_LIMITS.patternTimeoutMs, remaining));
  let problem: string | undefined;
  if (!result) problem = `${quote(source)} could not be checked for catastrophic backtracking`;
  else if (result.status === 'vulnerable') {
    problem = `${quote(source)} can take ${result.complexity.type} time on some inputs (catastrophic backtracking)`;
  } else if (result.status === 'unknown') {
    problem = `${quote(source)} could not be proven safe from catastrophic backtracking (${result.error.kind})`;
  }
  // A timeout says nothing about the pattern: do not remember it.
  if (!(result?.status === 'unknown' && result.error.kind === 'timeout')) safetyCache.set(source, problem);
  return problem;
}

type Recheck = { checkSync: typeof checkSync };
let recheckModule: Recheck | undefined;
let workerBackendFailed = false;

function runRecheck(source: string, timeout: number): Diagnostics | undefined {
  // Loaded on first use: 3 MB of analyser that most catalogs never need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  recheckModule ??= require('recheck') as Recheck;
  const params = { timeout };
  if (!workerBackendFailed) {
    try {
      return recheckModule.checkSync(source, 'u', params);
    } catch {
      // In a bundle the worker file recheck spawns (./synckit-worker) is not beside us: use the in-process backend.
      workerBackendFailed = true;
    }
  }
  const saved = process.env.RECHECK_SYNC_BACKEND;
  process.env.RECHECK_SYNC_BACKEND = 'pure';
  try {
    return recheckModule.checkSync(source, 'u', params);
  } catch {
    return undefined;
  } finally {
    if (saved === undefined) delete process.env.RECHECK_SYNC_BACKEND;
    else process.env.RECHECK_SYNC_BACKEND = saved;
  }
}
