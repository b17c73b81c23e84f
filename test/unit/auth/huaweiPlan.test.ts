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
before(async () => {
  s = await startHuaweiStandIn();
  ctx = { baseUrl: s.baseUrl, settings: settings() };
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
    const t = await huaweiLogin({ mode: 'app-id', appId: APP_ID, appKey: APP_KEY }, ctx);
    assert.equal(t.accessToken, HUAWEI_TOKEN);
    assert.equal(t.flow, 'huawei-app-id');
    assert.equal(t.origin, s.baseUrl);
  });

  test('account with a kept password, and with the password given for this login only', async () => {
    const kept = await huaweiLogin({ mode: 'account', account: ACCOUNT, password: PASSWORD }, ctx);
    assert.equal(kept.flow, 'huawei-account');
    const asked = await huaweiLogin({ mode: 'account', account: ACCOUNT }, ctx, PASSWORD);
    assert.equal(asked.accessToken, HUAWEI_TOKEN);
    await assert.rejects(huaweiLogin({ mode: 'account', account: ACCOUNT }, ctx), /password is needed/);
  });

  test('cancellation stops the login with a cancelled FlowError', async () => {
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(
      huaweiLogin({ mode: 'app-id', appId: APP_ID, appKey: APP_KEY }, { ...ctx, signal: abort.signal }),
      (e: unknown) => e instanceof FlowError && e.code === 'cancelled',
    );
  });
});
