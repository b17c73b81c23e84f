/**
 * Token UI in a real VS Code (#10 §2, §5): Set Token asks a pasted Webex token's real expiry from a stand-in
 * tokenExpiry and the status bar counts down to it in words; a 401 brings the panel's explanation whose Sign In
 * button leads to a sign-in for that response's origin, after which Send works; the authorization code with PKCE
 * opens a real browser tab that Webex's stand-in sends back to the one-shot listener (the redirect URI
 * passed through `asExternalUri`); a credential profile switch
 * shows in the status bar and in the send confirmation (an origin that is 127.0.0.1 but no loopback name, so
 * the confirmation is asked; being plain http, the core then keeps the token back). No token value reaches the
 * workbench.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { recordingServerPerFile, sessionPerFile } from './harness/perFile';
import type { RecordedRequest, RecordingServer, Reply } from './harness/recordingServer';
import { E2E_TIMEOUTS } from './harness/timeouts';
import { tooling } from './harness/tooling';
import type { Workbench } from './harness/workbench';

const EXTENSION_ID = 'meeting-payloads.meeting-payloads';
const PASTED = `pasted-${randomBytes(12).toString('hex')}`;
const CLIENT_ID = 'C0ffee-e2e-tokui';
const CLIENT_SECRET = `secret-${randomBytes(12).toString('hex')}`;
const SIGNED_IN = `at-${randomBytes(16).toString('hex')}`;
const ACME = `acme-${randomBytes(12).toString('hex')}`;
const USER_CODE = '731904';
const AUTH_CODE = `code-${randomBytes(8).toString('hex')}`;
const PKCE_TOKEN = `at-pkce-${randomBytes(16).toString('hex')}`;
const PMR_PATH = '/v1/meetingPreferences/personalMeetingRoom';
/** What tokenExpiry answers for the pasted token: 5 h 20 min from when it is asked. */
const PASTED_LIFE_MS = (5 * 60 + 20) * 60_000;

const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('token UI in a real VS Code', { timeout: E2E_TIMEOUTS.file }, () => {
  /**
   * The Webex stand-in. Each test has its own (its own origin, selected as its own environment), so what one test
   * stores — tokens, the integration — is not another's starting point: every test sets up its own state.
   */
  const standIn = (): (() => RecordingServer) => {
    const self = recordingServerPerFile((r: RecordedRequest) => route(r, self().origin));
    return self;
  };
  const route = (r: RecordedRequest, origin: string): Reply | undefined => {
    const form = new URLSearchParams(r.body);
    if (r.method === 'GET' && r.url === '/v1/authorizations/tokenExpiry') {
      if (r.headers.authorization === `Bearer ${PASTED}`) return json(200, { exp: Date.now() + PASTED_LIFE_MS });
      return json(401, { message: 'invalid token' });
    }
    if (r.method === 'POST' && r.url === '/v1/device/authorize') {
      return json(200, {
        device_code: 'dc-tokui',
        user_code: USER_CODE,
        verification_uri: `${origin}/verify`,
        expires_in: 300,
        interval: 1,
      });
    }
    if (r.method === 'POST' && r.url === '/v1/device/token') {
      if (form.get('device_code') !== 'dc-tokui') return json(400, { error: 'invalid_grant' });
      return json(200, { access_token: SIGNED_IN, token_type: 'Bearer', expires_in: 2 * 86400 + 3600 });
    }
    if (r.method === 'GET' && r.url.startsWith('/v1/authorize?')) {
      // The browser's sign-in page: approves at once and sends the browser back with the code and the state.
      const q = new URL(r.url, 'http://x').searchParams;
      if (q.get('client_id') !== CLIENT_ID || q.get('code_challenge_method') !== 'S256') return json(400, {});
      pkce = { challenge: q.get('code_challenge') ?? '', redirect: q.get('redirect_uri') ?? '' };
      const back = new URL(pkce.redirect);
      back.searchParams.set('code', AUTH_CODE);
      back.searchParams.set('state', q.get('state') ?? '');
      return { status: 302, headers: { location: back.href } };
    }
    if (r.method === 'POST' && r.url === '/v1/access_token' && form.get('grant_type') === 'authorization_code') {
      const verifier = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      const ok =
        form.get('client_secret') === CLIENT_SECRET &&
        form.get('code') === AUTH_CODE &&
        pkce !== undefined &&
        form.get('redirect_uri') === pkce.redirect &&
        verifier === pkce.challenge;
      if (!ok) return json(400, { error: 'invalid_grant' });
      return json(200, { access_token: PKCE_TOKEN, token_type: 'Bearer', expires_in: 7 * 86400 + 3600 });
    }
    if (r.method === 'PUT' && r.url.startsWith(PMR_PATH)) {
      // The pasted token "was revoked": only the signed-in and the acme tokens are accepted.
      const auth = r.headers.authorization;
      if (auth === `Bearer ${SIGNED_IN}` || auth === `Bearer ${ACME}`) return { status: 204 };
      return json(401, {
        message: 'The request requires a valid access token set in the Authorization request header.',
      });
    }
    return undefined;
  };
  let pkce: { challenge: string; redirect: string } | undefined;
  const setTokenApi = standIn();
  const bannerApi = standIn();
  const pkceApi = standIn();
  const profileApi = standIn();
  /** The profile test's stand-in through an IPv4-mapped literal: 127.0.0.1, but not a loopback name (confirmation asked). */
  const mappedOrigin = (): string => `http://[::ffff:7f00:1]:${new URL(profileApi().origin).port}`;
  const session = sessionPerFile(async () => {
    const { mockBaseUrls } = await tooling();
    const local = (api: () => RecordingServer) => ({ baseUrls: mockBaseUrls(api().origin), confirmBeforeSend: false });
    return {
      name: 'token-ui',
      settings: {
        'meetingPayloads.environments': {
          'set-token': local(setTokenApi),
          banner: local(bannerApi),
          pkce: local(pkceApi),
          mapped: { baseUrls: mockBaseUrls(mappedOrigin()), confirmBeforeSend: true },
        },
        'meetingPayloads.environment': 'set-token',
      },
      workspaceFiles: {
        'pmr.meeting.json': readFileSync(
          join(__dirname, '..', '..', 'examples', 'webex-update-personal-room.meeting.json'),
          'utf8',
        ),
      },
    };
  });
  const wb = (): Workbench => session().workbench;

  async function statusBarShows(w: Workbench, text: string): Promise<void> {
    await w.until(`"${text}" in the status bar`, async () => (await w.statusBarText()).includes(text), {
      describe: () => w.statusBarText(),
    });
  }

  async function pasteToken(w: Workbench, token: string): Promise<void> {
    const input = await w.visible(w.quickInput.locator('input[type="password"]'), 'the password box of Set Token');
    await input.fill(token);
    await w.page.keyboard.press('Enter');
    await w.hidden(w.quickInput, 'the password box to close');
  }

  /** Sign In asks the integration's Client ID and Secret for an origin where none is stored. */
  async function enterIntegration(w: Workbench, origin: string): Promise<void> {
    const idBox = await w.visible(w.quickInput.locator('input'), 'the Client ID box');
    await w.until(
      'the Client ID prompt',
      async () => (await w.quickInput.innerText()).includes(`Client ID (for ${origin})`),
      {
        describe: () => w.quickInput.innerText(),
      },
    );
    await idBox.fill(CLIENT_ID);
    await w.page.keyboard.press('Enter');
    await (
      await w.visible(w.quickInput.locator('input[type="password"]'), 'the Client Secret box')
    ).fill(CLIENT_SECRET);
    await w.page.keyboard.press('Enter');
  }

  /** Each test starts in its own environment (its own origin): nothing stored by another test is there. */
  async function selectEnvironment(w: Workbench, name: string): Promise<void> {
    await w.openFile('pmr.meeting.json');
    await w.runCommand('Meeting Payloads: Select Environment');
    await (await w.visible(w.quickInput.locator('input'), 'the environment picker')).fill(name);
    await w.visible(w.quickInput.locator('.monaco-list-row', { hasText: name }), `the environment "${name}"`);
    await w.page.keyboard.press('Enter');
    await statusBarShows(w, `${name} · Webex token: none`);
  }

  async function assertNoSecretOnScreen(w: Workbench): Promise<void> {
    const page = await w.page.locator('body').innerText();
    for (const [name, secret] of Object.entries({ PASTED, CLIENT_SECRET, SIGNED_IN, ACME, AUTH_CODE, PKCE_TOKEN })) {
      assert.ok(!page.includes(secret), `${name} is not in the workbench`);
    }
  }

  test(
    'Set Token asks Webex the real expiry; the status bar counts down in words',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const api = setTokenApi;
      await selectEnvironment(w, 'set-token');
      await w.runCommand('Meeting Payloads: Set Token');
      await pasteToken(w, PASTED);
      await w.visible(
        w.notifications.filter({ hasText: `set for ${api().origin}: 5 h left (Webex says it ends` }),
        'the "token set" notification with the expiry Webex gave',
      );
      const asked = api().requests.filter((r) => r.url === '/v1/authorizations/tokenExpiry');
      assert.equal(asked.length, 1);
      assert.equal(asked[0]?.headers.authorization, `Bearer ${PASTED}`, 'asked with the pasted token, at its origin');
      await statusBarShows(w, 'Webex token: 5 h left');
      await w.screenshot('set-token-real-expiry');
      await assertNoSecretOnScreen(w);
    },
  );

  test(
    'a 401 is explained in the panel, and its Sign In button signs in for that origin',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const api = bannerApi;
      await selectEnvironment(w, 'banner');
      // A pasted token the server no longer accepts.
      await w.runCommand('Meeting Payloads: Set Token');
      await pasteToken(w, PASTED);
      await statusBarShows(w, 'banner · Webex token: 5 h left');
      await w.runCommand('Meeting Payloads: Send Request');
      await w.until('the refused PUT', () => api().requests.find((r) => r.method === 'PUT'));
      const { content } = await w.webviewFrames(EXTENSION_ID, 'the response panel');
      const notice = content.locator('.notice.credential');
      await w.until(
        'the 401 explanation at the top of the panel',
        async () =>
          ((await notice.count()) > 0 &&
            (await notice.innerText()).includes('401: the Webex access token was not accepted')) ||
          undefined,
        { describe: () => content.locator('body').innerText() },
      );
      const buttons = await notice.locator('button').allInnerTexts();
      assert.deepEqual(buttons, ['Sign In…', 'Set Token…', 'Switch Profile…']);
      await w.screenshot('401-banner');

      // The editor loses focus to the panel here; the button acts on the response's credential and origin.
      await notice.locator('button', { hasText: 'Sign In…' }).click();
      await w.until(
        'the Sign In method pick',
        async () =>
          (await w.quickInput.locator('.monaco-list-row').allInnerTexts())[0]?.includes('device grant') || undefined,
        { describe: () => w.quickInput.innerText() },
      );
      await w.page.keyboard.press('Enter');
      await enterIntegration(w, api().origin);
      await w.visible(
        w.notifications.filter({ hasText: `Signed in to Webex for ${api().origin}` }),
        'the "signed in" notification',
      );
      await statusBarShows(w, 'Webex token: 2 d left');

      const before = api().requests.length;
      // The keyboard focus may still be in the panel's group (its button was clicked): back to the editor's.
      await w.page.keyboard.press('Control+1');
      await w.openFile('pmr.meeting.json');
      await w.runCommand('Meeting Payloads: Send Request');
      const put = await w.until('the PUT with the signed-in token', () =>
        api()
          .requests.slice(before)
          .find((r) => r.method === 'PUT'),
      );
      assert.equal(put.headers.authorization, `Bearer ${SIGNED_IN}`);
      await assertNoSecretOnScreen(w);
    },
  );

  test(
    'authorization code with PKCE: the browser is sent to Webex and back to the one-shot listener',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const api = pkceApi;
      await selectEnvironment(w, 'pkce');
      await w.runCommand('Meeting Payloads: Sign In…');
      await w.visible(w.quickInput.locator('.monaco-list-row', { hasText: 'browser redirect' }), 'the PKCE way');
      await (await w.visible(w.quickInput.locator('input'), 'the method pick')).fill('browser redirect');
      await w.page.keyboard.press('Enter');
      // Nothing is stored for this origin: the Client ID and Secret are asked, then the redirect URI.
      await enterIntegration(w, api().origin);
      await w.until('the redirect URI prompt', async () => (await w.quickInput.innerText()).includes('redirect URI'), {
        describe: () => w.quickInput.innerText(),
      });
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      const popup = w.page.context().waitForEvent('page', { timeout: 30_000 });
      await (
        await w.visible(w.quickInput.locator('input'), 'the redirect URI box')
      ).fill(`http://127.0.0.1:${port}/cb`);
      await w.page.keyboard.press('Enter');
      // VS Code opens the sign-in page in a new browser tab (env.openExternal); it ends at the listener's page.
      const tab = await popup;
      await w.until(
        "the listener's page in the browser tab",
        async () =>
          (
            await tab
              .locator('body')
              .innerText()
              .catch(() => '')
          ).includes('Meeting Payloads received the sign-in answer') || undefined,
        {
          describe: async () =>
            `${tab.url()}: ${await tab
              .locator('body')
              .innerText()
              .catch(() => '')}`,
        },
      );
      await tab.close();
      await w.visible(
        w.notifications.filter({ hasText: `Signed in to Webex for ${api().origin}` }),
        'the "signed in" notification',
      );
      await w.openFile('pmr.meeting.json');
      await statusBarShows(w, 'Webex token: 7 d left');
      const exchange = api().requests.filter((r) => r.url === '/v1/access_token');
      assert.equal(exchange.length, 1, 'the code was exchanged once');
      // The listener is closed after its one answer.
      await assert.rejects(fetch(`http://127.0.0.1:${port}/cb?code=x&state=y`));
      await assertNoSecretOnScreen(w);
    },
  );

  test(
    'a profile switch shows in the status bar and the send confirmation',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const api = profileApi;
      await selectEnvironment(w, 'mapped');

      await w.runCommand('Meeting Payloads: Switch Credential Profile');
      await w.visible(w.quickInput.locator('.monaco-list-row', { hasText: 'New profile' }), 'the "New profile…" entry');
      await (await w.visible(w.quickInput.locator('input'), 'the profile picker')).fill('New profile');
      await w.page.keyboard.press('Enter');
      await w.until(
        'the profile name box',
        async () => (await w.quickInput.innerText()).includes('New credential profile'),
        {
          describe: () => w.quickInput.innerText(),
        },
      );
      await (await w.visible(w.quickInput.locator('input'), 'the profile name box')).fill('acme');
      await w.page.keyboard.press('Enter');
      await statusBarShows(w, 'Webex token (acme): none');
      const noTokenYet = await w.visible(
        w.notifications.filter({ hasText: 'Profile "acme" in use' }),
        'the "profile in use, no token yet" notification',
      );
      await noTokenYet.getByRole('button', { name: 'Set Token…' }).click();
      await pasteToken(w, ACME);
      await statusBarShows(w, 'Webex token (acme): set');

      const before = api().requests.length;
      await w.runCommand('Meeting Payloads: Send Request');
      const confirm = await w.visible(
        w.page.locator('.monaco-dialog-box', { hasText: 'Send PUT to' }),
        'the send confirmation',
      );
      const text = await confirm.innerText();
      await w.screenshot('confirmation-with-profile');
      assert.ok(text.includes('Environment: mapped'), text);
      assert.ok(text.includes('Token: Webex access token (profile "acme")'), text);
      await confirm.getByRole('button', { name: 'Send', exact: true }).click();
      // This origin is plain http and no loopback name: the core keeps the token back and says so.
      const { content } = await w.webviewFrames(EXTENSION_ID, 'the response panel');
      await w.until(
        'the refusal to send the token over plain http',
        async () => (await content.locator('body').innerText()).includes('only sent over https') || undefined,
        { describe: () => content.locator('body').innerText() },
      );
      assert.equal(
        api()
          .requests.slice(before)
          .filter((r) => r.method === 'PUT').length,
        0,
        'nothing was sent',
      );
      await assertNoSecretOnScreen(w);
    },
  );
});
