/**
 * Background renewal of stored tokens while nothing is sent: one timer, set for the earliest renewal time of the
 * tokens that can renew without asking (a Webex refresh token, a Huawei login from stored credentials), renewing
 * those due through the one gate (renew.ts, by the caller's `renew`) and setting itself again. A failure is kept
 * per token for the status bar to show (never a dialog); a refusal is not tried again until the token changes
 * (Sign In or Send), anything else after {@link RETRY_AFTER_FAILURE_MS}. The Huawei meeting-control token keeps
 * itself alive (controlTokens.ts). Pure (no `vscode`; clock and timers injectable), so it is unit-tested.
 */
import { renewalDelay } from '../tokenHealth';
import { renewalDue } from './renew';
import type { RenewalState } from './renew';
import { FlowError } from './types';

/** A transient failure (network, a server error) is tried again after this long. */
export const RETRY_AFTER_FAILURE_MS = 2 * 60_000;
/** The timer never fires sooner than this after the last round, so a token that stays due cannot spin it. */
export const MIN_ROUND_GAP_MS = 1_000;

/** A stored token that may renew in the background. */
export interface RenewalCandidate {
  /** Identifies the token across rounds, e.g. `webexBearer@https://webexapis.com`. */
  key: string;
  state: RenewalState;
}

export interface RenewalFailure {
  /** In words, from the flow (never a secret: flows mask what they were given). */
  message: string;
  at: number;
  /** The token's expiry when it failed: a new token (another expiry) clears the failure. */
  expiresAt?: number;
  /** When to try again; undefined: not until the token changes (a refusal). */
  retryAt?: number;
}

/** The key of a stored token's background renewal: one per (scheme, origin) of the active profile. */
export function renewalKey(scheme: string, origin: string): string {
  return `${scheme}@${origin}`;
}

export interface RenewalTimerDeps<C extends RenewalCandidate> {
  /** The tokens that can renew without asking, read fresh each round. */
  candidates: () => Promise<C[]>;
  /** Renews one due token and stores it; throws the flow's FlowError when it cannot. */
  renew: (candidate: C) => Promise<void>;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** The failures changed (the status bar redraws). */
  onFailuresChanged?: () => void;
}

/**
 * Not tried again until the token changes: the stored credential or refresh token is refused (trying again would
 * be refused again), or the flow needed something it may not ask for here (`cancelled`: Send will ask).
 */
const NO_RETRY: ReadonlySet<FlowError['code']> = new Set([
  'invalid-grant',
  'invalid-credentials',
  'denied',
  'cancelled',
]);

export class RenewalTimer<C extends RenewalCandidate = RenewalCandidate> {
  private timer: unknown;
  private readonly failures = new Map<string, RenewalFailure>();
  private readonly now: () => number;
  private running = false;
  private disposed = false;
  private lastRound = -Infinity;

  constructor(private readonly deps: RenewalTimerDeps<C>) {
    this.now = deps.now ?? Date.now;
  }

  /** Why the background renewal of `key` failed, while that is still the token stored. */
  failure(key: string): RenewalFailure | undefined {
    return this.failures.get(key);
  }

  /** Recomputes the one timer (call when tokens change); a round under way sets it again when it ends. */
  async reschedule(): Promise<void> {
    if (this.disposed || this.running) return;
    const candidates = await this.deps.candidates();
    if (this.disposed || this.running) return;
    this.forgetStale(candidates);
    const now = this.now();
    const delays = candidates.map((c) => this.delayOf(c, now)).filter((d): d is number => d !== undefined);
    this.stop();
    if (delays.length === 0 || !this.deps.setTimer) return;
    const delay = Math.max(Math.min(...delays), this.lastRound + MIN_ROUND_GAP_MS - now, 0);
    this.timer = this.deps.setTimer(() => void this.round(), delay);
  }

  /** One round: renews every due token (one after another), then sets the timer again. */
  async round(): Promise<void> {
    if (this.disposed || this.running) return;
    this.running = true;
    delete this.timer;
    this.lastRound = this.now();
    let changed = false;
    try {
      const candidates = await this.deps.candidates();
      for (const c of candidates) {
        if (this.disposed) return;
        if (this.delayOf(c, this.now()) !== 0) continue;
        try {
          await this.deps.renew(c);
          if (this.failures.delete(c.key)) changed = true;
        } catch (e) {
          const at = this.now();
          const refused = e instanceof FlowError && NO_RETRY.has(e.code);
          this.failures.set(c.key, {
            message: e instanceof FlowError ? e.message : 'the renewal failed unexpectedly; see the output channel',
            at,
            ...(c.state.expiresAt !== undefined ? { expiresAt: c.state.expiresAt } : {}),
            ...(refused ? {} : { retryAt: at + RETRY_AFTER_FAILURE_MS }),
          });
          changed = true;
        }
      }
    } finally {
      this.running = false;
      if (changed) this.deps.onFailuresChanged?.();
    }
    await this.reschedule();
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  /** Milliseconds until `c` is to be renewed (0: now); undefined when it will not renew by itself. */
  private delayOf(c: RenewalCandidate, now: number): number | undefined {
    const failed = this.failures.get(c.key);
    if (failed) {
      if (failed.retryAt === undefined) return undefined;
      if (failed.retryAt > now) return failed.retryAt - now;
    }
    // Due means the gate says so (a refresh token that ended, say, never is): the same rule as Send.
    const later = renewalDelay(c.state, now);
    if (later === undefined) return undefined;
    return renewalDue(c.state, now + later) ? later : undefined;
  }

  /** A failure is about one token: once another is stored (or none), it no longer applies. */
  private forgetStale(candidates: readonly RenewalCandidate[]): void {
    let changed = false;
    for (const [key, f] of this.failures) {
      const c = candidates.find((x) => x.key === key);
      if (!c || c.state.expiresAt !== f.expiresAt) {
        this.failures.delete(key);
        changed = true;
      }
    }
    if (changed) this.deps.onFailuresChanged?.();
  }

  private stop(): void {
    if (this.timer !== undefined) this.deps.clearTimer?.(this.timer);
    delete this.timer;
  }
}
