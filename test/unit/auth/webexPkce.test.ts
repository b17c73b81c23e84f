/**
 * Webex authorization code with PKCE end to end (#10 §1) against the stand-in on 127.0.0.1: the "browser" is
 * this test, following the stand-in's redirect to the flow's one-shot listener like a real one would. A wrong
 * or missing state is refused before any code is exchanged; the listener is closed after use, on cancel and on
 * timeout; no canary (client secret, code, refresh token) appears in any message.
 */
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { describe, test } from 'node:test';
import { checkRedirectUri, listenForRedirect } from '../../../client/src/auth/loopbackRedirect';
import { FlowError } from '../../../client/src/auth/types';
import type { FlowContext, TokenSet } from '../../../client/src/auth/types';
import { signInWebexPkce } from '../../../client/src/auth/webexPkce';
import type { PkceOptions } from '../../../client/src/auth/webexPkce';
import { settings } from '../http/helpers';
import {
  AUTH_CODE,
  CLIENT_ID,
  CLIENT_SECRET,
  PKCE_ACCESS_TOKEN,
  REFRESH_TOKEN,
  startWebexStandIn,
} from './webexStandIn';
import type { DeviceScript } from './webexStandIn';

const creds = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };

interface Run {
  tokens?: TokenSet;
  error?: unknown;
  /** The authorize URL the flow asked to open. */
  opened: string[];
  /** What the browser was shown by the listener. */
  pages: string[];
  reports: string[];
  seen: Array<{ method: string; path: string }>;
}

/** A browser: GET the authorize URL, follow its redirect (to the listener) once, as a browser would. */
async function browse(url: string, pages: string[]): Promise<void> {
  const first = await fetch(url, { redirect: 'manual' });
  const location = first.headers.get('location');
  await first.arrayBuffer();
  if (!location) return;
  const back = await fetch(location);
  pages.push(`${back.status} ${await back.text()}`);
}

async function run(
  script: Partial<DeviceScript>,
  options: Partial<PkceOptions> = {},
  extra: Partial<FlowContext> = {},
  browser: (url: string, pages: string[]) => Promise<void> = browse,
): Promise<Run> {
  const standIn = await startWebexStandIn({ polls: [], ...script });
  const r: Run = { opened: [], pages: [], reports: [], seen: standIn.seen };
  try {
    const ctx: FlowContext = {
      baseUrl: standIn.baseUrl,
      settings: settings(),
      progress: {
        openBrowser: (url) => {
          r.opened.push(url);
          void browser(url, r.pages).catch((e: unknown) => r.pages.push(`browser failed: ${String(e)}`));
        },
        report: (m) => r.reports.push(m),
      },
      ...extra,
    };
    r.tokens = await signInWebexPkce(creds, ctx, { redirectUri: 'http://127.0.0.1:0/callback', ...options });
  } catch (e) {
    r.error = e;
  } finally {
    await standIn.close();
  }
  return r;
}

function redirectOf(r: Run): string {
  const opened = r.opened[0];
  assert.ok(opened, 'the flow opened the browser');
  return new URL(opened).searchParams.get('redirect_uri') ?? '';
}

/** Whether something accepts connections at the URL's port. */
function listening(url: string): Promise<boolean> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function assertNoCanary(r: Run): void {
  const texts = [
    ...r.reports,
    ...r.pages,
    ...r.opened,
    r.error instanceof Error ? r.error.message : '',
    r.error instanceof FlowError ? (r.error.vendorCode ?? '') : '',
  ];
  for (const t of texts) {
    for (const canary of [CLIENT_SECRET, AUTH_CODE, REFRESH_TOKEN]) assert.ok(!t.includes(canary), `leaked in: ${t}`);
  }
}

describe('Webex authorization code with PKCE', () => {
  test('the browser approves: the code comes back with the state and is exchanged with the verifier', async () => {
    const r = await run({});
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.tokens?.accessToken, PKCE_ACCESS_TOKEN);
    assert.equal(r.tokens?.refreshToken, REFRESH_TOKEN);
    assert.equal(r.tokens?.flow, 'webex-pkce');
    assert.equal(r.tokens?.scheme, 'webexBearer');
    assert.deepEqual(r.tokens?.scopes, ['spark:kms', 'meeting:preferences_write']);
    assert.ok((r.tokens?.expiresAt ?? 0) > Date.now() + 1_000_000_000);
    // The authorize URL is on the environment's origin, asks S256, names the loopback redirect, holds no secret.
    const opened = new URL(r.opened[0] ?? '');
    assert.equal(opened.pathname, '/v1/authorize');
    assert.equal(opened.origin, new URL(r.tokens?.origin ?? '').origin);
    assert.equal(opened.searchParams.get('code_challenge_method'), 'S256');
    assert.match(opened.searchParams.get('state') ?? '', /^[A-Za-z0-9_-]{20,}$/);
    assert.match(redirectOf(r), /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.deepEqual(
      r.seen.map((s) => `${s.method} ${s.path}`),
      ['GET /v1/authorize', 'POST /v1/access_token'],
    );
    assert.match(r.pages[0] ?? '', /^200 Meeting Payloads received the sign-in answer/);
    assert.equal(await listening(redirectOf(r)), false, 'the one-shot listener is closed after use');
    assertNoCanary(r);
  });

  test('a wrong state is refused and no code is exchanged', async () => {
    const r = await run({ authorize: 'wrong-state' });
    assert.ok(r.error instanceof FlowError, String(r.error));
    assert.equal(r.error.code, 'denied');
    assert.equal(r.error.vendorCode, 'state_mismatch');
    assert.match(r.error.message, /did not carry the state this sign-in sent, so it was refused/);
    assert.deepEqual(
      r.seen.map((s) => s.path),
      ['/v1/authorize'],
      'the token endpoint was never called',
    );
    assert.equal(r.tokens, undefined);
    assert.equal(await listening(redirectOf(r)), false);
    assertNoCanary(r);
  });

  test('a missing state is refused the same way', async () => {
    const r = await run({ authorize: 'no-state' });
    assert.ok(r.error instanceof FlowError);
    assert.equal(r.error.vendorCode, 'state_mismatch');
    assert.deepEqual(
      r.seen.map((s) => s.path),
      ['/v1/authorize'],
    );
  });

  test('a declined sign-in says so', async () => {
    const r = await run({ authorize: 'access_denied' });
    assert.ok(r.error instanceof FlowError);
    assert.equal(r.error.code, 'denied');
    assert.equal(r.error.message, 'The sign-in was declined in the browser.');
    assert.equal(await listening(redirectOf(r)), false);
  });

  test('a stray request to the listener does not consume it; the real answer still works', async () => {
    const r = await run({}, {}, {}, async (url, pages) => {
      const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
      const stray = await fetch(new URL('/favicon.ico', redirect));
      pages.push(`${stray.status} ${await stray.text()}`);
      const noAnswer = await fetch(redirect);
      pages.push(`${noAnswer.status} ${await noAnswer.text()}`);
      await browse(url, pages);
    });
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.tokens?.accessToken, PKCE_ACCESS_TOKEN);
    assert.deepEqual(r.pages.slice(0, 2), ['404 Not found.\n', '404 Not found.\n']);
  });

  test('cancel while the browser is out closes the listener', async () => {
    const abort = new AbortController();
    const r = await run({}, {}, { signal: abort.signal }, () => {
      abort.abort();
      return Promise.resolve();
    });
    assert.ok(r.error instanceof FlowError);
    assert.equal(r.error.code, 'cancelled');
    assert.equal(await listening(redirectOf(r)), false);
  });

  test('no answer within the bound ends with a clear timeout, listener closed', async () => {
    const r = await run({}, { timeoutMs: 200 }, {}, () => Promise.resolve());
    assert.ok(r.error instanceof FlowError);
    assert.equal(r.error.code, 'timeout');
    assert.match(r.error.message, /No answer came back from the browser/);
    assert.equal(await listening(redirectOf(r)), false);
  });

  test('the redirect URI goes through externalUri (asExternalUri) and is what the token request names', async () => {
    const mapped: string[] = [];
    const r = await run(
      {},
      {
        externalUri: (local) => {
          mapped.push(local);
          return Promise.resolve(local);
        },
      },
    );
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(mapped.length, 1);
    assert.equal(redirectOf(r), mapped[0]);
  });

  test('a port in use is said plainly', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const r = await run({}, { redirectUri: `http://127.0.0.1:${port}/callback` });
      assert.ok(r.error instanceof FlowError);
      assert.equal(r.error.code, 'network');
      assert.match(r.error.message, new RegExp(`Port ${port} on 127.0.0.1 is in use`));
      assert.deepEqual(r.opened, [], 'the browser is not opened when nothing can receive the answer');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  test('only an http://127.0.0.1:<port>/<path> redirect URI is accepted', async () => {
    assert.equal(checkRedirectUri('http://127.0.0.1:8746/callback').ok, true);
    for (const bad of [
      'https://127.0.0.1:8746/callback',
      'http://localhost:8746/callback',
      'http://0.0.0.0:8746/cb',
      'http://127.0.0.1/callback',
      'http://127.0.0.1:80/callback',
      'http://127.0.0.1:8746/callback?x=1',
      'http://u:p@127.0.0.1:8746/callback',
      'not a url',
    ]) {
      assert.equal(checkRedirectUri(bad).ok, false, bad);
    }
    await assert.rejects(listenForRedirect('http://example.com:8746/cb'), (e: unknown) => e instanceof FlowError);
  });
});
