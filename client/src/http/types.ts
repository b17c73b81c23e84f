/**
 * Types of the sending core. Plain data only: outcomes cross into the webview, the output channel and the
 * command line, so they hold no streams, buffers, errors or functions — and never a credential value.
 */
import type { Dispatcher } from 'undici';
import type { ConnectionPools } from './pool';
import type { CredentialSlot } from '../../../common/requestSpec';
import type { RequestSettings } from '../../../common/settings';

/** The stored token to use and the one origin it belongs to. */
export interface TokenInput {
  value: string;
  slot: CredentialSlot;
  /** Exact origin (scheme, host, port) the token may be sent to, e.g. `https://webexapis.com`. */
  origin: string;
}

/** VS Code's `http.proxy`, `http.proxyStrictSSL`, `http.noProxy` and `http.proxyAuthorization`, already read by the caller. */
export interface ProxyOptions {
  /** `http://` or `https://` proxy URL; empty or undefined means no proxy. */
  url?: string;
  /** Verify the certificate of an `https://` proxy itself. Never affects verification of the API server. */
  strictSSL: boolean;
  /** Hosts that bypass the proxy: `host`, `.domain`, `*.domain`, `host:port`, IP literals, or `*`. */
  noProxy: string[];
  /** Value of the `Proxy-Authorization` header, sent to the proxy only (on CONNECT or to a forwarding proxy). */
  authorization?: string;
}

export interface SendOptions {
  /** Base URL of the API family in the selected environment (may carry a base path). */
  baseUrl: string;
  token?: TokenInput;
  settings: RequestSettings;
  /** The caller's Cancel. */
  signal?: AbortSignal;
  proxy?: ProxyOptions;
  /** Extra CA certificate(s), PEM, trusted in addition to Node's bundled roots. Verification is never disabled. */
  ca?: string | string[];
  /** Replaces the internal dispatcher (tests). It must not follow redirects. */
  dispatcher?: Dispatcher;
  /**
   * Connections to reuse across sends (one dispatcher per origin); the caller closes them. Without it each send
   * opens its own connection and closes it at the end.
   */
  pools?: ConnectionPools;
  /** Defaults to {@link DEFAULT_USER_AGENT}. */
  userAgent?: string;
  /**
   * Sign-in flows only, never from a request file: token endpoints take form bodies, so this replaces the
   * JSON Content-Type the file rules require.
   */
  formBody?: boolean;
}

/** Which header carries the (masked) credential in {@link SentRequest.headers}. */
export interface SentCredential {
  header: string;
  prefix: string;
  scheme: string;
  label: string;
}

/** The request exactly as it went on the wire, with the credential value replaced by the mask. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: string | undefined;
  credential?: SentCredential;
  /** Header names from the file that were dropped because they carry credentials (T5). */
  ignoredHeaders: string[];
  /** Whether the request went through a proxy, and which (origin only, no credentials). */
  proxy?: string;
}

export interface Timing {
  /** ISO time the send started. */
  startedAt: string;
  totalMs: number;
  /** Time to the response headers. */
  ttfbMs?: number;
}

export interface RedirectInfo {
  /** The `Location` header as received (masked). */
  raw: string;
  /** Absolute URL, when `Location` could be resolved against the request URL. */
  url?: string;
  /** True when the redirect points at the origin the request went to. It is not followed either way (T3). */
  sameOrigin: boolean;
}

export interface ResponseOutcome {
  kind: 'response';
  status: number;
  statusText: string;
  /** In the order received; repeated headers stay repeated. */
  headers: Array<[string, string]>;
  /** Decoded UTF-8 text, at most `maxResponseBytes` bytes of it. */
  bodyText: string;
  /** Decoded bytes read (before masking). */
  bodyBytes: number;
  truncated: boolean;
  /** Why the body is shorter than what the server sent or not decoded, in plain words. */
  bodyNotice?: string;
  timing: Timing;
  /** Set on 3xx responses that carry `Location`. Redirects are never followed. */
  location?: RedirectInfo;
  /** From `Retry-After` on 429/423/503 (and 3xx), in seconds. */
  retryAfterSeconds?: number;
  sent: SentRequest;
}

export type SendErrorCode =
  | 'INVALID_REQUEST'
  | 'CREDENTIAL_NOT_ALLOWED'
  | 'CONNECTION_REFUSED'
  | 'HOST_NOT_FOUND'
  | 'CONNECT_TIMEOUT'
  | 'HEADERS_TIMEOUT'
  | 'BODY_TIMEOUT'
  | 'TOTAL_TIMEOUT'
  | 'CONNECTION_RESET'
  | 'TLS_CERTIFICATE'
  | 'TLS'
  | 'PROXY'
  | 'NETWORK'
  | 'UNKNOWN';

export interface ErrorOutcome {
  kind: 'error';
  code: SendErrorCode;
  /** One or two plain sentences for a notification; names the setting to change where one helps. */
  message: string;
  /** Technical detail for the output channel. */
  detail: string;
  /**
   * False when nothing reached the server (rejected before the network, refused, DNS, TLS, connect).
   * True means the server may have applied the request.
   */
  mayHaveReachedServer: boolean;
  timing: Timing;
  /** Present once the request was assembled, even if it was then refused before the network. */
  sent?: SentRequest;
}

export interface CancelledOutcome {
  kind: 'cancelled';
  message: string;
  mayHaveReachedServer: boolean;
  timing: Timing;
  sent: SentRequest;
}

export type SendOutcome = ResponseOutcome | ErrorOutcome | CancelledOutcome;

export const DEFAULT_USER_AGENT = 'meeting-payloads';
