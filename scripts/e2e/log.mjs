// Progress lines for slow steps. They go to stderr so that the test runner's own report on stdout
// stays readable, and they carry the time since the process started so a slow step is obvious.
const started = Date.now();

/** @param {string} message */
export function log(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[e2e ${seconds}s] ${message}\n`);
}

/**
 * Prints "still <what>…" every `everyMs` while `promise` runs, so a long install never looks hung.
 * @template T
 * @param {string} what
 * @param {Promise<T>} promise
 * @param {number} [everyMs]
 * @returns {Promise<T>}
 */
export async function withHeartbeat(what, promise, everyMs = 20_000) {
  const t0 = Date.now();
  const timer = setInterval(() => log(`still ${what} (${Math.round((Date.now() - t0) / 1000)} s)…`), everyMs);
  try {
    return await promise;
  } finally {
    clearInterval(timer);
  }
}
