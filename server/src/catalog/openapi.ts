/**
 * Flattens an OpenAPI 3.1 document into catalog operations. Component schemas become the `$defs` of one
 * schema document registered with ajv under `docId`; every `#/components/schemas/X` reference is rewritten
 * to `<docId>#/$defs/X`, so any schema of the document can be compiled or walked on its own.
 */
import type { CredentialSlot } from '../../../common/requestSpec';
import { parseReadLink } from './readLink';
import type { JsonSchema, NamedExample, Operation, Parameter, ResponseSpec, SchemaObject } from './types';
import { isObj } from '../../../common/json';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export interface OpenApiLoadOptions {
  family: string;
  docId: string;
  source: string;
  /** Prefix added to every operationId (`name.`), for user catalogs. */
  idPrefix?: string;
}

export interface LoadedDocument {
  operations: Operation[];
  /** The schema document to register with ajv: `{ $id: docId, $defs: components.schemas }`. */
  schemaDoc: SchemaObject;
  /** Problems found while reading (an operation without id, an unresolvable `$ref`…). */
  warnings: string[];
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The reference tokens of a local JSON pointer in URI-fragment form (`#/a%20b/c~1d` → `a b`, `c/d`); undefined
 * when a `%` escape is malformed, so one bad reference in a third-party document is a reference that leads
 * nowhere, never an exception.
 */
export function pointerSegments(pointer: string): string[] | undefined {
  try {
    return pointer.replace(/^#\/?/, '').split('/').map(unescapePointerSegment);
  } catch {
    return undefined; // URIError from decodeURIComponent
  }
}

/** Resolves a local JSON pointer (`#/a/b`) in `root`; undefined when it leads nowhere or cannot be read. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '#') return root;
  const parts = pointerSegments(pointer);
  if (!parts) return undefined;
  let cur: unknown = root;
  for (const part of parts) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (isObj(cur)) cur = Object.prototype.hasOwnProperty.call(cur, part) ? cur[part] : undefined;
    else return undefined;
  }
  return cur;
}

function unescapePointerSegment(s: string): string {
  return decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * `out[key] = value`, except that a key named `__proto__` (a legal JSON property name, and so a legal schema
 * property) becomes an own property instead of replacing the object's prototype.
 */
export function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Deep copy of a schema with component references made absolute. Cycles in the input are impossible (JSON). */
export function rewriteRefs(schema: unknown, docId: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => rewriteRefs(s, docId));
  if (!isObj(schema)) return schema;
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
      setOwn(out, k, `${docId}#/$defs/${v.slice('#/components/schemas/'.length)}`);
    } else if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) {
      // Other in-document references (e.g. `#/$defs/X` inside a component) stay relative to the document.
      setOwn(out, k, `${docId}${v}`);
    } else {
      setOwn(out, k, rewriteRefs(v, docId));
    }
  }
  return out;
}

/** Follows `$ref`s of OpenAPI objects (parameters, request bodies, responses, examples) within the document. */
function deref(doc: Obj, value: unknown, warnings: string[], depth = 0): unknown {
  if (!isObj(value) || typeof value.$ref !== 'string' || depth > 16) return value;
  const target = value.$ref.startsWith('#') ? resolvePointer(doc, value.$ref) : undefined;
  if (target === undefined) {
    warnings.push(`Cannot resolve ${value.$ref}`);
    return undefined;
  }
  return deref(doc, target, warnings, depth + 1);
}

function examplesOf(doc: Obj, media: Obj | undefined, warnings: string[]): NamedExample[] {
  if (!media) return [];
  const out: NamedExample[] = [];
  if (isObj(media.examples)) {
    for (const [name, raw] of Object.entries(media.examples)) {
      const ex = deref(doc, raw, warnings);
      if (isObj(ex) && 'value' in ex) out.push({ name, summary: str(ex.summary) || name, value: ex.value });
    }
  }
  if ('example' in media) out.push({ name: 'example', summary: 'Example', value: media.example });
  return out;
}

function jsonMedia(content: unknown): Obj | undefined {
  if (!isObj(content)) return undefined;
  for (const [type, media] of Object.entries(content)) {
    if (/^application\/([\w.+-]+\+)?json\b/i.test(type) && isObj(media)) return media;
  }
  return undefined;
}

function formMedia(content: unknown): Obj | undefined {
  if (!isObj(content)) return undefined;
  const media = content['application/x-www-form-urlencoded'];
  return isObj(media) ? media : undefined;
}

function credentialSlots(doc: Obj, security: unknown): CredentialSlot[] {
  const schemes = isObj(doc.components) && isObj(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const slots: CredentialSlot[] = [];
  if (!Array.isArray(security)) return slots;
  const scopes = new Map<string, string[][]>();
  for (const requirement of security) {
    if (!isObj(requirement)) continue;
    for (const [name, listed] of Object.entries(requirement)) {
      if (!Array.isArray(listed)) continue;
      const names = listed.filter((x): x is string => typeof x === 'string' && x.length > 0).slice(0, 20);
      if (names.length > 0) scopes.set(name, [...(scopes.get(name) ?? []), names]);
    }
  }
  for (const requirement of security) {
    if (!isObj(requirement)) continue;
    for (const name of Object.keys(requirement)) {
      const scheme = schemes[name];
      if (!isObj(scheme)) continue;
      const label = str(scheme['x-label']) || str(scheme.description).split(/[.\n]/)[0] || name;
      if (scheme.type === 'http' && str(scheme.scheme).toLowerCase() === 'bearer') {
        slots.push({ scheme: name, header: 'Authorization', prefix: 'Bearer ', label });
      } else if (scheme.type === 'http' && str(scheme.scheme).toLowerCase() === 'basic') {
        slots.push({ scheme: name, header: 'Authorization', prefix: 'Basic ', label });
      } else if (scheme.type === 'apiKey' && scheme.in === 'header' && str(scheme.name)) {
        slots.push({ scheme: name, header: str(scheme.name), prefix: '', label });
      } else if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
        slots.push({ scheme: name, header: 'Authorization', prefix: 'Bearer ', label });
      }
    }
  }
  // The same header may be named by several requirements: keep the first.
  return slots
    .filter((s, i) => slots.findIndex((o) => o.header.toLowerCase() === s.header.toLowerCase()) === i)
    .map((s) => {
      const listed = scopes.get(s.scheme);
      return listed ? { ...s, scopes: listed } : s;
    });
}

function parametersOf(doc: Obj, raw: unknown[], docId: string, warnings: string[]): Parameter[] {
  const out: Parameter[] = [];
  for (const r of raw) {
    const p = deref(doc, r, warnings);
    if (!isObj(p) || typeof p.name !== 'string') continue;
    const where = p.in;
    if (where !== 'path' && where !== 'query' && where !== 'header') continue;
    out.push({
      name: p.name,
      in: where,
      required: p.required === true || where === 'path',
      deprecated: p.deprecated === true,
      description: str(p.description),
      schema: (rewriteRefs(p.schema ?? {}, docId) as JsonSchema) ?? {},
    });
  }
  return out;
}

export function loadOpenApi(doc: unknown, options: OpenApiLoadOptions): LoadedDocument {
  const warnings: string[] = [];
  if (!isObj(doc)) return { operations: [], schemaDoc: { $id: options.docId }, warnings: ['Not an OpenAPI document'] };
  const { docId, family, source } = options;
  const components = isObj(doc.components) ? doc.components : {};
  const defs = isObj(components.schemas) ? (rewriteRefs(components.schemas, docId) as Obj) : {};
  const schemaDoc: SchemaObject = { $id: docId, $defs: defs };
  const servers = Array.isArray(doc.servers)
    ? doc.servers
        .filter(isObj)
        .map((s) => str(s.url).replace(/\/+$/, ''))
        .filter(Boolean)
    : [];
  const operations: Operation[] = [];
  const paths = isObj(doc.paths) ? doc.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(doc, rawItem, warnings);
    if (!isObj(item)) continue;
    const shared: unknown[] = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const rawId = str(op.operationId);
      if (!rawId) {
        warnings.push(`${method.toUpperCase()} ${path} has no operationId and was skipped`);
        continue;
      }
      const own: unknown[] = Array.isArray(op.parameters) ? op.parameters : [];
      const params = parametersOf(doc, [...shared, ...own], docId, warnings);
      // Operation-level parameters override path-level ones with the same name and location.
      const merged = params.filter((p, i) => params.findLastIndex((o) => o.name === p.name && o.in === p.in) === i);
      const signIn = op['x-sign-in'] === true;
      const requestBody = deref(doc, op.requestBody, warnings);
      // Token endpoints take OAuth forms: their fields are documented like a JSON body.
      const bodyMedia = isObj(requestBody)
        ? (jsonMedia(requestBody.content) ?? (signIn ? formMedia(requestBody.content) : undefined))
        : undefined;
      const responses: ResponseSpec[] = [];
      if (isObj(op.responses)) {
        for (const [status, rawResponse] of Object.entries(op.responses)) {
          const response = deref(doc, rawResponse, warnings);
          if (!isObj(response)) continue;
          const media = jsonMedia(response.content);
          responses.push({
            status,
            description: str(response.description),
            schema: media && media.schema !== undefined ? (rewriteRefs(media.schema, docId) as JsonSchema) : undefined,
            examples: examplesOf(doc, media, warnings),
          });
        }
      }
      const opServers = Array.isArray(op.servers)
        ? op.servers
            .filter(isObj)
            .map((s) => str(s.url).replace(/\/+$/, ''))
            .filter(Boolean)
        : [];
      operations.push({
        id: options.idPrefix ? `${options.idPrefix}.${rawId}` : rawId,
        family,
        docId,
        method: method.toUpperCase(),
        path,
        summary: str(op.summary),
        description: str(op.description),
        docsUrl: isObj(op.externalDocs) ? str(op.externalDocs.url) || undefined : undefined,
        deprecated: op.deprecated === true,
        servers: opServers.length > 0 ? opServers : servers,
        params: merged,
        body: bodyMedia
          ? {
              required: isObj(requestBody) && requestBody.required === true,
              schema: (rewriteRefs(bodyMedia.schema ?? {}, docId) as JsonSchema) ?? {},
              examples: examplesOf(doc, bodyMedia, warnings),
            }
          : undefined,
        responses,
        credentials: credentialSlots(doc, op.security ?? doc.security),
        source,
        role: op['x-role'] === 'read' ? 'read' : 'request',
        ...(op['x-read'] !== undefined ? { read: parseReadLink(op['x-read'], options.idPrefix, warnings, rawId) } : {}),
        ...(signIn ? { signIn: true } : {}),
      });
    }
  }
  return { operations, schemaDoc, warnings };
}

/**
 * A loaded document from its JSON text (precompile.ts writes the bundled catalog's so a start does not load it
 * again): JSON drops the keys whose value is undefined, which an Operation has as keys, so they are put back.
 * test/unit/catalogPrecompiled.test.ts holds the result to `loadOpenApi`'s, key for key.
 */
export function loadedDocumentFromJson(json: string): LoadedDocument {
  const loaded = JSON.parse(json) as LoadedDocument;
  for (const op of loaded.operations as Array<Partial<Operation> & Pick<Operation, 'responses'>>) {
    if (!('docsUrl' in op)) op.docsUrl = undefined;
    if (!('body' in op)) op.body = undefined;
    for (const r of op.responses as Array<Partial<ResponseSpec>>) if (!('schema' in r)) r.schema = undefined;
  }
  return loaded;
}
