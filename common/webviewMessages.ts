/**
 * Messages between the extension host and the response panel's webview, as discriminated unions on
 * `type`. Both sides switch exhaustively over them.
 *
 * Trust: host → webview messages carry data only (never HTML); the webview renders every string with
 * `textContent`. Webview → host messages cross a trust boundary (the webview displays responses from
 * the network): the host accepts only what {@link parseFromWebview} returns and ignores the rest.
 *
 * This file imports only other `common/` modules, so the extension host, the webview bundle and the tests can all
 * use it.
 */
import type { ServerSaid } from './serverSaid';

export type { RequestViolation, ServerSaid, ServerSaidItem } from './serverSaid';

/** The request as it went on the wire, credentials already masked by the HTTP core. */
export interface RequestView {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  /** Body text as sent, when there was one. */
  body?: string;
  environment: string;
  /** Label of the credential that was attached (e.g. "Webex access token"); never its value. */
  tokenLabel?: string;
  operationId: string;
  /** Header names from the file that were not sent because they carry credentials. */
  ignoredHeaders: string[];
  /** Proxy origin the request went through, if any. */
  proxy?: string;
}

export interface ResponseView {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  bodyText: string;
  /** Decoded size of the whole body in bytes (more than `bodyText` holds when `truncated`). */
  bodyBytes: number;
  truncated: boolean;
  contentType: string;
  timing: { totalMs: number; ttfbMs?: number };
  /** Why the body is shorter than what the server sent, or not decoded, in plain words. */
  bodyNotice?: string;
  /** Target of a redirect response; redirects are never followed. */
  location?: { target: string; sameOrigin: boolean };
  /** Whether the operation documents this status code (or a matching `2XX`/`default`). */
  documented: boolean;
  documentedStatuses: string[];
  /** "What the server said": the error envelope's fields and the mock's violations (`common/serverSaid.ts`). */
  said?: ServerSaid;
}

/** Result of checking a response body against the schema documented for its status (server-provided later). */
export interface SchemaCheck {
  /** Required properties the body lacks, as JSON paths. */
  missing: string[];
  /** Properties whose type differs from the documented one, as "path: expected X, got Y". */
  wrongType: string[];
  /** Properties the schema does not document. */
  undocumented: string[];
  /** The documented status it was compared with (`200`, `4XX`, `default`). */
  documentedStatus?: string;
  /** Why nothing could be compared (undocumented status, not JSON…). */
  note?: string;
}

export interface RetryHint {
  /** Seconds the server asked to wait (Retry-After). */
  retryAfterSeconds: number;
  /** When a retry is due, in epoch milliseconds. */
  dueAt: number;
}

/** One recent send of a file, as persisted: no headers, no bodies, no token. */
export interface HistoryItem {
  id: string;
  at: number;
  method: string;
  url: string;
  environment: string;
  outcome: 'response' | 'error' | 'cancelled';
  status?: number;
  statusText?: string;
  totalMs?: number;
  bodyBytes?: number;
  errorCode?: string;
  /** Whether the full exchange is still held in memory (this session) and can be shown again. */
  available?: boolean;
}

export interface ErrorView {
  code: string;
  message: string;
  /** False when nothing reached the server; true means the server may have applied the request. */
  mayHaveReachedServer: boolean;
}

/** What a credential notice's buttons ask the host to do for the request's credential and origin. */
export type CredentialAction = 'signIn' | 'setToken' | 'switchProfile';
export const CREDENTIAL_ACTIONS: readonly CredentialAction[] = ['signIn', 'setToken', 'switchProfile'];

/**
 * Shown at the top of the panel: the request went without a token (`noToken`), or a 401/403 came back for the
 * one it carried (`rejected`), in plain words, with buttons. Never holds a token value.
 */
export interface CredentialNotice {
  kind: 'noToken' | 'rejected';
  title: string;
  lines: string[];
  actions: CredentialAction[];
}

/**
 * Every message to the panel names the request file it belongs to (its document URI, opaque to the webview), so
 * the response, the title and the history shown together always belong to the same file, also after a reload.
 */
export interface OfFile {
  file?: string;
}

export type ToWebview = OfFile &
  (
    | {
        type: 'showPending';
        requestId: string;
        title: string;
        method: string;
        url: string;
        startedAt: number;
        note?: string;
      }
    | {
        type: 'showResponse';
        requestId: string;
        title: string;
        request: RequestView;
        response: ResponseView;
        schemaCheck?: SchemaCheck;
        retry?: RetryHint;
        attempt: number;
        credentialNotice?: CredentialNotice;
        /** Sent from Preview Changes: the panel offers "Compare with Before" (the state read before, the state after). */
        compare?: true;
      }
    | {
        type: 'showError';
        requestId: string;
        title: string;
        request?: RequestView;
        error: ErrorView;
        credentialNotice?: CredentialNotice;
      }
    | { type: 'showCancelled'; requestId: string; title: string; request?: RequestView; message: string }
    | { type: 'showHistory'; fileLabel: string; entries: HistoryItem[] }
    | { type: 'showHistoryEntry'; title: string; entry: HistoryItem }
  );

export type ToWebviewType = ToWebview['type'];

export type FromWebview =
  | { type: 'ready' }
  | { type: 'copyBody'; requestId: string }
  | { type: 'copyCurl'; requestId: string }
  | { type: 'copySupportBundle'; requestId: string }
  | { type: 'saveResponse'; requestId: string }
  | { type: 'compareWithBefore'; requestId: string }
  | { type: 'retry'; requestId: string }
  | { type: 'cancel'; requestId: string }
  | { type: 'openHistoryEntry'; id: string }
  | { type: 'credentialAction'; requestId: string; action: CredentialAction }
  /**
   * "Send room.meeting.json again": the file the panel shows, as the webview has it (`OfFile.file`). The host sends
   * it only if it is the file the host knows the panel shows, so a click on a view that was just replaced sends nothing.
   */
  | { type: 'sendFile'; file: string };

export type FromWebviewType = FromWebview['type'];

/** Ids (request ids, history ids) are short opaque tokens generated by the host. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** For each message type the webview may send, the exact set of keys besides `type` and each key's check. */
const FROM_WEBVIEW_SHAPES: { [K in FromWebviewType]: Record<string, (v: unknown) => boolean> } = {
  ready: {},
  copyBody: { requestId: isId },
  copyCurl: { requestId: isId },
  copySupportBundle: { requestId: isId },
  saveResponse: { requestId: isId },
  compareWithBefore: { requestId: isId },
  retry: { requestId: isId },
  cancel: { requestId: isId },
  openHistoryEntry: { id: isId },
  credentialAction: { requestId: isId, action: (v) => (CREDENTIAL_ACTIONS as readonly unknown[]).includes(v) },
  sendFile: { file: isFileUri },
};

/** Longest document URI a message (or the panel's restored state, `client/src/panel/titles.ts`) may name. */
export const MAX_FILE_URI = 4096;

/** A document URI as the host posted it: a non-empty, bounded string that parses as a URL. */
export function isFileUri(v: unknown): v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_FILE_URI) return false;
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

function isId(v: unknown): boolean {
  return typeof v === 'string' && ID_PATTERN.test(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Accepts a message from the webview only if it has exactly the shape of one {@link FromWebview}
 * member: known `type`, exactly the expected own keys, each value of the expected form. Returns a fresh
 * object (never the input), or `undefined` for anything else.
 */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (!isPlainObject(raw)) return undefined;
  const type = raw.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(FROM_WEBVIEW_SHAPES, type)) return undefined;
  const shape = FROM_WEBVIEW_SHAPES[type as FromWebviewType];
  const keys = Object.keys(raw);
  const expected = Object.keys(shape);
  if (keys.length !== expected.length + 1) return undefined;
  for (const key of keys) {
    if (key === 'type') continue;
    const check = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
    if (!check || !check(raw[key])) return undefined;
  }
  const out: Record<string, unknown> = { type };
  for (const key of expected) out[key] = raw[key];
  return out as FromWebview;
}

/** A short, safe description of a rejected message for the log: its type (if a short string) and its key count. */
export function describeRejectedMessage(raw: unknown): string {
  if (!isPlainObject(raw)) return `non-object (${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw})`;
  const type = typeof raw.type === 'string' ? JSON.stringify(raw.type.slice(0, 40)) : typeof raw.type;
  return `type ${type} with ${Object.keys(raw).length} key(s)`;
}

const TO_WEBVIEW_TYPES: readonly ToWebviewType[] = [
  'showPending',
  'showResponse',
  'showError',
  'showCancelled',
  'showHistory',
  'showHistoryEntry',
];

/** Cheap guard for the webview side: the message is an object whose `type` is a known {@link ToWebviewType}. */
export function isToWebview(raw: unknown): raw is ToWebview {
  return (
    isPlainObject(raw) && typeof raw.type === 'string' && (TO_WEBVIEW_TYPES as readonly string[]).includes(raw.type)
  );
}
