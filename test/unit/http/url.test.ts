import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RequestBuildError, buildUrl, isLoopbackHost, originOf, parseBaseUrl } from '../../../client/src/http/index';

const TEMPLATE = '/v1/usg/dcs/member/vmr/{id}';
const BASE = 'https://api.meeting.huaweicloud.com';

function build(id: string, base = BASE, query: Array<[string, string]> = []): URL {
  return buildUrl(base, { pathTemplate: TEMPLATE, pathParams: { id }, query });
}

describe('buildUrl', () => {
  test('substitutes a plain value under the base URL', () => {
    assert.equal(
      build('ff80808167ef1edf0167f33d650c0662').href,
      `${BASE}/v1/usg/dcs/member/vmr/ff80808167ef1edf0167f33d650c0662`,
    );
  });

  test('keeps a base path and drops its trailing slash', () => {
    const url = buildUrl('https://webexapis.com/v1/', {
      pathTemplate: '/meetingPreferences/personalMeetingRoom',
      pathParams: {},
      query: [],
    });
    assert.equal(url.href, 'https://webexapis.com/v1/meetingPreferences/personalMeetingRoom');
  });

  const hostile: Array<[string, string]> = [
    ['../admin', '..%2Fadmin'],
    ['../../admin', '..%2F..%2Fadmin'],
    ['a/b', 'a%2Fb'],
    ['?x=1', '%3Fx%3D1'],
    ['#', '%23'],
    ['%2e%2e', '%252e%252e'],
    ['%2e%2e%2fadmin', '%252e%252e%252fadmin'],
    ['a\r\nHost: evil', 'a%0D%0AHost%3A%20evil'],
    ['a\\b', 'a%5Cb'],
    ['//evil.test', '%2F%2Fevil.test'],
    ['https://evil.test', 'https%3A%2F%2Fevil.test'],
    ['@evil.test', '%40evil.test'],
    ["x'(*)!", 'x%27%28%2A%29%21'],
    ['é 空', '%C3%A9%20%E7%A9%BA'],
  ];
  for (const [value, encoded] of hostile) {
    test(`T18: path parameter ${JSON.stringify(value)} stays one path segment`, () => {
      const url = build(value);
      assert.equal(url.origin, BASE);
      assert.equal(url.pathname, `/v1/usg/dcs/member/vmr/${encoded}`);
      assert.equal(url.search, '');
      assert.equal(url.hash, '');
    });
  }

  for (const value of ['.', '..', '%2e', '.%2E']) {
    test(`T18: path parameter ${JSON.stringify(value)} that would be a dot segment is refused or kept literal`, () => {
      // "." and ".." cannot be encoded so that URL parsers keep them; "%2e" is encoded as %252e (literal).
      if (value === '.' || value === '..') {
        assert.throws(() => build(value), RequestBuildError);
      } else {
        assert.equal(build(value).pathname, `/v1/usg/dcs/member/vmr/${value.replace(/%/g, '%25')}`);
      }
    });
  }

  test('T18: a missing path parameter is an error naming it', () => {
    assert.throws(() => buildUrl(BASE, { pathTemplate: TEMPLATE, pathParams: {}, query: [] }), /\{id\} has no value/);
  });

  test('T18: an inherited property is not a path parameter value', () => {
    assert.throws(
      () => buildUrl(BASE, { pathTemplate: '/x/{constructor}', pathParams: {}, query: [] }),
      /\{constructor\} has no value/,
    );
  });

  test('T18: an empty path parameter is an error', () => {
    assert.throws(() => build(''), /is empty/);
  });

  test('T18: a lone surrogate is refused', () => {
    assert.throws(() => build('\ud800'), /not valid Unicode/);
  });

  test('query parameters are encoded as data, in order, repeated names kept', () => {
    const url = build('abc', BASE, [
      ['a', '1&b=2'],
      ['c', '#x'],
      ['a', 'second'],
    ]);
    assert.equal(url.search, '?a=1%26b%3D2&c=%23x&a=second');
    assert.equal(url.hash, '');
  });

  for (const base of [
    'ftp://x.test',
    'https://user:pw@webexapis.com',
    'https://webexapis.com/v1?x=1',
    'https://webexapis.com/#a',
    'not a url',
    'javascript:alert(1)',
  ]) {
    test(`T2: base URL ${JSON.stringify(base)} is refused`, () => {
      assert.throws(() => parseBaseUrl(base), RequestBuildError);
    });
  }

  for (const template of ['v1/x', '//evil.test/x', '/x?y=1', '/x#y', '/x/../y', '/a b']) {
    test(`path template ${JSON.stringify(template)} is refused`, () => {
      assert.throws(() => buildUrl(BASE, { pathTemplate: template, pathParams: {}, query: [] }), RequestBuildError);
    });
  }
});

describe('originOf / isLoopbackHost', () => {
  test('origin normalises case and default ports, keeps other ports', () => {
    assert.equal(originOf('HTTPS://WebexAPIs.com:443/v1'), 'https://webexapis.com');
    assert.equal(originOf(new URL('https://webexapis.com:444/')), 'https://webexapis.com:444');
  });
  test('loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '[::1]']) assert.ok(isLoopbackHost(h), h);
    for (const h of ['128.0.0.1', 'localhost.evil.test', '127.0.0.1.evil.test', 'webexapis.com']) {
      assert.ok(!isLoopbackHost(h), h);
    }
  });
});
