/**
 * sendRequest against real loopback servers: responses, redirects, credentials, timeouts, cancellation,
 * size caps, decoding, TLS and injection.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { Agent } from 'undici';
import { describe, test } from 'node:test';
import {
  ConnectionPools,
  MASK,
  findTrackingIds,
  parseRetryAfter,
  retryDecision,
  sendRequest,
  toCurl,
  toSupportBundle,
} from '../../../client/src/http/index';
import type { SendOutcome, TokenInput } from '../../../client/src/http/index';
import { requestTarget } from '../../../client/src/http/url';
import type { CredentialSlot } from '../../../common/requestSpec';
import {
  SLOTS,
  closedPort,
  echoedForms,
  gzipBombOfZeros,
  hasOpenssl,
  makeSelfSignedCert,
  prepared,
  reveals,
  settings,
  startServer,
  startSilentTcp,
  startTlsServer,
} from './helpers';
import type { TestCert } from './helpers';

function tokenFor(
  origin: string,
  slot: CredentialSlot = SLOTS.huaweiAccessToken,
  value = 'tkn_test_value_0001',
): TokenInput {
  return { value, slot, origin };
}

function expectKind<K extends SendOutcome['kind']>(o: SendOutcome, kind: K): Extract<SendOutcome, { kind: K }> {
  assert.equal(o.kind, kind, `expected ${kind}, got ${JSON.stringify(o).slice(0, 600)}`);
  return o as Extract<SendOutcome, { kind: K }>;
}

describe('sendRequest: responses', () => {
  test('success: exact body sent and received, content type, credential on the same origin', async (t) => {
    const reply = '{"ok":true,"name":"café ☕"}';
    const server = await startServer(t, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(reply);
    });
    const req = prepared();
    const outcome = expectKind(
      await sendRequest(req, { baseUrl: server.url, token: tokenFor(server.origin), settings: settings() }),
      'response',
    );
    const got = server.requests[0];
    assert.ok(got);
    assert.equal(got.method, 'PUT');
    assert.equal(got.url, '/v1/usg/dcs/member/vmr/ff80808167ef1edf0167f33d650c0662');
    assert.equal(got.body, req.body);
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.headers['x-access-token'], 'tkn_test_value_0001');
    assert.equal(got.headers['x-request-id'], 'fbbc91569f0efed914e0427fc2a9c4ac');
    assert.equal(outcome.status, 200);
    assert.equal(outcome.statusText, 'OK');
    assert.equal(outcome.bodyText, reply);
    assert.equal(outcome.bodyBytes, Buffer.byteLength(reply));
    assert.equal(outcome.truncated, false);
    assert.ok(outcome.headers.some(([k, v]) => k.toLowerCase() === 'content-type' && v.startsWith('application/json')));
    assert.ok(outcome.timing.totalMs >= 0 && outcome.timing.ttfbMs !== undefined);
    assert.deepEqual(
      outcome.sent.headers.find(([k]) => k === 'X-Access-Token'),
      ['X-Access-Token', MASK],
    );
    assert.equal(outcome.sent.body, req.body);
    assert.equal(outcome.sent.url, `${server.url}/v1/usg/dcs/member/vmr/ff80808167ef1edf0167f33d650c0662`);
  });

  test('Authorization Bearer slot: prefix + token on the wire, prefix + mask in sent', async (t) => {
    const server = await startServer(t, (_req, res) => res.writeHead(204).end());
    const req = prepared({
      pathTemplate: '/v1/meetingPreferences/personalMeetingRoom',
      pathParams: {},
      credentials: [SLOTS.webexBearer],
    });
    const outcome = expectKind(
      await sendRequest(req, {
        baseUrl: server.url,
        token: tokenFor(server.origin, SLOTS.webexBearer),
        settings: settings(),
      }),
      'response',
    );
    assert.equal(server.requests[0]?.headers.authorization, 'Bearer tkn_test_value_0001');
    assert.deepEqual(
      outcome.sent.headers.find(([k]) => k === 'Authorization'),
      ['Authorization', `Bearer ${MASK}`],
    );
    assert.equal(outcome.status, 204);
    assert.equal(outcome.bodyText, '');
  });

  test('T5: a credential header in the file is not sent; only the stored token is', async (t) => {
    const server = await startServer(t, (_req, res) => res.writeHead(200).end());
    const req = prepared({
      headers: [
        ['X-Access-Token', 'CUSTOMER_TOKEN'],
        ['Authorization', 'Bearer CUSTOMER_TOKEN'],
      ],
    });
    const outcome = expectKind(
      await sendRequest(req, { baseUrl: server.url, token: tokenFor(server.origin), settings: settings() }),
      'response',
    );
    const got = server.requests[0];
    assert.equal(got?.headers['x-access-token'], 'tkn_test_value_0001');
    assert.equal(got?.headers.authorization, undefined);
    assert.deepEqual(outcome.sent.ignoredHeaders, ['X-Access-Token', 'Authorization']);
  });

  test('4xx with the Webex error envelope and TrackingID header', async (t) => {
    const envelope = JSON.stringify({
      message:
        'The server understood the request, but refused to fulfill it because the access token is missing required scopes or the user is missing required roles or licenses.',
      errors: [{ description: "Not permitted to view or change other user's preferences." }],
      trackingId: 'ROUTER_6543210A-1234-5678-9ABC-DEF012345678',
    });
    const server = await startServer(t, (_req, res) => {
      res
        .writeHead(403, {
          'Content-Type': 'application/json',
          TrackingID: 'ROUTER_6543210A-1234-5678-9ABC-DEF012345678',
        })
        .end(envelope);
    });
    const req = prepared({
      pathTemplate: '/v1/meetingPreferences/personalMeetingRoom',
      pathParams: {},
      credentials: [SLOTS.webexBearer],
    });
    const outcome = expectKind(await sendRequest(req, { baseUrl: server.url, settings: settings() }), 'response');
    assert.equal(outcome.status, 403);
    assert.equal(outcome.statusText, 'Forbidden');
    assert.equal(outcome.bodyText, envelope);
    const ids = findTrackingIds(outcome);
    assert.deepEqual(
      ids.map((i) => `${i.vendor}/${i.source}/${i.value}`),
      [
        'webex/header/ROUTER_6543210A-1234-5678-9ABC-DEF012345678',
        'webex/body/ROUTER_6543210A-1234-5678-9ABC-DEF012345678',
      ],
    );
  });

  test('4xx with the Huawei error envelope and X-Request-Id header', async (t) => {
    const envelope = JSON.stringify({
      error_code: 'USG.000000001',
      error_msg: 'Invalid parameter allowGustFirst',
      request_id: 'd5b8f3a1c2e94f0b9a7c6e5d4c3b2a10',
    });
    const server = await startServer(t, (_req, res) => {
      res
        .writeHead(400, {
          'Content-Type': 'application/json;charset=UTF-8',
          'X-Request-Id': 'd5b8f3a1c2e94f0b9a7c6e5d4c3b2a10',
        })
        .end(envelope);
    });
    const outcome = expectKind(
      await sendRequest(prepared({ body: '{"allowGustFirst":"false"}' }), {
        baseUrl: server.url,
        settings: settings(),
      }),
      'response',
    );
    assert.equal(outcome.status, 400);
    assert.equal((JSON.parse(outcome.bodyText) as { error_code: string }).error_code, 'USG.000000001');
    assert.deepEqual(
      findTrackingIds(outcome).map((i) => `${i.vendor}/${i.source}/${i.value}`),
      ['huawei/header/d5b8f3a1c2e94f0b9a7c6e5d4c3b2a10', 'huawei/body/d5b8f3a1c2e94f0b9a7c6e5d4c3b2a10'],
    );
  });

  test('T14: 429 with Retry-After in seconds → retryAfterSeconds and a bounded retry decision', async (t) => {
    const server = await startServer(t, (_req, res) =>
      res.writeHead(429, { 'Retry-After': '2' }).end('{"message":"Too many requests"}'),
    );
    const outcome = expectKind(
      await sendRequest(prepared(), { baseUrl: server.url, settings: settings() }),
      'response',
    );
    assert.equal(outcome.status, 429);
    assert.equal(outcome.retryAfterSeconds, 2);
    assert.deepEqual(retryDecision(outcome, { enabled: true, maxAttempts: 2, maxWaitSeconds: 10 }, 1).retry, true);
    assert.equal(retryDecision(outcome, { enabled: true, maxAttempts: 2, maxWaitSeconds: 10 }, 1).waitSeconds, 2);
    assert.equal(retryDecision(outcome, { enabled: false, maxAttempts: 2, maxWaitSeconds: 10 }, 1).retry, false);
    assert.equal(retryDecision(outcome, { enabled: true, maxAttempts: 2, maxWaitSeconds: 10 }, 2).retry, false);
  });

  test('T14: 429 with Retry-After as an HTTP-date an hour ahead → no automatic retry, wait surfaced', async (t) => {
    const date = new Date(Date.now() + 3_600_000).toUTCString();
    const server = await startServer(t, (_req, res) => res.writeHead(429, { 'Retry-After': date }).end());
    const outcome = expectKind(
      await sendRequest(prepared(), { baseUrl: server.url, settings: settings() }),
      'response',
    );
    const expected = parseRetryAfter(date) ?? -1;
    assert.ok(outcome.retryAfterSeconds !== undefined && Math.abs(outcome.retryAfterSeconds - expected) <= 2);
    const d = retryDecision(outcome, { enabled: true, maxAttempts: 3, maxWaitSeconds: 30 }, 1);
    assert.equal(d.retry, false);
    assert.ok(d.waitSeconds !== undefined && d.waitSeconds > 3500);
  });

  test('an unknown status and its reason phrase are returned as they are', async (t) => {
    const server = await startServer(t, (_req, res) => {
      res.statusMessage = 'Custom Reason';
      res.writeHead(299).end('x');
    });
    const outcome = expectKind(
      await sendRequest(prepared(), { baseUrl: server.url, settings: settings() }),
      'response',
    );
    assert.equal(outcome.status, 299);
    assert.equal(outcome.statusText, 'Custom Reason');
  });
});

describe('sendRequest: redirects (T3)', () => {
  const codes = [301, 302, 303, 307, 308];
  const slots: Array<[string, CredentialSlot]> = [
    ['Authorization', SLOTS.webexBearer],
    ['X-Access-Token', SLOTS.huaweiAccessToken],
    ['X-Conference-Authorization', SLOTS.huaweiConferenceAuthorization],
  ];
  for (const [headerName, slot] of slots) {
    for (const code of codes) {
      test(`T3: ${code} redirect to another origin is not followed (${headerName})`, async (t) => {
        const canary = await startServer(t, (_req, res) => res.writeHead(200).end('stolen'));
        const canaryByName = `http://localhost:${canary.port}/steal`;
        const origin = await startServer(t, (req, res) => {
          res
            .writeHead(code, { Location: req.url?.includes('byname') ? canaryByName : `${canary.url}/steal?x=1` })
            .end();
        });
        const req = prepared({ credentials: [slot], body: '{"chairPwd":"123456","gustPwd":"654321"}' });
        for (const id of ['byport', 'byname']) {
          const outcome = expectKind(
            await sendRequest(
              { ...req, pathParams: { id } },
              { baseUrl: origin.url, token: tokenFor(origin.origin, slot), settings: settings() },
            ),
            'response',
          );
          assert.equal(outcome.status, code);
          assert.equal(outcome.location?.sameOrigin, false);
          assert.equal(outcome.location?.url, id === 'byname' ? canaryByName : `${canary.url}/steal?x=1`);
        }
        assert.equal(origin.requests.length, 2);
        assert.equal(origin.requests[0]?.headers[headerName.toLowerCase()], `${slot.prefix}tkn_test_value_0001`);
        assert.equal(canary.connections, 0, 'the canary must receive no connection at all');
        assert.equal(canary.requests.length, 0);
      });
    }
  }

  test('T3: a same-origin redirect is reported, not followed either', async (t) => {
    const server = await startServer(t, (_req, res) => res.writeHead(307, { Location: '/elsewhere' }).end());
    const outcome = expectKind(
      await sendRequest(prepared(), { baseUrl: server.url, token: tokenFor(server.origin), settings: settings() }),
      'response',
    );
    assert.equal(outcome.status, 307);
    assert.deepEqual(outcome.location, { raw: '/elsewhere', url: `${server.url}/elsewhere`, sameOrigin: true });
    assert.equal(server.requests.length, 1);
  });
});

describe('sendRequest: credentials and origins (T2)', () => {
  test('T2: a token for another origin is never sent — the request is refused before any connection', async (t) => {
    const canary = await startServer(t, (_req, res) => res.writeHead(200).end());
    const lookAlikes = [
      'https://127.0.0.1',
      `http://127.0.0.1:${canary.port + 1}`,
      `http://localhost:${canary.port}`,
      `https://127.0.0.1:${canary.port}`,
    ];
    for (const tokenOrigin of lookAlikes) {
      const outcome = expectKind(
        await sendRequest(prepared(), { baseUrl: canary.url, token: tokenFor(tokenOrigin), settings: settings() }),
        'error',
      );
      assert.equal(outcome.code, 'CREDENTIAL_NOT_ALLOWED');
      assert.equal(outcome.mayHaveReachedServer, false);
      assert.match(outcome.message, /is not sent to/);
    }
    assert.equal(canary.connections, 0);
  });

  test('T2/T4: one request sent again and again: the token goes only with its own send, to its own origin', async (t) => {
    const home = await startServer(t, (_req, res) => res.writeHead(200).end('{}'));
    const elsewhere = await startServer(t, (_req, res) => res.writeHead(200).end('{}'));
    const pools = new ConnectionPools();
    t.after(() => pools.close());
    const secret = randomBytes(24).toString('base64url');
    const req = prepared();
    const send = (baseUrl: string, token?: TokenInput) =>
      sendRequest(req, { baseUrl, settings: settings(), pools, ...(token ? { token } : {}) });

    const withToken = expectKind(
      await send(home.url, tokenFor(home.origin, SLOTS.huaweiAccessToken, secret)),
      'response',
    );
    assert.equal(home.requests[0]?.headers['x-access-token'], secret);
    const without = expectKind(await send(home.url), 'response');
    assert.equal(home.requests[1]?.headers['x-access-token'], undefined, 'no token kept from the send before');
    const refused = expectKind(
      await send(elsewhere.url, tokenFor(home.origin, SLOTS.huaweiAccessToken, secret)),
      'error',
    );
    assert.equal(refused.code, 'CREDENTIAL_NOT_ALLOWED');
    assert.equal(elsewhere.connections, 0);
    // The same request, changed: the new path goes out, checked again.
    req.pathParams = { id: 'second' };
    expectKind(await send(home.url, tokenFor(home.origin, SLOTS.huaweiAccessToken, secret)), 'response');
    assert.equal(home.requests[2]?.url, '/v1/usg/dcs/member/vmr/second');
    const target = requestTarget(home.url, req);
    req.pathParams = { id: '..' };
    assert.equal(expectKind(await send(home.url), 'error').code, 'INVALID_REQUEST');
    assert.equal(home.requests.length, 3);
    for (const kept of [withToken, without, refused, target]) {
      assert.ok(!JSON.stringify(kept).includes(secret));
    }
    assert.ok(!JSON.stringify(req).includes(secret), 'nothing written into the prepared request');
  });

  test('T2: the base URL cannot smuggle a host through userinfo', async (t) => {
    const canary = await startServer(t, (_req, res) => res.writeHead(200).end());
    const outcome = expectKind(
      await sendRequest(prepared(), {
        baseUrl: `http://webexapis.com@127.0.0.1:${canary.port}`,
        token: tokenFor('https://webexapis.com'),
        settings: settings(),
      }),
      'error',
    );
    assert.equal(outcome.code, 'INVALID_REQUEST');
    assert.equal(canary.connections, 0);
  });

  test('T4: a random canary token never appears in any outcome, cURL command or support bundle', async (t) => {
    const secret = randomBytes(32).toString('base64url');
    const variants = [
      secret,
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
    ];
    // A hostile server echoes every request header back: in a header and in the body, in every form of echoedForms.
    const echo = await startServer(t, (req, res) => {
      const auth = String(req.headers.authorization ?? '');
      res.writeHead(req.url?.includes('fail') ? 500 : 200, {
        'Content-Type': 'application/json',
        'X-Echo': auth,
        'X-Echo-B64': Buffer.from(auth).toString('base64'),
        Location: `/next?token=${encodeURIComponent(auth)}`,
      });
      res.end(
        JSON.stringify({
          headers: req.headers,
          b64: Buffer.from(auth).toString('base64'),
          pct: encodeURIComponent(auth),
          trackingId: 'T1',
        }).slice(0, -1) +
          // The token and the whole header in every other form, written into the JSON text as they are.
          [...Object.entries(echoedForms(auth.replace(/^Bearer /, ''))), ...Object.entries(echoedForms(auth))]
            .map(([name, form], i) => `,"${i}: ${name}":"${form}"`)
            .join('') +
          '}',
      );
    });
    const slow = await startServer(t, () => undefined);
    const refused = await closedPort();
    const slot = SLOTS.webexBearer;
    const req = prepared({ credentials: [slot], body: `{"note":"${secret}"}` });
    const outcomes: SendOutcome[] = [];
    for (const id of ['ok', 'fail']) {
      outcomes.push(
        await sendRequest(
          { ...req, pathParams: { id } },
          { baseUrl: echo.url, token: { value: secret, slot, origin: echo.origin }, settings: settings() },
        ),
      );
    }
    outcomes.push(
      await sendRequest(req, {
        baseUrl: slow.url,
        token: { value: secret, slot, origin: slow.origin },
        settings: settings({ headersTimeoutMs: 150 }),
      }),
    );
    outcomes.push(
      await sendRequest(req, {
        baseUrl: `http://127.0.0.1:${refused}`,
        token: { value: secret, slot, origin: `http://127.0.0.1:${refused}` },
        settings: settings(),
      }),
    );
    outcomes.push(
      await sendRequest(req, {
        baseUrl: 'https://other.test',
        token: { value: secret, slot, origin: 'https://webexapis.com' },
        settings: settings(),
      }),
    );
    const controller = new AbortController();
    controller.abort();
    outcomes.push(
      await sendRequest(req, {
        baseUrl: echo.url,
        token: { value: secret, slot, origin: echo.origin },
        settings: settings(),
        signal: controller.signal,
      }),
    );
    assert.deepEqual(
      outcomes.map((o) => (o.kind === 'response' ? o.status : o.kind === 'error' ? o.code : o.kind)),
      [200, 500, 'HEADERS_TIMEOUT', 'CONNECTION_REFUSED', 'CREDENTIAL_NOT_ALLOWED', 'cancelled'],
    );
    assert.equal(echo.requests[0]?.headers.authorization, `Bearer ${secret}`, 'the token did go on the wire');
    for (const outcome of outcomes) {
      const texts = [JSON.stringify(outcome), toSupportBundle({ outcome, operationId: req.operationId })];
      if (outcome.sent) {
        texts.push(
          toCurl(outcome.sent),
          toCurl(outcome.sent, () => '<token>'),
        );
      }
      for (const text of texts) {
        for (const v of variants) {
          assert.ok(!text.includes(v), `${outcome.kind}: found ${v.slice(0, 6)}… in ${text.slice(0, 200)}`);
        }
        assert.equal(reveals(text, secret), undefined, `${outcome.kind}: ${text.slice(0, 400)}`);
      }
    }
  });
});

describe('sendRequest: timeouts and cancellation (T11, T12)', () => {
  test('T11: a server that never answers → headers timeout with a clear error, socket closed', async (t) => {
    const server = await startServer(t, () => undefined);
    const closed = server.nextSocketClose();
    const started = Date.now();
    const outcome = expectKind(
      await sendRequest(prepared(), { baseUrl: server.url, settings: settings({ headersTimeoutMs: 200 }) }),
      'error',
    );
    assert.equal(outcome.code, 'HEADERS_TIMEOUT');
    assert.match(outcome.message, /no response within 0\.2 s/);
    assert.match(outcome.message, /meetingPayloads\.request\.headersTimeoutMs/);
    assert.equal(outcome.mayHaveReachedServer, true);
    assert.ok(Date.now() - started < 3000);
    await closed;
  });

  test('T11: a body that stalls → body timeout', async (t) => {
    const server = await startServer(t, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"partial":');
    });
    const outcome = expectKind(
      await sendRequest(prepared(), { baseUrl: server.url, settings: settings({ headersTimeoutMs: 200 }) }),
      'error',
    );
    assert.equal(outcome.code, 'BODY_TIMEOUT');
    assert.match(outcome.message, /stopped sending/);
  });

  test('T11: a slow drip that beats the idle timeout is stopped by the overall deadline', async (t) => {
    const timers: NodeJS.Timeout[] = [];
    t.after(() => timers.forEach(clearInterval));
    const server = await startServer(t, (_req, res) => {
      res.writeHead(200);
      timers.push(setInterval(() => res.write('.'), 30));
    });
    const closed = server.nextSocketClose();
    const started = Date.now();
    const outcome = expectKind(
      await sendRequest(prepared(), {
        baseUrl: server.url,
        settings: settings({ headersTimeoutMs: 1000, totalTimeoutMs: 400 }),
      }),
      'error',
    );
    const elapsed = Date.now() - started;
    assert.equal(outcome.code, 'TOTAL_TIMEOUT');
    assert.match(outcome.message, /meetingPayloads\.request\.totalTimeoutMs/);
    assert.ok(elapsed >= 350 && elapsed < 2000, `elapsed ${elapsed}`);
    await closed;
  });

  test('T11: a TLS server that accepts TCP but never handshakes → connect timeout', async (t) => {
    const silent = await startSilentTcp(t);
    const outcome = expectKind(
      await sendRequest(prepared(), {
        baseUrl: `https://127.0.0.1:${silent.port}`,
        settings: settings({ connectTimeoutMs: 200 }),
      }),
      'error',
    );
    assert.equal(outcome.code, 'CONNECT_TIMEOUT');
    assert.match(outcome.message, /meetingPayloads\.request\.connectTimeoutMs/);
    assert.equal(outcome.mayHaveReachedServer, false);
    await silent.closed;
  });

  test('T11: connection refused → plain message naming the environment setting', async () => {
    const port = await closedPort();
    const outcome = expectKind(
      await sendRequest(prepared(), { baseUrl: `http://127.0.0.1:${port}`, settings: settings() }),
      'error',
    );
    assert.equal(outcome.code, 'CONNECTION_REFUSED');
    assert.match(outcome.message, /refused the connection/);
    assert.match(outcome.message, /meetingPayloads\.environments/);
    assert.equal(outcome.mayHaveReachedServer, false);
    assert.match(outcome.detail, /ECONNREFUSED/);
  });

  test('T12: cancelling mid-body aborts and the server sees the connection close', async (t) => {
    let headersSent: () => void = () => undefined;
    const sentHeaders = new Promise<void>((r) => (headersSent = r));
    const server = await startServer(t, (_req, res) => {
      res.writeHead(200);
      res.write('first part');
      headersSent();
    });
    const closed = server.nextSocketClose();
    const controller = new AbortController();
    const pending = sendRequest(prepared(), { baseUrl: server.url, settings: settings(), signal: controller.signal });
    await sentHeaders;
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    const outcome = expectKind(await pending, 'cancelled');
    assert.equal(outcome.mayHaveReachedServer, true);
    assert.match(outcome.message, /already processed/);
    await closed;
  });

  test('T12: cancelling before the response also closes the socket', async (t) => {
    let arrived: () => void = () => undefined;
    const requestArrived = new Promise<void>((r) => (arrived = r));
    const server = await startServer(t, () => arrived());
    const closed = server.nextSocketClose();
    const controller = new AbortController();
    const pending = sendRequest(prepared(), { baseUrl: server.url, settings: settings(), signal: controller.signal });
    await requestArrived;
    controller.abort();
    const outcome = expectKind(await pending, 'cancelled');
    assert.match(outcome.message, /may already have reached the server/);
    await closed;
  });

  test('T12: an already-cancelled signal sends nothing', async (t) => {
    const server = await startServer(t, (_req, res) => res.end());
    const controller = new AbortController();
    controller.abort();
    const outcome = expectKind(
      await sendRequest(prepared(), { baseUrl: server.url, settings: settings(), signal: controller.signal }),
      'cancelled',
    );
    assert.equal(outcome.mayHaveReachedServer, false);
    assert.equal(server.connections, 0);
  });
});

describe('sendRequest: response size and encodings (T13)', () => {
  const cap = 1024 * 1024;

  test('T13: an oversized identity body is truncated at the cap and reported', async (t) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const server = await startServer(t, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      let written = 0;
      const pump = (): void => {
        while (written < 3 * cap) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    });
    const outcome = expectKind(
      await sendRequest(prepared(), { baseUrl: server.url, settings: settings({ maxResponseBytes: cap }) }),
      'response',
    );
    assert.equal(outcome.truncated, true);
    assert.equal(outcome.bodyBytes, cap);
    assert.equal(outcome.bodyText.length, cap);
    assert.match(
      outcome.bodyNotice ?? '',
      /larger than the 1 MiB limit \(meetingPayloads\.request\.maxResponseBytes\)/,
    );
  });

  test('T13: a huge Content-Length is rejected before reading', async (t) => {
    const server = await startServer(t, (_req, res) => {
      res.writeHead(200, { 'Content-Length': '10737418240' });
      res.write('x');
    });
    const closed = server.nextSocketClose();
    const outcome = expectKind(
      await sendRequest(prepared(), { baseUrl: server.url, settings: settings({ maxResponseBytes: cap }) }),
      'response',
    );
    assert.equal(outcome.truncated, true);
    assert.equal(outcome.bodyBytes, 0);
    assert.match(outcome.bodyNotice ?? '', /announced a 10 GiB body/);
    await closed;
  });

  test('T13: a gzip bomb (1 GiB of zeros) is capped on the decoded size with bounded memory', async (t) => {
    const bomb = gzipBombOfZeros(1024 * 1024 * 1024);
    assert.ok(bomb.length < 2 * 1024 * 1024, `bomb is ${bomb.length} bytes on the wire`);
    const server = await startServer(t, (_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' });
      res.on('error', () => undefined);
      res.end(bomb);
    });
    const before = process.memoryUsage();
    const outcome = expectKind(
      await sendRequest(prepared(), { baseUrl: server.url, settings: settings({ maxResponseBytes: cap }) }),
      'response',
    );
    const after = process.memoryUsage();
    assert.equal(outcome.truncated, true);
    assert.equal(outcome.bodyBytes, cap);
    assert.match(outcome.bodyNotice ?? '', /decoded response is larger than the 1 MiB limit/);
    const grown = after.rss - before.rss;
    assert.ok(grown < 100 * 1024 * 1024, `rss grew by ${Math.round(grown / 1048576)} MiB`);
  });

  test('T13: after a truncated read the connection is released: the next request on the same dispatcher succeeds', async (t) => {
    const big = Buffer.alloc(256 * 1024, 0x62);
    const server = await startServer(t, (req, res) => {
      res.on('error', () => undefined);
      if (req.url?.endsWith('/big')) res.end(big);
      else res.end('small');
    });
    const agent = new Agent({ connections: 1 });
    t.after(() => agent.close());
    const opts = { baseUrl: server.url, settings: settings({ maxResponseBytes: 1024 }), dispatcher: agent };
    const first = expectKind(await sendRequest(prepared({ pathParams: { id: 'big' } }), opts), 'response');
    assert.equal(first.truncated, true);
    const second = expectKind(await sendRequest(prepared({ pathParams: { id: 'small' } }), opts), 'response');
    assert.equal(second.bodyText, 'small');
  });

  test('T13: a chain of content codings is not decoded', async (t) => {
    const body = zlib.gzipSync(zlib.gzipSync('{"a":1}'));
    const server = await startServer(t, (_req, res) =>
      res.writeHead(200, { 'Content-Encoding': 'gzip, gzip' }).end(body),
    );
    const outcome = expectKind(
      await sendRequest(prepared(), { baseUrl: server.url, settings: settings() }),
      'response',
    );
    assert.equal(outcome.bodyText, '');
    assert.match(outcome.bodyNotice ?? '', /chain of content codings/);
  });

  const json = JSON.stringify({ message: 'décodé', n: [1, 2, 3] });
  const encodings: Array<[string, Buffer]> = [
    ['gzip', zlib.gzipSync(json)],
    ['x-gzip', zlib.gzipSync(json)],
    ['deflate', zlib.deflateSync(json)],
    ['deflate', zlib.deflateRawSync(json)],
    ['br', zlib.brotliCompressSync(json)],
    ['identity', Buffer.from(json)],
  ];
  for (const [encoding, payload] of encodings) {
    test(`decodes Content-Encoding: ${encoding}${encoding === 'deflate' && payload[0] !== 0x78 ? ' (raw deflate)' : ''}`, async (t) => {
      const server = await startServer(t, (_req, res) =>
        res.writeHead(200, { 'Content-Encoding': encoding }).end(payload),
      );
      const outcome = expectKind(
        await sendRequest(prepared(), { baseUrl: server.url, settings: settings() }),
        'response',
      );
      assert.equal(outcome.bodyText, json);
      assert.equal(outcome.truncated, false);
    });
  }

  test('a corrupt gzip body is reported as a notice, not a crash', async (t) => {
    const server = await startServer(t, (_req, res) =>
      res.writeHead(502, { 'Content-Encoding': 'gzip' }).end('not gzip at all'),
    );
    const outcome = expectKind(
      await sendRequest(prepared(), { baseUrl: server.url, settings: settings() }),
      'response',
    );
    assert.equal(outcome.status, 502);
    assert.match(outcome.bodyNotice ?? '', /could not be decoded/);
  });
});

describe(
  'sendRequest: TLS (T15)',
  { skip: hasOpenssl() ? false : 'the openssl CLI is not available to make a test certificate' },
  () => {
    let cert: TestCert | undefined;
    const getCert = (): TestCert => (cert ??= makeSelfSignedCert());

    test('T15: a self-signed server is refused with a plain certificate message, nothing sent', async (t) => {
      const server = await startTlsServer(t, getCert(), (_req, res) => res.end('should not be reached'));
      const outcome = expectKind(
        await sendRequest(prepared(), { baseUrl: server.url, token: tokenFor(server.origin), settings: settings() }),
        'error',
      );
      assert.equal(outcome.code, 'TLS_CERTIFICATE');
      assert.match(outcome.message, /The certificate of 127\.0\.0\.1:\d+ is self-signed, so nothing was sent/);
      assert.match(outcome.detail, /DEPTH_ZERO_SELF_SIGNED_CERT/);
      assert.equal(outcome.mayHaveReachedServer, false);
      assert.equal(server.requests.length, 0);
    });

    test('T15: the same server succeeds when its certificate is trusted via `ca` (verification is real)', async (t) => {
      const server = await startTlsServer(t, getCert(), (_req, res) => res.end('{"ok":true}'));
      const outcome = expectKind(
        await sendRequest(prepared(), {
          baseUrl: server.url,
          token: tokenFor(server.origin),
          settings: settings(),
          ca: getCert().cert,
        }),
        'response',
      );
      assert.equal(outcome.status, 200);
      assert.equal(server.requests[0]?.headers['x-access-token'], 'tkn_test_value_0001');
    });

    test('T15: a certificate for another host name is refused even with `ca`', async (t) => {
      const server = await startTlsServer(t, getCert(), (_req, res) => res.end());
      const outcome = expectKind(
        await sendRequest(prepared(), {
          baseUrl: `https://localhost:${server.port}`,
          settings: settings(),
          ca: getCert().cert,
        }),
        'error',
      );
      assert.equal(outcome.code, 'TLS_CERTIFICATE');
      assert.match(outcome.message, /issued for a different host name/);
      assert.equal(server.requests.length, 0);
    });

    test('T15: NODE_TLS_REJECT_UNAUTHORIZED=0 set by someone else does not disable verification', async (t) => {
      const server = await startTlsServer(t, getCert(), (_req, res) => res.end());
      const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      // Node warns when it sees the variable; keep the test output clean (restored by the test runner).
      t.mock.method(process, 'emitWarning', () => undefined);
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
      try {
        const outcome = expectKind(
          await sendRequest(prepared(), { baseUrl: server.url, settings: settings() }),
          'error',
        );
        assert.equal(outcome.code, 'TLS_CERTIFICATE');
      } finally {
        if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
        else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
      }
      assert.equal(server.requests.length, 0);
    });

    test('T15: sending does not change NODE_TLS_REJECT_UNAUTHORIZED', async (t) => {
      const server = await startTlsServer(t, getCert(), (_req, res) => res.end());
      const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      await sendRequest(prepared(), { baseUrl: server.url, settings: settings() });
      await sendRequest(prepared(), { baseUrl: server.url, settings: settings(), ca: getCert().cert });
      assert.equal(process.env.NODE_TLS_REJECT_UNAUTHORIZED, before);
    });
  },
);

describe('sendRequest: injection (T17, T18)', () => {
  const hostileHeaders: Array<[string, string]> = [
    ['X-Request-Id', 'a\r\nX-Injected: 1'],
    ['X-Request-Id', 'a\nHost: evil.test'],
    ['X-Request-Id\r\nX-Injected', '1'],
    ['Host', 'evil.test'],
    ['Transfer-Encoding', 'chunked'],
    ['Content-Length', '0'],
  ];
  for (const [name, value] of hostileHeaders) {
    test(`T17: header ${JSON.stringify(name)} = ${JSON.stringify(value)} is rejected before any connection`, async (t) => {
      const canary = await startServer(t, (_req, res) => res.end());
      const outcome = expectKind(
        await sendRequest(prepared({ headers: [[name, value]] }), { baseUrl: canary.url, settings: settings() }),
        'error',
      );
      assert.equal(outcome.code, 'INVALID_REQUEST');
      assert.ok(outcome.message.includes(JSON.stringify(name).slice(0, 12)), outcome.message);
      assert.equal(outcome.mayHaveReachedServer, false);
      assert.equal(canary.connections, 0);
    });
  }

  test('T18: path-parameter injection stays inside the path on the wire', async (t) => {
    const server = await startServer(t, (_req, res) => res.end());
    const cases: Array<[string, string]> = [
      ['../admin', '..%2Fadmin'],
      ['a/b', 'a%2Fb'],
      ['?x=1', '%3Fx%3D1'],
      ['#frag', '%23frag'],
      ['%2e%2e', '%252e%252e'],
      ['x\r\nHost: evil', 'x%0D%0AHost%3A%20evil'],
    ];
    for (const [id] of cases) {
      expectKind(
        await sendRequest(prepared({ pathParams: { id } }), { baseUrl: `${server.url}/base`, settings: settings() }),
        'response',
      );
    }
    assert.deepEqual(
      server.requests.map((r) => r.url),
      cases.map(([, encoded]) => `/base/v1/usg/dcs/member/vmr/${encoded}`),
    );
    assert.ok(server.requests.every((r) => r.headers.host === `127.0.0.1:${server.port}`));
  });

  test('T18: "..", a missing parameter and an unsupported method are refused before any connection', async (t) => {
    const canary = await startServer(t, (_req, res) => res.end());
    for (const req of [
      prepared({ pathParams: { id: '..' } }),
      prepared({ pathParams: {} }),
      prepared({ method: 'CONNECT' }),
      prepared({ method: 'TRACE' }),
    ]) {
      const outcome = expectKind(await sendRequest(req, { baseUrl: canary.url, settings: settings() }), 'error');
      assert.equal(outcome.code, 'INVALID_REQUEST');
    }
    assert.equal(canary.connections, 0);
  });

  test('T10: the body is sent verbatim — template syntax is never evaluated', async (t) => {
    process.env.CANARY_SECRET_FOR_T10 = 'zz-should-never-be-sent';
    t.after(() => delete process.env.CANARY_SECRET_FOR_T10);
    const body = '{"a":"{{$processEnv CANARY_SECRET_FOR_T10}}","b":"${env:HOME}","c":"< /etc/passwd"}';
    const server = await startServer(t, (_req, res) => res.end());
    await sendRequest(prepared({ body }), { baseUrl: server.url, settings: settings() });
    assert.equal(server.requests[0]?.body, body);
  });
});
