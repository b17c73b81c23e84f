/**
 * One renewal per stored token at a time (#10): two Sends, or a Send and the background renewal, that find the
 * same token due would otherwise both spend its refresh token (Webex rotates it, so the second is refused and the
 * token dropped) or log in to Huawei twice. The first caller runs the renewal; the others, keyed by the token's
 * slot (scheme, origin, profile), await the same promise. A failure reaches every caller as the same error, and
 * {@link SingleFlight.firstReport} lets only one of them tell the user. Pure, no `vscode`.
 */

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

export interface Flight<T> {
  promise: Promise<T>;
  /** True when another caller had already started this work: this one only awaits it. */
  joined: boolean;
}

export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<T>>();
  private readonly reported = new WeakSet<object>();

  /** Runs `work` for `key` unless it is already running, then returns that run instead. */
  run(key: string, work: () => Promise<T>): Flight<T> {
    const running = this.flights.get(key);
    if (running) return { promise: running, joined: true };
    // Started on the next microtask, so a `work` that throws at once still finds its entry to remove.
    const promise: Promise<T> = Promise.resolve()
      .then(work)
      .finally(() => {
        if (this.flights.get(key) === promise) this.flights.delete(key);
      });
    this.flights.set(key, promise);
    return { promise, joined: false };
  }

  /** Whether `key` has a run under way. */
  running(key: string): boolean {
    return this.flights.has(key);
  }

  /** True the first time a given failure is reported: the callers that shared it stay quiet after that. */
  firstReport(error: unknown): boolean {
    if (typeof error !== 'object' || error === null) return true;
    if (this.reported.has(error)) return false;
    this.reported.add(error);
    return true;
  }
}
