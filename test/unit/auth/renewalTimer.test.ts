/**
 * Background renewal (client/src/auth/renewalTimer.ts) against the Webex and Huawei stand-ins on 127.0.0.1: one
 * timer for the earliest renewal, the due tokens renewed by their real flows (a Webex refresh token, a Huawei App ID
 * login), failures kept for the status bar, a refusal not tried again, a transient failure tried again later. The
 * clock and the timers are the test's (tokens of one minute), so nothing waits in real time.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { signInHuaweiAppId } from '../../../client/src/auth/huaweiLogin';
import { MIN_ROUND_GAP_MS, RETRY_AFTER_FAILURE_MS, RenewalTimer } from '../../../client/src/auth/renewalTimer';
import type { RenewalCandidate } from '../../../client/src/auth/renewalTimer';
import { FlowError } from '../../../client/src/auth/types';
import type { TokenSet } from '../../../client/src/auth/types';
import { WEBEX_BASE_PATH } from '../../../client/src/auth/webexOAuth';
import { refreshWebex } from '../../../client/src/auth/webexRefresh';
import { fakeTimerDeps } from '../../helpers/fakeTimers';
import type { FakeTimer } from '../../helpers/fakeTimers';
import { settings } from '../http/helpers';
import { APP_ID, APP_KEY, startHuaweiStandIn } from './huaweiStandIn';
import type { HuaweiStandIn } from './huaweiStandIn';
import { CLIENT_ID, CLIENT_SECRET, REFRESHED_ACCESS_TOKEN, REFRESH_TOKEN, startWebexStandIn } from './webexStandIn';
import type { StandIn } from './webexStandIn';

let webex: StandIn;
let huawei: HuaweiStandIn;
let now: number;
let timers: FakeTimer[];
/** The "stored" tokens by key, with when each was obtained. */
let store: Map<string, TokenSet & { obtainedAt: number }>;
let failuresChanged: number;

before(async () => {
  webex = await startWebexStandIn({ polls: [], refresh: 'same' });
  huawei = await startHuaweiStandIn();
});
after(async () => {
  await webex.close();
  await huawei.close();
});
beforeEach(() => {
  // The Huawei stand-in checks the signature's expiry against its own clock: start from the real time.
  now = Date.now();
  timers = [];
  failuresChanged = 0;
  store = new Map();
});

const MIN = 60_000;

function webexToken(over: Partial<TokenSet> = {}): TokenSet & { obtainedAt: number } {
  return {
    scheme: 'webexBearer',
    origin: new URL(webex.baseUrl).origin,
    accessToken: 'webex-old',
    refreshToken: REFRESH_TOKEN,
    expiresAt: now + MIN,
    obtainedAt: now,
    flow: 'webex-device',
    ...over,
  };
}

function huaweiToken(): TokenSet & { obtainedAt: number } {
  return {
    scheme: 'huaweiAccessToken',
    origin: new URL(huawei.baseUrl).origin,
    accessToken: 'huawei-old',
    expiresAt: now + 10 * MIN,
    obtainedAt: now,
    flow: 'huawei-app-id',
  };
}

/** Renews by the token's real flow at its stand-in, and stores the result (what the extension's adapter does). */
async function renew(c: RenewalCandidate): Promise<void> {
  const current = store.get(c.key);
  assert.ok(current);
  // Each stand-in's base URL on the token's origin: Webex's token endpoints under /v1, Huawei's at the root.
  const baseUrl = current.scheme === 'webexBearer' ? `${current.origin}${WEBEX_BASE_PATH}` : current.origin;
  const ctx = { baseUrl, settings: settings(), now: () => now };
  const next =
    current.scheme === 'webexBearer'
      ? await refreshWebex(current, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, ctx)
      : await signInHuaweiAppId({ appId: APP_ID, appKey: APP_KEY }, ctx);
  store.set(c.key, { ...next, obtainedAt: now });
}

function timer(renewWith: (c: RenewalCandidate) => Promise<void> = renew): RenewalTimer {
  return new RenewalTimer({
    candidates: () => Promise.resolve([...store].map(([key, state]) => ({ key, state }))),
    renew: renewWith,
    now: () => now,
    ...fakeTimerDeps(timers, () => now),
    onFailuresChanged: () => failuresChanged++,
  });
}

const pending = () => timers.filter((t) => !t.cleared);

/** Moves the clock to the one pending timer and runs its round to the end. */
async function fire(r: RenewalTimer): Promise<void> {
  const [t, ...more] = pending();
  assert.ok(t, 'a timer is set');
  assert.equal(more.length, 0, 'one timer, never more');
  t.cleared = true;
  now = Math.max(now, t.at);
  await r.round();
}

describe('background renewal', () => {
  test('one timer for the earliest renewal; due tokens renewed by their flows, then the timer is set again', async () => {
    store.set('webex', webexToken());
    store.set('huawei', huaweiToken());
    const r = timer();
    await r.reschedule();
    // The Webex token lives a minute: renewed at half its life. The Huawei one (10 min) five minutes before its end.
    assert.equal(pending().length, 1);
    assert.equal(pending()[0]?.at, now + MIN / 2);
    const startedAt = now;
    await fire(r);
    assert.equal(store.get('webex')?.accessToken, REFRESHED_ACCESS_TOKEN, 'renewed with its refresh token');
    assert.equal(webex.seen.at(-1)?.path, '/v1/access_token');
    assert.equal(store.get('huawei')?.accessToken, 'huawei-old', 'not due yet: left alone');
    // Next: the Huawei token, five minutes before its end (the renewed Webex token lives 14 days).
    assert.equal(pending()[0]?.at, startedAt + 5 * MIN);
    await fire(r);
    assert.notEqual(store.get('huawei')?.accessToken, 'huawei-old', 'logged in again with the App ID');
    assert.equal(huawei.seen.at(-1)?.path, '/v2/usg/acs/auth/appauth');
    assert.equal(r.failure('webex'), undefined);
    assert.equal(failuresChanged, 0);
    r.dispose();
    assert.equal(pending().length, 0, 'dispose clears the timer');
  });

  test('a refused refresh is kept for the status bar and not tried again until the token changes', async () => {
    store.set('webex', webexToken({ refreshToken: 'revoked-refresh-token' }));
    const r = timer();
    await r.reschedule();
    await fire(r);
    const failed = r.failure('webex');
    assert.ok(failed);
    assert.match(failed.message, /refresh token revoked/);
    assert.ok(!failed.message.includes('revoked-refresh-token') && !failed.message.includes(CLIENT_SECRET));
    assert.equal(failed.retryAt, undefined, 'a refusal is not retried');
    assert.equal(failuresChanged, 1);
    assert.equal(pending().length, 0, 'nothing else to renew: no timer');
    // Sign In stores another token: the failure no longer applies and the new one is scheduled.
    store.set('webex', webexToken({ expiresAt: now + 2 * MIN }));
    await r.reschedule();
    assert.equal(r.failure('webex'), undefined);
    assert.equal(failuresChanged, 2);
    assert.equal(pending().length, 1);
    r.dispose();
  });

  test('a transient failure (the server unreachable) is tried again after a while, and its success clears it', async () => {
    const down = await startWebexStandIn({ polls: [], refresh: 'same' });
    const origin = new URL(down.baseUrl).origin;
    await down.close();
    store.set('webex', webexToken({ origin }));
    const r = timer();
    await r.reschedule();
    await fire(r);
    const failed = r.failure('webex');
    assert.ok(failed, 'the unreachable server is a failure');
    assert.equal(failed.retryAt, now + RETRY_AFTER_FAILURE_MS);
    assert.equal(pending()[0]?.at, now + RETRY_AFTER_FAILURE_MS, 'tried again later, not at once');
    // The server is back (the same origin would be; here the token points at the live stand-in).
    store.set('webex', { ...webexToken(), expiresAt: failed.expiresAt ?? 0 });
    await fire(r);
    assert.equal(r.failure('webex'), undefined, 'renewed: the failure is gone');
    assert.equal(store.get('webex')?.accessToken, REFRESHED_ACCESS_TOKEN);
    r.dispose();
  });

  test('a flow that would have to ask is left to Send, and a token that stays due cannot spin the timer', async () => {
    store.set('webex', webexToken({ expiresAt: now - 1 }));
    let calls = 0;
    const r = timer(() => {
      calls++;
      return Promise.reject(new FlowError('cancelled', 'needs a password'));
    });
    await r.reschedule();
    assert.equal(pending()[0]?.at, now, 'due now');
    await fire(r);
    assert.equal(calls, 1);
    assert.equal(pending().length, 0, 'not tried again by itself');
    // Another due token right after a round waits the minimum gap.
    store.set('other', webexToken({ expiresAt: now - 1 }));
    await r.reschedule();
    assert.equal(pending()[0]?.at, now + MIN_ROUND_GAP_MS);
    r.dispose();
  });

  test('a pasted token, or one whose refresh token ended, is never renewed', async () => {
    store.set('pasted', { ...webexToken({ expiresAt: now + 1000 }), flow: 'webex-personal' });
    store.set('ended', webexToken({ expiresAt: now + 1000, refreshExpiresAt: now - 1 }));
    const r = timer(() => Promise.reject(new Error('not expected')));
    await r.reschedule();
    assert.equal(pending().length, 0, 'no timer at all');
    assert.equal(r.failure('pasted'), undefined);
    assert.equal(r.failure('ended'), undefined);
    r.dispose();
  });
});
