/**
 * What Sign In does for a credential, as data: which flow serves a scheme, how the integration's client id and
 * secret are kept, what the device-code notice says and which link it may open, and the token record a flow's
 * result becomes. Pure (no `vscode`), so unit-tested; signInCommand.ts is the adapter.
 */
import { checkRedirectUri } from '../auth/loopbackRedirect';
import type { DeviceCodePrompt, TokenSet } from '../auth/types';
import { safe } from '../send/texts';
import type { TokenRecord } from '../tokens';

export type SignInSupport =
  { flow: 'webex-device'; name: string } | { flow: 'huawei-login'; name: string } | { flow: undefined; reason: string };

/**
 * The flow Sign In runs for `scheme`; schemes without one get the reason, in words, and Set Token stays. (Whether
 * a stored token renews, and how, is the renewal gate's: auth/renew.ts.)
 */
export function signInSupport(scheme: string, label: string): SignInSupport {
  if (scheme === 'webexBearer') return { flow: 'webex-device', name: 'Webex' };
  // App ID and App Key, or account and password: huaweiPlan.ts.
  if (scheme === 'huaweiAccessToken') return { flow: 'huawei-login', name: 'Huawei Cloud Meeting' };
  if (scheme === 'huaweiConferenceAuthorization') {
    return {
      flow: undefined,
      reason: `The ${label} is obtained on Send: Send asks for the meeting's host password once and keeps the token alive. Set Token pastes one instead.`,
    };
  }
  return {
    flow: undefined,
    reason: `Sign In is not available yet for the ${label}: use Set Token to paste one.`,
  };
}

/** SecretStorage key of the Webex integration's client id and secret for one environment origin. */
export function integrationKey(origin: string): string {
  return `signin:webex-integration@${origin}`;
}

export interface IntegrationCredentials {
  clientId: string;
  clientSecret: string;
  /** The loopback redirect URI registered with the integration (authorization code with PKCE only). */
  redirectUri?: string;
}

export function encodeIntegration(c: IntegrationCredentials): string {
  return JSON.stringify({
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    ...(c.redirectUri !== undefined ? { redirectUri: c.redirectUri } : {}),
  });
}

/** The stored integration, or undefined when absent or unreadable (then Sign In asks again). */
export function decodeIntegration(stored: string | undefined): IntegrationCredentials | undefined {
  if (!stored) return undefined;
  try {
    const o = JSON.parse(stored) as Record<string, unknown>;
    if (typeof o.clientId === 'string' && o.clientId && typeof o.clientSecret === 'string' && o.clientSecret) {
      const redirect =
        typeof o.redirectUri === 'string' && checkRedirectUri(o.redirectUri).ok ? o.redirectUri : undefined;
      return { clientId: o.clientId, clientSecret: o.clientSecret, ...(redirect ? { redirectUri: redirect } : {}) };
    }
  } catch {
    // Unreadable: asked again.
  }
  return undefined;
}

/** Input-box check of a client id or secret: one line of visible ASCII, no spaces. */
export function validateIntegrationField(value: string, what: string): string | undefined {
  const v = value.trim();
  if (v.length === 0) return `Enter the integration's ${what}.`;
  if (v.length > 512) return `That is too long for a ${what}.`;
  if (!/^[\x21-\x7e]+$/.test(v)) return `A ${what} has no spaces or special characters.`;
  return undefined;
}

/**
 * The link the device-code notice may open: https, or http on loopback (a local mock). Anything else the
 * server sent is shown as text only, never opened.
 */
export function openableVerificationUri(prompt: DeviceCodePrompt): string | undefined {
  for (const candidate of [prompt.verificationUriComplete, prompt.verificationUri]) {
    if (!candidate) continue;
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      continue;
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return url.href;
  }
  return undefined;
}

/** Characters that would end or open a notification link (`[text](target)`); they are percent-encoded. */
function linkSafe(text: string): string {
  return text.replace(/[[\]()\s<>`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * The device-code notice: the message of the Sign In progress notification, so it closes when the sign-in ends
 * (a plain notification would stay open). VS Code renders `[text](https://…)` in it as a link; only a link that
 * {@link openableVerificationUri} allows becomes one, and nothing the server sent can open or close a link. With
 * `copyCommand`, the notice ends with our own command link beside it: Copy Code (and Open Link, when there is a
 * link to open) — a progress notification has no buttons, so the action is a link.
 */
export function deviceCodeMessage(prompt: DeviceCodePrompt, now: number, copyCommand?: string): string {
  const minutes = Math.max(1, Math.round((prompt.expiresAt - now) / 60_000));
  const code = linkSafe(safe(prompt.userCode, 32));
  const shown = linkSafe(safe(prompt.verificationUri, 200));
  const link = openableVerificationUri(prompt);
  const where = link ? `[${shown}](${linkSafe(link)})` : shown;
  const copy = copyCommand !== undefined ? ` [${copyCodeLabel(prompt)}](command:${copyCommand})` : '';
  return `open ${where} and enter the code ${code}.${copy} The code works for ${minutes} min.`;
}

/** The words of the notice's copy action: what it will do. */
export function copyCodeLabel(prompt: DeviceCodePrompt): string {
  return openableVerificationUri(prompt) !== undefined ? 'Copy Code and Open Link' : 'Copy Code';
}

/**
 * The confirmation after Copy Code, as every copy has one. It never holds the code: the code is not a secret on its
 * own, but it stays out of notifications and logs as the rest of a sign-in does.
 */
export function codeCopiedText(prompt: DeviceCodePrompt): string {
  return openableVerificationUri(prompt) !== undefined
    ? 'Sign-in code copied to the clipboard; the sign-in page opens in your browser: paste the code there.'
    : 'Sign-in code copied to the clipboard: paste it on the sign-in page.';
}

/**
 * The record a signed-in token is stored as: value, expiry, refresh token and where it came from (the flow, and the
 * base URL its token endpoints were called on, so background renewal can call them again).
 */
export function recordFromTokenSet(set: TokenSet, now: number, baseUrl?: string): TokenRecord {
  return {
    token: set.accessToken,
    obtainedAt: now,
    flow: set.flow,
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(set.expiresAt !== undefined ? { expiresAt: set.expiresAt } : {}),
    ...(set.refreshToken !== undefined ? { refreshToken: set.refreshToken } : {}),
    ...(set.refreshExpiresAt !== undefined ? { refreshExpiresAt: set.refreshExpiresAt } : {}),
    ...(set.scopes !== undefined ? { scopes: set.scopes } : {}),
  };
}

/** The ways Sign In can get a Webex token, in the order offered (the one used last at an origin comes first). */
export type WebexMethod = 'device' | 'pkce' | 'serviceApp';

export interface WebexMethodItem {
  method: WebexMethod;
  label: string;
  detail: string;
}

const WEBEX_METHODS: readonly WebexMethodItem[] = [
  {
    method: 'device',
    label: 'Webex integration: code in the browser (device grant)',
    detail:
      'A code to enter at a Webex page in any browser; needs no local port, works in remote windows and code-server',
  },
  {
    method: 'pkce',
    label: 'Webex integration: browser redirect (authorization code with PKCE)',
    detail: 'For integrations without the device callback: Webex redirects to a one-time listener on 127.0.0.1',
  },
  {
    method: 'serviceApp',
    label: 'Webex service app',
    detail:
      'A machine account authorized in Control Hub: its client id and secret, target org, application id, and a token with spark:applications_token',
  },
];

export function webexMethodItems(lastUsed?: string): WebexMethodItem[] {
  const last = WEBEX_METHODS.find((m) => m.method === lastUsed);
  return last ? [last, ...WEBEX_METHODS.filter((m) => m !== last)] : [...WEBEX_METHODS];
}

/** globalState key of the method used last at an origin (not a secret). */
export function webexMethodKey(origin: string): string {
  return `signin:webex-method@${origin}`;
}

/** The redirect URI offered when the integration has none stored: a fixed port, since Webex matches it exactly. */
export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:8746/meeting-payloads/callback';

/** SecretStorage key of a Webex service app's client id, secret, target org and application id for one origin. */
export function serviceAppKey(origin: string): string {
  return `signin:webex-service-app@${origin}`;
}

export interface ServiceAppDetails {
  clientId: string;
  clientSecret: string;
  targetOrgId: string;
  applicationId: string;
}

export function encodeServiceApp(d: ServiceAppDetails): string {
  return JSON.stringify({
    clientId: d.clientId,
    clientSecret: d.clientSecret,
    targetOrgId: d.targetOrgId,
    applicationId: d.applicationId,
  });
}

/** The stored service app, or undefined when absent or incomplete (then Sign In asks again). */
export function decodeServiceApp(stored: string | undefined): ServiceAppDetails | undefined {
  if (!stored) return undefined;
  try {
    const o = JSON.parse(stored) as Record<string, unknown>;
    const fields = ['clientId', 'clientSecret', 'targetOrgId', 'applicationId'] as const;
    if (fields.every((f) => typeof o[f] === 'string' && o[f] !== '')) {
      return {
        clientId: o.clientId as string,
        clientSecret: o.clientSecret as string,
        targetOrgId: o.targetOrgId as string,
        applicationId: o.applicationId as string,
      };
    }
  } catch {
    // Unreadable: asked again.
  }
  return undefined;
}

/**
 * Where the client id and secret that renew a token are kept: a service app's own, or the integration's (the
 * device grant and the authorization code share one integration per origin). Both records have the two fields
 * {@link decodeIntegration} reads.
 */
export function refreshCredentialsKey(flow: string | undefined, origin: string): string {
  return flow === 'webex-service-app' ? serviceAppKey(origin) : integrationKey(origin);
}
