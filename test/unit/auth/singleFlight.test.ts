/**
 * One renewal per token slot (#10): callers that meet a renewal under way await it instead of starting another,
 * against the stand-ins of the documented token endpoints on 127.0.0.1, which count the refresh requests and the
 * Huawei logins. A refused renewal reaches every caller as one error, reported once. Callers of more reach (a Send
 * that may ask, a re-login after a refusal) follow a run of less reach that renewed nothing; the races where that
 * matters are made deterministic by holding the stand-in's answer to a login.
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
import { huaweiLogin, huaweiLoginWithoutAsking, reloginAfterRefusal } from '../../../client/src/signIn/huaweiPlan';
import type { HuaweiStored } from '../../../client/src/signIn/huaweiPlan';
import { settings } from '../http/helpers';
import { ACCOUNT, APP_ID, APP_KEY, HUAWEI_TOKEN, PASSWORD, startHuaweiStandIn } from './huaweiStandIn';
import type { HuaweiStandIn } from './huaweiStandIn';
import {
  ACCESS_TOKEN,
  CLIENT_ID,
  CLIENT_SECRET,
  NOW,
  REFRESHED_ACCESS_TOKEN,
  REFRESH_TOKEN,
  withWebexStandIn as withWebex,
} from './webexStandIn';
import type { StandIn } from './webexStandIn';

const creds = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };

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
      assert.equal(a?.how, 'refreshed');
      assert.equal(a?.tokens.accessToken, REFRESHED_ACCESS_TOKEN);
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
      assert.equal(a?.how, 'signed-in');
      assert.equal(a?.tokens.accessToken, HUAWEI_TOKEN);
      assert.equal(b, a);
    } finally {
      await s.close();
    }
  });
});

/** A promise the test settles, and a promise that settles when the stand-in has a login under way. */
function gate(): {
  held: Promise<void>;
  release: () => void;
  arrived: Promise<number>;
  hold: (n: number) => Promise<void>;
} {
  let release: () => void = () => undefined;
  let arrive: (n: number) => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const arrived = new Promise<number>((r) => (arrive = r));
  return { held, release, arrived, hold: (n) => (arrive(n), held) };
}

const logins = (s: HuaweiStandIn): number =>
  s.seen.filter((r) => r.path === '/v2/usg/acs/auth/appauth' || r.path === '/v1/usg/acs/auth/account').length;

/** What a renewal run stores and returns: the new token set, or undefined when it renewed nothing. */
function renewedOrNothing(r: Renewed): Renewed | undefined {
  return r.how === 'kept' ? undefined : r;
}

describe('callers of different reach (a quiet timer, a Send that may ask, a re-login after a refusal)', () => {
  const withHuawei = async (
    opts: Parameters<typeof startHuaweiStandIn>[0],
    body: (s: HuaweiStandIn, ctx: FlowContext, key: string, origin: string) => Promise<void>,
  ): Promise<void> => {
    const s = await startHuaweiStandIn(opts);
    try {
      const origin = new URL(s.baseUrl).origin;
      const key = tokenSlotKey({ scheme: 'huaweiAccessToken', origin, profile: 'default' });
      await body(s, { baseUrl: s.baseUrl, settings: settings() }, key, origin);
    } finally {
      await s.close();
    }
  };
  const dueToken = (origin: string, flow: 'huawei-account' | 'huawei-app-id'): TokenSet => ({
    scheme: 'huaweiAccessToken',
    origin,
    accessToken: 'old-huawei-token',
    expiresAt: Date.now() - 1_000,
    flow,
  });

  test('a Send that joins a quiet renewal which would have had to ask renews after it, asking once', async () => {
    await withHuawei({ numberTokens: true }, async (s, ctx, key, origin) => {
      // An account whose password is asked each time: the timer cannot log it in.
      const stored: HuaweiStored = { mode: 'account', account: ACCOUNT };
      const flights = new SingleFlight<Renewed>();
      let asked = 0;
      // What the timer's login does (huaweiRelogin, quiet): nothing without the password, and nothing asked.
      const quietly = async (): Promise<Renewed | undefined> => {
        const set = await huaweiLoginWithoutAsking(stored, origin, ctx);
        return set && { tokens: set, how: 'signed-in' };
      };
      const asking = async (): Promise<Renewed> => {
        asked += 1;
        return { tokens: await huaweiLogin(stored, origin, ctx, PASSWORD), how: 'signed-in' };
      };
      const timer = flights.run(key, quietly, 'quiet');
      const send = flights.run(key, asking, 'asking');
      const secondSend = flights.run(key, asking, 'asking');
      const lateTimer = flights.run(key, quietly, 'quiet');
      assert.deepEqual(
        [timer.joined, send.joined, secondSend.joined, lateTimer.joined],
        [false, true, true, true],
        'all but the timer meet a run under way',
      );
      assert.equal(await timer.promise, undefined, 'the quiet run renewed nothing (and asked nothing)');
      const [a, b, c] = await Promise.all([send.promise, secondSend.promise, lateTimer.promise]);
      assert.equal(a?.how, 'signed-in', 'the Send logged in after the quiet run, instead of "nothing renewed"');
      assert.equal(a?.tokens.accessToken, `${HUAWEI_TOKEN}-1`);
      assert.equal(b, a, 'a second Send shares that login');
      assert.equal(c, a, 'a quiet caller arriving later shares it too');
      assert.equal(asked, 1, 'the password was asked once');
      assert.equal(logins(s), 1, 'one login for all of them');
      assert.equal(flights.running(key), false);
    });
  });

  test('a Send that joins a quiet renewal which renews takes its token (held at the stand-in meanwhile)', async () => {
    const g = gate();
    await withHuawei({ holdLogin: g.hold, numberTokens: true }, async (s, ctx, key, origin) => {
      const stored: HuaweiStored = { mode: 'app-id', appId: APP_ID, appKey: APP_KEY };
      const due = dueToken(origin, 'huawei-app-id');
      const flights = new SingleFlight<Renewed>();
      const work = async () =>
        renewedOrNothing(await renewIfNeeded(due, { signIn: () => huaweiLogin(stored, origin, ctx) }, Date.now()));
      const timer = flights.run(key, work, 'quiet');
      assert.equal(await g.arrived, 1, 'the quiet login is at the stand-in, its answer held');
      const send = flights.run(key, work, 'asking');
      assert.equal(send.joined, true);
      g.release();
      const [a, b] = await Promise.all([timer.promise, send.promise]);
      assert.equal(a?.tokens.accessToken, `${HUAWEI_TOKEN}-1`);
      assert.equal(b, a, "the Send takes the quiet run's token");
      assert.equal(logins(s), 1, 'no second login');
    });
  });

  test('a quiet renewal that fails fails the Send that joined it the same way (not tried again)', async () => {
    await withHuawei({}, async (s, ctx, key, origin) => {
      const wrong: HuaweiStored = { mode: 'app-id', appId: APP_ID, appKey: 'not-the-app-key' };
      const due = dueToken(origin, 'huawei-app-id');
      const flights = new SingleFlight<Renewed>();
      const work = async () =>
        renewedOrNothing(await renewIfNeeded(due, { signIn: () => huaweiLogin(wrong, origin, ctx) }, Date.now()));
      const timer = flights.run(key, work, 'quiet');
      const send = flights.run(key, work, 'asking');
      const [e1, e2] = await Promise.all([
        timer.promise.catch((e: unknown) => e),
        send.promise.catch((e: unknown) => e),
      ]);
      assert.ok(e1 instanceof FlowError);
      assert.equal(e1.code, 'invalid-credentials');
      assert.match(e1.message, /Huawei refused the App ID sign-in: 401 USG\.201040001/);
      assert.equal(e2, e1, 'the same error');
      assert.deepEqual([flights.firstReport(e1), flights.firstReport(e2)], [true, false], 'told once');
      assert.equal(logins(s), 1, 'one refused login');
    });
  });

  test('a re-login after a refused token that joins a renewal finding the token not due logs in again', async () => {
    await withHuawei({ numberTokens: true }, async (s, ctx, key, origin) => {
      const stored: HuaweiStored = { mode: 'app-id', appId: APP_ID, appKey: APP_KEY };
      // Huawei refused this token although its time is not up (say another client took its place).
      const notDue: TokenSet = { ...dueToken(origin, 'huawei-app-id'), expiresAt: Date.now() + 20 * 3_600_000 };
      const flights = new SingleFlight<Renewed>();
      const renewal = async () =>
        renewedOrNothing(await renewIfNeeded(notDue, { signIn: () => huaweiLogin(stored, origin, ctx) }, Date.now()));
      const relogin = async (): Promise<Renewed> => ({
        tokens: await huaweiLogin(stored, origin, ctx),
        how: 'signed-in',
      });
      const send = flights.run(key, renewal, 'asking');
      const refused = flights.run(key, relogin, 'forced');
      const refusedToo = flights.run(key, relogin, 'forced');
      const laterSend = flights.run(key, renewal, 'asking');
      assert.deepEqual([refused.joined, refusedToo.joined, laterSend.joined], [true, true, true]);
      assert.equal(await send.promise, undefined, 'the renewal found the token not due');
      const [a, b, c] = await Promise.all([refused.promise, refusedToo.promise, laterSend.promise]);
      assert.equal(a?.tokens.accessToken, `${HUAWEI_TOKEN}-1`, 'the refusal forced a new login');
      assert.equal(b, a, 'two refused Sends share one login');
      assert.equal(c, a, 'and so does a Send arriving meanwhile');
      assert.equal(logins(s), 1);
    });
  });

  test('a cancelled prompt is told to no caller: not the Send that cancelled, not a re-login that followed it', async () => {
    await withHuawei({}, async (s, ctx, key, origin) => {
      const account: HuaweiStored = { mode: 'account', account: ACCOUNT };
      const flights = new SingleFlight<Renewed>();
      // What Send's renewal does when the user cancels the password box (renewToken.ts huaweiOps).
      const cancelledPrompt = (): Promise<Renewed> =>
        Promise.reject(new FlowError('cancelled', 'The Huawei token was not renewed.'));
      const relogin = async (): Promise<Renewed> => ({
        tokens: await huaweiLogin(account, origin, ctx, PASSWORD),
        how: 'signed-in',
      });
      const send = flights.run(key, cancelledPrompt, 'asking');
      const refused = flights.run(key, relogin, 'forced');
      const [e1, e2] = await Promise.all([
        send.promise.catch((e: unknown) => e),
        refused.promise.catch((e: unknown) => e),
      ]);
      assert.ok(e1 instanceof FlowError && e1.code === 'cancelled');
      assert.equal(e2, e1, 'the re-login that followed meets the same cancellation');
      assert.deepEqual([flights.firstReport(e1), flights.firstReport(e2)], [false, false], 'told by neither');
      assert.equal(flights.firstReport(new FlowError('network', 'unreachable')), true, 'a failure is still told');
      assert.equal(logins(s), 0, 'nothing was sent');
    });
  });

  test('a re-login after a refusal logs in only while the refused token is the one stored when it runs', async () => {
    await withHuawei({ numberTokens: true }, async (s, ctx, key, origin) => {
      const creds: HuaweiStored = { mode: 'app-id', appId: APP_ID, appKey: APP_KEY };
      interface Rec {
        token: string;
      }
      // The slot's record, read when each run starts (as the adapter reads SecretStorage).
      let stored: Rec | undefined = { token: 'refused-token' };
      const login = async (): Promise<Rec> => {
        stored = { token: (await huaweiLogin(creds, origin, ctx)).accessToken };
        return stored;
      };
      const relogin = () => reloginAfterRefusal(stored, 'refused-token', login);
      const flights = new SingleFlight<Rec>();

      // A renewal that ended just before stored another token; Send's renewal finds it not due (nothing renewed).
      stored = { token: 'renewed-meanwhile' };
      const send = flights.run(key, () => Promise.resolve(undefined), 'asking');
      const refused = flights.run(key, relogin, 'forced');
      assert.equal(refused.joined, true, 'the re-login follows the renewal under way');
      assert.equal(await send.promise, undefined);
      assert.deepEqual(await refused.promise, { token: 'renewed-meanwhile' }, 'the token stored meanwhile is sent');
      assert.equal(logins(s), 0, 'no second login for a token already replaced');

      // The refused token is still the one stored: a new login replaces it.
      stored = { token: 'refused-token' };
      assert.deepEqual(await flights.run(key, relogin, 'forced').promise, { token: `${HUAWEI_TOKEN}-1` });
      assert.deepEqual(stored, { token: `${HUAWEI_TOKEN}-1` });
      assert.equal(logins(s), 1);

      // Cleared meanwhile (Clear Token, Sign Out): not brought back.
      stored = undefined;
      assert.equal(await flights.run(key, relogin, 'forced').promise, undefined);
      assert.equal(stored, undefined);
      assert.equal(logins(s), 1, 'no login for a cleared token');
    });
  });

  test('a re-login after a refusal that joins a login under way takes its new token (held at the stand-in)', async () => {
    const g = gate();
    await withHuawei({ holdLogin: g.hold, numberTokens: true }, async (s, ctx, key, origin) => {
      const stored: HuaweiStored = { mode: 'app-id', appId: APP_ID, appKey: APP_KEY };
      const due = dueToken(origin, 'huawei-app-id');
      const flights = new SingleFlight<Renewed>();
      const renewal = async () =>
        renewedOrNothing(await renewIfNeeded(due, { signIn: () => huaweiLogin(stored, origin, ctx) }, Date.now()));
      const relogin = async (): Promise<Renewed> => ({
        tokens: await huaweiLogin(stored, origin, ctx),
        how: 'signed-in',
      });
      const timer = flights.run(key, renewal, 'quiet');
      assert.equal(await g.arrived, 1, "the renewal's login is at the stand-in");
      const refused = flights.run(key, relogin, 'forced');
      g.release();
      const [a, b] = await Promise.all([timer.promise, refused.promise]);
      assert.equal(a?.tokens.accessToken, `${HUAWEI_TOKEN}-1`);
      assert.equal(b, a, 'the login under way is the new login the refusal needs');
      assert.equal(logins(s), 1);
      // Once it ended, a refusal of that token logs in again (its own run).
      const next = flights.run(key, relogin, 'forced');
      assert.equal(next.joined, false);
      assert.equal((await next.promise)?.tokens.accessToken, `${HUAWEI_TOKEN}-2`);
      assert.equal(logins(s), 2);
    });
  });
});
