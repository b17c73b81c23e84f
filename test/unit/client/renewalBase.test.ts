/**
 * Where a stored token renews in the background (client/src/signIn/renewalBase.ts): the base URL it was signed in
 * at, else, for a token signed in before base URLs were recorded, the one its token endpoints have on its own
 * origin. Checked against the catalog (every documented and built-in base URL of every operation that signs in)
 * and against the stand-ins of the token endpoints on 127.0.0.1: a token without a recorded base URL renews there.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinBaseUrl, BUILTIN_ENVIRONMENTS } from '../../../common/environments';
import { MOCK_BASE_URL } from '../../../common/settings';
import { signInHuaweiAppId } from '../../../client/src/auth/huaweiLogin';
import { refreshWebex } from '../../../client/src/auth/webexRefresh';
import { renewalBaseUrl } from '../../../client/src/signIn/renewalBase';
import { signInSupport } from '../../../client/src/signIn/signInPlan';
import { builtinCatalog } from '../../helpers/catalog';
import { settings } from '../http/helpers';
import { APP_ID, APP_KEY, HUAWEI_TOKEN, startHuaweiStandIn } from '../auth/huaweiStandIn';
import {
  ACCESS_TOKEN,
  CLIENT_ID,
  CLIENT_SECRET,
  NOW,
  REFRESHED_ACCESS_TOKEN,
  REFRESH_TOKEN,
  withWebexStandIn,
} from '../auth/webexStandIn';

const WEBEX = 'https://webexapis.com';
const env = (baseUrls: Record<string, string>) => ({ baseUrls });

describe('the base URL a stored token renews at', () => {
  test('without a recorded one, every built-in environment of every operation that signs in: its own base URL', () => {
    const checked = new Set<string>();
    for (const op of builtinCatalog().all()) {
      for (const { scheme } of op.credentials) {
        if (!signInSupport(scheme, '').flow) continue;
        for (const name of BUILTIN_ENVIRONMENTS) {
          const base = builtinBaseUrl(name, op.servers);
          assert.ok(base !== undefined, `${op.id} has a base URL in ${name}`);
          const origin = new URL(base).origin;
          assert.deepEqual(
            renewalBaseUrl(scheme, origin, undefined, []),
            { ok: true, baseUrl: base },
            `${scheme} of ${op.id} in ${name}`,
          );
          checked.add(`${scheme} ${base}`);
        }
      }
    }
    assert.deepEqual(
      [...checked].sort(),
      [
        `huaweiAccessToken ${MOCK_BASE_URL}`,
        'huaweiAccessToken https://api-intl.meeting.huaweicloud.com',
        'huaweiAccessToken https://api.meeting.huaweicloud.com',
        `webexBearer ${MOCK_BASE_URL}/v1`,
        'webexBearer https://webexapis.com/v1',
      ],
      'both schemes that sign in, at every host the catalog documents and the mock',
    );
  });

  test('a recorded base URL is used on its own origin only', () => {
    const recorded = 'https://gateway.example/webex/v1';
    assert.deepEqual(renewalBaseUrl('webexBearer', 'https://gateway.example', recorded, []), {
      ok: true,
      baseUrl: recorded,
    });
    const elsewhere = renewalBaseUrl('webexBearer', WEBEX, recorded, [env({ 'webex-meetings': `${WEBEX}/v1` })]);
    assert.equal(elsewhere.ok, false, 'never a base URL on another origin');
    assert.ok(!elsewhere.ok && elsewhere.reason.includes('renews on Send'));
  });

  test("without a recorded one, the environments' base URL on the token's origin, where one says so", () => {
    const mockLike = env({ 'webex-meetings': 'http://127.0.0.1:9000/v1', 'huawei-meeting': 'http://127.0.0.1:9000' });
    assert.deepEqual(renewalBaseUrl('webexBearer', 'http://127.0.0.1:9000', undefined, [mockLike]), {
      ok: true,
      baseUrl: 'http://127.0.0.1:9000/v1',
    });
    assert.deepEqual(renewalBaseUrl('huaweiAccessToken', 'http://127.0.0.1:9000', undefined, [mockLike]), {
      ok: true,
      baseUrl: 'http://127.0.0.1:9000',
    });
    // A gateway with its own base path: the one environment on that origin is where the token was signed in.
    const gateway = env({
      'webex-meetings': 'https://gw.example/webex/v1/',
      'webex-calling': 'https://gw.example/webex/v1',
    });
    assert.deepEqual(renewalBaseUrl('webexBearer', 'https://gw.example', undefined, [gateway, env({})]), {
      ok: true,
      baseUrl: 'https://gw.example/webex/v1',
    });
    // Environments on other origins change nothing.
    assert.deepEqual(renewalBaseUrl('webexBearer', WEBEX, undefined, [gateway]), {
      ok: true,
      baseUrl: `${WEBEX}/v1`,
    });
  });

  test('two base URLs on the origin, neither the documented one: not guessed, and the reason says so', () => {
    const two = env({ 'webex-meetings': 'https://gw.example/a/v1', 'huawei-meeting': 'https://gw.example/b' });
    assert.deepEqual(renewalBaseUrl('webexBearer', 'https://gw.example', undefined, [two]), {
      ok: false,
      reason:
        'It was signed in before base URLs were recorded, and your environments give 2 base URLs on https://gw.example: it renews on Send (or Sign In again).',
    });
  });

  test('a scheme without a sign-in flow has no token endpoint to renew at', () => {
    const r = renewalBaseUrl('huaweiConferenceAuthorization', 'https://api.meeting.huaweicloud.com', undefined, []);
    assert.equal(r.ok, false);
  });

  test('a Webex token stored without a base URL refreshes at the stand-in through the base URL found', async () => {
    await withWebexStandIn({ polls: [], refresh: 'rotate' }, async (s, ctx) => {
      const origin = new URL(s.baseUrl).origin;
      const base = renewalBaseUrl('webexBearer', origin, undefined, []);
      assert.deepEqual(base, { ok: true, baseUrl: s.baseUrl }, "the stand-in's base URL (its origin + /v1)");
      const next = await refreshWebex(
        {
          scheme: 'webexBearer',
          origin,
          accessToken: ACCESS_TOKEN,
          refreshToken: REFRESH_TOKEN,
          expiresAt: NOW - 1_000,
          flow: 'webex-device',
        },
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
        { ...ctx, baseUrl: base.ok ? base.baseUrl : '' },
      );
      assert.equal(next.accessToken, REFRESHED_ACCESS_TOKEN);
      assert.deepEqual(
        s.seen.map((r) => `${r.method} ${r.path}`),
        ['POST /v1/access_token'],
      );
    });
  });

  test('a Huawei token stored without a base URL logs in again at the stand-in through the base URL found', async () => {
    const s = await startHuaweiStandIn();
    try {
      const origin = new URL(s.baseUrl).origin;
      const base = renewalBaseUrl('huaweiAccessToken', origin, undefined, []);
      assert.deepEqual(base, { ok: true, baseUrl: s.baseUrl });
      const set = await signInHuaweiAppId(
        { appId: APP_ID, appKey: APP_KEY },
        { baseUrl: base.ok ? base.baseUrl : '', settings: settings() },
      );
      assert.equal(set.accessToken, HUAWEI_TOKEN);
      assert.equal(set.origin, origin);
      assert.deepEqual(
        s.seen.map((r) => `${r.method} ${r.path}`),
        ['POST /v2/usg/acs/auth/appauth'],
      );
    } finally {
      await s.close();
    }
  });
});
