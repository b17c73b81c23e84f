import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noTokenNotice, rejectionNotice, scopeWords } from '../../../client/src/send/credentialNotice';

const NOW = Date.parse('2026-12-03T06:00:00Z');
const WEBEX = {
  scheme: 'webexBearer',
  label: 'Webex access token',
  scopes: [['meeting:preferences_write'], ['meeting:admin_preferences_write']],
};
const HUAWEI = { scheme: 'huaweiAccessToken', label: 'Huawei access token' };
const base = { origin: 'https://webexapis.com', profile: 'default', now: NOW, otherOrigins: [] };

void describe('credential notices', () => {
  void it('says "No token was attached" with the buttons, and why a 401 came back', () => {
    const n = noTokenNotice({ labels: ['Webex access token'], origin: 'http://127.0.0.1:4010', profile: 'default' });
    assert.equal(n.title, 'No token was attached');
    assert.deepEqual(n.actions, ['setToken', 'switchProfile']);
    assert.deepEqual(n.lines, [
      'No Webex access token is stored for http://127.0.0.1:4010, so the request went without one.',
    ]);
    const with401 = noTokenNotice({ labels: ['A', 'B'], origin: 'https://x.test', profile: 'acme', status: 401 });
    assert.match(with401.lines[0] ?? '', /No A or B is stored for https:\/\/x.test in profile "acme"/);
    assert.match(with401.lines[1] ?? '', /answered 401/);
  });

  void it('offers Sign In first where a flow serves the scheme, for a missing token and a rejected one', () => {
    const none = noTokenNotice({
      labels: ['Webex access token'],
      origin: 'https://webexapis.com',
      profile: 'default',
      status: 401,
      canSignIn: true,
    });
    assert.deepEqual(none.actions, ['signIn', 'setToken', 'switchProfile']);
    assert.match(none.lines[1] ?? '', /Sign in or set one and send again\.$/);
    const rejected = rejectionNotice({ ...base, status: 401, bodyText: '', slot: WEBEX, canSignIn: true });
    assert.deepEqual(rejected?.actions, ['signIn', 'setToken', 'switchProfile']);
    const huawei = rejectionNotice({ ...base, status: 401, bodyText: '', slot: HUAWEI, canSignIn: false });
    assert.deepEqual(huawei?.actions, ['setToken', 'switchProfile']);
  });

  void it('explains a Webex 403 missing scope with the scopes the operation documents', () => {
    const body = JSON.stringify({
      message:
        'The server understood the request, but refused to fulfill it because the access token is missing required scopes or the user is missing required roles or licenses.',
      errors: [{ description: "Not permitted to view or change other user's preferences." }],
      trackingId: 'x',
    });
    const n = rejectionNotice({ ...base, status: 403, bodyText: body, slot: WEBEX });
    assert.ok(n);
    assert.equal(n.kind, 'rejected');
    assert.equal(n.title, '403: the Webex access token lacks a scope this operation needs');
    assert.match(n.lines[0] ?? '', /needs meeting:preferences_write, or meeting:admin_preferences_write/);
    assert.match(n.lines.at(-1) ?? '', /^The server said: The server understood .* — Not permitted/);
    assert.deepEqual(n.actions, ['setToken', 'switchProfile']);
  });

  void it('tells a 403 without a scope message from a scope problem, still naming the scopes', () => {
    const n = rejectionNotice({ ...base, status: 403, bodyText: '{"message":"Forbidden"}', slot: WEBEX });
    assert.match(n?.title ?? '', /accepted but is not allowed/);
    assert.ok(
      n?.lines.some((l) => l === 'This operation needs meeting:preferences_write, or meeting:admin_preferences_write.'),
    );
  });

  void it('explains a 401: expired, or unknown expiry of a pasted Webex token', () => {
    const expired = rejectionNotice({
      ...base,
      status: 401,
      bodyText: '',
      slot: WEBEX,
      expiresAt: Date.parse('2026-12-03T05:58:00Z'),
    });
    assert.equal(expired?.title, '401: the Webex access token was not accepted');
    assert.equal(expired?.lines[0], 'It expired at 2026-12-03 05:58 UTC.');
    const pasted = rejectionNotice({ ...base, status: 401, bodyText: 'not json', slot: WEBEX });
    assert.deepEqual(pasted?.lines, [
      'It is invalid, revoked or expired.',
      'Its expiry is unknown (it was pasted); a Webex personal access token lasts 12 hours.',
    ]);
  });

  void it("reads Huawei's error codes", () => {
    const invalid = rejectionNotice({
      ...base,
      origin: 'https://api.meeting.huaweicloud.com',
      status: 401,
      bodyText: JSON.stringify({ error_code: 'USG.000000004', error_msg: 'token invalid', request_id: 'r' }),
      slot: HUAWEI,
    });
    assert.equal(invalid?.title, '401: the Huawei access token is invalid (Huawei USG.000000004)');
    assert.match(invalid?.lines[0] ?? '', /64 live tokens/);
    assert.equal(invalid?.lines.at(-1), 'The server said: token invalid');
    const mmc = rejectionNotice({
      ...base,
      status: 403,
      bodyText: JSON.stringify({ error_code: 'MMC.111070005', error_msg: 'no permission' }),
      slot: HUAWEI,
    });
    assert.ok(mmc?.lines.includes('Huawei error MMC.111070005 (MMC codes concern the meeting, not the token).'));
  });

  void it('points at a token of another origin and at the profile', () => {
    const n = rejectionNotice({
      ...base,
      origin: 'https://api-intl.meeting.huaweicloud.com',
      otherOrigins: ['https://api.meeting.huaweicloud.com'],
      profile: 'acme',
      status: 401,
      bodyText: '{}',
      slot: HUAWEI,
    });
    assert.ok(
      n?.lines.some((l) =>
        l.startsWith('A Huawei access token is also stored for https://api.meeting.huaweicloud.com.'),
      ),
    );
    assert.ok(n?.lines.some((l) => l.includes('profile "acme"')));
  });

  void it('says nothing for other statuses and quotes at most 300 characters of server text', () => {
    for (const status of [200, 204, 400, 404, 429, 500]) {
      assert.equal(rejectionNotice({ ...base, status, bodyText: '{}', slot: WEBEX }), undefined);
    }
    const long = rejectionNotice({
      ...base,
      status: 401,
      bodyText: JSON.stringify({ message: 'x'.repeat(5000) }),
      slot: WEBEX,
    });
    assert.ok((long?.lines.at(-1) ?? '').length <= 'The server said: '.length + 300);
    assert.equal(scopeWords([['a', 'b'], ['c']]), 'a and b, or c');
  });
});
