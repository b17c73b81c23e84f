/**
 * Timers a test runs by hand, for modules that take `setTimer`/`clearTimer` (the control-token keeper, the
 * background renewal): each records when it is due on the test's clock, so "before the end" is exact and nothing
 * waits in real time.
 */
export interface FakeTimer {
  run: () => void;
  at: number;
  cleared: boolean;
}

/** `setTimer` and `clearTimer` over `timers` (the test's list), due at `now() + ms`. */
export function fakeTimerDeps(
  timers: FakeTimer[],
  now: () => number,
): { setTimer: (run: () => void, ms: number) => unknown; clearTimer: (handle: unknown) => void } {
  return {
    setTimer: (run, ms) => {
      const t = { run, at: now() + ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      (t as FakeTimer).cleared = true;
    },
  };
}
