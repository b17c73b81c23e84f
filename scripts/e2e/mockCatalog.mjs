// The local mock of the whole catalog: one Prism process serving one OpenAPI document made of the
// three catalog files. Prism serves a single document per process, so the three are merged:
//   - every path is prefixed with the path part of its document's first server URL, so the mock keeps
//     the production URL layout. Webex documents are relative to https://webexapis.com/v1, so their
//     paths get `/v1`; Huawei paths already start with `/v1` under a bare host. The `mock`
//     environment's base URL for a family is therefore its production base URL with the origin
//     replaced by the mock's: see MOCK_BASE_URLS below. Joining a base path and an operation path is
//     exercised against the mock exactly as against production;
//   - a body Prism refuses gets the operation's first 400 example. Where that example is of one condition (a
//     series already started) and not the status's documented meaning (`documented-meaning`), or there is none,
//     the mock's own refusal goes first (MOCK_REFUSALS): the mock never answers a wrong type with another
//     condition's words. Asked by name (`Prefer: example=…`), every documented example is still served;
//   - component names are prefixed per document (`webex-meetings__BadRequest`…) because the documents
//     reuse names with different content; security schemes keep their names (operations refer to
//     them by name) and must be identical where two documents share one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './log.mjs';
import { REPO_ROOT } from './paths.mjs';
import { spawnGroup, stopGroup, tail } from './processes.mjs';

export const CATALOG_FILES = [
  'webex-meetings.openapi.json',
  'webex-calling.openapi.json',
  'huawei-meeting.openapi.json',
];
export const MOCK_PORT = 4010;

/**
 * Family → base URL of the mock on `origin`: the first documented server URL with its origin replaced.
 * @param {string} origin e.g. http://127.0.0.1:4010
 * @returns {Record<string, string>}
 */
export function mockBaseUrls(origin) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const file of CATALOG_FILES) {
    const doc = readDocument(file);
    out[doc['x-family']] = `${origin}${basePath(doc)}`;
  }
  return out;
}

/** @param {string} file */
function readDocument(file) {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', file), 'utf8'));
}

/** Path part of the first server URL, without a trailing slash ('' for a bare host). */
function basePath(/** @type {any} */ doc) {
  const url = doc.servers?.[0]?.url;
  return url ? new URL(url).pathname.replace(/\/+$/, '') : '';
}

const REFUSED = 'The local mock refused this request: its sl-violations header says why. Not an answer of ';
/** The mock's own words for a body it refuses, in each family's error shape. */
export const MOCK_REFUSALS = {
  'huawei-meeting': { error_code: 'MOCK.REFUSED', error_msg: `${REFUSED}Huawei.` },
  'webex-meetings': { message: `${REFUSED}Webex.`, errors: [{ description: `${REFUSED}Webex.` }] },
  'webex-calling': { message: `${REFUSED}Webex.`, errors: [{ description: `${REFUSED}Webex.` }] },
  // The OAuth endpoints' error shape (RFC 6749 §5.2: `invalid_request`, a request that is malformed).
  oauth: { error: 'invalid_request', error_description: `${REFUSED}Webex.` },
};

/** Puts the mock's refusal first in every 400 of `doc` (before renaming) whose first example is not generic. */
function refuseInMockWords(/** @type {any} */ doc) {
  /** @type {Record<string, unknown> | undefined} */
  const refusal = MOCK_REFUSALS[/** @type {keyof typeof MOCK_REFUSALS} */ (doc['x-family'])];
  if (!refusal) throw new Error(`mock catalog: no refusal body for the family ${doc['x-family']}`);
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(/** @type {Record<string, any>} */ (item))) {
      let response = op?.responses?.['400'];
      const ref = typeof response?.$ref === 'string' ? /^#\/components\/responses\/(.+)$/.exec(response.$ref) : null;
      if (ref) response = doc.components?.responses?.[ref[1]];
      for (const media of Object.values(response?.content ?? {})) {
        const m = /** @type {any} */ (media);
        // A media type's single `example` becomes a named one (the two keys exclude each other).
        if (m.example !== undefined) m.examples = { documented: { value: m.example }, ...m.examples };
        delete m.example;
        const first = Object.keys(m.examples ?? {})[0];
        if (first === 'documented-meaning' || first === 'mock-refused') continue;
        // An OAuth endpoint answers in the OAuth error shape, whatever the family's usual one.
        const oauth = /\/OAuthError$/.test(String(m.schema?.$ref ?? ''));
        m.examples = {
          'mock-refused': {
            summary: 'The local mock refused the request',
            value: oauth ? MOCK_REFUSALS.oauth : refusal,
          },
          ...m.examples,
        };
      }
    }
  }
}

/**
 * @param {string} origin the mock's origin, written into `servers`
 * @returns {any} one OpenAPI 3.1 document with every operation of the catalog
 */
export function mergeCatalog(origin) {
  /** @type {any} */
  const merged = {
    openapi: '3.1.0',
    info: { title: 'Meeting Payloads catalog (merged for the local mock)', version: '0' },
    servers: [{ url: origin }],
    paths: {},
    components: { securitySchemes: {} },
  };
  for (const file of CATALOG_FILES) {
    const doc = readDocument(file);
    refuseInMockWords(doc);
    if (doc.jsonSchemaDialect) merged.jsonSchemaDialect = doc.jsonSchemaDialect;
    const prefix = `${doc['x-family']}__`;
    const renamed = renameComponentRefs(doc, prefix);
    const base = basePath(doc);
    for (const [path, item] of Object.entries(renamed.paths ?? {})) {
      const full = `${base}${path}`;
      if (merged.paths[full]) throw new Error(`mock catalog: path ${full} is defined twice (${file})`);
      merged.paths[full] = item;
    }
    for (const [kind, entries] of Object.entries(renamed.components ?? {})) {
      merged.components[kind] ??= {};
      for (const [name, value] of Object.entries(/** @type {Record<string, unknown>} */ (entries))) {
        if (kind === 'securitySchemes') {
          const existing = merged.components.securitySchemes[name];
          if (existing && JSON.stringify(existing) !== JSON.stringify(value)) {
            throw new Error(`mock catalog: security scheme ${name} differs between documents (${file})`);
          }
          merged.components.securitySchemes[name] = value;
        } else {
          merged.components[kind][`${prefix}${name}`] = value;
        }
      }
    }
  }
  return merged;
}

/** Deep copy of `doc` where every `#/components/<kind>/<name>` reference gets `prefix` on the name. */
function renameComponentRefs(/** @type {any} */ doc, /** @type {string} */ prefix) {
  return JSON.parse(JSON.stringify(doc), (key, value) =>
    key === '$ref' && typeof value === 'string'
      ? value.replace(/^#\/components\/([^/]+)\/([^/]+)/, (_, kind, name) => `#/components/${kind}/${prefix}${name}`)
      : value,
  );
}

/**
 * Starts Prism on 127.0.0.1:`port` with the merged catalog; resolves once it answers.
 * @param {{ port: number, dir: string, logFile: string, readyTimeoutMs?: number }} options
 */
export async function startMockCatalog({ port, dir, logFile, readyTimeoutMs = 60_000 }) {
  const origin = `http://127.0.0.1:${port}`;
  const file = join(dir, 'catalog.merged.openapi.json');
  writeFileSync(file, JSON.stringify(mergeCatalog(origin), null, 2));
  const prism = join(REPO_ROOT, 'node_modules', '.bin', 'prism');
  log(`starting the Prism mock of the catalog on ${origin} (log: ${logFile})`);
  const child = spawnGroup(prism, ['mock', '-h', '127.0.0.1', '-p', String(port), file], { logFile });
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `Prism exited (${child.exitCode ?? child.signalCode}) before it was ready. Log ${logFile}:\n${tail(logFile)}`,
      );
    }
    try {
      // Any HTTP answer (404 for an unknown path) means Prism is listening.
      await fetch(`${origin}/`, { signal: AbortSignal.timeout(2_000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stopGroup(child);
        throw new Error(
          `Prism did not answer on ${origin} within ${readyTimeoutMs / 1000} s. Log ${logFile}:\n${tail(logFile)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return { origin, baseUrls: mockBaseUrls(origin), file, child, stop: () => stopGroup(child) };
}
