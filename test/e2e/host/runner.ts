/**
 * A minimal test runner for the extension host, where node:test cannot report (its output goes to a
 * process nobody reads). Tests register with `hostTest`; `runHostTests` runs them one after the other,
 * each with a time bound, and returns one result per test. The caller (index.ts) writes the results
 * to a file the outer node:test run reads, and fails the run when one failed.
 */

export interface HostResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

interface HostTest {
  name: string;
  fn: () => Promise<void> | void;
  timeoutMs: number;
}

const registered: HostTest[] = [];

export function hostTest(name: string, fn: () => Promise<void> | void, timeoutMs = 30_000): void {
  registered.push({ name, fn, timeoutMs });
}

export async function runHostTests(): Promise<HostResult[]> {
  const results: HostResult[] = [];
  for (const t of registered) {
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(t.fn),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${t.timeoutMs / 1000} s`)), t.timeoutMs);
        }),
      ]);
      results.push({ name: t.name, ok: true, ms: Date.now() - started });
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name: t.name, ok: false, ms: Date.now() - started, error: text });
    } finally {
      clearTimeout(timer);
    }
  }
  return results;
}

/** Polls `probe` until it returns a value other than undefined/false; bounded like every wait here. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
