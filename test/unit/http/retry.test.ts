import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MAX_RETRY_AFTER_SECONDS,
  parseRetryAfter,
  retryDecision,
  sendRequest,
  sendWithRetry,
} from '../../../client/src/http/index';
import type { ResponseOutcome, SendOutcome } from '../../../client/src/http/index';
import { prepared, settings, startServer } from './helpers';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  test('delta-seconds', () => {
    assert.equal(parseRetryAfter('0', NOW), 0);
    assert.equal(parseRetryAfter('2', NOW), 2);
    assert.equal(parseRetryAfter(' 120 ', NOW), 120);
  });
  test('HTTP-date in the three RFC 9110 forms', () => {
    assert.equal(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', NOW), 30);
    assert.equal(parseRetryAfter('Sunday, 01-Mar-26 12:01:00 GMT', NOW), 60);
    assert.equal(parseRetryAfter('Sun Mar  1 12:00:10 2026', NOW), 10);
  });
  test('a date in the past or a negative number → 0', () => {
    assert.equal(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', NOW), 0);
    assert.equal(parseRetryAfter('-1', NOW), 0);
  });
  test('garbage → undefined', () => {
    for (const v of [
      '',
      'abc',
      '1.5',
      '2s',
      '0x10',
      'tomorrow',
      '2026-03-01T12:00:30Z',
      'Sun, 01 Mar 2026 12:00:30 PST',
      'x'.repeat(1000),
      undefined,
    ]) {
      assert.equal(parseRetryAfter(v, NOW), undefined, String(v));
    }
  });
  test('huge values are capped', () => {
    assert.equal(parseRetryAfter('999999999999', NOW), MAX_RETRY_AFTER_SECONDS);
    assert.equal(parseRetryAfter('Fri, 01 Mar 2030 12:00:00 GMT', NOW), MAX_RETRY_AFTER_SECONDS);
  });
});

function response(status: number, retryAfterSeconds?: number, method = 'PUT'): ResponseOutcome {
  return {
    kind: 'response',
    status,
    statusText: '',
    headers: [],
    bodyText: '',
    bodyBytes: 0,
    truncated: false,
    timing: { startedAt: '', totalMs: 1 },
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    sent: { method, url: 'https://x.test/', headers: [], body: undefined, ignoredHeaders: [] },
  };
}

describe('retryDecision (T14)', () => {
  const on = { enabled: true, maxAttempts: 3, maxWaitSeconds: 10 };

  test('T14: 429/423/503 with a short Retry-After are retried when enabled', () => {
    for (const status of [429, 423, 503]) {
      assert.deepEqual(
        (({ retry, waitSeconds }) => ({ retry, waitSeconds }))(retryDecision(response(status, 2), on, 1)),
        { retry: true, waitSeconds: 2 },
        String(status),
      );
    }
  });

  test('T14: never when automatic retry is off; the hint is still surfaced', () => {
    const d = retryDecision(response(429, 2), { ...on, enabled: false }, 1);
    assert.equal(d.retry, false);
    assert.equal(d.waitSeconds, 2);
  });

  test('T14: never for other statuses', () => {
    for (const status of [200, 201, 204, 301, 400, 401, 403, 404, 409, 500, 502, 504]) {
      assert.equal(retryDecision(response(status, 1), on, 1).retry, false, String(status));
    }
  });

  test('T14: never for errors or cancellations (the server may have applied the PUT)', () => {
    const base = { message: '', detail: '', mayHaveReachedServer: true, timing: { startedAt: '', totalMs: 1 } };
    const error: SendOutcome = { kind: 'error', code: 'CONNECTION_RESET', ...base };
    assert.equal(retryDecision(error, on, 1).retry, false);
    const cancelled: SendOutcome = { kind: 'cancelled', ...base, sent: response(429).sent };
    assert.equal(retryDecision(cancelled, on, 1).retry, false);
  });

  test('T14: never for non-idempotent methods', () => {
    assert.equal(retryDecision(response(429, 1, 'POST'), on, 1).retry, false);
    assert.equal(retryDecision(response(503, 1, 'PATCH'), on, 1).retry, false);
  });

  test('T14: a Retry-After longer than the allowed wait is not waited for automatically', () => {
    const d = retryDecision(response(429, 3600), on, 1);
    assert.equal(d.retry, false);
    assert.equal(d.waitSeconds, 3600);
    assert.match(d.reason, /longer than the 10 s/);
  });

  test('T14: bounded in count, also when settings are out of range', () => {
    assert.equal(retryDecision(response(503, 1), on, 2).retry, true);
    assert.equal(retryDecision(response(503, 1), on, 3).retry, false);
    assert.equal(retryDecision(response(503, 1), { ...on, maxAttempts: 1000 }, 5).retry, false);
    assert.equal(retryDecision(response(503, 1), { ...on, maxWaitSeconds: 1e9 }, 1).retry, true);
    assert.equal(retryDecision(response(503, 301), { ...on, maxWaitSeconds: 1e9 }, 1).retry, false);
  });

  test('T14: without Retry-After a short exponential backoff is used', () => {
    assert.equal(retryDecision(response(503), on, 1).waitSeconds, 2);
    assert.equal(retryDecision(response(503), on, 2).waitSeconds, 4);
  });
});

describe('sendWithRetry (T14)', () => {
  test('T14: 429 Retry-After: 1 then 200 → exactly one retry after the hinted wait, same X-Request-Id', async (t) => {
    let calls = 0;
    const server = await startServer(t, (_req, res) => {
      calls += 1;
      if (calls === 1) res.writeHead(429, { 'Retry-After': '1' }).end();
      else res.writeHead(200).end('{}');
    });
    const waits: number[] = [];
    const { outcome, attempts } = await sendWithRetry(
      sendRequest,
      prepared(),
      { baseUrl: server.url, settings: settings({ autoRetry: { enabled: true, maxAttempts: 3, maxWaitSeconds: 5 } }) },
      {
        sleep: (s) => {
          waits.push(s);
          return Promise.resolve();
        },
      },
    );
    assert.equal(attempts, 2);
    assert.deepEqual(waits, [1]);
    assert.equal(outcome.kind === 'response' && outcome.status, 200);
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0]?.headers['x-request-id'], server.requests[1]?.headers['x-request-id']);
  });

  test('T14: 503 every time → stops after maxAttempts', async (t) => {
    const server = await startServer(t, (_req, res) => res.writeHead(503, { 'Retry-After': '0' }).end());
    const { outcome, attempts } = await sendWithRetry(
      sendRequest,
      prepared(),
      { baseUrl: server.url, settings: settings({ autoRetry: { enabled: true, maxAttempts: 3, maxWaitSeconds: 5 } }) },
      { sleep: () => Promise.resolve() },
    );
    assert.equal(attempts, 3);
    assert.equal(server.requests.length, 3);
    assert.equal(outcome.kind === 'response' && outcome.status, 503);
  });

  test('T14: retry disabled → one request only', async (t) => {
    const server = await startServer(t, (_req, res) => res.writeHead(429, { 'Retry-After': '1' }).end());
    const { attempts } = await sendWithRetry(
      sendRequest,
      prepared(),
      { baseUrl: server.url, settings: settings() },
      { sleep: () => Promise.resolve() },
    );
    assert.equal(attempts, 1);
    assert.equal(server.requests.length, 1);
  });

  test('T14: a connection reset after the body was sent is not retried', async (t) => {
    const server = await startServer(t, (req) => req.socket.destroy());
    const { outcome, attempts } = await sendWithRetry(
      sendRequest,
      prepared(),
      { baseUrl: server.url, settings: settings({ autoRetry: { enabled: true, maxAttempts: 5, maxWaitSeconds: 5 } }) },
      { sleep: () => Promise.resolve() },
    );
    assert.equal(attempts, 1);
    assert.equal(outcome.kind === 'error' && outcome.code, 'CONNECTION_RESET');
    assert.equal(outcome.kind === 'error' && outcome.mayHaveReachedServer, true);
    assert.equal(server.requests.length, 1);
  });

  test('Cancel during the wait returns the last outcome without resending', async (t) => {
    const server = await startServer(t, (_req, res) => res.writeHead(429, { 'Retry-After': '5' }).end());
    const controller = new AbortController();
    const pending = sendWithRetry(
      sendRequest,
      prepared(),
      {
        baseUrl: server.url,
        settings: settings({ autoRetry: { enabled: true, maxAttempts: 3, maxWaitSeconds: 10 } }),
        signal: controller.signal,
      },
      { onRetry: () => setImmediate(() => controller.abort()) },
    );
    const { outcome, attempts } = await pending;
    assert.equal(attempts, 1);
    assert.equal(outcome.kind === 'response' && outcome.status, 429);
    assert.equal(server.requests.length, 1);
  });
});
