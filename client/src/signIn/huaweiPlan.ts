/**
 * Huawei Cloud Meeting Sign In as data: the two modes (App ID with App Key, or account with password), how their
 * credentials are kept per origin (SecretStorage; a password only when the user chose to keep it), the input
 * checks, and the login itself over the pure flows of auth/huaweiLogin.ts. Pure (no `vscode`): the command line
 * can reuse it; huaweiSignIn.ts is the adapter. The China and international hosts are different origins, each
 * with its own credentials and token.
 */
import { signInHuaweiAccount, signInHuaweiAppId } from '../auth/huaweiLogin';
import { environmentOrigin } from '../auth/transport';
import { FlowError } from '../auth/types';
import type { FlowContext, TokenSet } from '../auth/types';

export type HuaweiMode = 'app-id' | 'account';

/** What is kept for one origin. An account without `password` means "ask for the password each time". */
export type HuaweiStored =
  | { mode: 'app-id'; appId: string; appKey: string; userId?: string; corpId?: string }
  | { mode: 'account'; account: string; password?: string };

/** SecretStorage key of the Huawei sign-in credentials for one environment origin (not a token key). */
export function huaweiCredentialsKey(origin: string): string {
  return `signin:huawei@${origin}`;
}

export function encodeHuaweiStored(c: HuaweiStored): string {
  return JSON.stringify(c);
}

const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** The stored credentials, or undefined when absent or unreadable (Sign In then asks again). */
export function decodeHuaweiStored(stored: string | undefined): HuaweiStored | undefined {
  if (!stored) return undefined;
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(stored);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    o = parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (o.mode === 'app-id' && text(o.appId) && text(o.appKey)) {
    return {
      mode: 'app-id',
      appId: o.appId,
      appKey: o.appKey,
      ...(text(o.userId) ? { userId: o.userId } : {}),
      ...(text(o.corpId) ? { corpId: o.corpId } : {}),
    };
  }
  if (o.mode === 'account' && text(o.account)) {
    return { mode: 'account', account: o.account, ...(text(o.password) ? { password: o.password } : {}) };
  }
  return undefined;
}

/** The mode choices, in the order Sign In offers them. */
export const HUAWEI_MODES: ReadonlyArray<{ mode: HuaweiMode; label: string; detail: string }> = [
  {
    mode: 'app-id',
    label: 'App ID and App Key',
    detail: 'An app from the meeting console. The App Key stays on this machine: each login is signed with it locally.',
  },
  {
    mode: 'account',
    label: 'Account and password',
    detail: 'A Huawei Cloud Meeting account. Its password is kept in secret storage or asked each time.',
  },
];

/** The password choices of the account mode. */
export const PASSWORD_CHOICES = {
  keep: 'Keep the password in VS Code’s secret storage',
  ask: 'Ask for the password each time',
} as const;

/**
 * Input-box check of an App ID, App Key, account, user id or corp id: one line of visible characters, bounded.
 * `optional` lets an empty value through (user id and corp id); `signed` refuses ":" (the App ID, user id and corp
 * id are parts of the signed string `appId:corpId:userId:expireTime:nonce`).
 */
export function validateHuaweiField(
  value: string,
  what: string,
  opts: { optional?: boolean; signed?: boolean } = {},
): string | undefined {
  const v = value.trim();
  if (v.length === 0) return opts.optional ? undefined : `Enter the ${what}.`;
  if (v.length > 256) return `That is too long for a ${what}.`;
  if (!/^[\x21-\x7e]+$/.test(v)) return `A ${what} has no spaces or special characters.`;
  if (opts.signed && v.includes(':')) return `A ${what} cannot contain ":".`;
  return undefined;
}

/** A password may hold spaces and any printable character; only emptiness and line breaks are refused. */
export function validateHuaweiPassword(value: string): string | undefined {
  if (value.length === 0) return 'Enter the password.';
  if (value.length > 256) return 'That is too long for a password.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'A password cannot contain line breaks or control characters.';
  return undefined;
}

/** What a login needs beyond the stored credentials: the password of an account that does not keep one. */
export function needsPassword(stored: HuaweiStored): boolean {
  return stored.mode === 'account' && stored.password === undefined;
}

/**
 * Logs in with the credentials stored for `origin` (and `password` for an account that asks each time): App ID
 * signs a fresh request locally; the account sends Basic over TLS. Only on that origin (#10): a base URL elsewhere
 * gets nothing, whichever caller found it. The token is for the environment's exact origin.
 */
export async function huaweiLogin(
  stored: HuaweiStored,
  origin: string,
  ctx: FlowContext,
  password?: string,
): Promise<TokenSet> {
  const at = environmentOrigin(ctx.baseUrl);
  if (at !== origin) {
    throw new FlowError(
      'protocol',
      `The Huawei credentials of ${origin} are not sent to ${at}: they log in only on their own origin.`,
    );
  }
  if (stored.mode === 'app-id') {
    return await signInHuaweiAppId(
      {
        appId: stored.appId,
        appKey: stored.appKey,
        ...(stored.userId !== undefined ? { userId: stored.userId } : {}),
        ...(stored.corpId !== undefined ? { corpId: stored.corpId } : {}),
      },
      ctx,
    );
  }
  const pass = stored.password ?? password;
  if (pass === undefined) throw new Error('huaweiLogin: the account password is needed (needsPassword).');
  return await signInHuaweiAccount({ account: stored.account, password: pass }, ctx);
}

/**
 * A login that asks nothing (background renewal): undefined for an account that keeps no password, which only a
 * caller that may ask (Send) logs in.
 */
export async function huaweiLoginWithoutAsking(
  stored: HuaweiStored,
  origin: string,
  ctx: FlowContext,
): Promise<TokenSet | undefined> {
  return needsPassword(stored) ? undefined : await huaweiLogin(stored, origin, ctx);
}

/**
 * The re-login after Huawei refused the token `refused` (401, `USG.000000004`), run as the slot's renewal, on the
 * record `stored` there when it runs: only the refused token itself is replaced by a new `login`. Another token
 * stored meanwhile (by a renewal this one followed, or one that ended just before) is the one to send again, so a
 * race costs no second login or password prompt; a token cleared meanwhile is not brought back (undefined).
 */
export async function reloginAfterRefusal<R extends { token: string }>(
  stored: R | undefined,
  refused: string,
  login: () => Promise<R | undefined>,
): Promise<R | undefined> {
  if (stored === undefined) return undefined;
  return stored.token === refused ? await login() : stored;
}

/** A one-line description of what is stored, for messages: never a secret. */
export function describeHuaweiStored(stored: HuaweiStored): string {
  return stored.mode === 'app-id'
    ? `App ID ${stored.appId}${stored.userId !== undefined ? `, user ${stored.userId}` : ' (enterprise administrator)'}`
    : `account ${stored.account}${stored.password === undefined ? ' (password asked each time)' : ''}`;
}
