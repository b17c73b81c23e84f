import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import type { ResponseOutcome, SendOutcome, SentRequest } from '../../../client/src/http/types';
import {
  historyInput,
  isDocumentedStatus,
  outcomeLogLine,
  requestView,
  responseView,
  retryHint,
  schemaCheckView,
} from '../../../client/src/send/views';

const sent: SentRequest = {
  method: 'PUT',
  url: 'https://webexapis.com/v1/meetings/x',
  headers: [
    ['Content-Type', 'application/json'],
    ['Authorization', 'Bearer ••••••'],
  ],
  body: '{"a":1}',
  credential: { header: 'Authorization', prefix: 'Bearer ', scheme: 'webexBearer', label: 'Webex access token' },
  ignoredHeaders: ['X-Access-Token'],
};
const timing = { startedAt: '2026-01-01T00:00:00.000Z', totalMs: 120, ttfbMs: 80 };

function response(status: number, extra: Partial<ResponseOutcome> = {}): ResponseOutcome {
  return {
    kind: 'response',
    status,
    statusText: 'X',
    headers: [['content-type', 'application/json']],
    bodyText: '{}',
    bodyBytes: 2,
    truncated: false,
    timing,
    sent,
    ...extra,
  };
}

void describe('outcome views', () => {
  void it('matches documented statuses exactly, by range and default', () => {
    assert.ok(isDocumentedStatus(200, ['200', '400']));
    assert.ok(isDocumentedStatus(404, ['200', '4XX']));
    assert.ok(isDocumentedStatus(418, ['200', 'default']));
    assert.ok(!isDocumentedStatus(500, ['200', '4XX']));
    assert.ok(!isDocumentedStatus(201, []));
  });

  void it('reshapes the request and response without adding data', () => {
    const r = requestView(sent, { environment: 'production', operationId: 'webex.x' });
    assert.equal(r.tokenLabel, 'Webex access token');
    assert.deepEqual(r.ignoredHeaders, ['X-Access-Token']);
    assert.equal(r.body, '{"a":1}');
    const v = responseView(
      response(302, { location: { raw: '/x', url: 'https://evil.test/x', sameOrigin: false }, bodyNotice: 'n' }),
      ['200'],
    );
    assert.equal(v.contentType, 'application/json');
    assert.equal(v.documented, false);
    assert.deepEqual(v.location, { target: 'https://evil.test/x', sameOrigin: false });
    assert.equal(v.timing.ttfbMs, 80);
  });

  void it('carries "What the server said" for an error answer and the mock\'s violations, nothing for a plain 200', () => {
    const v = responseView(
      response(400, {
        bodyText: JSON.stringify({ error_code: 'USG.000000004', error_msg: 'bad token' }),
        headers: [
          ['sl-violations', JSON.stringify([{ location: ['request', 'body', 'a'], severity: 'Error', message: 'm' }])],
        ],
      }),
      ['400'],
    );
    assert.equal(v.said?.vendor, 'huawei');
    assert.deepEqual(
      v.said?.items.map((i) => i.text),
      ['USG.000000004', 'bad token'],
    );
    assert.deepEqual(v.said?.violations, [{ where: 'body › a', message: 'm', severity: 'Error' }]);
    assert.equal(responseView(response(200), ['200']).said, undefined);
  });

  void it('offers a retry only for 429/423/503 with Retry-After', () => {
    assert.deepEqual(retryHint(response(429, { retryAfterSeconds: 30 }), 1000), {
      retryAfterSeconds: 30,
      dueAt: 31_000,
    });
    assert.ok(retryHint(response(423, { retryAfterSeconds: 0 }), 0));
    assert.ok(retryHint(response(503, { retryAfterSeconds: 5 }), 0));
    assert.equal(retryHint(response(429), 0), undefined);
    assert.equal(retryHint(response(500, { retryAfterSeconds: 5 }), 0), undefined);
    const err: SendOutcome = {
      kind: 'error',
      code: 'TLS',
      message: 'm',
      detail: 'd',
      mayHaveReachedServer: false,
      timing,
    };
    assert.equal(retryHint(err, 0), undefined);
  });

  void it('summarises outcomes for history and the log', () => {
    const h = historyInput(response(200), { id: 'i', at: 1, environment: 'e', method: 'PUT', url: 'u' });
    assert.equal(h.url, sent.url);
    assert.equal(h.status, 200);
    const err: SendOutcome = {
      kind: 'error',
      code: 'CONNECTION_REFUSED',
      message: 'refused',
      detail: 'd',
      mayHaveReachedServer: false,
      timing,
    };
    assert.equal(
      historyInput(err, { id: 'i', at: 1, environment: 'e', method: 'PUT', url: 'u' }).errorCode,
      'CONNECTION_REFUSED',
    );
    assert.match(outcomeLogLine(response(200), 'PUT', 'u'), /^PUT u → 200 X in 120 ms, 2 bytes$/);
    assert.match(outcomeLogLine(err, 'PUT', 'u'), /error CONNECTION_REFUSED/);
  });
});

test('schemaCheckView keeps the comparison and its note for the panel', () => {
  assert.deepEqual(
    schemaCheckView({ missing: ['$.a'], wrongType: [], undocumented: ['$.b'], documentedStatus: '200' }),
    {
      missing: ['$.a'],
      wrongType: [],
      undocumented: ['$.b'],
      documentedStatus: '200',
    },
  );
  assert.deepEqual(
    schemaCheckView({
      missing: [],
      wrongType: [],
      undocumented: [],
      documentedStatus: undefined,
      note: 'Status 418 is not documented.',
    }),
    {
      missing: [],
      wrongType: [],
      undocumented: [],
      note: 'Status 418 is not documented.',
    },
  );
});
