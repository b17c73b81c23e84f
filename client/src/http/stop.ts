/**
 * What stops one send: its overall deadline and the caller's Cancel, as the one signal undici watches. Per
 * request this replaces an AbortController, a timer and a listener on the caller's signal (#11, the CPU of a
 * send): undici accepts an EventEmitter as a signal, every deadline shares one timer, and each caller's signal
 * gets one listener however many sends it covers.
 */
import { EventEmitter } from 'node:events';

/** Why a send stopped at its deadline, as `AbortSignal.timeout` words it. */
const timeoutReason = (): DOMException => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

/** The stops under way, and the one timer set for the earliest deadline among them. */
const running = new Set<RequestStop>();
let timer: NodeJS.Timeout | undefined;
let timerAt = Infinity;

function schedule(at: number): void {
  if (timer !== undefined) clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(expire, Math.max(1, Math.ceil(at - performance.now())));
  // A deadline never keeps the process alive: the request it bounds does that while it runs.
  timer.unref();
}

function expire(): void {
  timer = undefined;
  timerAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const stop of running) {
    if (stop.deadline <= now) stop.expire();
    else if (stop.deadline < next) next = stop.deadline;
  }
  // A timer may fire a little before performance.now() reaches a deadline: it is set again, never dropped.
  if (next < Infinity && next < timerAt) schedule(next);
}

/** The stops of each caller's signal that are under way; one abort listener per signal. */
const byCaller = new WeakMap<AbortSignal, Set<RequestStop>>();

function follow(signal: AbortSignal, stop: RequestStop): void {
  let stops = byCaller.get(signal);
  if (stops === undefined) {
    const mine = new Set<RequestStop>();
    stops = mine;
    byCaller.set(signal, mine);
    signal.addEventListener(
      'abort',
      () => {
        for (const s of [...mine]) s.abort(signal.reason);
        mine.clear();
      },
      { once: true },
    );
  }
  stops.add(stop);
}

/**
 * The signal of one send (pass it as undici's `signal`). It aborts when `timeoutMs` have passed (`timedOut` is
 * then true) or when the caller's signal aborts; call {@link RequestStop.end} once the send is over, whatever
 * happened, so neither can reach it after.
 */
export class RequestStop extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  timedOut = false;
  /** performance.now() at which the send is stopped. */
  readonly deadline: number;
  private ended = false;

  constructor(
    timeoutMs: number,
    private readonly caller: AbortSignal | undefined,
  ) {
    super();
    this.deadline = performance.now() + timeoutMs;
    running.add(this);
    if (this.deadline < timerAt) schedule(this.deadline);
    if (caller?.aborted) this.abort(caller.reason);
    else if (caller !== undefined) follow(caller, this);
  }

  /** Aborts the send with `reason` (undici rejects or destroys the body with it); later calls do nothing. */
  abort(reason: unknown): void {
    if (this.aborted || this.ended) return;
    this.aborted = true;
    this.reason = reason;
    this.release();
    this.emit('abort');
  }

  /** The deadline passed (called by the shared timer). */
  expire(): void {
    if (this.aborted || this.ended) return;
    this.timedOut = true;
    this.abort(timeoutReason());
  }

  /** The send is over: neither the deadline nor the caller's Cancel reaches it any more. */
  end(): void {
    this.ended = true;
    this.release();
    this.removeAllListeners('abort');
  }

  private release(): void {
    running.delete(this);
    if (this.caller !== undefined) byCaller.get(this.caller)?.delete(this);
  }
}

/** How many stops are under way (tests: none is left behind). */
export function runningStops(): number {
  return running.size;
}
