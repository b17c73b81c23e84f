/**
 * The one interface every sign-in flow implements. Flows are pure modules (no `vscode`): the extension and the
 * command line both call them, and each adapter supplies only the inputs, the progress display and the storage.
 * Nothing here is ever logged as is: {@link TokenSet} holds secrets, so callers store it (SecretStorage, memory)
 * and show only {@link describeTokenSet}.
 */
import type { ProxyOptions } from '../http/types';
import type { RequestSettings } from '../../../common/settings';
import type { Dispatcher } from 'undici';

/** Which flow obtains the token. */
export type FlowKind =
  | 'webex-device'
  | 'webex-pkce'
  | 'webex-refresh'
  | 'webex-personal'
  | 'webex-service-app'
  | 'huawei-app-id'
  | 'huawei-account'
  | 'huawei-refresh'
  | 'huawei-control';

/** The catalog security scheme a flow's token is for (the keys of `components.securitySchemes`). */
export type TokenScheme = 'webexBearer' | 'huaweiAccessToken' | 'huaweiConferenceAuthorization';

/** What a flow obtained. Times are epoch milliseconds; absent when the server did not say. */
export interface TokenSet {
  scheme: TokenScheme;
  /** Exact origin the token (and the refresh token) belong to and may be sent to, e.g. `https://webexapis.com`. */
  origin: string;
  accessToken: string;
  expiresAt?: number;
  refreshToken?: string;
  refreshExpiresAt?: number;
  /** Granted scopes, when the server listed them. */
  scopes?: string[];
  /** The flow that produced the token, so a refresh knows what to repeat. */
  flow: FlowKind;
  /** Huawei meeting-control tokens only: the meeting they control. */
  conferenceId?: string;
}

/** Credentials for the Webex integration flows (device grant, authorization code, refresh). */
export interface WebexIntegrationCredentials {
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to ask for. */
  scope?: string;
}

export interface WebexServiceAppCredentials {
  clientId: string;
  clientSecret: string;
  targetOrgId: string;
  applicationId: string;
  /** A token holding `spark:applications_token` (the token manager's), used only for this call. */
  managerToken: string;
}

export interface HuaweiAppIdCredentials {
  appId: string;
  appKey: string;
  /** Empty or absent: the enterprise administrator. */
  userId?: string;
  /** Service-provider apps only. */
  corpId?: string;
}

export interface HuaweiAccountCredentials {
  account: string;
  password: string;
}

export interface HuaweiControlInput {
  conferenceId: string;
  /** Host password, held in memory only by the caller. Absent when {@link currentControlToken} keeps one alive. */
  hostPassword?: string;
  currentControlToken?: string;
}

/** What a device-grant flow shows the user while it polls. */
export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  /** When the code stops working (epoch ms). */
  expiresAt: number;
}

/** Progress callbacks; all optional. Messages never contain a secret. */
export interface FlowProgress {
  /** Device grant: show the code and the link (copy / open). Called once. */
  deviceCode?(prompt: DeviceCodePrompt): void;
  /** Authorization code: open this URL in the user's browser (the vscode adapter passes it through asExternalUri). */
  openBrowser?(url: string): void | Promise<void>;
  /** A short status line ("Waiting for approval…", "Server asked to slow down"). */
  report?(message: string): void;
}

/** What every flow call gets besides its credentials. */
export interface FlowContext {
  /**
   * The environment's base URL for the API family (e.g. `https://webexapis.com/v1`, or a 127.0.0.1 mock). Token
   * endpoints are always on this exact origin; nothing a request file says can change it.
   */
  baseUrl: string;
  settings: RequestSettings;
  /** Cancel: the flow stops promptly with a {@link FlowError} of code `cancelled`. */
  signal?: AbortSignal;
  progress?: FlowProgress;
  proxy?: ProxyOptions;
  ca?: string | string[];
  /** Tests only: replaces the HTTP core's dispatcher (must not follow redirects). */
  dispatcher?: Dispatcher;
  /** Clock for expiry arithmetic (tests pass a fixed one); defaults to Date.now. */
  now?: () => number;
}

export type FlowErrorCode =
  | 'cancelled'
  | 'timeout'
  | 'denied'
  | 'invalid-credentials'
  | 'invalid-grant'
  | 'not-in-progress'
  /** The server refused for a reason we do not name; the message says what it said. */
  | 'refused'
  | 'redirect'
  | 'network'
  | 'protocol';

/** A flow failure in plain words. Its message never holds a secret (flows mask every credential they were given). */
export class FlowError extends Error {
  override name = 'FlowError';
  constructor(
    readonly code: FlowErrorCode,
    message: string,
    /** The vendor's error code when it gave one (e.g. `expired_token`, `USG.000000004`). */
    readonly vendorCode?: string,
  ) {
    super(message);
  }
}

/** A safe one-line description of a token set: scheme, origin, expiry; never a value. */
export function describeTokenSet(t: TokenSet, now: number = Date.now()): string {
  const parts = [`${t.scheme} for ${t.origin}`];
  parts.push(t.expiresAt === undefined ? 'expiry unknown' : `expires ${new Date(t.expiresAt).toISOString()}`);
  if (t.expiresAt !== undefined && t.expiresAt <= now) parts.push('(expired)');
  if (t.refreshToken !== undefined) {
    parts.push(
      t.refreshExpiresAt === undefined
        ? 'refreshable'
        : `refreshable until ${new Date(t.refreshExpiresAt).toISOString()}`,
    );
  }
  return parts.join(', ');
}

/** Renew this long before expiry (or at half the life, for short-lived tokens). */
export const RENEW_MARGIN_MS = 5 * 60_000;

/** How long before its end a token is renewed: {@link RENEW_MARGIN_MS}, or half its life when that is shorter. */
export function renewalMargin(lifetimeMs?: number): number {
  return lifetimeMs !== undefined && lifetimeMs > 0 ? Math.min(RENEW_MARGIN_MS, lifetimeMs / 2) : RENEW_MARGIN_MS;
}

/** Whether a token's time says renew now: expired, or within the renewal margin of its end (see renew.ts). */
export function needsRenewal(t: Pick<TokenSet, 'expiresAt'>, now: number, lifetimeMs?: number): boolean {
  if (t.expiresAt === undefined) return false;
  return t.expiresAt - now <= renewalMargin(lifetimeMs);
}
