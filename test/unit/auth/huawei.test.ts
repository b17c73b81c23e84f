/** Huawei App ID (HMAC), account and password, and meeting-control token flows against a stand-in on 127.0.0.1. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { controlRefusalCode, huaweiControlToken } from '../../../client/src/auth/huaweiControl';
import { huaweiTokenRejected, signInHuaweiAccount, signInHuaweiAppId } from '../../../client/src/auth/huaweiLogin';
import { hmacHex, signAppAuth, signedString } from '../../../client/src/auth/huaweiSignature';
import { renewIfNeeded } from '../../../client/src/auth/renew';
import { FlowError } from '../../../client/src/auth/types';
import type { FlowContext } from '../../../client/src/auth/types';
import { settings } from '../http/helpers';
import {
  ACCOUNT,
  APP_ID,
  APP_KEY,
  HOST_PASSWORD,
  HUAWEI_TOKEN,
  LIVE_CONFERENCE,
  PASSWORD,
  startHuaweiStandIn,
} from './huaweiStandIn';
import type { HuaweiStandIn } from './huaweiStandIn';

const CANARIES = [APP_KEY, PASSWORD, HOST_PASSWORD];
function assertNoCanary(...texts: string[]): void {
  for (const t of texts) for (const c of CANARIES) assert.ok(!t.includes(c), `canary leaked: ${c.slice(0, 12)}`);
}

let s: HuaweiStandIn;
let ctx: FlowContext;
before(async () => {
  s = await startHuaweiStandIn({ controlLifeSeconds: 2 });
  ctx = { baseUrl: s.baseUrl, settings: settings() };
});
after(() => s.close());

describe('Huawei App ID signature', () => {
  test('the signed string and HMAC follow the documented layout', () => {
    assert.equal(signedString('a', '', 100, 'n'), 'a::100:n');
    assert.equal(signedString('a', 'u', 100, 'n', 'c'), 'a:c:u:100:n');
    // RFC 4231 test case 2, upper-case hex.
    assert.equal(
      hmacHex('Jefe', 'what do ya want for nothing?'),
      '5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843',
    );
  });

  test('every signature has a fresh nonce and a short expiry', () => {
    const now = Date.UTC(2026, 11, 3);
    const a = signAppAuth({ appId: APP_ID, appKey: APP_KEY }, now);
    const b = signAppAuth({ appId: APP_ID, appKey: APP_KEY }, now);
    assert.notEqual(a.nonce, b.nonce);
    assert.equal(a.nonce.length, 48);
    assert.equal(a.expireTime, now / 1000 + 600);
    assert.ok(!a.authorization.includes(APP_KEY));
  });
});

describe('Huawei App ID sign-in', () => {
  test('the stand-in verifies the signature with the App Key and answers a token with its expiry', async () => {
    const t = await signInHuaweiAppId({ appId: APP_ID, appKey: APP_KEY }, ctx);
    assert.equal(t.accessToken, HUAWEI_TOKEN);
    assert.equal(t.scheme, 'huaweiAccessToken');
    assert.equal(t.flow, 'huawei-app-id');
    assert.equal(t.origin, s.baseUrl);
    assert.ok(t.expiresAt && Math.abs(t.expiresAt - (Date.now() + 86_400_000)) < 60_000);
    const last = s.seen.at(-1);
    assert.ok(last);
    assertNoCanary(last.body, JSON.stringify(last.headers));
  });

  test('a wrong App Key is refused in words, without the key', async () => {
    await assert.rejects(signInHuaweiAppId({ appId: APP_ID, appKey: 'canary-wrong-app-key-55' }, ctx), (e: unknown) => {
      assert.ok(e instanceof FlowError);
      assert.equal(e.code, 'invalid-credentials');
      assert.equal(e.vendorCode, 'USG.201040001');
      assert.match(e.message, /signature mismatch/);
      assert.ok(!e.message.includes('canary-wrong-app-key-55'));
      return true;
    });
  });

  test('renewal before expiry is a new signed login (a new nonce each time)', async () => {
    const first = await signInHuaweiAppId({ appId: APP_ID, appKey: APP_KEY }, ctx);
    const nearEnd = { ...first, expiresAt: Date.now() + 60_000 };
    const r = await renewIfNeeded(
      nearEnd,
      { signIn: () => signInHuaweiAppId({ appId: APP_ID, appKey: APP_KEY }, ctx) },
      Date.now(),
    );
    assert.equal(r.how, 'signed-in');
    const nonces = s.seen
      .filter((x) => x.path === '/v2/usg/acs/auth/appauth')
      .map((x) => (JSON.parse(x.body) as { nonce: string }).nonce);
    assert.equal(new Set(nonces).size, nonces.length);
  });

  test('401 and USG.000000004 mean sign in again; other answers do not', () => {
    assert.equal(huaweiTokenRejected(401, ''), true);
    assert.equal(huaweiTokenRejected(400, '{"error_code":"USG.000000004","error_msg":"invalid token"}'), true);
    assert.equal(huaweiTokenRejected(400, '{"error_code":"MMC.1","error_msg":"x"}'), false);
    assert.equal(huaweiTokenRejected(200, 'not json'), false);
  });
});

describe('Huawei account and password', () => {
  test('signs in over Basic', async () => {
    const t = await signInHuaweiAccount({ account: ACCOUNT, password: PASSWORD }, ctx);
    assert.equal(t.accessToken, HUAWEI_TOKEN);
    assert.equal(t.flow, 'huawei-account');
    assertNoCanary(s.seen.at(-1)?.body ?? '');
  });

  test('a wrong password is refused in words, password masked', async () => {
    await assert.rejects(
      signInHuaweiAccount({ account: ACCOUNT, password: 'canary-wrong-pass-77' }, ctx),
      (e: unknown) => {
        assert.ok(e instanceof FlowError);
        assert.equal(e.code, 'invalid-credentials');
        assert.ok(!e.message.includes('canary-wrong-pass-77'));
        return true;
      },
    );
  });
});

describe('Huawei meeting-control token', () => {
  test('minted with the host password, kept alive with the current token, short life honoured', async () => {
    const obtainedAt = Date.now();
    const first = await huaweiControlToken({ conferenceId: LIVE_CONFERENCE, hostPassword: HOST_PASSWORD }, ctx);
    assert.equal(first.scheme, 'huaweiConferenceAuthorization');
    assert.equal(first.conferenceId, LIVE_CONFERENCE);
    assert.ok(first.expiresAt && first.expiresAt - Date.now() <= 2_000);
    const req = s.seen.at(-1);
    assert.equal(req?.headers['x-password'], HOST_PASSWORD);
    assert.equal(req?.query.get('conferenceID'), LIVE_CONFERENCE);
    const r = await renewIfNeeded(
      { ...first, obtainedAt },
      {
        refresh: (t) => huaweiControlToken({ conferenceId: LIVE_CONFERENCE, currentControlToken: t.accessToken }, ctx),
        signIn: () => Promise.reject(new Error('not expected')),
      },
      Date.now() + 1_500, // past half of the 2 s life
    );
    assert.equal(r.how, 'refreshed');
    assert.notEqual(r.tokens.accessToken, first.accessToken);
    // The keep-alive carries the control token, not the password.
    assert.equal(s.seen.at(-1)?.headers['x-password'], undefined);
    assert.equal(s.seen.at(-1)?.headers['x-conference-authorization'], first.accessToken);
  });

  test('an undocumented refusal says what Huawei said, and never "not in progress"', async () => {
    await assert.rejects(
      huaweiControlToken({ conferenceId: '111', hostPassword: HOST_PASSWORD }, ctx),
      (e: unknown) => {
        assert.ok(e instanceof FlowError);
        assert.equal(e.code, 'refused');
        assert.equal(e.vendorCode, 'MMC.111070005');
        assert.equal(
          e.message,
          'No control token for meeting 111: Huawei answered 400 MMC.111070005: conference not started.',
        );
        assertNoCanary(e.message, String(e.stack));
        return true;
      },
    );
  });

  test('a wrong host password (401 here) is invalid credentials and says to check the password', async () => {
    const wrong = await startHuaweiStandIn({ refuseWrongPasswordWith: 401 });
    try {
      await assert.rejects(
        huaweiControlToken(
          { conferenceId: LIVE_CONFERENCE, hostPassword: 'not-it' },
          { baseUrl: wrong.baseUrl, settings: settings() },
        ),
        (e: unknown) => {
          assert.ok(e instanceof FlowError);
          assert.equal(e.code, 'invalid-credentials');
          assert.equal(
            e.message,
            `No control token for meeting ${LIVE_CONFERENCE}: Huawei answered 401 MMC.111070003: password wrong. Check the host password.`,
          );
          return true;
        },
      );
    } finally {
      await wrong.close();
    }
  });

  test('only a code the table documents as "not in progress" says so', () => {
    const documented = [
      {
        vendor: 'huawei' as const,
        field: 'error_code' as const,
        code: 'MMC.TEST',
        meaning: 'test entry',
        source: 'this test',
        means: 'meeting-not-in-progress' as const,
      },
    ];
    assert.equal(controlRefusalCode(400, 'MMC.TEST', documented), 'not-in-progress');
    assert.equal(controlRefusalCode(500, 'MMC.TEST', documented), 'not-in-progress');
    assert.equal(controlRefusalCode(400, 'MMC.OTHER', documented), 'refused');
    assert.equal(controlRefusalCode(400, undefined, documented), 'refused');
    assert.equal(controlRefusalCode(401, 'MMC.TEST', documented), 'invalid-credentials');
    assert.equal(controlRefusalCode(403, undefined), 'invalid-credentials');
    // The real table documents no such code yet (Huawei's page names none): nothing is called "not in progress".
    for (const code of ['MMC.111070005', 'MMC.111072005', 'USG.000000004']) {
      assert.equal(controlRefusalCode(400, code), 'refused', code);
    }
  });

  test('no password and no current token asks for the password without a request', async () => {
    const before = s.seen.length;
    await assert.rejects(
      huaweiControlToken({ conferenceId: LIVE_CONFERENCE }, ctx),
      (e: unknown) => e instanceof FlowError && e.code === 'invalid-credentials',
    );
    assert.equal(s.seen.length, before);
  });
});

describe('Huawei meeting-control token kept alive when the server echoes it', () => {
  test('the echoed token (masked by the core) is read as the current token with its new life, not as the mask', async () => {
    const echo = await startHuaweiStandIn({ controlLifeSeconds: 1800, keepAliveEchoes: true });
    try {
      const c: FlowContext = { baseUrl: echo.baseUrl, settings: settings() };
      const first = await huaweiControlToken({ conferenceId: LIVE_CONFERENCE, hostPassword: HOST_PASSWORD }, c);
      const kept = await huaweiControlToken(
        { conferenceId: LIVE_CONFERENCE, currentControlToken: first.accessToken },
        c,
      );
      assert.equal(echo.controlTokens.at(-1), first.accessToken, 'the stand-in answered the same token');
      assert.equal(kept.accessToken, first.accessToken, 'the real value, never the mask');
      assert.ok(!kept.accessToken.includes('•'));
      assert.ok((kept.expiresAt ?? 0) >= (first.expiresAt ?? 0));
    } finally {
      await echo.close();
    }
  });
});
