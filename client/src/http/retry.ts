/**
 * Retry-After parsing and the automatic-retry policy. A PUT is retried only when the server said it did not
 * process it (429/423/503), only when the user enabled it, a bounded number of times and for a bounded wait;
 * never after a network error, where the server may already have applied it (T14; RFC 9110 §9.2.2).
 */
import type { RequestSettings } from '../../../common/settings';
import type { SendOptions, SendOutcome } from './types';
import type { PreparedRequest } from '../../../common/requestSpec';

/** Longest Retry-After we represent (a day); larger hints are clamped, not trusted to be meaningful. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;
/** Hard ceilings whatever the settings say. */
const MAX_ATTEMPTS = 5;
const MAX_WAIT_SECONDS = 300;

const RETRYABLE_STATUSES = new Set([423, 429, 503]);
/** Methods whose intended effect is idempotent; POST and PATCH are never repeated automatically. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
/** The three HTTP-date forms of RFC 9110 §5.6.7: IMF-fixdate, RFC 850, asctime. */
const HTTP_DATE = new RegExp(
  `^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (?:${MONTHS}) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT` +
    `|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-(?:${MONTHS})-\\d{2} \\d{2}:\\d{2}:\\d{2} GMT` +
    `|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:${MONTHS}) [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\d{4})$`,
);

/**
 * Seconds to wait from a `Retry-After` value: delta-seconds or an HTTP-date. Garbage → undefined; a negative
 * number or a date in the past → 0; anything longer than a day → {@link MAX_RETRY_AFTER_SECONDS}.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d{1,15}$/.test(v)) return Math.min(Number(v), MAX_RETRY_AFTER_SECONDS);
  if (/^-\d{1,15}$/.test(v)) return 0;
  if (v.length > 64 || !HTTP_DATE.test(v)) return undefined;
  // asctime has no zone; it is GMT by definition.
  const ms = Date.parse(/GMT$/.test(v) ? v : `${v} GMT`);
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, Math.ceil((ms - now) / 1000)), MAX_RETRY_AFTER_SECONDS);
}

export interface RetryDecision {
  retry: boolean;
  /** Seconds to wait before the retry, or the server's hint when not retrying (for a "rate-limited until" display). */
  waitSeconds: number | undefined;
  /** Plain words for the output channel. */
  reason: string;
}

/**
 * Whether to resend after `outcome`, which was attempt number `attempt` (1 = the first send).
 * Without a Retry-After hint the wait is a short exponential backoff (2, 4, 8 … s).
 */
export function retryDecision(
  outcome: SendOutcome,
  autoRetry: RequestSettings['autoRetry'],
  attempt: number,
): RetryDecision {
  if (outcome.kind !== 'response') {
    return {
      retry: false,
      waitSeconds: undefined,
      reason:
        'Only 429, 423 and 503 responses are retried; a failed or cancelled send never is (the server may have applied it).',
    };
  }
  if (!RETRYABLE_STATUSES.has(outcome.status)) {
    return { retry: false, waitSeconds: undefined, reason: `Status ${outcome.status} is not retried.` };
  }
  const hint = outcome.retryAfterSeconds;
  const wait = hint ?? Math.min(2 ** Math.max(1, attempt), MAX_WAIT_SECONDS);
  const no = (reason: string): RetryDecision => ({ retry: false, waitSeconds: hint, reason });
  if (!autoRetry.enabled) return no('Automatic retry is off.');
  if (!IDEMPOTENT_METHODS.has(outcome.sent.method)) {
    return no(`${outcome.sent.method} requests are never retried automatically.`);
  }
  const maxAttempts = Math.min(Math.max(1, Math.floor(autoRetry.maxAttempts)), MAX_ATTEMPTS);
  if (attempt >= maxAttempts) return no(`Stopped after ${attempt} attempt(s).`);
  const maxWait = Math.min(Math.max(0, autoRetry.maxWaitSeconds), MAX_WAIT_SECONDS);
  if (wait > maxWait) {
    return no(`The server asks to wait ${wait} s, longer than the ${maxWait} s allowed for automatic retry.`);
  }
  return {
    retry: true,
    waitSeconds: wait,
    reason: `Status ${outcome.status}: retrying in ${wait} s (attempt ${attempt + 1} of ${maxAttempts}).`,
  };
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('The wait was cancelled.');
}

/** Resolves after `seconds`, or rejects when `signal` aborts. */
export function abortableSleep(seconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, seconds * 1000);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryHooks {
  /** Called before each wait, e.g. to show a countdown. */
  onRetry?: (decision: RetryDecision, attempt: number, outcome: SendOutcome) => void;
  /** Injected in tests. */
  sleep?: (seconds: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * {@link sendRequest}-like loop applying {@link retryDecision}. The same request (same headers, so the same
 * X-Request-Id) is resent. A Cancel during the wait returns the last outcome.
 */
export async function sendWithRetry(
  send: (req: PreparedRequest, opts: SendOptions) => Promise<SendOutcome>,
  req: PreparedRequest,
  opts: SendOptions,
  hooks: RetryHooks = {},
): Promise<{ outcome: SendOutcome; attempts: number }> {
  const sleep = hooks.sleep ?? abortableSleep;
  let attempt = 1;
  let outcome = await send(req, opts);
  for (;;) {
    const decision = retryDecision(outcome, opts.settings.autoRetry, attempt);
    if (!decision.retry) return { outcome, attempts: attempt };
    hooks.onRetry?.(decision, attempt, outcome);
    try {
      await sleep(decision.waitSeconds ?? 0, opts.signal);
    } catch {
      return { outcome, attempts: attempt };
    }
    attempt += 1;
    outcome = await send(req, opts);
  }
}
