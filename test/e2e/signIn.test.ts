/**
 * Sign In in a real VS Code (#10): the Webex device grant against a stand-in token server on 127.0.0.1 (the
 * environment's own origin). The client id and secret are asked once, the code and link are shown, the
 * flow polls through "authorization pending", the token is stored with its expiry (the status bar says how
 * long it has left) and is the one Send attaches. No secret it handled appears in the workbench.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loopbackEnvironment } from './harness/environments';
import { recordingServerPerFile, sessionPerFile } from './harness/perFile';
import type { RecordedRequest, Reply } from './harness/recordingServer';
import { E2E_TIMEOUTS } from './harness/timeouts';

const CLIENT_ID = 'C0ffee-e2e-client';
const CLIENT_SECRET = `secret-${randomBytes(12).toString('hex')}`;
const ACCESS_TOKEN = `at-${randomBytes(16).toString('hex')}`;
const REFRESH_TOKEN = `rt-${randomBytes(16).toString('hex')}`;
const RENEWED_TOKEN = `at2-${randomBytes(16).toString('hex')}`;
/** What the refresh answers once the background renewal and a Send meet (the last test). */
const RENEWED_AGAIN = `at3-${randomBytes(16).toString('hex')}`;
const DEVICE_CODE = `dc-${randomBytes(8).toString('hex')}`;
const USER_CODE = '482913';
/** Polls answered "authorization pending" before the stand-in approves. */
const PENDING_POLLS = 2;
const PMR_PATH = '/v1/meetingPreferences/personalMeetingRoom';

const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('Sign In in a real VS Code', { timeout: E2E_TIMEOUTS.file }, () => {
  let polls = 0;
  /** The stand-in approves only once the test says the user did (after the code was copied). */
  let approved = false;
  /** Lifetime (s) of the next token the device grant issues (the second sign-in gets one that ends at once). */
  let issuedLifetime = 3 * 3600 + 600;
  /** The token the refresh answers with, and, when set, what its answer waits for (a renewal held under way). */
  let refreshedTo = RENEWED_TOKEN;
  let refreshHeld: Promise<void> | undefined;
  const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
  const tokenServer = recordingServerPerFile((r: RecordedRequest) => {
    const form = new URLSearchParams(r.body);
    if (r.method === 'POST' && r.url === '/v1/device/authorize') {
      if (form.get('client_id') !== CLIENT_ID) return json(400, { error: 'invalid_client' });
      return json(200, {
        device_code: DEVICE_CODE,
        user_code: USER_CODE,
        verification_uri: `${tokenServer().origin}/verify`,
        verification_uri_complete: `${tokenServer().origin}/verify?userCode=${USER_CODE}`,
        expires_in: 300,
        interval: 1,
      });
    }
    if (r.method === 'POST' && r.url === '/v1/device/token') {
      if (r.headers.authorization !== basic) return json(401, { error: 'invalid_client' });
      if (form.get('device_code') !== DEVICE_CODE) return json(400, { error: 'invalid_grant' });
      polls += 1;
      if (polls <= PENDING_POLLS || !approved) return json(428, { error: 'authorization_pending' });
      return json(200, {
        access_token: ACCESS_TOKEN,
        token_type: 'Bearer',
        expires_in: issuedLifetime,
        refresh_token: REFRESH_TOKEN,
        refresh_token_expires_in: 90 * 86400,
      });
    }
    if (r.method === 'POST' && r.url === '/v1/access_token') {
      if (form.get('client_secret') !== CLIENT_SECRET || form.get('refresh_token') !== REFRESH_TOKEN) {
        return json(400, { error: 'invalid_grant' });
      }
      const reply = json(200, { access_token: refreshedTo, token_type: 'Bearer', expires_in: 1209599 });
      return refreshHeld ? refreshHeld.then(() => reply) : reply;
    }
    if (r.method === 'PUT' && r.url.startsWith(PMR_PATH)) return { status: 204 };
    return undefined;
  });
  const session = sessionPerFile(async () => ({
    name: 'sign-in',
    settings: await loopbackEnvironment('e2e-signin', tokenServer().origin),
    workspaceFiles: {
      'pmr.meeting.json': readFileSync(
        join(__dirname, '..', '..', 'examples', 'webex-update-personal-room.meeting.json'),
        'utf8',
      ),
    },
  }));
  const wb = () => session().workbench;

  /** Sign In first asks how; the device grant is first (and the way used last). */
  async function pickDeviceGrant(w: ReturnType<typeof wb>): Promise<void> {
    await w.until(
      'the Sign In method pick, device grant first',
      async () => {
        const items = await w.quickInput.locator('.monaco-list-row').allInnerTexts();
        return items.length === 3 && items[0]?.includes('device grant') ? true : undefined;
      },
      { describe: () => w.quickInput.innerText() },
    );
    await w.page.keyboard.press('Enter');
  }

  test(
    'device grant: code and link shown, approval awaited, token stored with its expiry and sent',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('pmr.meeting.json');
      await w.until('"Webex token" in the status bar', async () => (await w.statusBarText()).includes('Webex token'), {
        describe: () => w.statusBarText(),
      });
      await w.runCommand('Meeting Payloads: Sign In…');
      await pickDeviceGrant(w);

      const idBox = await w.visible(w.quickInput.locator('input'), 'the Client ID box');
      await w.until('the Client ID prompt', async () => (await w.quickInput.innerText()).includes('Client ID'), {
        describe: () => w.quickInput.innerText(),
      });
      await idBox.fill(CLIENT_ID);
      await w.page.keyboard.press('Enter');
      const secretBox = await w.visible(
        w.quickInput.locator('input[type="password"]'),
        'the Client Secret password box',
      );
      await secretBox.fill(CLIENT_SECRET);
      await w.page.keyboard.press('Enter');

      const notice = await w.visible(
        w.notifications.filter({ hasText: `enter the code ${USER_CODE}` }),
        'the device-code notice',
      );
      const noticeText = await notice.innerText();
      assert.ok(noticeText.includes(`${tokenServer().origin}/verify`), noticeText);
      // A loopback link may be opened: the complete one, which carries the code.
      const link = await w.visible(notice.locator('a', { hasText: `${tokenServer().origin}/verify` }), 'the link');
      assert.equal(
        new URL((await link.getAttribute('href')) ?? '', 'http://x').searchParams.get('userCode'),
        USER_CODE,
      );
      await w.screenshot('sign-in-device-code');
      // Copy Code beside the link: the code goes to the clipboard, then the link opens in a browser tab.
      await w.page
        .context()
        .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(w.page.url()).origin });
      await w.page.evaluate(() => navigator.clipboard.writeText('before'));
      const copy = await w.visible(notice.locator('a', { hasText: 'Copy Code and Open Link' }), 'the Copy Code link');
      const tab = w.page.context().waitForEvent('page', { timeout: 30_000 });
      await copy.click();
      const opened = await tab;
      await w.until('the code on the clipboard', async () =>
        (await w.page.evaluate(() => navigator.clipboard.readText())) === USER_CODE ? true : undefined,
      );
      // Confirmed like every copy, without the code in the notification.
      const copied = await w.visible(
        w.notifications.filter({ hasText: 'Sign-in code copied to the clipboard; the sign-in page opens' }),
        'the "code copied" notification',
      );
      assert.ok(!(await copied.innerText()).includes(USER_CODE), 'the notification does not show the code');
      // code-server may pass a loopback link through its own port proxy: the path and the code are what must arrive.
      const openedUrl = await w.until(
        'the verification link, with the code, in the new tab',
        () => {
          const u = new URL(opened.url());
          return u.pathname.endsWith('/verify') && u.searchParams.get('userCode') === USER_CODE ? u : undefined;
        },
        { describe: () => Promise.resolve(opened.url()) },
      );
      assert.ok(openedUrl.pathname.endsWith('/verify'), 'the complete link was opened');
      await opened.close();
      approved = true;

      await w.visible(w.notifications.filter({ hasText: 'Signed in to Webex' }), 'the "signed in" notification');
      // The code notice is the sign-in's progress notification: it closes when the sign-in completes.
      await w.hidden(w.notifications.filter({ hasText: `enter the code ${USER_CODE}` }), 'the device-code notice');
      assert.ok(polls >= PENDING_POLLS + 1, 'polled through "authorization pending" until approval');
      await w.until(
        '"Webex token: 3 h left" in the status bar',
        async () => (await w.statusBarText()).includes('Webex token: 3 h left'),
        { describe: () => w.statusBarText() },
      );
      await w.screenshot('sign-in-status-bar');

      await w.runCommand('Meeting Payloads: Send Request');
      const sent = await w.until('the PUT at the stand-in', () =>
        tokenServer().requests.find((r) => r.method === 'PUT'),
      );
      assert.equal(sent.headers.authorization, `Bearer ${ACCESS_TOKEN}`, 'Send attaches the signed-in token');

      const page = await w.page.locator('body').innerText();
      for (const [name, secret] of Object.entries({ CLIENT_SECRET, ACCESS_TOKEN, REFRESH_TOKEN, DEVICE_CODE })) {
        assert.ok(!page.includes(secret), `${name} is not in the workbench`);
      }
      const device = tokenServer().requests.filter((r) => r.url.startsWith('/v1/device/'));
      assert.ok(
        device.every((r) => !r.headers['x-forwarded-for'] && r.headers.host?.startsWith('127.0.0.1')),
        'every sign-in call went to the environment origin',
      );
    },
  );

  test(
    'a second Sign In reuses the stored Client ID and Secret (no prompt)',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('pmr.meeting.json');
      polls = 0;
      issuedLifetime = 2; // ends at once: the background renewal replaces it (next test)
      const authorizeCalls = () => tokenServer().requests.filter((r) => r.url === '/v1/device/authorize').length;
      const before = authorizeCalls();
      await w.runCommand('Meeting Payloads: Sign In…');
      await pickDeviceGrant(w);
      // Nobody types here: the flow reaches the token server and is approved only if nothing was asked.
      await w.until('a new device authorization', () => authorizeCalls() === before + 1);
      await w.until('the second "signed in"', () => polls === PENDING_POLLS + 1);
      assert.equal(await w.quickInput.isVisible(), false, 'no Client ID or Secret asked again');
    },
  );

  test(
    'a signed-in token about to end is renewed in the background with its refresh token, then Send attaches the new one',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('pmr.meeting.json');
      // The second sign-in's token lives 2 s: nothing is sent, yet the timer renews it before its end.
      await w.until(
        '"Webex token: 13 d left" after the background renewal',
        async () => (await w.statusBarText()).includes('Webex token: 13 d left'),
        { describe: () => w.statusBarText() },
      );
      const refreshes = tokenServer().requests.filter((r) => r.url === '/v1/access_token');
      assert.equal(refreshes.length, 1, 'renewed once, by the refresh token');
      assert.equal(new URLSearchParams(refreshes[0]?.body).get('grant_type'), 'refresh_token');
      const before = tokenServer().requests.length;
      await w.runCommand('Meeting Payloads: Send Request');
      const put = await w.until('the PUT', () =>
        tokenServer()
          .requests.slice(before)
          .find((r) => r.method === 'PUT'),
      );
      const calls = tokenServer()
        .requests.slice(before)
        .map((r) => `${r.method} ${r.url.split('?')[0]}`);
      assert.deepEqual(calls, [`PUT ${PMR_PATH}`], 'nothing left to renew before the send');
      assert.equal(put.headers.authorization, `Bearer ${RENEWED_TOKEN}`, 'the renewed token is the one sent');
      const page = await w.page.locator('body').innerText();
      assert.ok(!page.includes(RENEWED_TOKEN) && !page.includes(REFRESH_TOKEN), 'no token in the workbench');
    },
  );

  test(
    'an expired token that Send and the background renewal both find due is refreshed once; Send carries the new one',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('pmr.meeting.json');
      const refreshes = () => tokenServer().requests.filter((r) => r.url === '/v1/access_token').length;
      let release: () => void = () => undefined;
      refreshHeld = new Promise<void>((resolve) => (release = resolve));
      refreshedTo = RENEWED_AGAIN;
      try {
        const refreshedBefore = refreshes();
        polls = 0;
        issuedLifetime = 2; // ends at once: the background renewal starts, and its answer is held
        await w.runCommand('Meeting Payloads: Sign In…');
        await pickDeviceGrant(w);
        await w.until('the third "signed in"', () => polls === PENDING_POLLS + 1);
        await w.until('the background renewal under way (its answer held)', () =>
          refreshes() === refreshedBefore + 1 ? true : undefined,
        );
        await w.until('"expired" in the status bar', async () => (await w.statusBarText()).includes('expired'), {
          describe: () => w.statusBarText(),
        });
        const before = tokenServer().requests.length;
        await w.runCommand('Meeting Payloads: Send Request');
        // Send finds the token expired and awaits the renewal under way rather than refreshing it again.
        await w.visible(
          w.notifications.filter({ hasText: 'Renewing the Webex access token for' }),
          'Send waiting for the renewal under way',
        );
        await w.screenshot('send-awaits-renewal');
        assert.equal(refreshes(), refreshedBefore + 1, 'no second refresh while one is under way');
        assert.ok(
          !tokenServer()
            .requests.slice(before)
            .some((r) => r.method === 'PUT'),
          'the expired token is not sent',
        );
        release();
        const put = await w.until('the PUT', () =>
          tokenServer()
            .requests.slice(before)
            .find((r) => r.method === 'PUT'),
        );
        assert.equal(put.headers.authorization, `Bearer ${RENEWED_AGAIN}`, 'Send carries the renewed token');
        assert.equal(refreshes(), refreshedBefore + 1, 'exactly one refresh for the background renewal and Send');
        await w.until('"Webex token: 13 d left" after the renewal', async () =>
          (await w.statusBarText()).includes('Webex token: 13 d left'),
        );
        const page = await w.page.locator('body').innerText();
        assert.ok(!page.includes(RENEWED_AGAIN) && !page.includes(REFRESH_TOKEN), 'no token in the workbench');
      } finally {
        release();
        refreshHeld = undefined;
      }
    },
  );
});
