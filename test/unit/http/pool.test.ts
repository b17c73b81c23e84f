/**
 * ConnectionPools on real 127.0.0.1 servers: sends to one origin share kept-alive connections, each origin gets its own
 * dispatcher (so no connection or token crosses origins), and close() ends the connections.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, test } from 'node:test';
import { ConnectionPools, sendRequest } from '../../../client/src/http/index';
import type { SendOutcome, TokenInput } from '../../../client/src/http/index';
import { SLOTS, hasOpenssl, makeSelfSignedCert, prepared, settings, startServer, startTlsServer } from './helpers';

const token = (origin: string, value: string): TokenInput => ({ value, slot: SLOTS.huaweiAccessToken, origin });
const okHandler = (_req: IncomingMessage, res: ServerResponse): void => {
  res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
};

function status(o: SendOutcome): number | string {
  return o.kind === 'response' ? o.status : `${o.kind}: ${o.message}`;
}

describe('ConnectionPools', () => {
  test('sends to one origin reuse keep-alive connections; without pools each send opens its own', async (t) => {
    const pooled = await startServer(t, okHandler);
    const pools = new ConnectionPools();
    t.after(() => pools.close());
    for (let i = 0; i < 10; i++) {
      assert.equal(status(await sendRequest(prepared(), { baseUrl: pooled.url, settings: settings(), pools })), 200);
    }
    assert.equal(pooled.requests.length, 10);
    // undici may open a second socket when a send follows the previous response within the same tick (the first
    // is released a moment after its body is read); from then on the two are reused.
    assert.ok(pooled.connections <= 2, `${pooled.connections} connections for 10 sends`);
    assert.equal(pools.size, 1);

    const unpooled = await startServer(t, okHandler);
    for (let i = 0; i < 3; i++) {
      assert.equal(status(await sendRequest(prepared(), { baseUrl: unpooled.url, settings: settings() })), 200);
    }
    assert.equal(unpooled.connections, 3);
  });

  test('each origin has its own dispatcher: interleaved sends, each token only ever reaches its own origin', async (t) => {
    const a = await startServer(t, okHandler);
    const b = await startServer(t, okHandler);
    const pools = new ConnectionPools();
    t.after(() => pools.close());
    for (let i = 0; i < 6; i++) {
      for (const [server, value] of [
        [a, 'tkn_origin_a'],
        [b, 'tkn_origin_b'],
      ] as const) {
        const outcome = await sendRequest(prepared(), {
          baseUrl: server.url,
          settings: settings(),
          token: token(server.origin, value),
          pools,
        });
        assert.equal(status(outcome), 200);
      }
    }
    assert.deepEqual(
      a.requests.map((r) => r.headers['x-access-token']),
      Array(6).fill('tkn_origin_a'),
    );
    assert.deepEqual(
      b.requests.map((r) => r.headers['x-access-token']),
      Array(6).fill('tkn_origin_b'),
    );
    assert.ok(a.connections <= 2 && b.connections <= 2, `${a.connections} and ${b.connections} connections`);
    assert.equal(pools.size, 2);
    const input = {
      settings: settings(),
      proxy: undefined,
      proxyStrictSSL: true,
      proxyAuthorization: undefined,
      ca: undefined,
    };
    assert.notEqual(pools.get(a.origin, input), pools.get(b.origin, input));
    assert.equal(pools.get(a.origin, input), pools.get(a.origin, input));
  });

  test('a token for another origin is still refused with pools, and nothing reaches the server', async (t) => {
    const server = await startServer(t, okHandler);
    const pools = new ConnectionPools();
    t.after(() => pools.close());
    const outcome = await sendRequest(prepared(), {
      baseUrl: server.url,
      settings: settings(),
      token: token('https://api.meeting.huaweicloud.com', 'tkn_elsewhere'),
      pools,
    });
    assert.equal(outcome.kind, 'error');
    assert.equal(server.connections, 0);
  });

  test('a different configuration (CA) for the same origin gets another dispatcher', () => {
    const pools = new ConnectionPools();
    const base = { settings: settings(), proxy: undefined, proxyStrictSSL: true, proxyAuthorization: undefined };
    const plain = pools.get('https://127.0.0.1:1', { ...base, ca: undefined });
    const withCa = pools.get('https://127.0.0.1:1', { ...base, ca: 'PEM' });
    assert.notEqual(plain, withCa);
    assert.equal(pools.size, 2);
    return pools.close();
  });

  test('each part of the configuration picks the dispatcher, compared by value', () => {
    const pools = new ConnectionPools();
    const origin = 'https://127.0.0.1:1';
    const base = { settings: settings(), proxy: undefined, proxyStrictSSL: true, proxyAuthorization: undefined };
    const cas = ['PEM-A', 'PEM-B'];
    const first = pools.get(origin, { ...base, ca: cas });
    assert.equal(pools.get(origin, { ...base, ca: ['PEM-A', 'PEM-B'] }), first, 'an equal CA list: the same');
    cas.push('PEM-C');
    assert.notEqual(pools.get(origin, { ...base, ca: cas }), first, 'the list as it was when the dispatcher was made');
    assert.notEqual(pools.get(origin, { ...base, ca: 'PEM-A' }), first);
    const others = [
      pools.get(origin, { ...base, ca: undefined }),
      pools.get(origin, { ...base, ca: undefined, settings: settings({ connectTimeoutMs: 1_234 }) }),
      pools.get(origin, { ...base, ca: undefined, settings: settings({ headersTimeoutMs: 1_234 }) }),
      pools.get(origin, { ...base, ca: undefined, proxyStrictSSL: false }),
      pools.get(origin, { ...base, ca: undefined, proxyAuthorization: 'Basic eA==' }),
      pools.get('https://127.0.0.1:2', { ...base, ca: undefined }),
    ];
    assert.equal(new Set([first, ...others]).size, 1 + others.length);
    assert.equal(pools.size, 9);
    // A total timeout is the send's own (its stop), not the connection's: the same dispatcher.
    assert.equal(pools.get(origin, { ...base, ca: undefined, settings: settings({ totalTimeoutMs: 5 }) }), others[0]);
    return pools.close();
  });

  test(
    'TLS: connections (and handshakes) reused across sends, the certificate still verified',
    { skip: !hasOpenssl() },
    async (t) => {
      const cert = makeSelfSignedCert();
      const server = await startTlsServer(t, cert, okHandler);
      const pools = new ConnectionPools();
      t.after(() => pools.close());
      for (let i = 0; i < 6; i++) {
        const o = await sendRequest(prepared(), { baseUrl: server.url, settings: settings(), ca: cert.cert, pools });
        assert.equal(status(o), 200);
      }
      assert.ok(server.connections <= 2, `${server.connections} TLS connections for 6 sends`);
      // Without the CA the pooled path verifies like any other: refused.
      const refused = await sendRequest(prepared(), { baseUrl: server.url, settings: settings(), pools });
      assert.equal(refused.kind, 'error');
    },
  );

  test('close() ends the kept connections, and the pools refuse further use', async (t) => {
    const server = await startServer(t, okHandler);
    const pools = new ConnectionPools();
    assert.equal(status(await sendRequest(prepared(), { baseUrl: server.url, settings: settings(), pools })), 200);
    const closed = server.nextSocketClose();
    await pools.close();
    await closed;
    assert.equal(pools.size, 0);
    await assert.rejects(sendRequest(prepared(), { baseUrl: server.url, settings: settings(), pools }), /closed/);
  });
});
