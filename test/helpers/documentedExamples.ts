/**
 * Every documented request example, as the request file a user would have: the catalog's request examples (with
 * the documented parameter examples), the seed documentation pages' example requests and cURL commands (imported
 * by the importer, as written and as the editor's import fixes them), the sample workspace (`examples/`, the
 * deliberately broken file left out) and the examples Webex's published spec gives for our operations. The
 * research notes' code blocks are schemas, not requests: `researchRequestBlocks` finds any that is not, so a request
 * example added there cannot be skipped silently.
 *
 * `EXPECTED` lists the only diagnostics (every severity) any of them may get, each reviewed as true.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importCurl, matchRequestLine } from '../../server/src/features/importCurl';
import { builtinCatalog, SCHEMAS_DIR } from './catalog';
import { DEPRECATED, SHARED_LINE } from './trustCases';

export const SHARED = '/work/shared';
const EXAMPLES_DIR = join(SCHEMAS_DIR, '..', 'examples');
const HOST = 'https://api.meeting.huaweicloud.com';
/** Webex's base URL: the published spec's and seed 000's paths are relative to it. */
const WEBEX_BASE = 'https://webexapis.com/v1';

export interface DocumentedRequest {
  /** Where it is documented, for messages and the expectations. */
  source: string;
  text: string;
  /** The importer's notes, for a request imported from a page. */
  notes?: string[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});

const fileText = (file: Json): string => `${JSON.stringify(file, null, 2)}\n`;

/** A request file from an operation's documented parameter examples and one body. */
function withParams(operationId: string, params: unknown[], body: unknown): string {
  const file: Json = { operation: operationId };
  const sections = { path: 'pathParams', query: 'query', header: 'headers' } as const;
  for (const [where, section] of Object.entries(sections)) {
    const values = Object.fromEntries(
      params
        .map(obj)
        .filter((p) => p.in === where && p.example !== undefined)
        .map((p) => [String(p.name), p.example]),
    );
    if (Object.keys(values).length > 0) file[section] = values;
  }
  if (body !== undefined) file.body = body;
  return fileText(file);
}

/** Each request example of each request-file operation of the catalog (sign-in endpoints and reads have none). */
export function catalogRequests(): DocumentedRequest[] {
  const out: DocumentedRequest[] = [];
  for (const f of readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.openapi.json'))) {
    const doc = JSON.parse(readFileSync(join(SCHEMAS_DIR, f), 'utf8')) as Json;
    const resolve = (p: unknown): unknown => {
      const ref = obj(p).$ref;
      if (typeof ref !== 'string') return p;
      return ref
        .slice(2)
        .split('/')
        .reduce<unknown>((at, k) => obj(at)[k], doc);
    };
    for (const item of Object.values(obj(doc.paths))) {
      for (const op of Object.values(obj(item)).map(obj)) {
        if (typeof op.operationId !== 'string' || op['x-sign-in'] === true || op['x-role'] === 'read') continue;
        const params = (Array.isArray(op.parameters) ? op.parameters : []).map(resolve);
        const media = obj(obj(obj(op.requestBody).content)['application/json']);
        for (const [name, ex] of Object.entries(obj(media.examples))) {
          out.push({
            source: `${f} ${op.operationId} example "${name}"`,
            text: withParams(op.operationId, params, obj(ex).value),
          });
        }
      }
    }
  }
  return out;
}

/** The JSON value starting at `start` (the first `{` or `[`), by bracket counting outside strings. */
function jsonAt(text: string, start: number): { value: unknown; end: number } {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return { value: JSON.parse(text.slice(start, i + 1)) as unknown, end: i + 1 };
    }
  }
  throw new Error(`unbalanced JSON at ${start}`);
}

/** A shell word in single quotes. */
const quoted = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function imported(source: string, command: string, fixMechanical: boolean): DocumentedRequest {
  const r = importCurl(command, builtinCatalog(), { fixMechanical });
  if (!r.ok) throw new Error(`${source}: not importable: ${r.reason}`);
  return { source, text: r.fileText, notes: r.notes };
}

/**
 * The seed pages' requests: an "Example Request" (request line, headers, JSON body), a cURL command, and seed 000's
 * `requestExamples` (method, path, body). Headers of the examples are transport (`Host`, `Content-Length`) or the
 * token (`X-Access-Token`), which the importer leaves out and names in its notes.
 */
export function seedRequests(): DocumentedRequest[] {
  const dir = join(SHARED, 'seeds');
  const out: DocumentedRequest[] = [];
  for (const f of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/Example Request\s+(PUT|POST|GET|PATCH|DELETE) (\S+)/g)) {
      const body = jsonAt(text, text.indexOf('{', m.index)).value;
      const command = `curl -X ${m[1]} ${quoted(HOST + m[2])} -H 'Content-Type: application/json' -d ${quoted(JSON.stringify(body))}`;
      out.push(imported(`seed ${f} example request`, command, false));
    }
    for (const [i, m] of [...text.matchAll(/^curl .*$/gm)].entries()) {
      out.push(imported(`seed ${f} cURL ${i + 1} as written`, m[0], false));
      out.push(imported(`seed ${f} cURL ${i + 1} imported by the editor`, m[0], true));
    }
    const payload = text.indexOf('Example Payload');
    if (payload >= 0) {
      const page = obj(jsonAt(text, text.indexOf('{', payload)).value);
      for (const [i, ex] of (Array.isArray(page.requestExamples) ? page.requestExamples : []).entries()) {
        const match = matchRequestLine(String(page.method), WEBEX_BASE + String(page.path), builtinCatalog().all());
        if ('reason' in match) throw new Error(`seed ${f}: ${match.reason}`);
        out.push({
          source: `seed ${f} requestExamples[${i}]`,
          text: fileText({ operation: match.operationId, body: obj(ex).example }),
        });
      }
    }
  }
  return out;
}

/** The sample workspace, but for the deliberately broken file. */
export function sampleFiles(): DocumentedRequest[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.meeting.json') && f !== 'broken.meeting.json')
    .map((f) => ({ source: `examples/${f}`, text: readFileSync(join(EXAMPLES_DIR, f), 'utf8') }));
}

/** The request examples of Webex's published spec for the operations of our catalog (matched by method and path). */
export function webexSpecRequests(): DocumentedRequest[] {
  const spec = JSON.parse(readFileSync(join(SHARED, 'fixtures', 'webex-meeting.openapi.json'), 'utf8')) as Json;
  const ours = builtinCatalog().all();
  const out: DocumentedRequest[] = [];
  for (const [path, item] of Object.entries(obj(spec.paths))) {
    for (const [method, op] of Object.entries(obj(item))) {
      const media = obj(obj(obj(op).requestBody).content)['application/json'];
      if (media === undefined) continue;
      const match = matchRequestLine(method.toUpperCase(), WEBEX_BASE + path, ours);
      if ('reason' in match) continue; // not one of our operations
      const bodies: Array<[string, unknown]> = [];
      if (obj(media).example !== undefined) bodies.push(['example', obj(media).example]);
      for (const [n, ex] of Object.entries(obj(obj(media).examples))) bodies.push([`examples.${n}`, obj(ex).value]);
      const params = Array.isArray(obj(op).parameters) ? (obj(op).parameters as unknown[]) : [];
      for (const [n, body] of bodies) {
        out.push({
          source: `webex-meeting.openapi.json ${method.toUpperCase()} ${path} ${n}`,
          text: withParams(match.operationId, params, body),
        });
      }
    }
  }
  return out;
}

/** Code blocks of the research notes that are not JSON Schemas (a request example would be one). */
export function researchRequestBlocks(): string[] {
  const notes = readFileSync(join(SHARED, 'notes', 'api-research.md'), 'utf8');
  const blocks = [...notes.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (blocks.length < 5) throw new Error(`only ${blocks.length} JSON blocks in api-research.md`);
  return blocks.filter((b) => {
    const v = obj(JSON.parse(b));
    return !('$schema' in v && 'type' in v);
  });
}

export interface DocumentedResponse {
  source: string;
  operationId: string;
  status: number;
  body: string;
}

/** Every response example of one OpenAPI operation (`example` and `examples` of each JSON media type). */
function responseExamples(source: string, operationId: string, op: Json): DocumentedResponse[] {
  const out: DocumentedResponse[] = [];
  for (const [status, r] of Object.entries(obj(op.responses))) {
    for (const [type, media] of Object.entries(obj(obj(r).content))) {
      if (!/json/.test(type)) continue;
      const bodies = [obj(media).example, ...Object.values(obj(obj(media).examples)).map((e) => obj(e).value)];
      for (const body of bodies.filter((b) => b !== undefined)) {
        out.push({ source: `${source} ${status}`, operationId, status: Number(status), body: JSON.stringify(body) });
      }
    }
  }
  return out;
}

/**
 * The documented response examples of the request-file operations: the catalog's, Webex's published spec's for our
 * operations, and the seed pages' (000's `responseExamples`, 004's example response).
 */
export function documentedResponses(): DocumentedResponse[] {
  const out: DocumentedResponse[] = [];
  const ours = builtinCatalog().all();
  for (const f of readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.openapi.json'))) {
    const doc = JSON.parse(readFileSync(join(SCHEMAS_DIR, f), 'utf8')) as Json;
    for (const item of Object.values(obj(doc.paths))) {
      for (const op of Object.values(obj(item)).map(obj)) {
        const id = op.operationId;
        if (typeof id === 'string' && ours.some((o) => o.id === id)) {
          out.push(...responseExamples(`${f} ${id}`, id, op));
        }
      }
    }
  }
  const spec = JSON.parse(readFileSync(join(SHARED, 'fixtures', 'webex-meeting.openapi.json'), 'utf8')) as Json;
  for (const [path, item] of Object.entries(obj(spec.paths))) {
    for (const [method, op] of Object.entries(obj(item))) {
      const match = matchRequestLine(method.toUpperCase(), WEBEX_BASE + path, ours);
      // The same path's GET is a read, checked by the preview, not by check-response.
      const same =
        !('reason' in match) && ours.find((o) => o.id === match.operationId)?.method === method.toUpperCase();
      if (!('reason' in match) && same) {
        out.push(...responseExamples(`webex-meeting.openapi.json ${method} ${path}`, match.operationId, obj(op)));
      }
    }
  }
  const seed = (f: string) => readFileSync(join(SHARED, 'seeds', f), 'utf8');
  const s000 = seed('000_986df913e00944ca.txt');
  const page = obj(jsonAt(s000, s000.indexOf('{', s000.indexOf('Example Payload'))).value);
  for (const r of Array.isArray(page.responseExamples) ? page.responseExamples : []) {
    out.push({
      source: `seed 000 response ${String(obj(r).status)}`,
      operationId: 'webex.meetings.updatePersonalMeetingRoomOptions',
      status: Number(obj(r).status),
      body: JSON.stringify(obj(r).example),
    });
  }
  const s004 = seed('004_7c70c2f1602250b9.txt');
  out.push({
    source: 'seed 004 example response',
    operationId: 'huawei.meeting.updateRecurringMeeting',
    status: 200,
    body: JSON.stringify(jsonAt(s004, s004.indexOf('[', s004.indexOf('Example Response'))).value),
  });
  return out;
}

export function documentedRequests(): DocumentedRequest[] {
  return [...catalogRequests(), ...seedRequests(), ...sampleFiles(), ...webexSpecRequests()];
}

/** The doc error api-research.md records (2.4.1), in the words of the error at the field. */
export const GUST_ERRATA =
  'allowGustFirst must be a boolean (true or false), not a string. (The Huawei doc page quotes it as a string in its cURL example, a mistake: its parameter table says Boolean and its example request sends false.)';

/**
 * The only diagnostics documented examples may get, as `severity code@underlined: message`, each true:
 * the shared-line operation is deprecated by Webex (api-research.md 3.4.5), and seed 001's cURL command quotes a
 * boolean (2.4.1), which the editor's import fixes and names in a note.
 */
export function expectedDiagnostics(r: DocumentedRequest): string[] {
  if (r.text.includes(`"operation": "${SHARED_LINE}"`)) return [DEPRECATED];
  if (r.source === 'seed 001_f7ed5b7a8ae23820.txt cURL 1 as written') {
    return [`error type@"false": ${GUST_ERRATA}`];
  }
  return [];
}
