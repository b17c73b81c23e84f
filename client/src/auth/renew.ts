/**
 * Keeping a token alive: the one renewal gate for every scheme, used by Send (the extension), the command line
 * and the meeting-control token's keep-alive. A token is renewed near its end (five minutes before, or at half
 * its life for short-lived tokens: {@link needsRenewal}), by what its flow allows: its refresh token (Webex), a
 * new login from the stored credentials (Huawei), or a keep-alive call with the current token (the Huawei
 * meeting-control token). When the refresh is refused (revoked, expired, used) the caller may sign in again.
 */
import { FlowError, needsRenewal } from './types';
import type { TokenSet } from './types';

/** How a flow's token is renewed. */
export type RenewalMeans = 'refresh-token' | 'login' | 'keep-alive';

const MEANS: Readonly<Record<string, RenewalMeans>> = {
  'webex-device': 'refresh-token',
  'webex-refresh': 'refresh-token',
  'webex-pkce': 'refresh-token',
  'webex-service-app': 'refresh-token',
  'huawei-app-id': 'login',
  'huawei-account': 'login',
  'huawei-control': 'keep-alive',
};

/** How a token from `flow` renews; undefined for a pasted token (or a flow without renewal). */
export function renewalMeans(flow: string | undefined): RenewalMeans | undefined {
  return flow === undefined ? undefined : MEANS[flow];
}

/** What the gate reads of a stored record or a flow's token set. Times are epoch milliseconds. */
export interface RenewalState {
  flow?: string;
  expiresAt?: number;
  /** When it was obtained: with `expiresAt` it gives the lifetime, so a short-lived token renews at half its life. */
  obtainedAt?: number;
  refreshToken?: string;
  refreshExpiresAt?: number;
}

/**
 * Whether a token should be renewed now: it came from a flow that can renew it (a refresh token that has not
 * ended, stored credentials, or its own keep-alive), and it is expired or within the renewal margin of its end.
 * A pasted token is never renewed.
 */
export function renewalDue(t: RenewalState, now: number): boolean {
  const means = renewalMeans(t.flow);
  if (means === undefined) return false;
  if (means === 'refresh-token') {
    if (t.refreshToken === undefined) return false;
    if (t.refreshExpiresAt !== undefined && t.refreshExpiresAt <= now) return false;
  }
  const lifetime = t.expiresAt !== undefined && t.obtainedAt !== undefined ? t.expiresAt - t.obtainedAt : undefined;
  return needsRenewal(t, now, lifetime);
}

export interface RenewOps {
  /** Renews with what the token set carries (a refresh token, the current token); absent when the flow has none. */
  refresh?: (current: TokenSet) => Promise<TokenSet>;
  /** Obtains a new token from the stored credentials (or asks the user); absent: a refused refresh is the caller's. */
  signIn?: () => Promise<TokenSet>;
}

export interface Renewed {
  tokens: TokenSet;
  how: 'kept' | 'refreshed' | 'signed-in';
  /** Why a refresh was not used, in words, when the outcome is `signed-in` after a refused refresh. */
  refreshRefused?: string;
}

/** Refusals after which signing in again is the answer; anything else (network, cancel) is the caller's to show. */
const RELOGIN_CODES: ReadonlySet<FlowError['code']> = new Set(['invalid-grant', 'invalid-credentials']);

/** Renews `current` when {@link renewalDue} says so: refresh first when the flow can, else (or when refused) sign in. */
export async function renewIfNeeded(
  current: TokenSet & { obtainedAt?: number },
  ops: RenewOps,
  now: number,
): Promise<Renewed> {
  if (!renewalDue(current, now)) return { tokens: current, how: 'kept' };
  if (ops.refresh) {
    try {
      return { tokens: await ops.refresh(current), how: 'refreshed' };
    } catch (e) {
      if (!ops.signIn || !(e instanceof FlowError) || !RELOGIN_CODES.has(e.code)) throw e;
      return { tokens: await ops.signIn(), how: 'signed-in', refreshRefused: e.message };
    }
  }
  if (!ops.signIn) throw new FlowError('invalid-grant', 'This token cannot be renewed; sign in again.');
  return { tokens: await ops.signIn(), how: 'signed-in' };
}
