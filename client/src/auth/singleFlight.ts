/**
 * One renewal per stored token at a time (#10): two Sends, or a Send and the background renewal, that find the
 * same token due would otherwise both spend its refresh token (Webex rotates it, so the second is refused and the
 * token dropped) or log in to Huawei twice. The first caller runs the renewal; the others, keyed by the token's
 * slot (scheme, origin, profile), await the same promise. A failure reaches every caller as the same error, and
 * {@link SingleFlight.firstReport} lets only one of them tell the user. Pure, no `vscode`.
 *
 * Callers differ in how far they may go ({@link Reach}): a caller that joins a run of less reach which ends with
 * nothing done (undefined: a quiet renewal that would have had to ask, a renewal that found the token not due when
 * the server had just refused it) has its own work run right after it, as the slot's run that later callers join.
 */
import { FlowError } from './types';

/** The slot of one stored token: what two callers must share to share its renewal. */
export interface TokenSlot {
  scheme: string;
  origin: string;
  profile: string;
}

/** The flight key of a token slot (JSON: no separator inside a part can make two slots collide). */
export function tokenSlotKey(slot: TokenSlot): string {
  return JSON.stringify([slot.scheme, slot.origin, slot.profile]);
}

/**
 * How far a caller's work may go, least first: `quiet` asks nothing (the background timer), `asking` may ask the
 * user (Send), `forced` renews even a token that is not due (the server refused it).
 */
export type Reach = 'quiet' | 'asking' | 'forced';

const RANK: Readonly<Record<Reach, number>> = { quiet: 0, asking: 1, forced: 2 };

export interface Flight<T> {
  promise: Promise<T | undefined>;
  /** True when another caller had already started work for this key: this one awaits it (and may follow it). */
  joined: boolean;
}

interface Running<T> {
  promise: Promise<T | undefined>;
  reach: Reach;
}

export class SingleFlight<T> {
  private readonly flights = new Map<string, Running<T>>();
  private readonly reported = new WeakSet<object>();

  /**
   * Runs `work` for `key` unless a run of at least the same `reach` is under way: then returns that run. A run of
   * less reach is awaited, and `work` runs after it when it did nothing (undefined); its failure is this caller's.
   */
  run(key: string, work: () => Promise<T | undefined>, reach: Reach = 'asking'): Flight<T> {
    const running = this.flights.get(key);
    if (running && RANK[running.reach] >= RANK[reach]) return { promise: running.promise, joined: true };
    // Started on the next microtask (or after the weaker run), so a `work` that throws at once still finds its
    // entry to remove.
    const start: Promise<T | undefined> = running
      ? running.promise.then((done) => (done === undefined ? work() : done))
      : Promise.resolve().then(work);
    const promise = start.finally(() => {
      if (this.flights.get(key)?.promise === promise) this.flights.delete(key);
    });
    this.flights.set(key, { promise, reach });
    return { promise, joined: running !== undefined };
  }

  /** Whether `key` has a run under way. */
  running(key: string): boolean {
    return this.flights.has(key);
  }

  /**
   * True the first time a given failure is reported: the callers that shared it stay quiet after that. A
   * cancellation is never told as a failure (the user cancelled a prompt, perhaps another caller's that this one
   * followed): false for every caller.
   */
  firstReport(error: unknown): boolean {
    if (error instanceof FlowError && error.code === 'cancelled') return false;
    if (typeof error !== 'object' || error === null) return true;
    if (this.reported.has(error)) return false;
    this.reported.add(error);
    return true;
  }
}
