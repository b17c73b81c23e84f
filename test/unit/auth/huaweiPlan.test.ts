/** Huawei Sign In as data (client/src/signIn/huaweiPlan.ts): stored credentials, input checks, and the login. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FlowError } from '../../../client/src/auth/types';
import type { FlowContext } from '../../../client/src/auth/types';
import {
  decodeHuaweiStored,
  describeHuaweiStored,
  encodeHuaweiStored,
  huaweiCredentialsKey,
  huaweiLogin,
  huaweiLoginWithoutAsking,
  needsPassword,
  validateHuaweiField,
  validateHuaweiPassword,
} from '../../../client/src/signIn/huaweiPlan';
import type { HuaweiStored } from '../../../client/src/signIn/huaweiPlan';
import { isTokenKey } from '../../../client/src/tokens';
import { settings } from '../http/helpers';
import { ACCOUNT, APP_ID, APP_KEY, HUAWEI_TOKEN, PASSWORD, startHuaweiStandIn } from './huaweiStandIn';
import type { HuaweiStandIn } from './huaweiStandIn';

let s: HuaweiStandIn;
let ctx: FlowContext;
/** The stand-in's origin: where the credentials of these tests are stored. */
let origin: string;
before(async () => {
  s = await startHuaweiStandIn();
  ctx = { baseUrl: s.baseUrl, settings: settings() };
  origin = new URL(s.baseUrl).origin;
});
after(() => s.close());

describe('Huawei stored credentials', () => {
  test('one key per exact origin, apart from the tokens', () => {
    const china = huaweiCredentialsKey('https://api.meeting.huaweicloud.com');
    const intl = huaweiCredentialsKey('https://api-intl.meeting.huaweicloud.com');
    assert.notEqual(china, intl);
    assert.equal(isTokenKey(china), false, 'not listed as a token');
  });

  test('round trip of both modes; unreadable or incomplete records read as absent', () => {
    const all: HuaweiStored[] = [
      { mode: 'app-id', appId: 'a', appKey: 'k' },
      { mode: 'app-id', appId: 'a', appKey: 'k', userId: 'u', corpId: 'c' },
      { mode: 'account', account: 'x@example.com', password: 'p w' },
      { mode: 'account', account: 'x@example.com' },
    ];
    for (const c of all) assert.deepEqual(decodeHuaweiStored(encodeHuaweiStored(c)), c);
    for (const bad of [
      undefined,
      '',
      'not json',
      'null',
      '[]',
      '{"mode":"app-id","appId":"a"}',
      '{"mode":"app-id","appId":"","appKey":"k"}',
      '{"mode":"account"}',
      '{"mode":"other","account":"a"}',
    ]) {
      assert.equal(decodeHuaweiStored(bad), undefined, String(bad));
    }
  });

  test('an account without a kept password needs one at each login; App ID never does', () => {
    assert.equal(needsPassword({ mode: 'account', account: 'a' }), true);
    assert.equal(needsPassword({ mode: 'account', account: 'a', password: 'p' }), false);
    assert.equal(needsPassword({ mode: 'app-id', appId: 'a', appKey: 'k' }), false);
  });

  test('descriptions name the mode, never a secret', () => {
    const appId = describeHuaweiStored({ mode: 'app-id', appId: 'A1', appKey: APP_KEY });
    assert.equal(appId, 'App ID A1 (enterprise administrator)');
    const account = describeHuaweiStored({ mode: 'account', account: ACCOUNT, password: PASSWORD });
    assert.equal(account, `account ${ACCOUNT}`);
    assert.match(describeHuaweiStored({ mode: 'account', account: ACCOUNT }), /asked each time/);
  });
});

describe('Huawei input checks', () => {
  test('fields: required unless optional, one line of visible ASCII, no ":" in the signed parts', () => {
    assert.equal(validateHuaweiField('  ', 'App ID'), 'Enter the App ID.');
    assert.equal(validateHuaweiField('', 'user id', { optional: true }), undefined);
    assert.equal(validateHuaweiField('a b', 'App ID'), 'A App ID has no spaces or special characters.');
    assert.equal(validateHuaweiField('a:b', 'user id', { signed: true }), 'A user id cannot contain ":".');
    assert.equal(validateHuaweiField('k:ey', 'App Key'), undefined, 'an App Key is not part of the signed string');
    assert.match(validateHuaweiField('x'.repeat(257), 'App Key') ?? '', /too long/);
    assert.equal(validateHuaweiField(' app-id-4711 ', 'App ID', { signed: true }), undefined);
  });

  test('passwords: any printable text, spaces too; no line breaks', () => {
    assert.equal(validateHuaweiPassword('with spaces and ü'), undefined);
    assert.equal(validateHuaweiPassword(''), 'Enter the password.');
    assert.match(validateHuaweiPassword('a\nb') ?? '', /line breaks/);
  });
});

describe('Huawei login from stored credentials (stand-in on 127.0.0.1)', () => {
  test('App ID: a signed login, the token bound to the exact origin', async () => {
    const t = await huaweiLogin({ mode: 'app-id', appId: APP_ID, appKey: APP_KEY }, origin, ctx);
    assert.equal(t.accessToken, HUAWEI_TOKEN);
    assert.equal(t.flow, 'huawei-app-id');
    assert.equal(t.origin, s.baseUrl);
  });

  test('account with a kept password, and with the password given for this login only', async () => {
    const kept = await huaweiLogin({ mode: 'account', account: ACCOUNT, password: PASSWORD }, origin, ctx);
    assert.equal(kept.flow, 'huawei-account');
    const asked = await huaweiLogin({ mode: 'account', account: ACCOUNT }, origin, ctx, PASSWORD);
    assert.equal(asked.accessToken, HUAWEI_TOKEN);
    await assert.rejects(huaweiLogin({ mode: 'account', account: ACCOUNT }, origin, ctx), /password is needed/);
  });

  test('credentials log in only on the origin they are stored for: a base URL elsewhere gets nothing', async () => {
    const port = new URL(s.baseUrl).port;
    const before = s.seen.length;
    const all: HuaweiStored[] = [
      { mode: 'app-id', appId: APP_ID, appKey: APP_KEY },
      { mode: 'account', account: ACCOUNT, password: PASSWORD },
    ];
    // Stored for another port, or another host name of the same machine: each another origin.
    for (const elsewhere of [`http://127.0.0.1:${port === '1' ? 2 : 1}`, `http://localhost:${port}`]) {
      for (const stored of all) {
        await assert.rejects(huaweiLogin(stored, elsewhere, ctx), (e: unknown) => {
          assert.ok(e instanceof FlowError);
          assert.equal(e.code, 'protocol');
          assert.equal(
            e.message,
            `The Huawei credentials of ${elsewhere} are not sent to ${origin}: they log in only on their own origin.`,
          );
          return true;
        });
        assert.equal(await huaweiLoginWithoutAsking(stored, elsewhere, ctx).catch(() => 'refused'), 'refused');
      }
    }
    assert.equal(s.seen.length, before, 'no login reached the stand-in');
  });

  test('cancellation stops the login with a cancelled FlowError', async () => {
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(
      huaweiLogin({ mode: 'app-id', appId: APP_ID, appKey: APP_KEY }, origin, { ...ctx, signal: abort.signal }),
      (e: unknown) => e instanceof FlowError && e.code === 'cancelled',
    );
  });
});
