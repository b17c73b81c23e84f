/**
 * requestTarget: buildUrl once per prepared request (client/src/http/url.ts). A request sent again unchanged
 * reuses its checked URL; any change to what the URL is built from is built and checked again, and refusals
 * are never kept.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RequestBuildError, buildUrl } from '../../../client/src/http/index';
import { requestTarget } from '../../../client/src/http/url';
import type { PreparedRequest } from '../../../common/requestSpec';

const BASE = 'https://api.meeting.huaweicloud.com';
type UrlParts = Pick<PreparedRequest, 'pathTemplate' | 'pathParams' | 'query'>;

function request(): UrlParts {
  return {
    pathTemplate: '/v1/mmc/management/conferences/{conferenceID}',
    pathParams: { conferenceID: '9f3c' },
    query: [['userUUID', 'u1']],
  };
}

/** What a fresh buildUrl gives for the request as it is now. */
function fresh(base: string, req: UrlParts): { href: string; origin: string; path: string } {
  const url = buildUrl(base, req);
  return { href: url.href, origin: url.origin, path: url.pathname + url.search };
}

function assertTarget(base: string, req: UrlParts): void {
  const got = requestTarget(base, req);
  assert.deepEqual({ href: got.href, origin: got.origin, path: got.path }, fresh(base, req));
  assert.equal(got.url.href, got.href);
}

describe('requestTarget', () => {
  test('an unchanged request reuses its target; the pieces are what buildUrl gives', () => {
    const req = request();
    const first = requestTarget(BASE, req);
    assert.equal(requestTarget(BASE, req), first);
    assert.equal(first.href, `${BASE}/v1/mmc/management/conferences/9f3c?userUUID=u1`);
    assert.equal(first.origin, BASE);
    assert.equal(first.path, '/v1/mmc/management/conferences/9f3c?userUUID=u1');
    // Another object with the same content is its own entry, with the same URL.
    const twin = requestTarget(BASE, request());
    assert.notEqual(twin, first);
    assert.equal(twin.href, first.href);
  });

  test('every change to what the URL is built from builds it again', () => {
    const req = request();
    const before = requestTarget(BASE, req);
    req.pathParams.conferenceID = 'a b/c';
    assertTarget(BASE, req);
    assert.notEqual(requestTarget(BASE, req), before);
    assert.equal(requestTarget(BASE, req).path, '/v1/mmc/management/conferences/a%20b%2Fc?userUUID=u1');

    const q = req.query[0];
    assert.ok(q);
    q[1] = 'u2'; // changed in place
    assertTarget(BASE, req);
    req.query.push(['offset', '10']);
    assertTarget(BASE, req);
    req.query = [];
    assertTarget(BASE, req);

    assertTarget('https://other.example.test/base/', req);
    assert.equal(requestTarget('https://other.example.test/base/', req).origin, 'https://other.example.test');
    assertTarget(BASE, req);

    req.pathTemplate = '/v1/mmc/management/conferences/{conferenceID}/attendees';
    assertTarget(BASE, req);
  });

  test('a request that becomes refusable is refused: no checked URL is reused for it', () => {
    const req = request();
    requestTarget(BASE, req);
    req.pathParams.conferenceID = '..';
    assert.throws(() => requestTarget(BASE, req), /"\." or "\.\."/);
    assert.throws(() => requestTarget(BASE, req), RequestBuildError, 'refused again, not kept');
    req.pathParams = {};
    assert.throws(() => requestTarget(BASE, req), /\{conferenceID\} has no value/);
    // An inherited value is no value, even when the cached one had the same text.
    req.pathParams = Object.create({ conferenceID: '9f3c' }) as Record<string, string>;
    assert.throws(() => requestTarget(BASE, req), /\{conferenceID\} has no value/);
    assert.throws(() => requestTarget('https://user:pw@api.meeting.huaweicloud.com', request()), RequestBuildError);
    req.pathParams = { conferenceID: '9f3c' };
    assertTarget(BASE, req);
  });
});
