/**
 * The documented read of what a PUT replaces (`x-read` in the catalog) as plain steps: the PUT's request → the
 * read's request (and its next page), the read's answer → the resource → the PUT body's shape (naming every field
 * dropped on the way) → what the PUT will change (`putDiff`). Pure: the editor, the panel and `meeting-payloads
 * diff` run the same steps; the server only supplies the spec from the catalog (`PreparedRequest.read`).
 */
import { putDiff, summarizePutDiff, type ListRule, type PutChange, type PutDiff } from './putDiff';
import type { CredentialSlot, PreparedRequest } from './requestSpec';
import { isObj } from './json';
import { maskSecrets, maskSecretsAfter, secretFieldTest, type IsSecretField } from './secretValues';

/** A parameter of a request: `path.<name>` or `query.<name>`. */
export type ParamRef = string;

/** `x-read` of a catalog operation whose vendor documents a read of the same resource. */
export interface ReadLink {
  operationId: string;
  /** Why this read, and how its parameters map: shown beside the preview. */
  description: string;
  /** Read parameter ← PUT parameter, e.g. `{ "query.userEmail": "query.userEmail" }`. */
  params: Record<ParamRef, ParamRef>;
  /** Where the resource is in the answer: the whole answer, a JSON pointer, or the list entry whose key matches. */
  select?: { pointer?: string; list?: string; key?: string; equals?: ParamRef };
  /** The read is a paged list: query names of offset and limit, the page size asked, the total's pointer. */
  page?: { offset: string; limit: string; size: number; total?: string; maxPages: number };
  /** PUT fields the read does not return: never compared, listed as such. */
  notReturned?: string[];
  /** `kept`: the call changes only the fields sent (what the body leaves out stays as it is). */
  omitted?: 'kept';
  /** How items of top-level lists are matched and how a removal is worded (`{n}`: the count). */
  lists?: Record<string, { key: string; label?: string[]; removed?: string }>;
}

/** `x-read` of an operation without a documented read of the same fields: the reason, shown instead of a preview. */
export interface NoRead {
  none: string;
}

/** What the PUT body accepts, from its schema: the fields kept from a read answer. */
export interface BodyShape {
  /** Declared properties; undefined when the schema declares none (anything is kept as it is). */
  fields?: Record<string, FieldShape>;
  /** The shape of array items, for a list. */
  items?: BodyShape;
}
export interface FieldShape {
  readOnly?: boolean;
  /** The vendor's documented default: a PUT that leaves the field out resets it to this. */
  default?: unknown;
  shape?: BodyShape;
}

/** Everything a client needs to read the current state of what a PUT replaces, from the catalog. */
export interface ReadSpec {
  link: ReadLink;
  operationId: string;
  method: string;
  pathTemplate: string;
  serverUrls: string[];
  credentials: CredentialSlot[];
  /** Header parameters the read documents: the PUT's file headers among them are sent with the read too. */
  documentedHeaders: string[];
  documentedStatuses: string[];
  secretFields: string[];
  /** What the PUT body accepts. */
  shape: BodyShape;
  docsUrl?: string;
}

export type ReadPlanSpec = ReadSpec | NoRead;

export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

export const hasRead = (spec: ReadPlanSpec | undefined): spec is ReadSpec => spec !== undefined && !('none' in spec);

type Obj = Record<string, unknown>;

/** Why there is no preview for this request, or undefined when there is a read. */
export function noReadReason(put: PreparedRequest): string | undefined {
  const spec = put.read;
  if (!spec) return `The catalog documents no read for ${put.operationId}, so what this PUT changes cannot be shown.`;
  return 'none' in spec ? `${put.operationId}: ${spec.none}` : undefined;
}

function paramOf(put: PreparedRequest, ref: ParamRef): string | undefined {
  const [where, ...rest] = ref.split('.');
  const name = rest.join('.');
  if (where === 'path') return Object.hasOwn(put.pathParams, name) ? put.pathParams[name] : undefined;
  if (where === 'query') return put.query.find(([k]) => k === name)?.[1];
  return undefined;
}

/** The read's request for a PUT request (`offset`: the page, for a paged read). */
export function readRequest(put: PreparedRequest, offset = 0): Result<PreparedRequest> {
  const reason = noReadReason(put);
  if (reason !== undefined || !hasRead(put.read)) return { ok: false, reason: reason ?? '' };
  const spec = put.read;
  const pathParams: Record<string, string> = {};
  const query: Array<[string, string]> = [];
  for (const [target, source] of Object.entries(spec.link.params)) {
    const value = paramOf(put, source);
    const [where, ...rest] = target.split('.');
    const name = rest.join('.');
    if (value === undefined) {
      if (where === 'path') return { ok: false, reason: `The read needs ${source}, which the file does not set.` };
      continue;
    }
    if (where === 'path') pathParams[name] = value;
    else query.push([name, value]);
  }
  if (spec.link.select?.equals && paramOf(put, spec.link.select.equals) === undefined) {
    return {
      ok: false,
      reason: `The read finds the resource by ${spec.link.select.equals}, which the file does not set.`,
    };
  }
  if (spec.link.page) {
    query.push([spec.link.page.offset, String(offset)], [spec.link.page.limit, String(spec.link.page.size)]);
  }
  const documented = new Set(spec.documentedHeaders.map((h) => h.toLowerCase()));
  const request: PreparedRequest = {
    operationId: spec.operationId,
    family: put.family,
    method: spec.method,
    pathTemplate: spec.pathTemplate,
    serverUrls: spec.serverUrls,
    pathParams,
    query,
    headers: put.headers.filter(([name]) => documented.has(name.toLowerCase())),
    documentedHeaders: spec.documentedHeaders,
    body: undefined,
    credentials: spec.credentials,
    secretFields: spec.secretFields,
    documentedStatuses: spec.documentedStatuses,
    validation: { valid: true, errorCount: 0, warningCount: 0, messages: [] },
  };
  return { ok: true, value: request };
}

function pointerGet(root: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return root;
  let cur = root;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (isObj(cur) && Object.hasOwn(cur, part)) cur = cur[part];
    else return undefined;
  }
  return cur;
}

/** Outcome of one page of a read: the resource, or the offset of the next page, or why it is not there. */
export type PageOutcome =
  { kind: 'found'; resource: Obj } | { kind: 'next'; offset: number } | { kind: 'missing'; reason: string };

/** Finds the resource in a read answer (`offset`, `pageIndex`: of this page, for a paged read). */
export function selectResource(put: PreparedRequest, answer: unknown, offset = 0, pageIndex = 0): PageOutcome {
  if (!hasRead(put.read)) return { kind: 'missing', reason: noReadReason(put) ?? '' };
  const { select, page } = put.read.link;
  if (!select?.list) {
    const value = select?.pointer ? pointerGet(answer, select.pointer) : answer;
    return isObj(value)
      ? { kind: 'found', resource: value }
      : {
          kind: 'missing',
          reason: `The read answered without the resource${select?.pointer ? ` at ${select.pointer}` : ''}.`,
        };
  }
  const list = pointerGet(answer, select.list);
  if (!Array.isArray(list)) return { kind: 'missing', reason: `The read answered without a list at ${select.list}.` };
  const want = select.equals ? paramOf(put, select.equals) : undefined;
  const key = select.key ?? 'id';
  const hit: unknown = (list as unknown[]).find(
    (item) => isObj(item) && want !== undefined && String(item[key]) === want,
  );
  if (isObj(hit)) return { kind: 'found', resource: hit };
  const what = `no entry with ${key} ${JSON.stringify(want)}`;
  if (!page) return { kind: 'missing', reason: `The read returned ${what}.` };
  const total = page.total ? pointerGet(answer, page.total) : undefined;
  const next = offset + list.length;
  if (list.length === 0 || (typeof total === 'number' && next >= total)) {
    return { kind: 'missing', reason: `The read listed every entry (${next}) and found ${what}.` };
  }
  if (pageIndex + 1 >= page.maxPages) {
    return { kind: 'missing', reason: `The read found ${what} in its first ${page.maxPages} pages (${next} entries).` };
  }
  return { kind: 'next', offset: next };
}

const pathOf = (prefix: string, name: string): string => (prefix ? `${prefix}.${name}` : name);

function shapeValue(value: unknown, shape: BodyShape | undefined, at: string, dropped: string[]): unknown {
  if (!shape) return value;
  if (Array.isArray(value)) {
    if (!shape.items) return value;
    const names = new Set<string>();
    const out = value.map((item) => {
      const d: string[] = [];
      const v = shapeValue(item, shape.items, `${at}[]`, d);
      for (const n of d) names.add(n);
      return v;
    });
    dropped.push(...names);
    return out;
  }
  if (!isObj(value) || !shape.fields) return value;
  const out: Obj = {};
  for (const [name, v] of Object.entries(value)) {
    const field = Object.hasOwn(shape.fields, name) ? shape.fields[name] : undefined;
    if (!field || field.readOnly) {
      dropped.push(pathOf(at, name));
      continue;
    }
    Object.defineProperty(out, name, {
      value: shapeValue(v, field.shape, pathOf(at, name), dropped),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * The resource as the PUT body takes it: every field the PUT does not accept (read-only, or not in its schema)
 * is dropped and named (`members[].firstName`), so nothing disappears silently.
 */
export function shapeForPut(resource: unknown, shape: BodyShape): { body: Obj; dropped: string[] } {
  const dropped: string[] = [];
  const body = shapeValue(resource, shape, '', dropped);
  return { body: isObj(body) ? body : {}, dropped };
}

export interface PutPreview {
  /** The current state as the PUT body takes it (what Fetch Current State writes). */
  current: Obj;
  /** Fields of the read answer the PUT does not accept. */
  dropped: string[];
  /** Fields of the body the read does not return: not compared. */
  notCompared: string[];
  diff: PutDiff;
  /** The changes with secret values masked: what may be printed or shown. */
  changes: PutDiff['changes'];
  /** The summary: changes (removals first), then what could not be compared. */
  summary: string[];
  /** True when something would be removed or reset. */
  destructive: boolean;
}

const MASKED = '(secret, not shown)';

/** A change as it may be shown: a secret field's values replaced by {@link MASKED}, nested secrets masked. */
function maskChange(c: PutChange, isSecret: IsSecretField): PutChange {
  if (c.kind === 'removedItems' || c.kind === 'addedItems') return c;
  if (isSecret(c.field)) {
    if (c.kind === 'added') return { ...c, after: MASKED, secret: true };
    if (c.kind === 'omitted') return { ...c, before: MASKED, secret: true };
    return { ...c, before: MASKED, after: MASKED, secret: true };
  }
  if (c.kind === 'added') return { ...c, after: maskSecretsAfter(c.after, undefined, isSecret) };
  if (c.kind === 'omitted') return { ...c, before: maskSecrets(c.before, isSecret) };
  return { ...c, before: maskSecrets(c.before, isSecret), after: maskSecretsAfter(c.after, c.before, isSecret) };
}

/** `isSecret`: an item is named in the summary with its secrets masked, and not at all in a secret list. */
function listRules(link: ReadLink, isSecret: IsSecretField): Record<string, ListRule> {
  const out: Record<string, ListRule> = {};
  for (const [field, rule] of Object.entries(link.lists ?? {})) {
    const wording = rule.removed;
    out[field] = {
      key: rule.key,
      ...(rule.label ? { label: rule.label } : {}),
      ...(wording ? { removed: (n: number) => wording.replace('{n}', String(n)) } : {}),
      shown: isSecret(field) ? () => MASKED : (item) => maskSecrets(item, isSecret),
    };
  }
  return out;
}

/** What the PUT (its body text) will change against the resource the read returned. */
export function previewPut(put: PreparedRequest, resource: unknown): Result<PutPreview> {
  if (!hasRead(put.read)) return { ok: false, reason: noReadReason(put) ?? '' };
  const spec = put.read;
  let body: unknown;
  try {
    body = put.body === undefined ? {} : JSON.parse(put.body);
  } catch {
    return { ok: false, reason: 'The body is not valid JSON.' };
  }
  if (!isObj(body)) return { ok: false, reason: 'The body is not a JSON object, so it cannot be compared.' };
  const { body: current, dropped } = shapeForPut(resource, spec.shape);
  const notReturned = new Set(spec.link.notReturned ?? []);
  const notCompared = Object.keys(body).filter((k) => notReturned.has(k));
  const compared: Obj = Object.fromEntries(Object.entries(body).filter(([k]) => !notReturned.has(k)));
  // A call that changes only what it is sent: the fields it leaves out stay as they are.
  const after = spec.link.omitted === 'kept' ? { ...current, ...compared } : compared;
  const defaults: Record<string, unknown> = {};
  if (spec.link.omitted !== 'kept') {
    for (const [name, field] of Object.entries(spec.shape.fields ?? {})) {
      if (field.default !== undefined && !notReturned.has(name)) defaults[name] = field.default;
    }
  }
  // List items keep the read's display fields (names) for the summary; putDiff compares only what the body's items have.
  const before: Obj = { ...current };
  for (const field of Object.keys(spec.link.lists ?? {})) {
    if (isObj(resource) && Array.isArray(resource[field]) && Object.hasOwn(before, field)) {
      before[field] = resource[field];
    }
  }
  // Secrets (the PUT's and the read's) are never quoted: a secret field's change is told without its values, and
  // a secret inside another field's value (a guest password in a settings object, a list's item) is masked there.
  const isSecret = secretFieldTest([...(put.secretFields ?? []), ...spec.secretFields]);
  const diff = putDiff(before, after, { defaults, lists: listRules(spec.link, isSecret) });
  const shown: PutDiff = { ...diff, changes: diff.changes.map((c) => maskChange(c, isSecret)) };
  const summary = summarizePutDiff(shown);
  if (notCompared.length > 0) {
    summary.push(`Not compared (the read does not return them): ${notCompared.join(', ')}`);
  }
  return {
    ok: true,
    value: { current, dropped, notCompared, diff, changes: shown.changes, summary, destructive: diff.destructive },
  };
}
