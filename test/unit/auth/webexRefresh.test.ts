/** Renewing a Webex token with its refresh token, against the stand-in of the documented endpoint on 127.0.0.1. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FlowError } from '../../../client/src/auth/types';
import { refreshWebexToken } from '../../../client/src/auth/webexRefresh';
import { settings } from '../http/helpers';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  REFRESH_TOKEN,
  RENEWED_ACCESS_TOKEN,
  RENEWED_REFRESH_TOKEN,
  startWebexStandIn,
} from './webexStandIn';
import type { DeviceScript } from './webexStandIn';

const creds = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
const NOW = Date.parse('2026-12-03T12:00:00Z');

async function refresh(script: Partial<DeviceScript>, refreshToken = REFRESH_TOKEN) {
  const standIn = await startWebexStandIn({ polls: [], ...script });
  try {
    const result = await refreshWebexToken(
      creds,
      { refreshToken, refreshExpiresAt: NOW + 1000 },
      { baseUrl: standIn.baseUrl, settings: settings(), now: () => NOW },
    ).then(
      (tokens) => ({ tokens, error: undefined }),
      (error: unknown) => ({ tokens: undefined, error }),
    );
    return { ...result, seen: standIn.seen };
  } finally {
    await standIn.close();
  }
}

describe('Webex token refresh', () => {
  test('a rotated refresh token replaces the old one; expiries are counted from now', async () => {
    const r = await refresh({ refresh: 'rotated' });
    assert.equal(r.error, undefined);
    assert.match(r.tokens?.origin ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(r.tokens, {
      scheme: 'webexBearer',
      origin: r.tokens?.origin,
      accessToken: RENEWED_ACCESS_TOKEN,
      flow: 'webex-refresh',
      expiresAt: NOW + 1209599 * 1000,
      refreshToken: RENEWED_REFRESH_TOKEN,
      refreshExpiresAt: NOW + 7775999 * 1000,
    });
    assert.deepEqual(
      r.seen.map((s) => [s.method, s.path]),
      [['POST', '/v1/access_token']],
    );
    const form = new URLSearchParams(r.seen[0]?.body);
    assert.equal(form.get('grant_type'), 'refresh_token');
    assert.equal(form.get('refresh_token'), REFRESH_TOKEN);
  });

  test('an answer without a refresh token keeps the old one and its expiry', async () => {
    const r = await refresh({ refresh: 'kept' });
    assert.equal(r.tokens?.accessToken, RENEWED_ACCESS_TOKEN);
    assert.equal(r.tokens?.refreshToken, REFRESH_TOKEN);
    assert.equal(r.tokens?.refreshExpiresAt, NOW + 1000);
  });

  test('a refused grant is an invalid-grant FlowError naming neither the secret nor the refresh token', async () => {
    const r = await refresh({ refresh: 'invalid_grant' });
    assert.ok(r.error instanceof FlowError);
    assert.equal(r.error.code, 'invalid-grant');
    assert.match(r.error.message, /sign in again/);
    assert.ok(!r.error.message.includes(CLIENT_SECRET) && !r.error.message.includes(REFRESH_TOKEN));
  });

  test('a wrong client secret is invalid-credentials', async () => {
    const standIn = await startWebexStandIn({ polls: [] });
    try {
      const error = await refreshWebexToken(
        { clientId: CLIENT_ID, clientSecret: 'wrong-secret' },
        { refreshToken: REFRESH_TOKEN },
        { baseUrl: standIn.baseUrl, settings: settings() },
      ).catch((e: unknown) => e);
      assert.ok(error instanceof FlowError);
      assert.equal(error.code, 'invalid-credentials');
      assert.ok(!error.message.includes('wrong-secret'));
    } finally {
      await standIn.close();
    }
  });
});
