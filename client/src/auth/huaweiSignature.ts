/**
 * Huawei Cloud Meeting App ID authentication signs its request locally: HMAC-SHA256, keyed by the App Key, of
 * `appId:userId:expireTime:nonce` (service-provider apps add the corp id: `appId:corpId:userId:expireTime:nonce`,
 * with empty parts kept). The App Key itself never leaves this machine; only the signature and the base64 App ID
 * travel, in `Authorization: HMAC-SHA256 signature=…,access=…`.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** How long a signature is good for: Huawei's SDK uses ten minutes; a captured one is useless after that. */
export const SIGNATURE_LIFE_SECONDS = 600;

export interface AppAuthSigned {
  /** Unix seconds after which the signature is refused. */
  expireTime: number;
  /** 48 hex characters, fresh per request (Huawei asks for 32–64). */
  nonce: string;
  /** Upper-case hex, as Huawei's SDK sends it. */
  signature: string;
  /** The Authorization header value. */
  authorization: string;
}

export function signedString(
  appId: string,
  userId: string,
  expireTime: number,
  nonce: string,
  corpId?: string,
): string {
  return corpId !== undefined && corpId !== ''
    ? `${appId}:${corpId}:${userId}:${expireTime}:${nonce}`
    : `${appId}:${userId}:${expireTime}:${nonce}`;
}

export function hmacHex(key: string, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex').toUpperCase();
}

export function signAppAuth(
  input: { appId: string; appKey: string; userId?: string; corpId?: string },
  nowMs: number,
  nonce: string = randomBytes(24).toString('hex'),
): AppAuthSigned {
  const expireTime = Math.floor(nowMs / 1000) + SIGNATURE_LIFE_SECONDS;
  const signature = hmacHex(
    input.appKey,
    signedString(input.appId, input.userId ?? '', expireTime, nonce, input.corpId),
  );
  const access = Buffer.from(input.appId, 'utf8').toString('base64');
  return { expireTime, nonce, signature, authorization: `signature=${signature},access=${access}` };
}
