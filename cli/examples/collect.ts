/**
 * Finds every example of an OpenAPI 3.0/3.1 document and the schema it must satisfy, by JSON pointer: media types
 * of request bodies and responses (`example`, `examples` including `$ref`s to components.examples), parameters
 * and headers, and `example` / `examples` / `default` inside schemas. Reads the document as written; changes nothing.
 */
import { forEachSchemaSite, forEachSubschema, pointerOf } from '../../server/src/catalog/userCatalog';
import { resolvePointer } from '../../server/src/catalog/openapi';
import { isObj } from '../../common/json';

type Obj = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
/** application/json, application/*+json, text/json…: the media types whose examples are JSON values. */
const JSON_MEDIA = /json/i;

/** `default`: a schema's default value, which must satisfy the schema like an example (as Spectral checks it). */
export type ExampleKind = 'media' | 'parameter' | 'schema' | 'default';

export interface ExampleRef {
  /** `createMeeting (POST /meetings)`, `POST /meetings` without an operationId, or the component's name. */
  owner: string;
  /** What the example is, e.g. `request body example "minimal"`, `schema example` or `schema default`. */
  what: string;
  kind: ExampleKind;
  /** Where the example value is (`#/…`). */
  pointer: string;
  /** Where its schema is, in the same document (`#/…`). */
  schemaPointer: string;
  value: unknown;
}

export interface Collected {
  examples: ExampleRef[];
  /** Examples that cannot be checked here, with why. */
  skipped: Array<{ pointer: string; reason: string }>;
  operations: number;
}

const esc = (s: string | number): string => String(s).replace(/~/g, '~0').replace(/\//g, '~1');

export function collectExamples(doc: Obj): Collected {
  const examples: ExampleRef[] = [];
  const skipped: Collected['skipped'] = [];
  const seen = new Set<string>();
  const owners = new Map<string, string>(); // "#/paths/<p>/<method>" → owner label
  let operations = 0;

  const add = (e: ExampleRef): void => {
    if (seen.has(e.pointer)) return; // a component used by several operations is checked once
    seen.add(e.pointer);
    examples.push(e);
  };
  /** Follows local `$ref`s; the pointer returned is where the object really is. */
  const deref = (value: unknown, pointer: string): { value: unknown; pointer: string } | undefined => {
    for (let hops = 0; hops < 16 && isObj(value) && typeof value.$ref === 'string'; hops++) {
      const ref = value.$ref;
      if (!ref.startsWith('#')) {
        skipped.push({ pointer, reason: `refers to another file (${ref})` });
        return undefined;
      }
      value = resolvePointer(doc, ref);
      pointer = ref;
      if (value === undefined) {
        skipped.push({ pointer, reason: 'the reference points to nothing' });
        return undefined;
      }
    }
    return { value, pointer };
  };

  /** `example` and `examples` of a media type, parameter or header object. */
  const holder = (
    h: Obj,
    at: string,
    schemaPointer: string | undefined,
    owner: string,
    what: string,
    kind: ExampleKind,
  ) => {
    const has = 'example' in h || isObj(h.examples);
    if (!has) return;
    if (schemaPointer === undefined) {
      skipped.push({ pointer: at, reason: 'has examples but no schema' });
      return;
    }
    if ('example' in h) {
      add({ owner, what: `${what} example`, kind, pointer: `${at}/example`, schemaPointer, value: h.example });
    }
    if (!isObj(h.examples)) return;
    for (const [name, raw] of Object.entries(h.examples)) {
      const d = deref(raw, `${at}/examples/${esc(name)}`);
      if (!d || !isObj(d.value)) continue;
      if ('value' in d.value) {
        add({
          owner,
          what: `${what} example "${name}"`,
          kind,
          pointer: `${d.pointer}/value`,
          schemaPointer,
          value: d.value.value,
        });
      } else if (typeof d.value.externalValue === 'string') {
        skipped.push({ pointer: d.pointer, reason: 'externalValue (another file) is not read' });
      }
    }
  };
  const content = (h: Obj, at: string, owner: string, what: string, kind: ExampleKind): void => {
    if (!isObj(h.content)) return;
    for (const [type, media] of Object.entries(h.content)) {
      if (!isObj(media)) continue;
      const mediaAt = `${at}/content/${esc(type)}`;
      if (!JSON_MEDIA.test(type)) {
        if ('example' in media || 'examples' in media) {
          skipped.push({ pointer: mediaAt, reason: `${type} is not JSON` });
        }
        continue;
      }
      holder(media, mediaAt, 'schema' in media ? `${mediaAt}/schema` : undefined, owner, what, kind);
    }
  };
  const parameterLike = (raw: unknown, at: string, owner: string, what: (p: Obj) => string): void => {
    const d = deref(raw, at);
    if (!d || !isObj(d.value)) return;
    const p = d.value;
    holder(p, d.pointer, 'schema' in p ? `${d.pointer}/schema` : undefined, owner, what(p), 'parameter');
    content(p, d.pointer, owner, what(p), 'parameter');
  };
  const paramName = (p: Obj): string => `${typeof p.in === 'string' ? p.in : ''} parameter "${String(p.name)}"`;

  const paths = isObj(doc.paths) ? doc.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemAt = pointerOf(['paths', path]);
    const item = deref(rawItem, itemAt);
    if (!item || !isObj(item.value)) continue;
    const ops = METHODS.filter((m) => isObj((item.value as Obj)[m]));
    for (const method of ops) {
      const op = item.value[method] as Obj;
      operations++;
      const owner = `${typeof op.operationId === 'string' ? `${op.operationId} (` : ''}${method.toUpperCase()} ${path}${typeof op.operationId === 'string' ? ')' : ''}`;
      const opAt = `${item.pointer}/${method}`;
      owners.set(opAt, owner);
      const shared = item.value.parameters;
      if (Array.isArray(shared)) {
        shared.forEach((p, i) => parameterLike(p, `${item.pointer}/parameters/${i}`, owner, paramName));
      }
      if (Array.isArray(op.parameters)) {
        op.parameters.forEach((p, i) => parameterLike(p, `${opAt}/parameters/${i}`, owner, paramName));
      }
      const body = deref(op.requestBody, `${opAt}/requestBody`);
      if (body && isObj(body.value)) content(body.value, body.pointer, owner, 'request body', 'media');
      if (!isObj(op.responses)) continue;
      for (const [status, raw] of Object.entries(op.responses)) {
        const r = deref(raw, `${opAt}/responses/${esc(status)}`);
        if (!r || !isObj(r.value)) continue;
        content(r.value, r.pointer, owner, `${status} response`, 'media');
        if (isObj(r.value.headers)) {
          for (const [name, h] of Object.entries(r.value.headers)) {
            parameterLike(h, `${r.pointer}/headers/${esc(name)}`, owner, () => `${status} response header "${name}"`);
          }
        }
      }
    }
  }

  // Components no operation uses still carry examples worth checking.
  const c = isObj(doc.components) ? doc.components : {};
  const each = (section: string, visit: (value: unknown, at: string, owner: string) => void): void => {
    const map = c[section];
    if (isObj(map)) {
      for (const [name, v] of Object.entries(map)) {
        visit(v, pointerOf(['components', section, name]), `${section}.${name}`);
      }
    }
  };
  each('parameters', (v, at, owner) => parameterLike(v, at, owner, paramName));
  each('headers', (v, at, owner) => parameterLike(v, at, owner, () => 'header'));
  each('requestBodies', (v, at, owner) => isObj(v) && content(v, at, owner, 'request body', 'media'));
  each('responses', (v, at, owner) => isObj(v) && content(v, at, owner, 'response', 'media'));

  // Examples inside schemas, each checked against the schema it sits in.
  const ownerOf = (pointer: string): string => {
    const m = /^#\/paths\/[^/]+\/[a-z]+/.exec(pointer);
    if (m && owners.has(m[0])) return owners.get(m[0])!;
    const comp = /^#\/components\/([^/]+)\/([^/]+)/.exec(pointer);
    return comp ? `${comp[1]}.${comp[2].replace(/~1/g, '/').replace(/~0/g, '~')}` : 'document';
  };
  const walk = (s: unknown, at: string, owner: string): void => {
    if (!isObj(s)) return;
    for (const [key, kind] of [
      ['example', 'schema'],
      ['default', 'default'],
    ] as const) {
      if (key in s) {
        add({ owner, what: `schema ${key}`, kind, pointer: `${at}/${key}`, schemaPointer: at, value: s[key] });
      }
    }
    if (Array.isArray(s.examples)) {
      s.examples.forEach((value, i) =>
        add({
          owner,
          what: 'schema example',
          kind: 'schema',
          pointer: `${at}/examples/${i}`,
          schemaPointer: at,
          value,
        }),
      );
    }
    forEachSubschema(s, at, (sub, p) => walk(sub, p, owner));
  };
  forEachSchemaSite(doc, (schema, pointer) => walk(schema, pointer, ownerOf(pointer)));
  return { examples, skipped, operations };
}
