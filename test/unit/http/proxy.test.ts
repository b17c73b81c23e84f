/** VS Code proxy settings (http.proxy, http.noProxy, http.proxyStrictSSL, http.proxyAuthorization) with a recording proxy (T16). */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { bypassesProxy, proxyFromEnvironment, sendRequest } from '../../../client/src/http/index';
import type { SendOutcome } from '../../../client/src/http/index';
import {
  SLOTS,
  closedPort,
  hasOpenssl,
  makeSelfSignedCert,
  prepared,
  settings,
  startProxy,
  startServer,
  startTlsServer,
} from './helpers';
import type { TestCert } from './helpers';

function kind(o: SendOutcome): string {
  return o.kind === 'response' ? String(o.status) : o.kind === 'error' ? o.code : o.kind;
}

describe('bypassesProxy (http.noProxy)', () => {
  const url = (s: string): URL => new URL(s);
  test('exact host, subdomains, leading dot and *. forms, case and trailing dot', () => {
    for (const entry of ['webexapis.com', '.webexapis.com', '*.webexapis.com', 'WEBEXAPIS.COM', 'webexapis.com.']) {
      assert.ok(bypassesProxy(url('https://webexapis.com/v1'), [entry]), entry);
      assert.ok(bypassesProxy(url('https://eu.webexapis.com/v1'), [entry]), entry);
    }
  });
  test('no partial-label matches', () => {
    assert.ok(!bypassesProxy(url('https://evilwebexapis.com/'), ['webexapis.com']));
    assert.ok(!bypassesProxy(url('https://webexapis.com.evil.test/'), ['webexapis.com']));
  });
  test('ports, IP literals and *', () => {
    assert.ok(bypassesProxy(url('http://127.0.0.1:4010/'), ['127.0.0.1']));
    assert.ok(bypassesProxy(url('http://127.0.0.1:4010/'), ['127.0.0.1:4010']));
    assert.ok(!bypassesProxy(url('http://127.0.0.1:4011/'), ['127.0.0.1:4010']));
    assert.ok(bypassesProxy(url('https://webexapis.com/'), ['webexapis.com:443']));
    assert.ok(bypassesProxy(url('http://[::1]:8080/'), ['[::1]']));
    assert.ok(bypassesProxy(url('https://anything.test/'), ['*']));
    assert.ok(!bypassesProxy(url('https://anything.test/'), ['', '  ']));
  });
  test('proxyFromEnvironment: lower case wins, no_proxy split on commas and spaces', () => {
    const env = { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2', NO_PROXY: 'a.test, b.test  c.test' };
    assert.deepEqual(proxyFromEnvironment(env, new URL('https://x.test')), {
      url: 'http://lower:2',
      strictSSL: true,
      noProxy: ['a.test', 'b.test', 'c.test'],
    });
    assert.equal(proxyFromEnvironment(env, new URL('http://x.test')).url, undefined);
  });
});

describe('sendRequest through a proxy (T16)', () => {
  test('T16: an http:// target listed in http.noProxy does not use the proxy', async (t) => {
    const proxy = await startProxy(t);
    const server = await startServer(t, (_req, res) => res.end('{}'));
    const outcome = await sendRequest(prepared(), {
      baseUrl: server.url,
      token: { value: 'tkn_noproxy_0001', slot: SLOTS.huaweiAccessToken, origin: server.origin },
      settings: settings(),
      proxy: { url: proxy.url, strictSSL: true, noProxy: ['localhost', '127.0.0.1'] },
    });
    assert.equal(kind(outcome), '200');
    assert.equal(proxy.log.connections, 0);
    assert.equal(server.requests[0]?.headers['x-access-token'], 'tkn_noproxy_0001');
    assert.equal(outcome.kind === 'response' && outcome.sent.proxy, undefined);
  });

  test('T16: an http:// target not bypassed is forwarded by the proxy (no token involved)', async (t) => {
    const proxy = await startProxy(t);
    const server = await startServer(t, (_req, res) => res.end('{"via":"proxy"}'));
    const outcome = await sendRequest(prepared(), {
      baseUrl: server.url,
      settings: settings(),
      proxy: { url: proxy.url, strictSSL: true, noProxy: ['other.test'], authorization: 'Basic cHJveHk6cHc=' },
    });
    assert.equal(kind(outcome), '200');
    assert.equal(outcome.kind === 'response' && outcome.bodyText, '{"via":"proxy"}');
    assert.equal(outcome.kind === 'response' && outcome.sent.proxy, proxy.url);
    assert.equal(proxy.log.forwards.length, 1);
    assert.equal(proxy.log.forwards[0]?.url, `${server.url}/v1/usg/dcs/member/vmr/ff80808167ef1edf0167f33d650c0662`);
    assert.equal(proxy.log.forwards[0]?.headers['proxy-authorization'], 'Basic cHJveHk6cHc=');
    assert.equal(server.requests.length, 1);
    assert.ok(!JSON.stringify(outcome).includes('cHJveHk6cHc='), 'the proxy credential is masked in the outcome');
  });

  test('T16: a token is never sent through a proxy over plain http — refused before any connection', async (t) => {
    const proxy = await startProxy(t);
    const server = await startServer(t, (_req, res) => res.end());
    const outcome = await sendRequest(prepared(), {
      baseUrl: server.url,
      token: { value: 'tkn_never_to_proxy', slot: SLOTS.huaweiAccessToken, origin: server.origin },
      settings: settings(),
      proxy: { url: proxy.url, strictSSL: true, noProxy: [] },
    });
    assert.equal(kind(outcome), 'CREDENTIAL_NOT_ALLOWED');
    assert.match(outcome.kind === 'error' ? outcome.message : '', /not sent through a proxy over plain http/);
    assert.equal(proxy.log.connections, 0);
    assert.equal(server.connections, 0);
  });

  test('T16: a proxy that is not running → plain error naming the proxy setting', async () => {
    const port = await closedPort();
    const outcome = await sendRequest(prepared(), {
      baseUrl: 'http://127.0.0.1:9',
      settings: settings(),
      proxy: { url: `http://127.0.0.1:${port}`, strictSSL: true, noProxy: [] },
    });
    assert.equal(kind(outcome), 'CONNECTION_REFUSED');
    assert.match(
      outcome.kind === 'error' ? outcome.message : '',
      /The proxy http:\/\/127\.0\.0\.1:\d+ refused the connection\. Is it running\? Check http\.proxy\./,
    );
  });

  test('T16: a socks:// or malformed http.proxy is refused before any connection', async (t) => {
    const server = await startServer(t, (_req, res) => res.end());
    for (const url of ['socks5://127.0.0.1:1080', 'not a url']) {
      const outcome = await sendRequest(prepared(), {
        baseUrl: server.url,
        settings: settings(),
        proxy: { url, strictSSL: true, noProxy: [] },
      });
      assert.equal(kind(outcome), 'PROXY');
    }
    assert.equal(server.connections, 0);
  });

  describe(
    'https targets',
    { skip: hasOpenssl() ? false : 'the openssl CLI is not available to make a test certificate' },
    () => {
      let cert: TestCert | undefined;
      const getCert = (): TestCert => (cert ??= makeSelfSignedCert());

      test('T16: https via the proxy is a CONNECT tunnel only — the proxy never sees the token, the body or request headers', async (t) => {
        const token = `tkn_${randomBytes(24).toString('hex')}`;
        const proxy = await startProxy(t);
        const server = await startTlsServer(t, getCert(), (_req, res) => res.end('{"ok":true}'));
        const req = prepared({ body: '{"chairPwd":"918273","vmrName":"tunnelled"}' });
        const outcome = await sendRequest(req, {
          baseUrl: server.url,
          token: { value: token, slot: SLOTS.huaweiAccessToken, origin: server.origin },
          settings: settings(),
          ca: getCert().cert,
          proxy: { url: proxy.url, strictSSL: true, noProxy: [], authorization: 'Basic cHJveHk6cHc=' },
        });
        assert.equal(kind(outcome), '200');
        assert.deepEqual(
          proxy.log.connects.map((c) => c.target),
          [`127.0.0.1:${server.port}`],
        );
        assert.equal(proxy.log.forwards.length, 0, 'no request was forwarded in clear');
        const connectHeaders = proxy.log.connects[0]?.headers ?? {};
        assert.equal(
          connectHeaders['proxy-authorization'],
          'Basic cHJveHk6cHc=',
          'the proxy credential goes to the proxy',
        );
        for (const name of [
          'authorization',
          'x-access-token',
          'x-conference-authorization',
          'x-request-id',
          'content-type',
        ]) {
          assert.equal(connectHeaders[name], undefined, name);
        }
        const wire = Buffer.concat(proxy.log.tunnelBytes).toString('latin1');
        assert.ok(wire.length > 0, 'bytes went through the tunnel');
        for (const plain of [token, '918273', 'tunnelled', 'X-Access-Token', 'PUT /v1']) {
          assert.ok(!wire.includes(plain), `the proxy saw ${plain}`);
        }
        const atOrigin = server.requests[0];
        assert.equal(atOrigin?.headers['x-access-token'], token);
        assert.equal(
          atOrigin?.headers['proxy-authorization'],
          undefined,
          'Proxy-Authorization never reaches the API server',
        );
      });

      test('T16: a proxy that refuses the tunnel with 407 → plain error naming http.proxyAuthorization', async (t) => {
        const proxy = await startProxy(t, { refuseConnectWith: 407 });
        const outcome = await sendRequest(prepared(), {
          baseUrl: 'https://127.0.0.1:9',
          settings: settings(),
          proxy: { url: proxy.url, strictSSL: true, noProxy: [] },
        });
        assert.equal(kind(outcome), 'PROXY');
        assert.match(
          outcome.kind === 'error' ? outcome.message : '',
          /asks for authentication \(407\)\. Set http\.proxyAuthorization/,
        );
        assert.equal(outcome.kind === 'error' && outcome.mayHaveReachedServer, false);
      });

      test('T15: http.proxyStrictSSL=false does not relax verification of the API server', async (t) => {
        const proxy = await startProxy(t);
        const server = await startTlsServer(t, getCert(), (_req, res) => res.end());
        const outcome = await sendRequest(prepared(), {
          baseUrl: server.url,
          token: { value: 'tkn_strict_0001', slot: SLOTS.huaweiAccessToken, origin: server.origin },
          settings: settings(),
          proxy: { url: proxy.url, strictSSL: false, noProxy: [] },
        });
        assert.equal(kind(outcome), 'TLS_CERTIFICATE');
        assert.equal(proxy.log.connects.length, 1);
        assert.equal(server.requests.length, 0);
      });
    },
  );
});
