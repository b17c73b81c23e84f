/**
 * Webex refresh, renewal before expiry, re-login after a refused refresh, and the personal token's real expiry,
 * against the stand-in of the documented endpoints on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renewIfNeeded } from '../../../client/src/auth/renew';
import { FlowError } from '../../../client/src/auth/types';
import type { FlowContext, TokenSet } from '../../../client/src/auth/types';
import { signInWebexDevice } from '../../../client/src/auth/webexDevice';
import { parseTokenExpiry, webexPersonalToken } from '../../../client/src/auth/webexPersonal';
import { refreshWebex, refreshWebexToken } from '../../../client/src/auth/webexRefresh';
import { settings } from '../http/helpers';
import {
  ACCESS_TOKEN,
  CLIENT_ID,
  CLIENT_SECRET,
  PERSONAL_EXP,
  PERSONAL_TOKEN,
  REFRESHED_ACCESS_TOKEN,
  REFRESH_TOKEN,
  NOW,
  withWebexStandIn,
} from './webexStandIn';

const creds = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };

function tokens(origin: string, over: Partial<TokenSet> = {}): TokenSet {
  return {
    scheme: 'webexBearer',
    origin,
    accessToken: ACCESS_TOKEN,
    refreshToken: REFRESH_TOKEN,
    expiresAt: NOW + 60_000,
    refreshExpiresAt: NOW + 90 * 86_400_000,
    flow: 'webex-device',
    ...over,
  };
}

function assertNoCanary(...texts: string[]): void {
  for (const t of texts) {
    assert.ok(!t.includes(CLIENT_SECRET), 'client secret leaked');
    assert.ok(!t.includes(REFRESH_TOKEN), 'refresh token leaked');
  }
}

describe('Webex refresh', () => {
  test('a refresh sends the documented form and returns the rotated tokens with their expiry', async () => {
    await withWebexStandIn({ polls: [], refresh: 'rotate' }, async (s, ctx) => {
      const next = await refreshWebex(tokens(new URL(s.baseUrl).origin), creds, ctx);
      assert.equal(next.accessToken, REFRESHED_ACCESS_TOKEN);
      assert.equal(next.refreshToken, `${REFRESH_TOKEN}-rotated`);
      assert.equal(next.expiresAt, NOW + 1209599_000);
      assert.equal(next.refreshExpiresAt, NOW + 7775999_000);
      assert.equal(next.flow, 'webex-device');
      const form = new URLSearchParams(s.seen[0]?.body);
      assert.equal(s.seen[0]?.path, '/v1/access_token');
      assert.equal(form.get('grant_type'), 'refresh_token');
      assert.equal(form.get('refresh_token'), REFRESH_TOKEN);
      assert.equal(form.get('client_id'), CLIENT_ID);
    });
  });

  test('the same refresh token without an expiry keeps the one we knew', async () => {
    await withWebexStandIn({ polls: [], refresh: 'same' }, async (s, ctx) => {
      const before = tokens(new URL(s.baseUrl).origin);
      const next = await refreshWebex(before, creds, ctx);
      assert.equal(next.refreshToken, REFRESH_TOKEN);
      assert.equal(next.refreshExpiresAt, before.refreshExpiresAt);
    });
  });

  test('a refused refresh is invalid-grant, in words, with no secret in it', async () => {
    await withWebexStandIn({ polls: [], refresh: 'invalid_grant' }, async (s, ctx) => {
      await assert.rejects(refreshWebex(tokens(new URL(s.baseUrl).origin), creds, ctx), (e: unknown) => {
        assert.ok(e instanceof FlowError);
        assert.equal(e.code, 'invalid-grant');
        assert.match(e.message, /sign in again/);
        assertNoCanary(e.message, String(e.stack));
        return true;
      });
    });
  });

  test('a token refreshes only on its own origin: a base URL elsewhere gets nothing, whoever computed it', async () => {
    await withWebexStandIn({ polls: [], refresh: 'rotate' }, async (s, ctx) => {
      const standIn = new URL(s.baseUrl);
      // The token's origin and the stand-in differ by port only (and by host: localhost is another origin).
      const elsewhere = [`http://127.0.0.1:${Number(standIn.port) === 1 ? 2 : 1}`, `http://localhost:${standIn.port}`];
      for (const origin of elsewhere) {
        await assert.rejects(refreshWebex(tokens(origin), creds, ctx), (e: unknown) => {
          assert.ok(e instanceof FlowError);
          assert.equal(e.code, 'protocol');
          assert.equal(
            e.message,
            `The Webex token of ${origin} is not renewed at ${standIn.origin}: a token renews only on its own origin.`,
          );
          assertNoCanary(e.message, String(e.stack));
          return true;
        });
      }
      assert.deepEqual(s.seen, [], 'neither the refresh token nor the client secret left for another origin');
    });
  });

  test('an expired refresh token is refused locally, without a request', async () => {
    await withWebexStandIn({ polls: [] }, async (s, ctx) => {
      const old = tokens(new URL(s.baseUrl).origin, { refreshExpiresAt: NOW - 1 });
      await assert.rejects(
        refreshWebex(old, creds, ctx),
        (e: unknown) => e instanceof FlowError && e.code === 'invalid-grant',
      );
      assert.equal(s.seen.length, 0);
    });
  });
});

describe('renewIfNeeded (Webex)', () => {
  const ops = (ctx: FlowContext) => ({
    refresh: (t: TokenSet) => refreshWebex(t, creds, ctx),
    signIn: () => signInWebexDevice(creds, { ...ctx, now: Date.now }, { slowDownStepSeconds: 0 }),
  });

  test('a fresh token is kept without any request', async () => {
    await withWebexStandIn({ polls: [] }, async (s, ctx) => {
      const fresh = tokens(new URL(s.baseUrl).origin, { expiresAt: NOW + 86_400_000 });
      const r = await renewIfNeeded(fresh, ops(ctx), NOW);
      assert.equal(r.how, 'kept');
      assert.equal(s.seen.length, 0);
    });
  });

  test('a token within the margin of its end is refreshed before it expires', async () => {
    await withWebexStandIn({ polls: [], refresh: 'rotate' }, async (s, ctx) => {
      const r = await renewIfNeeded(tokens(new URL(s.baseUrl).origin), ops(ctx), NOW);
      assert.equal(r.how, 'refreshed');
      assert.equal(r.tokens.accessToken, REFRESHED_ACCESS_TOKEN);
    });
  });

  test('after a refused refresh it signs in again (device grant)', async () => {
    await withWebexStandIn({ polls: ['authorization_pending'], refresh: 'invalid_grant' }, async (s, ctx) => {
      const r = await renewIfNeeded(tokens(new URL(s.baseUrl).origin), ops(ctx), NOW);
      assert.equal(r.how, 'signed-in');
      assert.equal(r.tokens.accessToken, ACCESS_TOKEN);
      assert.ok(r.refreshRefused && /rejected/.test(r.refreshRefused));
      assert.deepEqual(
        s.seen.map((x) => x.path),
        ['/v1/access_token', '/v1/device/authorize', '/v1/device/token', '/v1/device/token'],
      );
    });
  });

  test('a network failure of the refresh is not turned into a sign-in', async () => {
    const ctx: FlowContext = { baseUrl: 'http://127.0.0.1:9/v1', settings: settings(), now: () => NOW };
    let signIns = 0;
    await assert.rejects(
      renewIfNeeded(
        tokens('http://127.0.0.1:9'),
        {
          refresh: (t) => refreshWebex(t, creds, ctx),
          signIn: () => {
            signIns++;
            return Promise.resolve(tokens('http://127.0.0.1:9'));
          },
        },
        NOW,
      ),
      (e: unknown) => e instanceof FlowError && e.code === 'network',
    );
    assert.equal(signIns, 0);
  });
});

describe('Webex personal access token', () => {
  test('its real expiry comes from tokenExpiry', async () => {
    await withWebexStandIn({ polls: [] }, async (s, ctx) => {
      const t = await webexPersonalToken(PERSONAL_TOKEN, ctx);
      assert.equal(t.expiresAt, PERSONAL_EXP);
      assert.equal(t.flow, 'webex-personal');
      assert.equal(t.refreshToken, undefined);
      assert.equal(s.seen[0]?.headers.authorization, `Bearer ${PERSONAL_TOKEN}`);
    });
  });

  test('a token Webex refuses is reported plainly, never echoed', async () => {
    await withWebexStandIn({ polls: [] }, async (_s, ctx) => {
      await assert.rejects(webexPersonalToken('canary-wrong-personal-9f', ctx), (e: unknown) => {
        assert.ok(e instanceof FlowError);
        assert.equal(e.code, 'invalid-credentials');
        assert.ok(!e.message.includes('canary-wrong-personal-9f'));
        return true;
      });
    });
  });

  test('exp is read as milliseconds, seconds or an ISO date', () => {
    assert.equal(parseTokenExpiry({ exp: 1_900_000_000_000 }), 1_900_000_000_000);
    assert.equal(parseTokenExpiry({ exp: 1_900_000_000 }), 1_900_000_000_000);
    assert.equal(parseTokenExpiry({ exp: '2030-01-01T12:00:00.000Z' }), Date.UTC(2030, 0, 1, 12));
    assert.equal(parseTokenExpiry({ exp: 'soon' }), undefined);
    assert.equal(parseTokenExpiry({}), undefined);
    assert.equal(parseTokenExpiry(null), undefined);
  });
});

describe('refreshWebexToken (renewal before Send)', () => {
  test('refreshes from a stored refresh token alone, keeping it when Webex returns the same', async () => {
    await withWebexStandIn({ polls: [], refresh: 'same' }, async (_s, ctx) => {
      const next = await refreshWebexToken(creds, { refreshToken: REFRESH_TOKEN, refreshExpiresAt: NOW + 1000 }, ctx);
      assert.equal(next.accessToken, REFRESHED_ACCESS_TOKEN);
      assert.equal(next.refreshToken, REFRESH_TOKEN);
      assert.equal(next.refreshExpiresAt, NOW + 1000);
      assert.equal(next.flow, 'webex-refresh');
    });
  });
});
