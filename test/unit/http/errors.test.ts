/** Error mapping: plain words that name the setting to change; masked detail. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeError } from '../../../client/src/http/index';
import type { ErrorContext } from '../../../client/src/http/errors';
import { settings } from './helpers';

function ctx(overrides: Partial<ErrorContext> = {}): ErrorContext {
  return {
    url: new URL('https://webexapis.com/v1/x'),
    settings: settings({ connectTimeoutMs: 10_000, headersTimeoutMs: 30_000 }),
    afterHeaders: false,
    secrets: [],
    ...overrides,
  };
}

function err(code: string, message = code, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

describe('describeError', () => {
  const cases: Array<[Error, string, RegExp, boolean]> = [
    [
      err('ECONNREFUSED', 'connect ECONNREFUSED 1.2.3.4:443', { port: 443 }),
      'CONNECTION_REFUSED',
      /webexapis\.com refused the connection.*meetingPayloads\.environments/,
      false,
    ],
    [
      err('ENOTFOUND', 'getaddrinfo ENOTFOUND webexapis.com'),
      'HOST_NOT_FOUND',
      /could not be found \(DNS\).*meetingPayloads\.environments.*http\.proxy/,
      false,
    ],
    [err('EAI_AGAIN'), 'HOST_NOT_FOUND', /DNS/, false],
    [err('ETIMEDOUT'), 'CONNECT_TIMEOUT', /within 10 s.*meetingPayloads\.request\.connectTimeoutMs/, false],
    [err('UND_ERR_CONNECT_TIMEOUT'), 'CONNECT_TIMEOUT', /meetingPayloads\.request\.connectTimeoutMs/, false],
    [
      err('UND_ERR_HEADERS_TIMEOUT'),
      'HEADERS_TIMEOUT',
      /no response within 30 s \(meetingPayloads\.request\.headersTimeoutMs\)/,
      true,
    ],
    [err('UND_ERR_BODY_TIMEOUT'), 'BODY_TIMEOUT', /meetingPayloads\.request\.headersTimeoutMs/, true],
    [err('ECONNRESET', 'read ECONNRESET'), 'CONNECTION_RESET', /closed unexpectedly.*may have applied/, true],
    [err('UND_ERR_SOCKET', 'other side closed'), 'CONNECTION_RESET', /closed unexpectedly/, true],
    [
      err('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      'TLS_CERTIFICATE',
      /is self-signed, so nothing was sent/,
      false,
    ],
    [err('SELF_SIGNED_CERT_IN_CHAIN'), 'TLS_CERTIFICATE', /untrusted \(self-signed\) root/, false],
    [err('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'TLS_CERTIFICATE', /cannot be verified/, false],
    [
      err('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'),
      'TLS_CERTIFICATE',
      /certificate authority this computer does not trust/,
      false,
    ],
    [err('CERT_HAS_EXPIRED'), 'TLS_CERTIFICATE', /has expired/, false],
    [err('ERR_TLS_CERT_ALTNAME_INVALID'), 'TLS_CERTIFICATE', /issued for a different host name/, false],
    [err('ERR_SSL_WRONG_VERSION_NUMBER'), 'TLS', /right scheme and port/, false],
    [err('ENETUNREACH'), 'NETWORK', /network unreachable/, false],
    [
      err('UND_ERR_ABORTED', 'Proxy response (407) !== 200 when HTTP Tunneling'),
      'PROXY',
      /407.*http\.proxyAuthorization/,
      false,
    ],
    [
      err('UND_ERR_ABORTED', 'Proxy response (403) !== 200 when HTTP Tunneling'),
      'PROXY',
      /status 403.*http\.proxy and http\.noProxy/,
      false,
    ],
    [err('UND_ERR_PRX_TLS'), 'PROXY', /http\.proxyStrictSSL/, false],
    [err('SOMETHING_ELSE', 'weird'), 'UNKNOWN', /failed: weird/, true],
  ];
  for (const [error, code, message, reached] of cases) {
    test(`${(error as Error & { code: string }).code}: ${error.message} → ${code}`, () => {
      const d = describeError(error, ctx({ proxy: 'http://proxy.test:3128' }));
      assert.equal(d.code, code);
      assert.match(d.message, message);
      assert.equal(d.mayHaveReachedServer, reached);
      assert.ok(d.detail.length > 0);
    });
  }

  test('ETIMEDOUT after the response started is a broken connection, not a connect timeout', () => {
    const d = describeError(err('ETIMEDOUT'), ctx({ afterHeaders: true }));
    assert.equal(d.code, 'CONNECTION_RESET');
    assert.equal(d.mayHaveReachedServer, true);
  });

  test('causes are followed (undici wraps Node errors)', () => {
    const wrapped = Object.assign(new Error('fetch failed'), {
      cause: err('CERT_HAS_EXPIRED', 'certificate has expired'),
    });
    const d = describeError(wrapped, ctx());
    assert.equal(d.code, 'TLS_CERTIFICATE');
    assert.match(d.detail, /caused by: Error \[CERT_HAS_EXPIRED\] certificate has expired/);
  });

  test('T4: secrets in error messages are masked in message and detail', () => {
    const d = describeError(
      err('SOMETHING', 'header Authorization: Bearer tkn_leak_0001 rejected'),
      ctx({ secrets: ['tkn_leak_0001'] }),
    );
    assert.ok(!d.message.includes('tkn_leak_0001'));
    assert.ok(!d.detail.includes('tkn_leak_0001'));
  });

  test('non-Error throwables and cyclic causes do not crash', () => {
    assert.equal(describeError('boom', ctx()).code, 'UNKNOWN');
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = a;
    assert.equal(describeError(a, ctx()).code, 'UNKNOWN');
  });
});
