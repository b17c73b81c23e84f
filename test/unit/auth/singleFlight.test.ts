/**
 * One renewal per token slot (#10): callers that meet a renewal under way await it instead of starting another,
 * against the stand-ins of the documented token endpoints on 127.0.0.1, which count the refresh requests and the
 * Huawei logins. A refused renewal reaches every caller as one error, reported once.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signInHuaweiAppId } from '../../../client/src/auth/huaweiLogin';
import { renewIfNeeded } from '../../../client/src/auth/renew';
import type { Renewed } from '../../../client/src/auth/renew';
import { SingleFlight, tokenSlotKey } from '../../../client/src/auth/singleFlight';
import { FlowError } from '../../../client/src/auth/types';
import type { FlowContext, TokenSet } from '../../../client/src/auth/types';
import { refreshWebex } from '../../../client/src/auth/webexRefresh';
import { settings } from '../http/helpers';
import { APP_ID, APP_KEY, HUAWEI_TOKEN, startHuaweiStandIn } from './huaweiStandIn';
import {
  ACCESS_TOKEN,
  CLIENT_ID,
  CLIENT_SECRET,
  REFRESHED_ACCESS_TOKEN,
  REFRESH_TOKEN,
  startWebexStandIn,
} from './webexStandIn';
import type { DeviceScript, StandIn } from './webexStandIn';

const creds = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
const NOW = Date.UTC(2026, 11, 3, 12);

async function withWebex<T>(script: DeviceScript, body: (s: StandIn, ctx: FlowContext) => Promise<T>): Promise<T> {
  const standIn = await startWebexStandIn(script);
  try {
    return await body(standIn, { baseUrl: standIn.baseUrl, settings: settings(), now: () => NOW });
  } finally {
    await standIn.close();
  }
}

/** An expired Webex token with a live refresh token: due for renewal. */
function expired(origin: string): TokenSet {
  return {
    scheme: 'webexBearer',
    origin,
    accessToken: ACCESS_TOKEN,
    refreshToken: REFRESH_TOKEN,
    expiresAt: NOW - 1_000,
    refreshExpiresAt: NOW + 90 * 86_400_000,
    flow: 'webex-device',
  };
}

const refreshes = (s: StandIn): number => s.seen.filter((r) => r.path === '/v1/access_token').length;

describe('single-flight renewal', () => {
  test('two callers of one slot share one refresh request and get the same new token', async () => {
    await withWebex({ polls: [], refresh: 'rotate' }, async (s, ctx) => {
      const flights = new SingleFlight<Renewed>();
      const key = tokenSlotKey({ scheme: 'webexBearer', origin: new URL(s.baseUrl).origin, profile: 'default' });
      const renew = () =>
        renewIfNeeded(expired(new URL(s.baseUrl).origin), { refresh: (t) => refreshWebex(t, creds, ctx) }, NOW);
      const first = flights.run(key, renew);
      const second = flights.run(key, renew);
      assert.equal(first.joined, false);
      assert.equal(second.joined, true, 'the second caller joins the renewal under way');
      assert.equal(flights.running(key), true);
      const [a, b] = await Promise.all([first.promise, second.promise]);
      assert.equal(refreshes(s), 1, 'one refresh request for both');
      assert.equal(s.seen.length, 1, 'nothing else was asked');
      assert.equal(a.how, 'refreshed');
      assert.equal(a.tokens.accessToken, REFRESHED_ACCESS_TOKEN);
      assert.equal(b, a, 'both get the very same result');
      assert.equal(flights.running(key), false, 'the flight ends with its renewal');

      // A renewal after that one ended is a new one (the caller reads the token stored by then first).
      const again = flights.run(key, renew);
      assert.equal(again.joined, false);
      assert.notEqual(await again.promise, a);
      assert.equal(refreshes(s), 2, 'a later renewal is its own request');
    });
  });

  test('other slots (profile, origin, scheme) renew apart; slot keys never collide', async () => {
    await withWebex({ polls: [], refresh: 'same' }, async (s, ctx) => {
      const origin = new URL(s.baseUrl).origin;
      const flights = new SingleFlight<Renewed>();
      const renew = () => renewIfNeeded(expired(origin), { refresh: (t) => refreshWebex(t, creds, ctx) }, NOW);
      const keys = [
        tokenSlotKey({ scheme: 'webexBearer', origin, profile: 'default' }),
        tokenSlotKey({ scheme: 'webexBearer', origin, profile: 'customer-a' }),
        tokenSlotKey({ scheme: 'webexBearer', origin: 'http://127.0.0.1:1', profile: 'default' }),
      ];
      const runs = keys.map((k) => flights.run(k, renew));
      assert.deepEqual(
        runs.map((r) => r.joined),
        [false, false, false],
      );
      await Promise.all(runs.map((r) => r.promise));
      assert.equal(refreshes(s), 3, 'one refresh per slot');
      assert.notEqual(
        tokenSlotKey({ scheme: 'a', origin: 'b', profile: 'c|d' }),
        tokenSlotKey({ scheme: 'a', origin: 'b|c', profile: 'd' }),
      );
    });
  });

  test('a refused refresh reaches every caller as the same error, reported once', async () => {
    await withWebex({ polls: [], refresh: 'invalid_grant' }, async (s, ctx) => {
      const origin = new URL(s.baseUrl).origin;
      const flights = new SingleFlight<Renewed>();
      const key = tokenSlotKey({ scheme: 'webexBearer', origin, profile: 'default' });
      const renew = () => renewIfNeeded(expired(origin), { refresh: (t) => refreshWebex(t, creds, ctx) }, NOW);
      const runs = [flights.run(key, renew), flights.run(key, renew), flights.run(key, renew)];
      const errors = await Promise.all(
        runs.map((r) =>
          r.promise.then(
            () => undefined,
            (e: unknown) => e,
          ),
        ),
      );
      assert.equal(refreshes(s), 1, 'one refresh request, refused once');
      for (const e of errors) {
        assert.ok(e instanceof FlowError);
        assert.equal(e.code, 'invalid-grant');
        assert.match(e.message, /sign in again/);
        assert.equal(e, errors[0], 'the same error for everyone');
      }
      assert.deepEqual(
        errors.map((e) => flights.firstReport(e)),
        [true, false, false],
        'told by the first caller only',
      );
      assert.equal(flights.firstReport(new FlowError('network', 'another failure')), true, 'a new failure is new');
      assert.equal(flights.running(key), false);
    });
  });

  test('a renewal that throws before its first await still ends its flight', async () => {
    const flights = new SingleFlight<number>();
    const key = tokenSlotKey({ scheme: 'webexBearer', origin: 'http://127.0.0.1:1', profile: 'default' });
    const boom = flights.run(key, () => {
      throw new FlowError('network', 'no connection');
    });
    await assert.rejects(boom.promise, /no connection/);
    assert.equal(flights.running(key), false);
    const next = flights.run(key, () => Promise.resolve(7));
    assert.equal(next.joined, false);
    assert.equal(await next.promise, 7);
  });

  test('Huawei: two callers that find the token due share one login', async () => {
    const s = await startHuaweiStandIn();
    try {
      const ctx: FlowContext = { baseUrl: s.baseUrl, settings: settings() };
      const origin = new URL(s.baseUrl).origin;
      const flights = new SingleFlight<Renewed>();
      const key = tokenSlotKey({ scheme: 'huaweiAccessToken', origin, profile: 'default' });
      const due: TokenSet = {
        scheme: 'huaweiAccessToken',
        origin,
        accessToken: 'old-huawei-token',
        expiresAt: Date.now() - 1_000,
        flow: 'huawei-app-id',
      };
      const renew = () =>
        renewIfNeeded(due, { signIn: () => signInHuaweiAppId({ appId: APP_ID, appKey: APP_KEY }, ctx) }, Date.now());
      const [a, b] = await Promise.all([flights.run(key, renew).promise, flights.run(key, renew).promise]);
      const logins = s.seen.filter((r) => r.path === '/v2/usg/acs/auth/appauth');
      assert.equal(logins.length, 1, 'one login for both');
      assert.equal(a.how, 'signed-in');
      assert.equal(a.tokens.accessToken, HUAWEI_TOKEN);
      assert.equal(b, a);
    } finally {
      await s.close();
    }
  });
});
