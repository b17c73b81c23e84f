import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatError } from '../../../client/src/log';
import { proxyOptionsFrom } from '../../../client/src/proxy';
import { catalogStatusView, environmentStatusView } from '../../../client/src/statusText';

void describe('status texts', () => {
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

  void it('says whether a token is set, never what it is', () => {
    const v = environmentStatusView({
      environment: 'production',
      origin: 'https://webexapis.com',
      credentials: [{ label: 'Webex access token', set: true }],
      trusted: true,
    });
    assert.equal(v.text, '$(key) production');
    assert.match(v.tooltip, /Webex access token: token set for https:\/\/webexapis.com/);
    const none = environmentStatusView({
      environment: 'mock',
      origin: 'http://127.0.0.1:4010',
      credentials: [{ label: 'T', set: false }],
      trusted: false,
    });
    assert.equal(none.text, '$(circle-slash) mock');
    assert.match(none.tooltip, /Set Token/);
    assert.match(none.tooltip, /Restricted Mode/);
    const problem = environmentStatusView({
      environment: 'lab',
      problem: 'no base URL',
      credentials: [],
      trusted: true,
    });
    assert.ok(problem.warning && problem.text.startsWith('$(warning)'));
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
