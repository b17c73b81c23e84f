import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatError } from '../../../client/src/log';
import { proxyOptionsFrom } from '../../../client/src/proxy';
import { catalogStatusView, environmentStatusView, outlineLimitView } from '../../../client/src/statusText';

void describe('status texts', () => {
  void it('says the outline is limited, and to what', () => {
    assert.deepEqual(outlineLimitView(5000), {
      text: 'Outline limited to 5000 items',
      detail: 'the top levels first; a bigger limit lists more',
    });
    assert.equal(outlineLimitView(1).text, 'Outline limited to 1 item');
  });
  void it('describes the catalog', () => {
    assert.equal(catalogStatusView(undefined, false).busy, true);
    assert.deepEqual(catalogStatusView({ operationCount: 5, problems: [] }, true), {
      text: 'Catalog: 5 operations',
      detail: 'Built-in and user catalogs loaded',
      severity: 'info',
      busy: false,
    });
    const bad = catalogStatusView(
      {
        operationCount: 5,
        problems: [
          { uri: 'file:///w/mine.yaml', message: 'bad $ref' },
          { uri: 'x', message: 'y' },
        ],
      },
      true,
    );
    assert.equal(bad.severity, 'warning');
    assert.equal(bad.text, 'Catalog: 5 operations, 2 problems');
    assert.equal(bad.detail, 'mine.yaml: bad $ref (and 1 more; see Output)');
    assert.equal(
      catalogStatusView({ operationCount: 0, problems: [{ uri: 'x', message: 'y' }] }, true).severity,
      'error',
    );
  });

  const NOW = Date.parse('2026-12-03T06:00:00Z');
  const webex = (stored?: { expiresAt?: number; obtainedAt?: number }, profile = 'default') => ({
    scheme: 'webexBearer',
    label: 'Webex access token',
    profile,
    ...(stored ? { stored } : {}),
  });

  void it('says when renewing the token in the background failed, in warning colour, with why in the tooltip', () => {
    const v = environmentStatusView({
      environment: 'production',
      origin: 'https://webexapis.com',
      credentials: [
        {
          ...webex({ expiresAt: NOW + 4 * 60_000, obtainedAt: NOW - 3_600_000 }),
          renewalFailed: 'Webex refused the refresh token (invalid_grant).',
        },
      ],
      trusted: true,
      now: NOW,
    });
    assert.equal(v.text, '$(warning) production · Webex token: 4 min left (renewal failed)');
    assert.equal(v.warning, true);
    assert.match(
      v.tooltip,
      /token stored, 4 min left\nRenewing it in the background failed: Webex refused the refresh token \(invalid_grant\)\./,
    );
  });

  void it('says in words whether a token is stored and how long it has left, never what it is', () => {
    const v = environmentStatusView({
      environment: 'production',
      origin: 'https://webexapis.com',
      credentials: [webex({ expiresAt: NOW + 4 * 3_600_000 + 120_000, obtainedAt: NOW - 3_600_000 })],
      trusted: true,
      now: NOW,
    });
    assert.equal(v.text, '$(key) production · Webex token: 4 h left');
    assert.equal(v.warning, false);
    assert.match(v.tooltip, /Webex access token for https:\/\/webexapis.com: token stored, 4 h left/);
    const none = environmentStatusView({
      environment: 'mock',
      origin: 'http://127.0.0.1:4010',
      credentials: [{ scheme: 'x', label: 'T', profile: 'default' }],
      trusted: false,
      now: NOW,
    });
    assert.equal(none.text, '$(key) mock · T: none');
    assert.ok(!none.text.includes('circle-slash'), 'no icon that reads as "disabled"');
    assert.match(none.tooltip, /sign in or set a token/);
    assert.match(none.tooltip, /Restricted Mode/);
    const problem = environmentStatusView({
      environment: 'lab',
      problem: 'no base URL',
      credentials: [],
      trusted: true,
      now: NOW,
    });
    assert.ok(problem.warning && problem.text.startsWith('$(warning)'));
    const noToken = environmentStatusView({ environment: 'lab', credentials: [], trusted: true, now: NOW });
    assert.equal(noToken.text, '$(globe) lab');
  });

  void it('warns near expiry and after it, names a profile other than the default one', () => {
    const near = environmentStatusView({
      environment: 'production',
      origin: 'https://webexapis.com',
      credentials: [webex({ expiresAt: NOW + 10 * 60_000, obtainedAt: NOW - 12 * 3_600_000 }, 'acme')],
      trusted: true,
      now: NOW,
    });
    assert.equal(near.text, '$(warning) production · Webex token (acme): 10 min left');
    assert.equal(near.warning, true);
    assert.match(near.tooltip, /profile "acme"/);
    const expired = environmentStatusView({
      environment: 'production',
      origin: 'https://webexapis.com',
      credentials: [webex({ expiresAt: NOW - 3 * 60_000 })],
      trusted: true,
      now: NOW,
    });
    assert.equal(expired.text, '$(warning) production · Webex token: expired 3 min ago');
    assert.match(expired.tooltip, /it will not be sent/);
    const unknown = environmentStatusView({
      environment: 'production',
      origin: 'https://webexapis.com',
      credentials: [webex({})],
      trusted: true,
      now: NOW,
    });
    assert.equal(unknown.text, '$(key) production · Webex token: set, expiry unknown');
    assert.equal(unknown.warning, false);
  });

  void it('talks about the slot that has a token when the operation accepts several', () => {
    const v = environmentStatusView({
      environment: 'p',
      origin: 'https://x.test',
      credentials: [
        { scheme: 'a', label: 'A token', profile: 'default' },
        { scheme: 'b', label: 'B token', profile: 'default', stored: { expiresAt: NOW + 3 * 86_400_000 } },
      ],
      trusted: true,
      now: NOW,
    });
    assert.equal(v.text, '$(key) p · B token: 3 d left');
    assert.match(v.tooltip, /A token for https:\/\/x.test: no token stored/);
  });
});

void describe('proxy settings', () => {
  const target = new URL('https://webexapis.com/v1');
  void it('uses http.proxy, adds loopback and no_proxy, keeps strictSSL on by default', () => {
    const p = proxyOptionsFrom(
      {
        proxy: 'http://proxy:3128',
        strictSSL: undefined,
        noProxy: ['.corp'],
        authorization: 'Basic x',
        support: 'override',
      },
      { NO_PROXY: 'a.test,b.test' },
      target,
    );
    assert.deepEqual(p, {
      url: 'http://proxy:3128',
      strictSSL: true,
      noProxy: ['localhost', '127.0.0.1', '[::1]', '.corp', 'a.test', 'b.test'],
      authorization: 'Basic x',
    });
  });
  void it('falls back to the environment for the target scheme, and "off" means none', () => {
    assert.equal(
      proxyOptionsFrom(
        { proxy: '', strictSSL: false, noProxy: undefined, authorization: null, support: 'on' },
        { https_proxy: 'http://e:1' },
        target,
      )?.url,
      'http://e:1',
    );
    assert.equal(
      proxyOptionsFrom(
        { proxy: '', strictSSL: false, noProxy: undefined, authorization: null, support: 'on' },
        { https_proxy: 'http://e:1' },
        new URL('http://127.0.0.1:4010'),
      ),
      undefined,
    );
    assert.equal(
      proxyOptionsFrom(
        { proxy: 'http://p:1', strictSSL: true, noProxy: [], authorization: undefined, support: 'off' },
        {},
        target,
      ),
      undefined,
    );
    assert.equal(
      proxyOptionsFrom(
        { proxy: '', strictSSL: true, noProxy: [], authorization: undefined, support: 'on' },
        {},
        target,
      ),
      undefined,
    );
  });
});

void describe('log formatting', () => {
  void it('writes errors as their stack', () => {
    const e = new Error('boom');
    assert.ok(formatError(e).startsWith('Error: boom\n'));
    assert.equal(formatError('text'), 'text');
    assert.equal(formatError({ a: 1 }), '{"a":1}');
  });
});
