/**
 * Keeping a token alive, the same for every scheme: nothing to do while it is fresh; near its end, refresh when
 * the flow can; when the refresh is refused (revoked, expired, used) or there is none, sign in again.
 */
import { FlowError } from './types';
import type { TokenSet } from './types';
import { needsRenewal } from './types';

export interface RenewOps {
  /** Renews with what the token set carries (a refresh token, the current token); absent when the flow has none. */
  refresh?: (current: TokenSet) => Promise<TokenSet>;
  /** Obtains a new token from the stored credentials (or asks the user). */
  signIn: () => Promise<TokenSet>;
}

export interface Renewed {
  tokens: TokenSet;
  how: 'kept' | 'refreshed' | 'signed-in';
  /** Why a refresh was not used, in words, when the outcome is `signed-in` after a refused refresh. */
  refreshRefused?: string;
}

/** Refusals after which signing in again is the answer; anything else (network, cancel) is the caller's to show. */
const RELOGIN_CODES: ReadonlySet<FlowError['code']> = new Set(['invalid-grant', 'invalid-credentials']);

export async function renewIfNeeded(
  current: TokenSet,
  ops: RenewOps,
  now: number,
  lifetimeMs?: number,
): Promise<Renewed> {
  if (!needsRenewal(current, now, lifetimeMs)) return { tokens: current, how: 'kept' };
  if (ops.refresh) {
    try {
      return { tokens: await ops.refresh(current), how: 'refreshed' };
    } catch (e) {
      if (!(e instanceof FlowError) || !RELOGIN_CODES.has(e.code)) throw e;
      return { tokens: await ops.signIn(), how: 'signed-in', refreshRefused: e.message };
    }
  }
  return { tokens: await ops.signIn(), how: 'signed-in' };
}
