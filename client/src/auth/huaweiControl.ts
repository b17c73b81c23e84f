/**
 * Huawei meeting-control token (`X-Conference-Authorization`) for one meeting in progress:
 * `GET /v1/mmc/control/conferences/token?conferenceID=…` with the host password in `X-Password` and
 * `X-Login-Type: 1`; kept alive by calling again with the current control token. It lives 30 minutes and exists
 * only while the meeting runs. The host password is the caller's to hold in memory only; it is masked here.
 */
import { SecretSet, authCall, environmentOrigin, isEchoOfSent } from './transport';
import { FlowError } from './types';
import type { FlowContext, FlowErrorCode, HuaweiControlInput, TokenSet } from './types';
import { KNOWN_ERROR_CODES, knownErrorCode } from '../../../common/errorCodes';
import type { KnownErrorCode } from '../../../common/errorCodes';
import { HUAWEI_PATHS, huaweiError } from './huaweiLogin';

/** Documented life, used when the answer gives no expiry. */
export const CONTROL_TOKEN_LIFE_MS = 30 * 60_000;

/**
 * What a refusal of the control-token endpoint means. 401/403: the password or the token. "Not in progress" only
 * for an error code our one table of vendor codes (common/errorCodes.ts) documents as meaning that — Huawei's page
 * (meeting_21_0027) says a meeting that has not started gets "a failure message" but names no code, and the table
 * holds none yet, so today every other refusal is said as Huawei said it (`refused`), never guessed.
 */
export function controlRefusalCode(
  status: number,
  vendorCode: string | undefined,
  table: readonly KnownErrorCode[] = KNOWN_ERROR_CODES,
): FlowErrorCode {
  if (status === 401 || status === 403) return 'invalid-credentials';
  if (
    vendorCode !== undefined &&
    knownErrorCode('error_code', vendorCode, table)?.means === 'meeting-not-in-progress'
  ) {
    return 'not-in-progress';
  }
  return 'refused';
}

export async function huaweiControlToken(input: HuaweiControlInput, ctx: FlowContext): Promise<TokenSet> {
  const now = (ctx.now ?? Date.now)();
  if (input.hostPassword === undefined && input.currentControlToken === undefined) {
    throw new FlowError('invalid-credentials', `The host password of meeting ${input.conferenceId} is needed.`);
  }
  const secrets = new SecretSet().add(input.hostPassword, input.currentControlToken);
  const keepAlive = input.currentControlToken !== undefined;
  const answer = await authCall(
    ctx,
    {
      method: 'GET',
      path: HUAWEI_PATHS.controlToken,
      query: [['conferenceID', input.conferenceId]],
      headers: [['X-Login-Type', '1']],
      // Keep-alive: the current token; the password is then not checked by Huawei, so it is not sent.
      credential: keepAlive
        ? {
            header: 'X-Conference-Authorization',
            prefix: '',
            value: input.currentControlToken ?? '',
            label: 'meeting-control token',
          }
        : { header: 'X-Password', prefix: '', value: input.hostPassword ?? '', label: 'host password' },
      endpoint: 'Huawei meeting-control token endpoint',
    },
    secrets,
  );
  if (answer.status !== 200) {
    const err = huaweiError(answer.json);
    const code = controlRefusalCode(answer.status, err.code);
    const vendor = err.code !== undefined ? ` ${err.code}` : '';
    const said = err.message !== undefined ? `: ${err.message}` : '';
    const why =
      code === 'not-in-progress'
        ? ' The meeting is not in progress: a control token exists only while it runs; start the meeting first.'
        : code === 'invalid-credentials'
          ? keepAlive
            ? ' The held control token is no longer accepted.'
            : ' Check the host password.'
          : '';
    throw new FlowError(
      code,
      secrets.mask(
        `No control token for meeting ${input.conferenceId}: Huawei answered ${answer.status}${vendor}${said}.${why}`,
      ),
      err.code,
    );
  }
  const o = (typeof answer.json === 'object' && answer.json !== null ? answer.json : {}) as Record<string, unknown>;
  const data = (typeof o['data'] === 'object' && o['data'] !== null ? o['data'] : {}) as Record<string, unknown>;
  const answered = data['token'];
  if (typeof answered !== 'string' || answered === '') {
    throw new FlowError('protocol', "Huawei's control-token answer has no data.token.");
  }
  let token = answered;
  if (isEchoOfSent(token)) {
    // The core masks every credential a server echoes; a keep-alive may answer with the very token it was sent
    // (its life extended), which then reads as the mask. That is the current token, not a new value.
    if (!keepAlive || input.currentControlToken === undefined) {
      throw new FlowError('protocol', "Huawei's control-token answer repeats the host password as the token.");
    }
    token = input.currentControlToken;
  }
  const life = data['confTokenExpireTime'];
  const expireTime = data['expireTime'];
  const expiresAt =
    typeof life === 'number' && life > 0
      ? now + life * 1000
      : typeof expireTime === 'number' && expireTime > 0
        ? expireTime
        : now + CONTROL_TOKEN_LIFE_MS;
  return {
    scheme: 'huaweiConferenceAuthorization',
    origin: environmentOrigin(ctx.baseUrl),
    accessToken: token,
    expiresAt,
    flow: 'huawei-control',
    conferenceId: input.conferenceId,
  };
}
