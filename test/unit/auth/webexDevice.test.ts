/** Webex device-grant sign-in end to end against a stand-in of the documented endpoints on 127.0.0.1. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FlowError, describeTokenSet, needsRenewal } from '../../../client/src/auth/types';
import type { DeviceCodePrompt, FlowContext } from '../../../client/src/auth/types';
import { signInWebexDevice } from '../../../client/src/auth/webexDevice';
import { settings } from '../http/helpers';
import { ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, startWebexStandIn } from './webexStandIn';
import type { DeviceScript } from './webexStandIn';

const creds = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };

async function run(script: DeviceScript, extra: Partial<FlowContext> = {}) {
  const standIn = await startWebexStandIn(script);
  const prompts: DeviceCodePrompt[] = [];
  const reports: string[] = [];
  try {
    const ctx: FlowContext = {
      baseUrl: standIn.baseUrl,
      settings: settings(),
      progress: { deviceCode: (p) => prompts.push(p), report: (m) => reports.push(m) },
      ...extra,
    };
    const result = await signInWebexDevice(creds, ctx, { slowDownStepSeconds: 0 }).then(
      (tokens) => ({ tokens, error: undefined }),
      (error: unknown) => ({ tokens: undefined, error }),
    );
    return { ...result, prompts, reports, seen: standIn.seen };
  } finally {
    await standIn.close();
  }
}

function assertNoCanary(...texts: string[]): void {
  for (const t of texts) {
    assert.ok(!t.includes(CLIENT_SECRET), 'client secret leaked');
    assert.ok(!t.includes(REFRESH_TOKEN), 'refresh token leaked');
  }
}

describe('Webex device grant', () => {
  test('pending and slow_down answers are waited out, then the tokens come back with their expiry', async () => {
    const r = await run({ polls: ['authorization_pending', 428, 'slow_down'] });
    assert.equal(r.error, undefined);
    assert.ok(r.tokens);
    assert.equal(r.tokens.accessToken, ACCESS_TOKEN);
    assert.equal(r.tokens.refreshToken, REFRESH_TOKEN);
    assert.equal(r.tokens.scheme, 'webexBearer');
    assert.equal(r.tokens.flow, 'webex-device');
    assert.ok(r.tokens.expiresAt && r.tokens.expiresAt > Date.now() + 1_000_000_000);
    assert.ok(r.tokens.refreshExpiresAt && r.tokens.refreshExpiresAt > r.tokens.expiresAt);
    assert.equal(r.prompts.length, 1);
    assert.equal(r.prompts[0]?.userCode, '123456');
    assert.ok(r.reports.some((m) => /more slowly/.test(m)));
    // One authorize, then four polls: three pending answers and the approval.
    assert.deepEqual(
      r.seen.map((s) => s.path),
      ['/v1/device/authorize', ...Array<string>(4).fill('/v1/device/token')],
    );
    const described = describeTokenSet(r.tokens);
    assert.doesNotMatch(described, new RegExp(ACCESS_TOKEN));
    assertNoCanary(described, ...r.reports, JSON.stringify(r.prompts));
  });

  test('the token origin is the environment origin exactly', async () => {
    const r = await run({ polls: [] });
    assert.ok(r.tokens);
    assert.match(r.tokens.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('429 with Retry-After is honoured', async () => {
    const r = await run({ polls: [429] });
    assert.equal(r.error, undefined);
    assert.ok(r.reports.some((m) => /wait 1 s/.test(m)));
  });

  test('expired_token ends with a clear timeout', async () => {
    const r = await run({ polls: ['authorization_pending', 'expired_token'] });
    assert.ok(r.error instanceof FlowError);
    assert.equal(r.error.code, 'timeout');
    assert.match(r.error.message, /expired before it was approved/);
    assertNoCanary(r.error.message, String(r.error.stack));
  });

  test('the code running out locally also times out, without polling past its life', async () => {
    const r = await run({ polls: Array(50).fill('authorization_pending'), expiresIn: 2, interval: 1 });
    assert.ok(r.error instanceof FlowError);
    assert.equal(r.error.code, 'timeout');
    assert.ok(r.seen.length <= 4, `polled ${r.seen.length - 1} times`);
  });

  test('access_denied is reported as declined', async () => {
    const r = await run({ polls: ['access_denied'] });
    assert.ok(r.error instanceof FlowError);
    assert.equal(r.error.code, 'denied');
  });

  test('a redirect from the token endpoint is not followed', async () => {
    const r = await run({ polls: ['redirect'] });
    assert.ok(r.error instanceof FlowError);
    assert.equal(r.error.code, 'redirect');
    assert.match(r.error.message, /never follow redirects/);
    assertNoCanary(r.error.message);
  });

  test('Cancel stops the polling promptly', async () => {
    const controller = new AbortController();
    const pending = Array(50).fill('authorization_pending') as DeviceScript['polls'];
    const standIn = await startWebexStandIn({ polls: pending, interval: 1 });
    try {
      const p = signInWebexDevice(creds, {
        baseUrl: standIn.baseUrl,
        settings: settings(),
        signal: controller.signal,
        progress: { deviceCode: () => setTimeout(() => controller.abort(), 50) },
      });
      await assert.rejects(p, (e: unknown) => e instanceof FlowError && e.code === 'cancelled');
      assert.ok(standIn.seen.length <= 2);
    } finally {
      await standIn.close();
    }
  });

  test('a wrong client secret is refused in words, secret masked', async () => {
    const standIn = await startWebexStandIn({ polls: [] });
    try {
      const p = signInWebexDevice(
        { clientId: CLIENT_ID, clientSecret: 'canary-wrong-secret-1234' },
        { baseUrl: standIn.baseUrl, settings: settings() },
      );
      await assert.rejects(p, (e: unknown) => {
        assert.ok(e instanceof FlowError);
        assert.equal(e.code, 'invalid-credentials');
        assert.ok(!e.message.includes('canary-wrong-secret-1234'));
        return true;
      });
    } finally {
      await standIn.close();
    }
  });

  test('plain http to another host is refused before any request', async () => {
    await assert.rejects(
      signInWebexDevice(creds, { baseUrl: 'http://webexapis.example/v1', settings: settings() }),
      (e: unknown) => e instanceof FlowError && e.code === 'protocol',
    );
  });
});

describe('needsRenewal', () => {
  test('renews within the margin, or at half life for short tokens', () => {
    assert.equal(needsRenewal({ expiresAt: 10 * 60_000 }, 0), false);
    assert.equal(needsRenewal({ expiresAt: 4 * 60_000 }, 0), true);
    assert.equal(needsRenewal({ expiresAt: 60_000 }, 0, 120_000), true);
    assert.equal(needsRenewal({ expiresAt: 70_000 }, 0, 120_000), false);
    assert.equal(needsRenewal({}, 0), false);
  });
});
