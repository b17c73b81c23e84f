/**
 * The built-in catalog in `schemas/`: structure of the three OpenAPI 3.1 documents, every example against its
 * schema, schema hygiene (descriptions, enum meanings, safe anchored patterns) and targeted negative cases
 * proving the schemas reject what the vendors reject. Also the request-file envelope schema.
 *
 * Ajv cannot compile an OpenAPI document as a schema in strict mode (keys such as `openapi` and `paths` are
 * unknown keywords, and resolving `file#/components/schemas/X` compiles the whole document). So each document's
 * `components.schemas` is registered as a standalone schema `{ $id, $defs }` with its
 * `#/components/schemas/X` references rewritten to `#/$defs/X`; inline schemas (parameters, responses) are
 * compiled with those references made absolute.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { checkSync } from 'recheck';
import { ANNOTATION_KEYWORDS, createAjv } from '../../server/src/catalog/ajv';
import { isObj } from '../../common/json';
import { looksSecret } from '../../common/secretNames';
import { HUAWEI_PATHS } from '../../client/src/auth/huaweiLogin';
import { WEBEX_PATHS } from '../../client/src/auth/webexOAuth';
import { cpuNow } from '../helpers/cpuTime';

type JsonObject = { [key: string]: unknown };

const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'schemas');
const BASE = 'https://meeting-payloads.dev/catalog/';
const COMPONENT_PREFIX = '#/components/schemas/';
const CREDENTIAL_HEADERS = ['authorization', 'x-access-token', 'x-conference-authorization'];
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

interface DocSpec {
  file: string;
  family: string;
  servers: string[];
  schemes: string[];
}

const DOCS: DocSpec[] = [
  {
    file: 'webex-meetings.openapi.json',
    family: 'webex-meetings',
    servers: ['https://webexapis.com/v1'],
    schemes: ['webexBearer', 'webexClientBasic'],
  },
  {
    file: 'webex-calling.openapi.json',
    family: 'webex-calling',
    servers: ['https://webexapis.com/v1'],
    schemes: ['webexBearer'],
  },
  {
    file: 'huawei-meeting.openapi.json',
    family: 'huawei-meeting',
    servers: ['https://api.meeting.huaweicloud.com', 'https://api-intl.meeting.huaweicloud.com'],
    schemes: [
      'huaweiAccessToken',
      'huaweiConferenceAuthorization',
      'huaweiAppAuthSignature',
      'huaweiAccountBasic',
      'huaweiHostPassword',
    ],
  },
];

interface ExpectedOperation {
  file: string;
  method: string;
  path: string;
  scheme: string;
  deprecated: boolean;
}

const EXPECTED_OPERATIONS: Record<string, ExpectedOperation> = {
  'webex.meetings.updatePersonalMeetingRoomOptions': {
    file: 'webex-meetings.openapi.json',
    method: 'put',
    path: '/meetingPreferences/personalMeetingRoom',
    scheme: 'webexBearer',
    deprecated: false,
  },
  'webex.calling.putSharedLineAppearanceMembers': {
    file: 'webex-calling.openapi.json',
    method: 'put',
    path: '/telephony/config/people/{personId}/applications/{applicationId}/members',
    scheme: 'webexBearer',
    deprecated: true,
  },
  'huawei.meeting.updateMemberVmr': {
    file: 'huawei-meeting.openapi.json',
    method: 'put',
    path: '/v1/usg/dcs/member/vmr/{id}',
    scheme: 'huaweiAccessToken',
    deprecated: false,
  },
  'huawei.meeting.updateStartedConfConfig': {
    file: 'huawei-meeting.openapi.json',
    method: 'put',
    path: '/v1/mmc/control/conferences/updateStartedConfConfig',
    scheme: 'huaweiConferenceAuthorization',
    deprecated: false,
  },
  'huawei.meeting.updateRecurringMeeting': {
    file: 'huawei-meeting.openapi.json',
    method: 'put',
    path: '/v1/mmc/management/cycleconferences',
    scheme: 'huaweiAccessToken',
    deprecated: false,
  },
};

// ---------------------------------------------------------------------------------------------
// JSON helpers

const isObject = isObj;

function obj(v: unknown, where: string): JsonObject {
  assert.ok(isObject(v), `${where} must be an object`);
  return v;
}

function str(v: unknown, where: string): string {
  assert.equal(typeof v, 'string', `${where} must be a string`);
  assert.ok((v as string).length > 0, `${where} must not be empty`);
  return v as string;
}

const esc = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');
const unesc = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

function at(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of pointer.split('/').slice(1)) {
    const key = unesc(part);
    node = Array.isArray(node) ? node[Number(key)] : isObject(node) ? node[key] : undefined;
    assert.notEqual(node, undefined, `nothing at ${pointer}`);
  }
  return node;
}

/** Deep copy with `#/components/schemas/X` references rewritten to `<prefix>#/$defs/X`. */
function rewriteRefs(node: unknown, prefix: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, prefix));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] =
      k === '$ref' && typeof v === 'string' && v.startsWith(COMPONENT_PREFIX)
        ? `${prefix}#/$defs/${v.slice(COMPONENT_PREFIX.length)}`
        : rewriteRefs(v, prefix);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Loading

const docs = new Map<string, JsonObject>();
for (const spec of DOCS) {
  docs.set(spec.file, obj(JSON.parse(readFileSync(path.join(SCHEMA_DIR, spec.file), 'utf8')), spec.file));
}
const envelope = obj(JSON.parse(readFileSync(path.join(SCHEMA_DIR, 'request.schema.json'), 'utf8')), 'envelope');

const ajv = createAjv();
for (const [file, doc] of docs) {
  const components = obj(doc.components, `${file} components`);
  ajv.addSchema({ $id: BASE + file, $defs: rewriteRefs(obj(components.schemas, `${file} schemas`), '') });
}

const validators = new Map<string, ValidateFunction>();

/** Compiled validator for the schema at `pointer` inside document `file`. */
function validatorAt(file: string, pointer: string): ValidateFunction {
  const key = file + '#' + pointer;
  let v = validators.get(key);
  if (!v) {
    const schema = pointer.startsWith('/components/schemas/')
      ? { $ref: `${BASE}${file}#/$defs/${pointer.slice('/components/schemas/'.length)}` }
      : rewriteRefs(at(docs.get(file), pointer), BASE + file);
    v = ajv.compile(schema as JsonObject);
    validators.set(key, v);
  }
  return v;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`).join('; ');
}

function assertValid(v: ValidateFunction, data: unknown, name: string): void {
  assert.ok(v(data), `${name} does not validate: ${describeErrors(v.errors)}`);
}

function errorPaths(v: ValidateFunction, data: unknown): string[] {
  return v(data) ? [] : (v.errors ?? []).map((e) => e.instancePath);
}

/** Resolves an OpenAPI-level `$ref` (responses, headers) inside the same document. */
function deref(doc: JsonObject, node: unknown, where: string): JsonObject {
  const o = obj(node, where);
  if (typeof o.$ref === 'string') {
    assert.ok(o.$ref.startsWith('#/components/'), `${where}: unexpected $ref ${o.$ref}`);
    return obj(at(doc, o.$ref.slice(1)), o.$ref);
  }
  return o;
}

interface Operation {
  id: string;
  file: string;
  doc: JsonObject;
  method: string;
  path: string;
  pointer: string;
  op: JsonObject;
}

/** The request-file operations; `allOperations` adds the documented reads (`x-role: read`) and the token endpoints (`x-sign-in`). */
function operations(): Operation[] {
  return allOperations().filter((o) => o.op['x-role'] !== 'read' && o.op['x-sign-in'] !== true);
}

function reads(): Operation[] {
  return allOperations().filter((o) => o.op['x-role'] === 'read');
}

/** The token endpoints: documented, mocked and called by Sign In, never sent from a request file. */
function signInOperations(): Operation[] {
  return allOperations().filter((o) => o.op['x-sign-in'] === true);
}

function allOperations(): Operation[] {
  const out: Operation[] = [];
  for (const [file, doc] of docs) {
    for (const [p, item] of Object.entries(obj(doc.paths, `${file} paths`))) {
      for (const [method, op] of Object.entries(obj(item, `${file} ${p}`))) {
        if (!HTTP_METHODS.includes(method)) continue;
        const o = obj(op, `${file} ${method} ${p}`);
        out.push({
          id: String(o.operationId),
          file,
          doc,
          method,
          path: p,
          pointer: `/paths/${esc(p)}/${method}`,
          op: o,
        });
      }
    }
  }
  return out;
}

function operation(id: string): Operation {
  const op = operations().find((o) => o.id === id);
  assert.ok(op, `operation ${id} not found`);
  return op;
}

function bodyValidator(id: string): ValidateFunction {
  const o = operation(id);
  return validatorAt(o.file, `${o.pointer}/requestBody/content/application~1json/schema`);
}

interface SchemaRoot {
  file: string;
  pointer: string;
}

/** Every place a schema lives in a document. */
function schemaRoots(file: string, doc: JsonObject): SchemaRoot[] {
  const roots: SchemaRoot[] = [];
  const components = obj(doc.components, 'components');
  for (const name of Object.keys(obj(components.schemas, 'schemas'))) {
    roots.push({ file, pointer: `/components/schemas/${esc(name)}` });
  }
  const contentRoots = (content: unknown, base: string): void => {
    if (!isObject(content)) return;
    for (const [mt, media] of Object.entries(content)) {
      if (isObject(media) && media.schema !== undefined) {
        roots.push({ file, pointer: `${base}/content/${esc(mt)}/schema` });
      }
    }
  };
  const headerRoots = (headers: unknown, base: string): void => {
    if (!isObject(headers)) return;
    for (const [name, h] of Object.entries(headers)) {
      if (isObject(h) && h.schema !== undefined) roots.push({ file, pointer: `${base}/headers/${esc(name)}/schema` });
    }
  };
  for (const [name, r] of Object.entries(isObject(components.responses) ? components.responses : {})) {
    const base = `/components/responses/${esc(name)}`;
    contentRoots(obj(r, base).content, base);
    headerRoots(obj(r, base).headers, base);
  }
  for (const [name, h] of Object.entries(isObject(components.headers) ? components.headers : {})) {
    if (isObject(h) && h.schema !== undefined) roots.push({ file, pointer: `/components/headers/${esc(name)}/schema` });
  }
  for (const o of allOperations().filter((x) => x.file === file)) {
    (Array.isArray(o.op.parameters) ? o.op.parameters : []).forEach((_p, i) =>
      roots.push({ file, pointer: `${o.pointer}/parameters/${i}/schema` }),
    );
    if (isObject(o.op.requestBody)) contentRoots(o.op.requestBody.content, `${o.pointer}/requestBody`);
    for (const [status, r] of Object.entries(obj(o.op.responses, `${o.id} responses`))) {
      if (isObject(r) && r.$ref === undefined) {
        contentRoots(r.content, `${o.pointer}/responses/${status}`);
        headerRoots(r.headers, `${o.pointer}/responses/${status}`);
      }
    }
  }
  return roots;
}

interface SchemaNode {
  pointer: string;
  node: JsonObject;
  /** The node is a member of a `properties` map of a schema (not a conditional refinement). */
  isProperty: boolean;
  /** The node sits under `if`/`then`/`else`/`not`: a partial refinement, not a field definition. */
  inConditional: boolean;
}

const MAP_KEYWORDS = ['properties', '$defs', 'patternProperties', 'dependentSchemas'];
const SINGLE_KEYWORDS = ['items', 'additionalProperties', 'propertyNames', 'contains', 'unevaluatedProperties'];
const CONDITIONAL_KEYWORDS = ['if', 'then', 'else', 'not'];
const ARRAY_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

function* walkSchema(node: unknown, pointer: string, isProperty = false, inConditional = false): Generator<SchemaNode> {
  if (!isObject(node)) return;
  yield { pointer, node, isProperty, inConditional };
  for (const [k, v] of Object.entries(node)) {
    if (MAP_KEYWORDS.includes(k) && isObject(v)) {
      for (const [name, sub] of Object.entries(v)) {
        yield* walkSchema(sub, `${pointer}/${k}/${esc(name)}`, k === 'properties', inConditional);
      }
    } else if (SINGLE_KEYWORDS.includes(k)) {
      yield* walkSchema(v, `${pointer}/${k}`, false, inConditional);
    } else if (CONDITIONAL_KEYWORDS.includes(k)) {
      yield* walkSchema(v, `${pointer}/${k}`, false, true);
    } else if (ARRAY_KEYWORDS.includes(k) && Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) yield* walkSchema(v[i], `${pointer}/${k}/${i}`, false, inConditional);
    }
  }
}

function allSchemaNodes(): Array<SchemaNode & { file: string }> {
  const out: Array<SchemaNode & { file: string }> = [];
  for (const [file, doc] of docs) {
    for (const root of schemaRoots(file, doc)) {
      for (const n of walkSchema(at(doc, root.pointer), root.pointer)) out.push({ ...n, file });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Structure

test('each document is OpenAPI 3.1.0 with family, servers, info and security schemes', () => {
  for (const spec of DOCS) {
    const doc = docs.get(spec.file)!;
    assert.equal(doc.openapi, '3.1.0', spec.file);
    assert.equal(doc.jsonSchemaDialect, 'https://json-schema.org/draft/2020-12/schema', spec.file);
    assert.equal(doc['x-family'], spec.family, spec.file);
    const info = obj(doc.info, `${spec.file} info`);
    for (const k of ['title', 'version', 'description']) str(info[k], `${spec.file} info.${k}`);
    assert.ok(Array.isArray(doc.servers), `${spec.file} servers`);
    const servers = doc.servers.map((s, i) => obj(s, `${spec.file} servers[${i}]`));
    assert.deepEqual(
      servers.map((s) => s.url),
      spec.servers,
      `${spec.file}: documented base URLs, default first`,
    );
    servers.forEach((s, i) => str(s.description, `${spec.file} servers[${i}].description`));
    const components = obj(doc.components, `${spec.file} components`);
    obj(components.schemas, `${spec.file} components.schemas`);
    const schemes = obj(components.securitySchemes, `${spec.file} securitySchemes`);
    assert.deepEqual(Object.keys(schemes).sort(), [...spec.schemes].sort(), `${spec.file} security schemes`);
    for (const [name, s] of Object.entries(schemes)) str(obj(s, name).description, `${spec.file} ${name}.description`);
  }
  const webex = obj(obj(docs.get('webex-meetings.openapi.json')!.components, 'c').securitySchemes, 's');
  assert.deepEqual(
    { ...obj(webex.webexBearer, 'webexBearer'), description: undefined },
    {
      type: 'http',
      scheme: 'bearer',
      description: undefined,
      // Short name for prompts and the status bar.
      'x-label': 'Webex access token',
    },
  );
  const huawei = obj(obj(docs.get('huawei-meeting.openapi.json')!.components, 'c').securitySchemes, 's');
  assert.deepEqual(
    { ...obj(huawei.huaweiAccessToken, 'a'), description: undefined },
    {
      type: 'apiKey',
      in: 'header',
      name: 'X-Access-Token',
      description: undefined,
      'x-label': 'Huawei access token',
    },
  );
  assert.deepEqual(
    { ...obj(huawei.huaweiConferenceAuthorization, 'c'), description: undefined },
    {
      type: 'apiKey',
      in: 'header',
      name: 'X-Conference-Authorization',
      description: undefined,
      'x-label': 'Huawei meeting-control token',
    },
  );
});

test('the five operations exist exactly once, where documented, with the required metadata', () => {
  const ops = operations();
  const ids = ops.map((o) => o.id);
  assert.deepEqual([...ids].sort(), Object.keys(EXPECTED_OPERATIONS).sort(), 'operation ids of the catalog');
  assert.equal(new Set(ids).size, ids.length, 'operation ids are unique');
  for (const o of ops) {
    const want = EXPECTED_OPERATIONS[o.id];
    assert.equal(o.file, want.file, `${o.id} file`);
    assert.equal(o.method, want.method, `${o.id} method`);
    assert.equal(o.path, want.path, `${o.id} path`);
    str(o.op.summary, `${o.id} summary`);
    str(o.op.description, `${o.id} description`);
    const ext = obj(o.op.externalDocs, `${o.id} externalDocs`);
    assert.match(str(ext.url, `${o.id} externalDocs.url`), /^https:\/\//, `${o.id} externalDocs.url`);
    str(ext.description, `${o.id} externalDocs.description`);
    assert.ok(Array.isArray(o.op.tags) && o.op.tags.length > 0, `${o.id} tags`);
    assert.equal(o.op.deprecated === true, want.deprecated, `${o.id} deprecated`);
    // One scheme; its documented scopes are checked in securityScopes.test.ts.
    assert.ok(Array.isArray(o.op.security) && o.op.security.length > 0, `${o.id} security`);
    for (const requirement of o.op.security as unknown[]) {
      assert.deepEqual(Object.keys(obj(requirement, `${o.id} security`)), [want.scheme], `${o.id} security`);
    }
  }
});

test('parameters are complete, match the path template and never carry credentials', () => {
  for (const o of allOperations()) {
    const params = Array.isArray(o.op.parameters) ? o.op.parameters.map((p, i) => obj(p, `${o.id} param ${i}`)) : [];
    for (const p of params) {
      const where = `${o.id} parameter ${String(p.name)}`;
      str(p.name, `${where} name`);
      assert.ok(['path', 'query', 'header'].includes(String(p.in)), `${where} in`);
      assert.equal(typeof p.required, 'boolean', `${where} required`);
      str(p.description, `${where} description`);
      obj(p.schema, `${where} schema`);
      assert.ok(
        !(p.in === 'header' && CREDENTIAL_HEADERS.includes(String(p.name).toLowerCase())),
        `${where}: credential headers belong in securitySchemes`,
      );
      if (p.in === 'path') assert.equal(p.required, true, `${where}: path parameters are required`);
    }
    const templated = [...o.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    const declared = params
      .filter((p) => p.in === 'path')
      .map((p) => String(p.name))
      .sort();
    assert.deepEqual(declared, templated, `${o.id}: path parameters match the template`);
  }
});

test('request bodies reference a component schema and carry named examples', () => {
  for (const o of operations()) {
    const rb = obj(o.op.requestBody, `${o.id} requestBody`);
    assert.equal(typeof rb.required, 'boolean', `${o.id} requestBody.required`);
    const media = obj(obj(rb.content, `${o.id} content`)['application/json'], `${o.id} application/json`);
    const ref = obj(media.schema, `${o.id} body schema`).$ref;
    assert.match(String(ref), /^#\/components\/schemas\/[A-Za-z]+$/, `${o.id} body schema is a component $ref`);
    at(o.doc, String(ref).slice(1));
    const examples = obj(media.examples, `${o.id} examples`);
    assert.ok(Object.keys(examples).length > 0, `${o.id} has request examples`);
    for (const [name, ex] of Object.entries(examples)) {
      str(obj(ex, name).summary, `${o.id} example ${name} summary`);
      assert.ok('value' in obj(ex, name), `${o.id} example ${name} value`);
    }
  }
});

test('responses are described, include a success, and Webex rate-limit statuses carry Retry-After', () => {
  for (const o of allOperations()) {
    const responses = obj(o.op.responses, `${o.id} responses`);
    assert.ok(
      Object.keys(responses).some((s) => /^2\d\d$/.test(s)),
      `${o.id} has a 2xx response`,
    );
    for (const [status, r] of Object.entries(responses)) {
      assert.match(status, /^[1-5]\d\d$/, `${o.id} status ${status}`);
      const resolved = deref(o.doc, r, `${o.id} ${status}`);
      str(resolved.description, `${o.id} ${status} description`);
      if (o.file.startsWith('webex') && ['423', '429', '503'].includes(status)) {
        const headers = obj(resolved.headers, `${o.id} ${status} headers`);
        deref(o.doc, headers['Retry-After'], `${o.id} ${status} Retry-After`);
      }
      if (/^[45]/.test(status)) {
        const schema = obj(
          obj(obj(resolved.content, `${o.id} ${status} content`)['application/json'], 'json').schema,
          's',
        );
        assert.match(String(schema.$ref), /Error$/, `${o.id} ${status} uses the error envelope`);
      }
    }
  }
  // Token endpoints answer OAuth's own statuses, not every status of the Webex API.
  for (const o of allOperations().filter((x) => x.file.startsWith('webex') && x.op['x-sign-in'] !== true)) {
    for (const s of [
      '400',
      '401',
      '403',
      '404',
      '405',
      '409',
      '410',
      '415',
      '423',
      '428',
      '429',
      '500',
      '502',
      '503',
      '504',
    ]) {
      assert.ok(s in obj(o.op.responses, 'r'), `${o.id} documents ${s}`);
    }
  }
  for (const o of allOperations().filter((x) => x.file.startsWith('huawei') && x.op['x-sign-in'] !== true)) {
    for (const s of ['200', '400', '401', '403', '500']) {
      assert.ok(s in obj(o.op.responses, 'r'), `${o.id} documents ${s}`);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Reads (#15 §1): every PUT states its documented read (`x-read`) or why there is none

const EXPECTED_READS: Record<string, { read?: string; method?: string; path?: string; none?: RegExp }> = {
  'webex.meetings.updatePersonalMeetingRoomOptions': {
    read: 'webex.meetings.getPersonalMeetingRoomOptions',
    path: '/meetingPreferences/personalMeetingRoom',
  },
  'webex.calling.putSharedLineAppearanceMembers': {
    read: 'webex.calling.getSharedLineAppearanceMembers',
    path: '/telephony/config/people/{personId}/applications/{applicationId}/members',
  },
  'huawei.meeting.updateMemberVmr': { read: 'huawei.meeting.searchMemberVmr', path: '/v1/usg/dcs/member/vmr' },
  'huawei.meeting.updateRecurringMeeting': {
    read: 'huawei.meeting.showMeetingDetail',
    path: '/v1/mmc/management/conferences/confDetail',
  },
  'huawei.meeting.updateStartedConfConfig': { none: /No documented read/ },
};

test('every PUT links its documented read (x-read) or says why there is none; reads are GETs with role read', () => {
  const byId = new Map(reads().map((r) => [r.id, r]));
  assert.deepEqual(
    Object.keys(EXPECTED_READS).sort(),
    operations()
      .map((o) => o.id)
      .sort(),
    'every operation',
  );
  for (const o of operations()) {
    const want = EXPECTED_READS[o.id];
    const link = obj(o.op['x-read'], `${o.id} x-read`);
    if (want.none) {
      assert.match(str(link.none, `${o.id} x-read.none`), want.none);
      continue;
    }
    assert.equal(link.operationId, want.read, `${o.id} x-read.operationId`);
    str(link.description, `${o.id} x-read.description`);
    const read = byId.get(String(link.operationId));
    assert.ok(read, `${o.id}: its read ${String(link.operationId)} is in the catalog`);
    assert.equal(read.method, 'get', `${read.id} is a GET`);
    assert.equal(read.path, want.path, `${read.id} path`);
    assert.equal(read.file, o.file, `${read.id} is in the same document (family) as ${o.id}`);
    str(obj(read.op.externalDocs, `${read.id} externalDocs`).url, `${read.id} externalDocs.url`);
    assert.equal(read.op.requestBody, undefined, `${read.id} has no body`);
    // Every mapped parameter exists on both sides.
    const names = (op: JsonObject): string[] =>
      (Array.isArray(op.parameters) ? op.parameters : []).map(
        (p) => `${String(obj(p, 'p').in)}.${String(obj(p, 'p').name)}`,
      );
    for (const [to, from] of Object.entries(obj(link.params, `${o.id} x-read.params`))) {
      assert.ok(names(read.op).includes(to), `${read.id} has ${to}`);
      assert.ok(names(o.op).includes(String(from)), `${o.id} has ${String(from)}`);
    }
    // Path parameters of the read are all mapped.
    for (const p of names(read.op).filter((n) => n.startsWith('path.'))) {
      assert.ok(p in obj(link.params, 'params'), `${read.id} ${p} is mapped from ${o.id}`);
    }
  }
  for (const r of reads()) {
    assert.ok(
      operations().some((o) => isObject(o.op['x-read']) && o.op['x-read'].operationId === r.id),
      `${r.id} is the read of some PUT`,
    );
  }
});

test('x-read.notReturned lists exactly the body fields the read answer does not declare', () => {
  for (const o of operations()) {
    const link = o.op['x-read'];
    if (!isObject(link) || typeof link.operationId !== 'string') continue;
    const read = reads().find((r) => r.id === link.operationId)!;
    const bodyMedia = obj(obj(obj(o.op.requestBody, 'rb').content, 'c')['application/json'], 'json');
    const bodyRef = String(obj(bodyMedia.schema, 'schema').$ref);
    const bodyProps = Object.keys(obj(obj(at(o.doc, bodyRef.slice(1)), bodyRef).properties, 'props'));
    let answer = obj(obj(obj(obj(read.op.responses, 'r')['200'], '200').content, 'c')['application/json'], 'j').schema;
    const follow = (v: unknown): JsonObject => {
      const x = obj(v, 'schema');
      return typeof x.$ref === 'string' ? obj(at(o.doc, x.$ref.slice(1)), x.$ref) : x;
    };
    const select = isObject(link.select) ? link.select : {};
    if (typeof select.pointer === 'string') answer = obj(follow(answer).properties, 'p')[select.pointer.slice(1)];
    if (typeof select.list === 'string') {
      answer = obj(obj(follow(answer).properties, 'p')[select.list.slice(1)], 'l').items;
    }
    const returned = new Set(Object.keys(obj(follow(answer).properties, `${read.id} resource properties`)));
    const missing = bodyProps.filter((p) => !returned.has(p)).sort();
    assert.deepEqual(
      [...((link.notReturned as string[] | undefined) ?? [])].sort(),
      missing,
      `${o.id} x-read.notReturned`,
    );
  }
});

// ---------------------------------------------------------------------------------------------
// Every schema compiles in strict mode; every example validates against its own schema

test('every schema of the catalog compiles with strict ajv', () => {
  for (const [file, doc] of docs) {
    for (const root of schemaRoots(file, doc)) {
      assert.doesNotThrow(() => validatorAt(root.file, root.pointer), `${file}${root.pointer}`);
    }
  }
});

test('every request, response, parameter and header example validates against its schema', () => {
  let count = 0;
  const check = (file: string, schemaPointer: string, value: unknown, name: string): void => {
    assertValid(validatorAt(file, schemaPointer), value, name);
    count++;
  };
  const checkMedia = (file: string, content: unknown, base: string, label: string): void => {
    if (!isObject(content)) return;
    for (const [mt, media] of Object.entries(content)) {
      if (!isObject(media) || media.schema === undefined) continue;
      const sp = `${base}/content/${esc(mt)}/schema`;
      if ('example' in media) check(file, sp, media.example, `${label} (${mt}) example`);
      for (const [n, ex] of Object.entries(isObject(media.examples) ? media.examples : {})) {
        check(file, sp, obj(ex, n).value, `${label} (${mt}) example "${n}"`);
      }
    }
  };
  const checkHeaders = (file: string, doc: JsonObject, headers: unknown, base: string, label: string): void => {
    for (const [name, h] of Object.entries(isObject(headers) ? headers : {})) {
      const ho = obj(h, name);
      const ptr = typeof ho.$ref === 'string' ? ho.$ref.slice(1) : `${base}/headers/${esc(name)}`;
      const resolved = deref(doc, h, name);
      if ('example' in resolved) check(file, `${ptr}/schema`, resolved.example, `${label} header ${name} example`);
    }
  };
  for (const o of allOperations()) {
    const rb = isObject(o.op.requestBody) ? o.op.requestBody : {};
    checkMedia(o.file, rb.content, `${o.pointer}/requestBody`, `${o.id} request`);
    (Array.isArray(o.op.parameters) ? o.op.parameters : []).forEach((p, i) => {
      const po = obj(p, 'param');
      const sp = `${o.pointer}/parameters/${i}/schema`;
      if ('example' in po) check(o.file, sp, po.example, `${o.id} parameter ${String(po.name)} example`);
      for (const [n, ex] of Object.entries(isObject(po.examples) ? po.examples : {})) {
        check(o.file, sp, obj(ex, n).value, `${o.id} parameter ${String(po.name)} example "${n}"`);
      }
    });
    for (const [status, r] of Object.entries(obj(o.op.responses, 'responses'))) {
      const ro = obj(r, status);
      const base = typeof ro.$ref === 'string' ? ro.$ref.slice(1) : `${o.pointer}/responses/${status}`;
      const resolved = deref(o.doc, r, status);
      checkMedia(o.file, resolved.content, base, `${o.id} response ${status}`);
      checkHeaders(o.file, o.doc, resolved.headers, base, `${o.id} response ${status}`);
    }
  }
  // `examples` and `default` inside schemas, down to single properties
  for (const n of allSchemaNodes()) {
    if (Array.isArray(n.node.examples)) {
      n.node.examples.forEach((ex, i) => check(n.file, n.pointer, ex, `${n.file}${n.pointer} examples[${i}]`));
    }
    if ('default' in n.node && !n.inConditional) {
      check(n.file, n.pointer, n.node.default, `${n.file}${n.pointer} default`);
    }
  }
  assert.ok(count > 60, `only ${count} examples checked`);
});

// ---------------------------------------------------------------------------------------------
// Schema hygiene: what hover, completion and the threat model rely on

test('every property has a description and every enum its meanings', () => {
  for (const n of allSchemaNodes()) {
    const where = `${n.file}${n.pointer}`;
    if (n.isProperty && !n.inConditional) str(n.node.description, `${where} description`);
    if (Array.isArray(n.node.enum)) {
      const meanings = n.node['x-enumDescriptions'];
      assert.ok(Array.isArray(meanings), `${where} x-enumDescriptions`);
      assert.equal(meanings.length, n.node.enum.length, `${where} one meaning per enum value`);
      meanings.forEach((m, i) => str(m, `${where} x-enumDescriptions[${i}]`));
    }
    if ('x-decision' in n.node) str(n.node['x-decision'], `${where} x-decision`);
  }
});

test('schemas use only the agreed annotation keywords', () => {
  const forbidden = [
    'example',
    'enumDescriptions',
    'markdownEnumDescriptions',
    'defaultSnippets',
    'deprecationMessage',
    'errorMessage',
    'discriminator',
    'xml',
    'externalDocs',
    'nullable',
  ];
  for (const n of allSchemaNodes()) {
    for (const k of forbidden) assert.ok(!(k in n.node), `${n.file}${n.pointer} uses "${k}"`);
    for (const k of Object.keys(n.node)) {
      if (k.startsWith('x-')) {
        assert.ok((ANNOTATION_KEYWORDS as readonly string[]).includes(k), `${n.file}${n.pointer}: ${k}`);
      }
    }
  }
});

test('T43: every string field named like a secret (common/secretNames.ts) is marked x-secret, and only strings are', () => {
  let marked = 0;
  for (const n of allSchemaNodes()) {
    if ('x-secret' in n.node) {
      assert.equal(n.node['x-secret'], true, `${n.file}${n.pointer}`);
      assert.equal(n.node.type, 'string', `${n.file}${n.pointer}: x-secret on a string field`);
      marked++;
    }
    if (!isObject(n.node.properties)) continue;
    for (const [name, sub] of Object.entries(n.node.properties)) {
      if (isObject(sub) && sub.type === 'string' && looksSecret(name, 'field')) {
        assert.equal(sub['x-secret'], true, `${n.file}${n.pointer}/properties/${name} must be marked x-secret`);
      }
    }
  }
  assert.ok(marked >= 10, `${marked} fields marked`);
});

test('patterns are anchored, bounded by maxLength and safe from catastrophic backtracking', () => {
  const nodes = [
    ...allSchemaNodes(),
    ...[...walkSchema(envelope, '')].map((n) => ({ ...n, file: 'request.schema.json' })),
  ];
  const patterns = new Set<string>();
  for (const n of nodes) {
    const where = `${n.file}${n.pointer}`;
    if (typeof n.node.pattern === 'string') {
      const p = n.node.pattern;
      assert.ok(p.startsWith('^') && p.endsWith('$'), `${where}: pattern ${p} must be anchored`);
      assert.equal(typeof n.node.maxLength, 'number', `${where}: pattern needs maxLength`);
      // Messages and hover show these words, never the regular expression.
      const words = n.node['x-patternDescription'];
      assert.ok(typeof words === 'string' && words.trim().length > 0, `${where}: pattern needs x-patternDescription`);
      assert.ok(!/\\|\[[^\]]*\]|\(\?|\{\d/.test(words), `${where}: x-patternDescription reads like a regex: ${words}`);
      patterns.add(p);
    }
    if ('format' in n.node) assert.equal(typeof n.node.maxLength, 'number', `${where}: format needs maxLength`);
    if (n.node.uniqueItems === true) {
      assert.equal(typeof n.node.maxItems, 'number', `${where}: uniqueItems needs maxItems`);
    }
  }
  assert.ok(patterns.size >= 8, `found ${patterns.size} patterns`);
  for (const p of patterns) {
    const diagnostics = checkSync(p, 'u');
    assert.equal(diagnostics.status, 'safe', `recheck: ${p} is ${diagnostics.status}`);
    const re = new RegExp(p, 'u');
    for (const evil of ['a'.repeat(100_000) + '!', '1'.repeat(100_000) + '!', '12'.repeat(50_000) + '\n']) {
      const t0 = cpuNow();
      re.test(evil);
      assert.ok(cpuNow() - t0 < 50, `${p} takes too long on a 100k-character value`);
    }
  }
});

test('x-patternDescription stands beside a pattern; x-safetyBounds names limits the schema has; x-warning is conditional', () => {
  const nodes = [
    ...allSchemaNodes(),
    ...[...walkSchema(envelope, '')].map((n) => ({ ...n, file: 'request.schema.json' })),
  ];
  let bounds = 0;
  for (const n of nodes) {
    const where = `${n.file}${n.pointer}`;
    if ('x-patternDescription' in n.node) assert.equal(typeof n.node.pattern, 'string', `${where}: no pattern`);
    if ('x-safetyBounds' in n.node) {
      const list = n.node['x-safetyBounds'];
      assert.ok(Array.isArray(list) && list.length > 0, `${where}: x-safetyBounds is a list of keywords`);
      for (const k of list) assert.equal(typeof n.node[String(k)], 'number', `${where}: x-safetyBounds names ${k}`);
      bounds++;
    }
    if ('x-warning' in n.node) {
      assert.equal(typeof n.node['x-warning'], 'string', `${where}: x-warning is a message`);
      assert.match(
        n.pointer,
        /\/then$/,
        `${where}: x-warning belongs in the then of an if (it fires wherever reached)`,
      );
    }
  }
  assert.ok(bounds >= 8, `only ${bounds} schemas mark safety bounds`);
});

// ---------------------------------------------------------------------------------------------
// Targeted cases: the schemas bite where the vendors do

test('Webex PMR: PIN rules, auto-lock enum, required fields, open object', () => {
  const v = bodyValidator('webex.meetings.updatePersonalMeetingRoomOptions');
  const base = {
    topic: "John's PMR",
    hostPin: '4325',
    enabledAutoLock: true,
    autoLockMinutes: 10,
    enabledNotifyHost: true,
    supportCoHost: true,
    coHosts: [{ email: 'john.andersen@example.com', displayName: 'John Andersen' }],
  };
  assertValid(v, base, 'base PMR body');
  for (const pin of ['1111', '1234', '4321', '0123', '98765', '12ab', '']) {
    assert.deepEqual(errorPaths(v, { ...base, hostPin: pin }).includes('/hostPin'), true, `hostPin ${pin} is rejected`);
  }
  for (const pin of ['4325', '1357', '2580', '90210']) assertValid(v, { ...base, hostPin: pin }, `hostPin ${pin}`);
  assert.ok(errorPaths(v, { ...base, autoLockMinutes: 7 }).includes('/autoLockMinutes'));
  assert.ok(errorPaths(v, { ...base, autoLockMinutes: 7.5 }).includes('/autoLockMinutes'));
  assert.ok(errorPaths(v, { ...base, topic: 'x'.repeat(129) }).includes('/topic'));
  const { coHosts: _omit, ...withoutCoHosts } = base;
  assert.equal(v(withoutCoHosts), false, 'coHosts is required');
  assert.ok(errorPaths(v, { ...base, coHosts: [{ email: 'john.andersen@example.com' }] }).includes('/coHosts/0'));
  assertValid(v, { ...base, personalMeetingRoomLink: 'https://site4-example.webex.com/meet/john' }, 'extra GET field');

  const o = operation('webex.meetings.updatePersonalMeetingRoomOptions');
  const pmr = validatorAt(o.file, '/components/schemas/PMRObject');
  const answer = obj(
    obj(obj(obj(obj(o.op.responses, 'r')['200'], '200').content, 'c')['application/json'], 'j').examples,
    'e',
  );
  const documented = obj(obj(answer.documented, 'documented').value, 'value');
  const telephony = obj(documented.telephony, 'telephony');
  const singleLink = { ...documented, telephony: { ...telephony, links: (telephony.links as unknown[])[0] } };
  assertValid(pmr, singleLink, 'PMRObject with links as a single object (published type)');
  assert.equal(pmr({ ...documented, telephony: { ...telephony, links: 'x' } }), false, 'links must be link(s)');
});

test('Webex Calling: hotline rule, primaryOwner forms, line type', () => {
  const v = bodyValidator('webex.calling.putSharedLineAppearanceMembers');
  const member = {
    id: 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wZTQ5NjAzNC1lNTQ1LTRmMmEtODI4ZC03MjhjYjJlNjNlMWQ',
    port: 1,
    primaryOwner: true,
    lineType: 'PRIMARY',
    lineWeight: 1,
    hotlineEnabled: false,
    allowCallDeclineEnabled: true,
  };
  assertValid(v, { members: [member] }, 'member without hotline');
  const noDestination = v({ members: [{ ...member, hotlineEnabled: true }] });
  assert.equal(noDestination, false, 'hotlineEnabled true without hotlineDestination is rejected');
  assert.ok(
    (v.errors ?? []).some(
      (e) =>
        e.instancePath === '/members/0' &&
        e.keyword === 'required' &&
        e.params.missingProperty === 'hotlineDestination',
    ),
    describeErrors(v.errors),
  );
  assert.ok(
    errorPaths(v, { members: [{ ...member, hotlineEnabled: true, hotlineDestination: '' }] }).includes(
      '/members/0/hotlineDestination',
    ),
  );
  assertValid(
    v,
    { members: [{ ...member, hotlineEnabled: true, hotlineDestination: '1234' }] },
    'hotline with destination',
  );
  assertValid(v, { members: [{ ...member, primaryOwner: 'true' }] }, 'primaryOwner as published string');
  assert.ok(errorPaths(v, { members: [{ ...member, primaryOwner: 'yes' }] }).includes('/members/0/primaryOwner'));
  assert.ok(errorPaths(v, { members: [{ ...member, lineType: 'SHARED' }] }).includes('/members/0/lineType'));
  assert.ok(errorPaths(v, { members: [{ ...member, port: 0 }] }).includes('/members/0/port'));
  assert.ok(errorPaths(v, { members: [{ ...member, lineWeight: 1.5 }] }).includes('/members/0/lineWeight'));
  assert.ok(
    errorPaths(v, { members: [{ ...member, t38FaxCompressionEnabled: 'true' }] }).includes(
      '/members/0/t38FaxCompressionEnabled',
    ),
  );
});

test('Huawei updateMemberVmr: booleans are booleans, passwords are digits, body is closed', () => {
  const v = bodyValidator('huawei.meeting.updateMemberVmr');
  assert.ok(errorPaths(v, { allowGustFirst: 'false' }).includes('/allowGustFirst'), 'the cURL example body fails');
  assertValid(v, { gustPwd: '' }, 'empty guest password (no guest password)');
  assertValid(v, { gustPwd: '1234567890123456' }, '16-digit guest password');
  assert.ok(errorPaths(v, { gustPwd: '12' }).includes('/gustPwd'));
  assert.ok(errorPaths(v, { gustPwd: '12345678901234567' }).includes('/gustPwd'));
  assert.ok(errorPaths(v, { chairPwd: '12ab' }).includes('/chairPwd'));
  assert.ok(errorPaths(v, { chairPwd: '' }).includes('/chairPwd'));
  assert.ok(errorPaths(v, { vmrName: '' }).includes('/vmrName'));
  assert.ok(errorPaths(v, { guestPwd: '1234' }).includes(''), 'misspelling the wire name is caught');
  assertValid(v, {}, 'empty change set');
});

test('Huawei updateStartedConfConfig: documented body passes, enums and unknown keys bite', () => {
  const v = bodyValidator('huawei.meeting.updateStartedConfConfig');
  assertValid(v, { lockSharing: 0 }, 'documented body');
  assertValid(
    v,
    { isLock: 1, chatPermission: 4, clientRecMode: 2, freeShare: 1 },
    'fields of the Chinese page and SDK',
  );
  assert.ok(errorPaths(v, { lockSharing: 2 }).includes('/lockSharing'));
  assert.ok(errorPaths(v, { lockSharing: true }).includes('/lockSharing'));
  assert.ok(errorPaths(v, { callInRestriction: 1 }).includes('/callInRestriction'));
  assert.ok(errorPaths(v, { chatPermission: 0 }).includes('/chatPermission'));
  assert.ok(errorPaths(v, { audienceCallInRestriction: 3 }).includes('/audienceCallInRestriction'));
  assert.equal(v({ enableWaitingRoom: 1 }), false, 'undocumented key is rejected');
});

test('Huawei updateRecurringMeeting: recurrence and attendee rules', () => {
  const v = bodyValidator('huawei.meeting.updateRecurringMeeting');
  const body = {
    mediaTypes: 'HDVideo',
    cycleParams: { startDate: '2021-09-01', endDate: '2021-09-02', cycle: 'Day', preRemindDays: 1 },
  };
  assertValid(v, body, 'documented body');
  const bad = {
    ...body,
    cycleParams: { ...body.cycleParams, cycle: 'Year' },
    attendees: [{ name: 'Li Lei', role: 2 }],
  };
  const paths = errorPaths(v, bad);
  assert.ok(paths.includes('/cycleParams/cycle'), `cycle error missing: ${describeErrors(v.errors)}`);
  assert.ok(paths.includes('/attendees/0/role'), `role error missing: ${describeErrors(v.errors)}`);

  const cycle = (extra: JsonObject): JsonObject => ({ ...body, cycleParams: { ...body.cycleParams, ...extra } });
  assertValid(v, cycle({ cycle: 'Day', interval: 15 }), 'daily every 15 days');
  assert.ok(errorPaths(v, cycle({ cycle: 'Day', interval: 16 })).includes('/cycleParams/interval'));
  assertValid(v, cycle({ cycle: 'Week', interval: 5, point: [0, 6] }), 'weekly on Sunday and Saturday');
  assert.ok(errorPaths(v, cycle({ cycle: 'Week', interval: 6 })).includes('/cycleParams/interval'));
  assert.ok(errorPaths(v, cycle({ cycle: 'Week', point: [7] })).includes('/cycleParams/point/0'));
  assertValid(v, cycle({ cycle: 'Month', interval: 3, point: [1, 31] }), 'monthly on the 1st and 31st');
  assert.ok(errorPaths(v, cycle({ cycle: 'Month', interval: 4 })).includes('/cycleParams/interval'));
  assert.ok(errorPaths(v, cycle({ cycle: 'Month', point: [0] })).includes('/cycleParams/point/0'));
  assertValid(v, cycle({ cycle: 'Week', point: [1, 1] }), 'no source says the days must be unique');
  assert.ok(errorPaths(v, cycle({ preRemindDays: 31 })).includes('/cycleParams/preRemindDays'));
  assert.ok(errorPaths(v, cycle({ startDate: '2021-9-1' })).includes('/cycleParams/startDate'));
  assert.ok(errorPaths(v, cycle({ startDate: '2021-02-30' })).includes('/cycleParams/startDate'));
  assert.ok(errorPaths(v, cycle({ cycle_type: 'Day' })).includes('/cycleParams'), 'unknown recurrence key');
  const { preRemindDays: _p, ...noRemind } = body.cycleParams;
  assertValid(v, { ...body, cycleParams: noRemind }, 'preRemindDays is optional (default 1)');
  assert.equal(v({ mediaTypes: 'HDVideo' }), false, 'cycleParams is required for a series');
  assert.equal(v({ cycleParams: body.cycleParams }), false, 'mediaTypes is required');
  // The older comma list is valid (the editor warns through x-warning); anything else is not.
  assertValid(v, { ...body, mediaTypes: 'HDVideo,Data,Voice' }, 'the older comma-separated list');
  assert.ok(errorPaths(v, { ...body, mediaTypes: 'Fortnight' }).includes('/mediaTypes'));
  assert.ok(errorPaths(v, { ...body, mediaTypes: 'HDVideo,Fax' }).includes('/mediaTypes'));
  assert.ok(errorPaths(v, { ...body, length: 10 }).includes('/length'));
  assert.ok(errorPaths(v, { ...body, startTime: '2021-09-01 24:00' }).includes('/startTime'));
  assertValid(v, { ...body, startTime: '' }, 'empty start time counts as not set');
  assertValid(v, { ...body, timeZoneID: '56' }, 'a mapping-table id');
  assertValid(v, { ...body, timeZoneID: '1000' }, 'no source limits the id to 3 digits');
  assert.ok(errorPaths(v, { ...body, conferenceType: 2 }).includes(''), 'conferenceType left the model');
  assert.ok(
    errorPaths(v, { ...body, attendees: [{ name: 'Room', uniqueType: 1, type: 'terminal' }] }).includes(
      '/attendees/0/type',
    ),
    'uniqueType 1 needs type customnumber',
  );
  assertValid(v, { ...body, attendees: [{ name: 'Room', uniqueType: 1, type: 'customnumber' }] }, 'unique room');
  assert.ok(errorPaths(v, { ...body, confConfigInfo: { guestPwd: '12' } }).includes('/confConfigInfo/guestPwd'));
  assert.ok(
    errorPaths(v, { ...body, confConfigInfo: { prolongLength: 61 } }).includes('/confConfigInfo/prolongLength'),
  );
});

// ---------------------------------------------------------------------------------------------
// Request-file envelope

test('request.schema.json compiles, accepts an envelope and rejects transport keys', () => {
  assert.equal(envelope.$id, 'https://meeting-payloads.dev/schemas/request.schema.json');
  assert.equal(envelope.$schema, 'https://json-schema.org/draft/2020-12/schema');
  str(envelope.title, 'envelope title');
  str(envelope.description, 'envelope description');
  const props = obj(envelope.properties, 'envelope properties');
  for (const [k, p] of Object.entries(props)) str(obj(p, k).description, `envelope ${k} description`);
  const v = createAjv().compile(envelope);
  const sample = {
    $schema: 'https://meeting-payloads.dev/schemas/request.schema.json',
    operation: 'huawei.meeting.updateRecurringMeeting',
    pathParams: { id: 'ff80808167ef1edf0167f33d650c0662' },
    query: { conferenceID: '986256843', page: 2, all: true, tag: ['a', 'b'] },
    headers: { 'X-Request-Id': 'fbbc91569f0efed914e0427fc2a9c4ac', 'Accept-Language': 'en-US' },
    body: { mediaTypes: 'HDVideo' },
  };
  assertValid(v, sample, 'sample envelope');
  for (const body of [null, [], 'text', 3, false]) {
    assertValid(v, { operation: 'x.y', body }, `body ${JSON.stringify(body)}`);
  }
  (Array.isArray(envelope.examples) ? envelope.examples : []).forEach((ex, i) =>
    assertValid(v, ex, `envelope examples[${i}]`),
  );
  assert.ok(errorPaths(v, { ...sample, url: 'http://127.0.0.1:8080/' }).includes(''), 'unknown key url');
  for (const key of ['timeout', 'proxy', 'strictSSL', 'token', 'method']) {
    assert.equal(v({ operation: 'x.y', [key]: 1 }), false, `transport key ${key} is rejected`);
  }
  assert.equal(v({ body: {} }), false, 'operation is required');
  assert.ok(errorPaths(v, { operation: '1abc' }).includes('/operation'));
  // User catalogs keep their vendors' ids, spaces included (Webex: "List Meeting Chats"); control characters never.
  assert.equal(v({ operation: 'webex.List Meeting Chats' }), true);
  assert.ok(errorPaths(v, { operation: 'a\nb' }).includes('/operation'));
  assert.ok(errorPaths(v, { operation: 'x', pathParams: { id: 5 } }).includes('/pathParams/id'));
  assert.ok(errorPaths(v, { operation: 'x', query: { q: { nested: true } } }).includes('/query/q'));
  assert.ok(errorPaths(v, { operation: 'x', headers: { 'X-Evil': 'a\r\nHost: evil' } }).includes('/headers/X-Evil'));
  assert.equal(v({ operation: 'x', headers: { 'Bad Name': 'v' } }), false, 'header names are tokens');
});

test('token endpoints are documented operations (x-sign-in) at the very paths the sign-in flows call', () => {
  const signIn = signInOperations();
  const called = [
    ...Object.values(WEBEX_PATHS)
      .filter((p) => p !== WEBEX_PATHS.authorize && p !== WEBEX_PATHS.serviceAppToken)
      .map((p) => `webex-meetings.openapi.json ${p}`),
    ...Object.values(HUAWEI_PATHS).map((p) => `huawei-meeting.openapi.json ${p}`),
  ];
  assert.deepEqual(signIn.map((o) => `${o.file} ${o.path}`).sort(), called.sort());
  for (const o of signIn) {
    assert.match(o.id, /^(webex|huawei)\.auth\.[a-z][A-Za-z]+$/, `${o.id} id`);
    str(o.op.summary, `${o.id} summary`);
    str(o.op.description, `${o.id} description`);
    str(o.op['x-decision'], `${o.id} x-decision`);
    assert.match(str(obj(o.op.externalDocs, `${o.id} externalDocs`).url, `${o.id} url`), /^https:\/\//);
    assert.deepEqual(o.op.tags, ['Sign In'], `${o.id} tags`);
    assert.ok(Array.isArray(o.op.security), `${o.id} security is stated, even when empty`);
    const responses = obj(o.op.responses, `${o.id} responses`);
    const ok = deref(o.doc, responses['200'], `${o.id} 200`);
    const media = obj(obj(ok.content, `${o.id} 200 content`)['application/json'], `${o.id} 200 json`);
    assert.ok(
      Object.keys(obj(media.examples, `${o.id} 200 examples`)).length > 0,
      `${o.id}: the mock answers an example`,
    );
    if (isObject(o.op.requestBody)) {
      const content = obj(o.op.requestBody.content, `${o.id} request content`);
      for (const m of Object.values(content)) {
        assert.ok(Object.keys(obj(obj(m, 'media').examples, `${o.id} request examples`)).length > 0);
      }
    }
  }
});
