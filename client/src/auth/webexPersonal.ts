/**
 * A pasted Webex personal access token: no API issues or refreshes one, but `GET /v1/authorizations/tokenExpiry`
 * tells when the token it is called with ends, so the status bar can show its real expiry instead of a guess.
 */
import { SecretSet, authCall } from './transport';
import { environmentOrigin } from './transport';
import { FlowError } from './types';
import type { FlowContext, TokenSet } from './types';
import { WEBEX_PATHS } from './webexOAuth';

/**
 * `exp` as epoch milliseconds. Documented as epoch ms; a value below 1e12 is read as seconds and an ISO string is
 * parsed too, so a variant answer still gives a correct date rather than 1970.
 */
export function parseTokenExpiry(json: unknown): number | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const exp = (json as Record<string, unknown>)['exp'];
  if (typeof exp === 'number' && Number.isFinite(exp) && exp > 0) return exp < 1e12 ? exp * 1000 : exp;
  if (typeof exp === 'string' && exp !== '') {
    const t = /^\d+$/.test(exp) ? Number(exp) : Date.parse(exp);
    if (Number.isFinite(t) && t > 0) return t < 1e12 ? t * 1000 : t;
  }
  return undefined;
}

/** The personal token as a TokenSet with the expiry Webex reports for it. */
export async function webexPersonalToken(token: string, ctx: FlowContext): Promise<TokenSet> {
  const secrets = new SecretSet().add(token);
  const answer = await authCall(
    ctx,
    {
      method: 'GET',
      path: WEBEX_PATHS.tokenExpiry,
      headers: [['Accept', 'application/json']],
      credential: { header: 'Authorization', prefix: 'Bearer ', value: token, label: 'personal access token' },
      endpoint: 'Webex token expiry endpoint',
    },
    secrets,
  );
  if (answer.status === 401) {
    throw new FlowError('invalid-credentials', 'Webex did not accept this token (expired, revoked or mistyped).');
  }
  if (answer.status !== 200) {
    throw new FlowError('protocol', `The Webex token expiry endpoint answered ${answer.status}.`);
  }
  const expiresAt = parseTokenExpiry(answer.json);
  if (expiresAt === undefined) {
    throw new FlowError('protocol', 'The Webex token expiry endpoint answered without a usable "exp".');
  }
  return {
    scheme: 'webexBearer',
    origin: environmentOrigin(ctx.baseUrl),
    accessToken: token,
    expiresAt,
    flow: 'webex-personal',
  };
}
