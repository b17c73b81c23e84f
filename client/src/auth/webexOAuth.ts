/**
 * What the Webex integration flows share: the authorization server described for oauth4webapi (endpoints on the
 * environment's own origin), the conversion of a token answer into a {@link TokenSet}, and OAuth errors in words.
 */
import type { OAuth, OAuthModule } from './oauthLib';
import { parseBaseUrl } from '../http/url';
import { type SecretSet, environmentOrigin, isLocalOrigin, oauthFetch } from './transport';
import { FlowError } from './types';
import type { FlowContext, FlowKind, TokenSet } from './types';

/** The documented base path of Webex's API, under which its token endpoints sit (`https://webexapis.com/v1`). */
export const WEBEX_BASE_PATH = '/v1';

/** Token endpoint paths under the Webex base URL (`https://webexapis.com/v1`). */
export const WEBEX_PATHS = {
  authorize: '/authorize',
  token: '/access_token',
  deviceAuthorize: '/device/authorize',
  deviceToken: '/device/token',
  tokenExpiry: '/authorizations/tokenExpiry',
  serviceAppToken: '/applications/{applicationId}/token',
} as const;

/** The Webex authorization server for this environment: every endpoint on the base URL's exact origin. */
export function webexServer(baseUrl: string): OAuthModule.AuthorizationServer {
  const { origin, basePath } = parseBaseUrl(baseUrl);
  environmentOrigin(baseUrl);
  const at = (path: string): string => `${origin}${basePath}${path}`;
  return {
    issuer: origin,
    authorization_endpoint: at(WEBEX_PATHS.authorize),
    token_endpoint: at(WEBEX_PATHS.token),
    device_authorization_endpoint: at(WEBEX_PATHS.deviceAuthorize),
  };
}

/** The device grant polls its own endpoint, `/device/token`, not `/access_token`. */
export function webexDeviceServer(baseUrl: string): OAuthModule.AuthorizationServer {
  const as = webexServer(baseUrl);
  return { ...as, token_endpoint: as.device_authorization_endpoint?.replace(/\/authorize$/, '/token') };
}

/**
 * HTTP Basic as Webex's own samples send it: base64 of `id:secret` as they are (oauth4webapi form-encodes them
 * first, per RFC 6749 § 2.3.1, which turns every `-` of a Webex client id into `%2D`), plus `client_id` in the form.
 */
export function webexBasic(clientSecret: string): OAuthModule.ClientAuth {
  return (_as, client, body, headers) => {
    headers.set('authorization', `Basic ${Buffer.from(`${client.client_id}:${clientSecret}`).toString('base64')}`);
    body.set('client_id', client.client_id);
  };
}

/** oauth4webapi options: our transport, plain http only to this machine, the caller's Cancel. */
export function oauthOptions(oauth: OAuth, ctx: FlowContext, secrets: SecretSet, endpoint: string) {
  return {
    [oauth.customFetch]: oauthFetch(ctx, secrets, endpoint) as unknown as typeof fetch,
    ...(isLocalOrigin(ctx.baseUrl) ? { [oauth.allowInsecureRequests]: true } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** A Webex token answer as a TokenSet (Webex adds `refresh_token_expires_in` to the standard fields). */
export function webexTokenSet(
  answer: OAuthModule.TokenEndpointResponse,
  baseUrl: string,
  flow: FlowKind,
  now: number,
): TokenSet {
  const expiresIn = num(answer.expires_in);
  const refreshIn = num(answer['refresh_token_expires_in']);
  return {
    scheme: 'webexBearer',
    origin: environmentOrigin(baseUrl),
    accessToken: answer.access_token,
    flow,
    ...(expiresIn !== undefined ? { expiresAt: now + expiresIn * 1000 } : {}),
    ...(typeof answer.refresh_token === 'string' ? { refreshToken: answer.refresh_token } : {}),
    ...(refreshIn !== undefined ? { refreshExpiresAt: now + refreshIn * 1000 } : {}),
    ...(typeof answer.scope === 'string' && answer.scope !== ''
      ? { scopes: answer.scope.split(/\s+/).filter((s) => s !== '') }
      : {}),
  };
}

const OAUTH_WORDS: Record<string, { code: FlowError['code']; text: string }> = {
  invalid_client: { code: 'invalid-credentials', text: 'Webex did not accept the client id or client secret.' },
  unauthorized_client: { code: 'invalid-credentials', text: 'This integration may not use this grant.' },
  invalid_grant: {
    code: 'invalid-grant',
    text: 'Webex rejected the grant (the code or refresh token is expired, used or revoked); sign in again.',
  },
  access_denied: { code: 'denied', text: 'The sign-in was declined in the browser.' },
  expired_token: { code: 'timeout', text: 'The sign-in code expired before it was approved; sign in again.' },
  invalid_scope: { code: 'invalid-credentials', text: 'Webex did not accept the requested scopes.' },
};

/** Any failure of an oauth4webapi call as a FlowError in words, with every known secret masked. */
export function oauthFailure(oauth: OAuth, e: unknown, secrets: SecretSet, ctx: FlowContext): FlowError {
  if (e instanceof FlowError) return e;
  if (ctx.signal?.aborted) return new FlowError('cancelled', 'Sign in was cancelled.');
  if (e instanceof oauth.ResponseBodyError) {
    const known = OAUTH_WORDS[e.error];
    const said = e.error_description ? ` (Webex said: ${e.error_description})` : '';
    return new FlowError(
      known?.code ?? 'protocol',
      secrets.mask(`${known?.text ?? `Webex answered ${e.status} ${e.error}.`}${said}`),
      e.error,
    );
  }
  const message = e instanceof Error ? e.message : String(e);
  return new FlowError('protocol', secrets.mask(`Webex's answer could not be used: ${message}`));
}
