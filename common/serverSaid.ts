/**
 * "What the server said": the readable part of an error answer, for the top of the response panel. Reads the
 * vendors' error envelopes (Webex `message`, `errors[].description`, `errorCode`, `trackingId`; Huawei
 * `error_code`, `error_msg`, `request_id`) with the meaning of the codes we know (`errorCodes.ts`), and the
 * mock's request violations (Prism's `sl-violations` header, a JSON array) as a list.
 *
 * Pure and bounded: the input is an answer from the network, already masked by the HTTP core; nothing here
 * adds data, it only picks fields out. Imports only `errorCodes.ts` and `json.ts`, so client, CLI and webview can use it.
 */
import { huaweiCodeMeaning, knownErrorCode } from './errorCodes';
import { isObj } from './json';

export interface ServerSaidItem {
  /** "Message", "Error", "Tracking ID", "Error code"… */
  label: string;
  text: string;
  /** The meaning of a code we know. */
  meaning?: string;
}

export interface RequestViolation {
  /** Where in the request, e.g. "body › allowGustFirst" or "header › x-access-token". */
  where: string;
  message: string;
  /** Prism's severity: "error", "warning"… */
  severity: string;
}

export interface ServerSaid {
  /** Whose error envelope the body has (`other`: none we know, or no body). */
  vendor: 'webex' | 'huawei' | 'other';
  items: ServerSaidItem[];
  /** What the mock (Prism) found wrong in the request, from `sl-violations`. */
  violations: RequestViolation[];
}

/** Characters kept of one server string. */
export const SAID_TEXT_CHARS = 500;
/** At most this many `errors[]` entries and violations are listed. */
export const SAID_MAX_ERRORS = 10;
export const SAID_MAX_VIOLATIONS = 50;

function clip(text: string, max = SAID_TEXT_CHARS): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return isObj(v) ? v : undefined;
}

/** A string or a finite number as text; anything else undefined. */
function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim().length > 0 ? clip(v) : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function parseJson(text: string): unknown {
  // Error bodies are small; a huge one is not an error envelope worth scanning.
  if (text.length > 1_000_000) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function webexItems(o: Record<string, unknown>): ServerSaidItem[] {
  const items: ServerSaidItem[] = [];
  const message = scalar(o.message);
  if (message !== undefined) items.push({ label: 'Message', text: message });
  const topCode = scalar(o.errorCode);
  if (topCode !== undefined) items.push(withCallingMeaning({ label: 'Error code', text: topCode }));
  if (Array.isArray(o.errors)) {
    for (const e of o.errors.slice(0, SAID_MAX_ERRORS)) {
      const entry = record(e);
      const description = scalar(entry?.description);
      const code = scalar(entry?.errorCode);
      if (description === undefined && code === undefined) continue;
      const text = [description, code !== undefined ? `(error code ${code})` : undefined].filter(Boolean).join(' ');
      const item: ServerSaidItem = { label: 'Error', text };
      const meaning = code !== undefined ? knownErrorCode('errorCode', code)?.meaning : undefined;
      if (meaning !== undefined) item.meaning = meaning;
      items.push(item);
    }
  }
  const tracking = scalar(o.trackingId);
  if (tracking !== undefined) items.push({ label: 'Tracking ID', text: tracking });
  return items;
}

function withCallingMeaning(item: ServerSaidItem): ServerSaidItem {
  const meaning = knownErrorCode('errorCode', item.text)?.meaning;
  return meaning !== undefined ? { ...item, meaning } : item;
}

function huaweiItems(o: Record<string, unknown>): ServerSaidItem[] {
  const items: ServerSaidItem[] = [];
  const code = scalar(o.error_code);
  if (code !== undefined) {
    const meaning = huaweiCodeMeaning(code);
    items.push({ label: 'Error code', text: code, ...(meaning !== undefined ? { meaning } : {}) });
  }
  const msg = scalar(o.error_msg);
  if (msg !== undefined) {
    const meaning = knownErrorCode('error_msg', msg)?.meaning;
    items.push({ label: 'Error message', text: msg, ...(meaning !== undefined ? { meaning } : {}) });
  }
  const requestId = scalar(o.request_id);
  if (requestId !== undefined) items.push({ label: 'Request ID', text: requestId });
  return items;
}

/** Prism's `sl-violations`: `[{ location: ["request", "body", "field"], severity, code, message }]`. */
export function parseViolations(header: string | undefined): RequestViolation[] {
  if (header === undefined) return [];
  const parsed = parseJson(header);
  if (!Array.isArray(parsed)) return [];
  const out: RequestViolation[] = [];
  for (const v of parsed.slice(0, SAID_MAX_VIOLATIONS)) {
    const o = record(v);
    const message = scalar(o?.message);
    if (!o || message === undefined) continue;
    const location = Array.isArray(o.location)
      ? o.location.filter((p) => typeof p === 'string' || typeof p === 'number')
      : [];
    const parts = location.map(String);
    if (parts[0] === 'request') parts.shift();
    out.push({
      where: parts.length > 0 ? clip(parts.join(' › '), 200) : 'request',
      message,
      severity: scalar(o.severity) ?? 'error',
    });
  }
  return out;
}

function header(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  return headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

/**
 * The summary of an answer: for an error status (4xx, 5xx) the vendor envelope's fields, and for any status the
 * mock's violations. Undefined when there is nothing to say (a success without violations, or an error whose
 * body holds none of the fields).
 */
export function serverSaid(
  status: number,
  headers: ReadonlyArray<readonly [string, string]>,
  bodyText: string,
): ServerSaid | undefined {
  const violations = parseViolations(header(headers, 'sl-violations'));
  let vendor: ServerSaid['vendor'] = 'other';
  let items: ServerSaidItem[] = [];
  if (status >= 400) {
    const o = record(parseJson(bodyText));
    if (o && ('error_code' in o || 'error_msg' in o)) {
      vendor = 'huawei';
      items = huaweiItems(o);
    } else if (o && ('message' in o || 'errors' in o || 'trackingId' in o)) {
      vendor = 'webex';
      items = webexItems(o);
    }
  }
  if (items.length === 0 && violations.length === 0) return undefined;
  return { vendor, items, violations };
}
