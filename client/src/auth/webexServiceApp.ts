/**
 * Webex service app (a machine account a Full Admin authorized in Control Hub): its token for one organisation
 * comes from `POST /v1/applications/{applicationId}/token` with `{clientId, clientSecret, targetOrgId}`, called
 * with another token that holds `spark:applications_token` (the token manager's). That token is used for this
 * one call only and never stored by the flow. The answer has a refresh token; later renewals go through
 * `/v1/access_token` with the service app's client id and secret (webexRefresh.ts), without the manager token.
 */
import { SecretSet, authCall, environmentOrigin } from './transport';
import { FlowError } from './types';
import type { FlowContext, TokenSet, WebexServiceAppCredentials } from './types';
import { WEBEX_PATHS } from './webexOAuth';

/** Webex ids are base64url-ish strings; anything else would change the path, so it is refused. */
const ID_PATTERN = /^[A-Za-z0-9_=-]{1,512}$/;

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Webex's `message` or `errors[].description`, for the error text. */
function webexSaid(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  if (typeof o['message'] === 'string' && o['message'] !== '') return o['message'];
  const errors = o['errors'];
  if (Array.isArray(errors)) {
    const first = errors[0] as Record<string, unknown> | undefined;
    if (typeof first?.['description'] === 'string') return first['description'];
  }
  return undefined;
}

export async function signInWebexServiceApp(creds: WebexServiceAppCredentials, ctx: FlowContext): Promise<TokenSet> {
  for (const [what, value] of [
    ['application id', creds.applicationId],
    ['target organisation id', creds.targetOrgId],
    ['client id', creds.clientId],
  ] as const) {
    if (!ID_PATTERN.test(value)) {
      throw new FlowError('invalid-credentials', `The service app's ${what} is not a Webex id.`);
    }
  }
  const now = ctx.now ?? Date.now;
  const secrets = new SecretSet().add(creds.clientSecret, creds.managerToken);
  const answer = await authCall(
    ctx,
    {
      method: 'POST',
      path: WEBEX_PATHS.serviceAppToken.replace('{applicationId}', encodeURIComponent(creds.applicationId)),
      headers: [
        ['Content-Type', 'application/json'],
        ['Accept', 'application/json'],
      ],
      body: JSON.stringify({
        clientId: creds.clientId,
        clientSecret: creds.clientSecret,
        targetOrgId: creds.targetOrgId,
      }),
      credential: {
        header: 'Authorization',
        prefix: 'Bearer ',
        value: creds.managerToken,
        label: 'token manager token',
      },
      endpoint: 'Webex service app token endpoint',
    },
    secrets,
  );
  const o = (typeof answer.json === 'object' && answer.json !== null ? answer.json : {}) as Record<string, unknown>;
  if (answer.status !== 200) {
    const said = webexSaid(answer.json);
    const tail = said !== undefined ? ` (Webex said: ${said})` : '';
    const why =
      answer.status === 401
        ? 'Webex did not accept the token manager token (expired, revoked or mistyped).'
        : answer.status === 403
          ? 'The token manager token may not do this: it needs the spark:applications_token scope, and the service app must be authorized by a Full Admin of the target organisation in Control Hub.'
          : answer.status === 400 || answer.status === 404
            ? "Webex refused the service app's details (application id, client id or secret, or target organisation id)."
            : `The Webex service app token endpoint answered ${answer.status}.`;
    const code = answer.status >= 400 && answer.status < 500 ? 'invalid-credentials' : 'protocol';
    // Which credential was refused: the manager token (401/403) or the service app's own details.
    const vendorCode = answer.status === 401 || answer.status === 403 ? 'manager_token' : undefined;
    throw new FlowError(code, secrets.mask(`${why}${tail}`), vendorCode);
  }
  const accessToken = o['access_token'];
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new FlowError('protocol', "The Webex service app token endpoint's answer has no access_token.");
  }
  const at = now();
  const expiresIn = positive(o['expires_in']);
  const refreshIn = positive(o['refresh_token_expires_in']);
  return {
    scheme: 'webexBearer',
    origin: environmentOrigin(ctx.baseUrl),
    accessToken,
    flow: 'webex-service-app',
    ...(expiresIn !== undefined ? { expiresAt: at + expiresIn * 1000 } : {}),
    ...(typeof o['refresh_token'] === 'string' && o['refresh_token'] !== ''
      ? { refreshToken: o['refresh_token'] }
      : {}),
    ...(refreshIn !== undefined ? { refreshExpiresAt: at + refreshIn * 1000 } : {}),
  };
}
