/**
 * Huawei Cloud Meeting sign-in: App ID authentication (`POST /v2/usg/acs/auth/appauth`, signed locally, see
 * huaweiSignature.ts) and account and password (`POST /v1/usg/acs/auth/account`, HTTP Basic). Both answer with
 * an access token valid 12–24 h. Renewal is a new login from the same credentials before the end, and again on
 * a 401 or `USG.000000004` (invalid token); the China and international hosts are different origins, each with
 * its own token.
 */
import { SecretSet, authCall, environmentOrigin } from './transport';
import type { AuthAnswer } from './transport';
import { FlowError } from './types';
import type { FlowContext, FlowKind, HuaweiAccountCredentials, HuaweiAppIdCredentials, TokenSet } from './types';
import { signAppAuth } from './huaweiSignature';
import { HUAWEI_INVALID_TOKEN } from '../../../common/errorCodes';

/** Huawei's documented base URL is the host itself (`https://api.meeting.huaweicloud.com`): paths carry the version. */
export const HUAWEI_BASE_PATH = '';

export const HUAWEI_PATHS = {
  appAuth: '/v2/usg/acs/auth/appauth',
  account: '/v1/usg/acs/auth/account',
  controlToken: '/v1/mmc/control/conferences/token',
} as const;

/** Huawei's client type for API callers (at most 64 live tokens per user; a new one evicts the oldest). */
const CLIENT_TYPE = 72;
/** The error code for an invalid or expired token (from the one table of known codes). */
export { HUAWEI_INVALID_TOKEN };

/** `error_code` and `error_msg` of a Huawei error answer, when it has them. */
export function huaweiError(json: unknown): { code?: string; message?: string } {
  if (typeof json !== 'object' || json === null) return {};
  const o = json as Record<string, unknown>;
  return {
    ...(typeof o['error_code'] === 'string' ? { code: o['error_code'] } : {}),
    ...(typeof o['error_msg'] === 'string' ? { message: o['error_msg'] } : {}),
  };
}

/** Whether an answer to an API call means the Huawei token must be obtained again. */
export function huaweiTokenRejected(status: number, bodyText: string): boolean {
  if (status === 401) return true;
  try {
    return huaweiError(JSON.parse(bodyText)).code === HUAWEI_INVALID_TOKEN;
  } catch {
    return false;
  }
}

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** The login answer as a TokenSet. `validPeriod` (s) is preferred to `expireTime`: it does not depend on clocks agreeing. */
export function huaweiTokenSet(
  answer: AuthAnswer,
  ctx: FlowContext,
  flow: FlowKind,
  secrets: SecretSet,
  what: string,
): TokenSet {
  const now = (ctx.now ?? Date.now)();
  if (answer.status !== 200) {
    const err = huaweiError(answer.json);
    const said = err.message !== undefined ? ` (Huawei said: ${err.message})` : '';
    const code =
      answer.status === 400 || answer.status === 401 || answer.status === 403 ? 'invalid-credentials' : 'protocol';
    throw new FlowError(
      code,
      secrets.mask(
        `Huawei refused the ${what}: ${answer.status}${err.code !== undefined ? ` ${err.code}` : ''}${said}.`,
      ),
      err.code,
    );
  }
  const o = (typeof answer.json === 'object' && answer.json !== null ? answer.json : {}) as Record<string, unknown>;
  const accessToken = o['accessToken'];
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new FlowError('protocol', `Huawei's answer to the ${what} has no accessToken.`);
  }
  const valid = positive(o['validPeriod']);
  const expireTime = positive(o['expireTime']);
  const refreshValid = positive(o['refreshValidPeriod']);
  const refreshExpire = positive(o['refreshExpireTime']);
  const expiresAt = valid !== undefined ? now + valid * 1000 : expireTime !== undefined ? expireTime * 1000 : undefined;
  const refreshExpiresAt =
    refreshValid !== undefined
      ? now + refreshValid * 1000
      : refreshExpire !== undefined
        ? refreshExpire * 1000
        : undefined;
  return {
    scheme: 'huaweiAccessToken',
    origin: environmentOrigin(ctx.baseUrl),
    accessToken,
    flow,
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(typeof o['refreshToken'] === 'string' && o['refreshToken'] !== '' ? { refreshToken: o['refreshToken'] } : {}),
    ...(refreshExpiresAt !== undefined ? { refreshExpiresAt } : {}),
  };
}

/** App ID authentication: a fresh nonce and a short-lived signature on every call. */
export async function signInHuaweiAppId(creds: HuaweiAppIdCredentials, ctx: FlowContext): Promise<TokenSet> {
  const now = (ctx.now ?? Date.now)();
  const signed = signAppAuth(creds, now);
  const secrets = new SecretSet().add(creds.appKey);
  const body = {
    appId: creds.appId,
    clientType: CLIENT_TYPE,
    userId: creds.userId ?? '',
    expireTime: signed.expireTime,
    nonce: signed.nonce,
    ...(creds.corpId !== undefined && creds.corpId !== '' ? { corpId: creds.corpId } : {}),
  };
  const answer = await authCall(
    ctx,
    {
      method: 'POST',
      path: HUAWEI_PATHS.appAuth,
      headers: [['Content-Type', 'application/json; charset=UTF-8']],
      body: JSON.stringify(body),
      credential: {
        header: 'Authorization',
        prefix: 'HMAC-SHA256 ',
        value: signed.authorization,
        label: 'App ID signature',
      },
      endpoint: 'Huawei App ID authentication endpoint',
    },
    secrets,
  );
  const tokens = huaweiTokenSet(answer, ctx, 'huawei-app-id', secrets, 'App ID sign-in');
  secrets.add(tokens.accessToken);
  return tokens;
}

/** Account and password: HTTP Basic over TLS, the password masked in every message. */
export async function signInHuaweiAccount(creds: HuaweiAccountCredentials, ctx: FlowContext): Promise<TokenSet> {
  const secrets = new SecretSet().add(creds.password);
  const basic = Buffer.from(`${creds.account}:${creds.password}`, 'utf8').toString('base64');
  secrets.add(basic);
  const answer = await authCall(
    ctx,
    {
      method: 'POST',
      path: HUAWEI_PATHS.account,
      headers: [['Content-Type', 'application/json; charset=UTF-8']],
      body: JSON.stringify({ account: creds.account, clientType: CLIENT_TYPE }),
      credential: { header: 'Authorization', prefix: 'Basic ', value: basic, label: 'account and password' },
      endpoint: 'Huawei account authentication endpoint',
    },
    secrets,
  );
  return huaweiTokenSet(answer, ctx, 'huawei-account', secrets, 'account sign-in');
}
