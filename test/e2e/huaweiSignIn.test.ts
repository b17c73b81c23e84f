/**
 * Huawei Cloud Meeting in a real VS Code (#10): Sign In with App ID and App Key against a stand-in on 127.0.0.1
 * that verifies the HMAC-SHA256 signature with the known App Key; Send logs in again when the token is refused
 * (`USG.000000004`) and sends once more; an `updateStartedConfConfig` Send mints the meeting-control token from
 * the host password asked once, and the next Send reuses it. The App Key stays in SecretStorage (sealed) and
 * the host password nowhere: neither is in the workbench, the browser's storage or on disk.
 */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loopbackEnvironment } from './harness/environments';
import { recordingServerPerFile, sessionPerFile } from './harness/perFile';
import type { RecordedRequest, Reply } from './harness/recordingServer';
import {
  browserStorage,
  chromiumProfileDirs,
  encodingsIn,
  scanTree,
  secretEncodings,
  unsealCodeServerSecrets,
} from './harness/secrets';
import { E2E_TIMEOUTS } from './harness/timeouts';

const APP_ID = 'e2e-app-4711';
const APP_KEY = `appkey-${randomBytes(12).toString('hex')}`;
const HOST_PASSWORD = `hostpw-${randomBytes(8).toString('hex')}`;
/** A wrong App Key: its signature does not verify. */
const WRONG_APP_KEY = `wrongkey-${randomBytes(12).toString('hex')}`;
const ACCOUNT = 'host@e2e.example';
const ACCOUNT_PASSWORD = `accountpw-${randomBytes(8).toString('hex')}`;
const STALE_CONTROL = `stale-ct-${randomBytes(8).toString('hex')}`;
const CONFERENCE = '900244663';
const VMR_PATH = '/v1/usg/dcs/member/vmr/';
const CONTROL_PATH = '/v1/mmc/control/conferences/token';
const UPDATE_PATH = '/v1/mmc/control/conferences/updateStartedConfConfig';

const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const example = (name: string) => readFileSync(join(__dirname, '..', '..', 'examples', name), 'utf8');

describe('Huawei Sign In and the meeting-control token in a real VS Code', { timeout: E2E_TIMEOUTS.file }, () => {
  const accessTokens: string[] = [];
  const controlTokens: string[] = [];
  /** The next VMR update is refused as an invalid token once (the token was revoked meanwhile). */
  let refuseNextUpdate = false;
  /** The life of the control tokens the stand-in mints (Huawei's is 30 min); a test shortens it. */
  let controlLifeSeconds = 1800;
  /** The meeting is no longer in progress: the control-token endpoint refuses, as Huawei does. */
  let meetingEnded = false;
  const api = recordingServerPerFile((r: RecordedRequest) => {
    const path = r.url.split('?')[0] ?? '';
    if (r.method === 'POST' && path === '/v2/usg/acs/auth/appauth') {
      const b = JSON.parse(r.body) as { appId: string; userId: string; expireTime: number; nonce: string };
      const want = createHmac('sha256', APP_KEY)
        .update(`${b.appId}:${b.userId}:${b.expireTime}:${b.nonce}`)
        .digest('hex')
        .toUpperCase();
      const access = Buffer.from(APP_ID).toString('base64');
      if (r.headers.authorization !== `HMAC-SHA256 signature=${want},access=${access}`) {
        return json(401, { error_code: 'USG.201040001', error_msg: 'signature mismatch' });
      }
      const token = `hw-at-${randomBytes(12).toString('hex')}`;
      accessTokens.push(token);
      return json(200, { accessToken: token, validPeriod: 86400, tokenType: 0 });
    }
    if (r.method === 'PUT' && path.startsWith(VMR_PATH)) {
      if (r.headers['x-access-token'] !== accessTokens.at(-1)) return json(401, { error_code: 'USG.000000004' });
      if (refuseNextUpdate) {
        refuseNextUpdate = false;
        return json(400, { error_code: 'USG.000000004', error_msg: 'invalid token' });
      }
      return { status: 200 };
    }
    if (r.method === 'GET' && path === CONTROL_PATH) {
      if (meetingEnded) return json(400, { error_code: 'MMC.111070005', error_msg: 'conference not started' });
      const current = r.headers['x-conference-authorization'];
      const keepAlive = typeof current === 'string' && controlTokens.includes(current);
      if ((!keepAlive && r.headers['x-password'] !== HOST_PASSWORD) || r.headers['x-login-type'] !== '1') {
        return json(400, { error_code: 'MMC.111070003', error_msg: 'password wrong' });
      }
      const token = `hw-ct-${randomBytes(12).toString('hex')}`;
      controlTokens.push(token);
      const life = controlLifeSeconds;
      return json(200, { data: { token, confTokenExpireTime: life, expireTime: Date.now() + life * 1000, role: 1 } });
    }
    if (r.method === 'PUT' && path === UPDATE_PATH) {
      if (r.headers['x-conference-authorization'] !== controlTokens.at(-1)) return json(401, { error_code: 'x' });
      return { status: 200 };
    }
    return undefined;
  });
  /** A second origin for the account-and-password mode (the first keeps the App ID it signed in with). */
  const accountApi = recordingServerPerFile((r: RecordedRequest) => {
    if (r.method === 'POST' && r.url === '/v1/usg/acs/auth/account') {
      const basic = `Basic ${Buffer.from(`${ACCOUNT}:${ACCOUNT_PASSWORD}`).toString('base64')}`;
      if (r.headers.authorization !== basic || (JSON.parse(r.body) as { account?: string }).account !== ACCOUNT) {
        return json(401, { error_code: 'USG.201010001', error_msg: 'account or password wrong' });
      }
      return json(200, { accessToken: `hw-acc-${randomBytes(12).toString('hex')}`, validPeriod: 86400, tokenType: 0 });
    }
    return undefined;
  });
  const session = sessionPerFile(async () => {
    const first = await loopbackEnvironment('e2e-huawei', api().origin);
    const second = await loopbackEnvironment('e2e-account', accountApi().origin);
    return {
      name: 'huawei-sign-in',
      settings: {
        ...first,
        'meetingPayloads.environments': {
          ...(first['meetingPayloads.environments'] as object),
          ...(second['meetingPayloads.environments'] as object),
        },
      },
      workspaceFiles: {
        'vmr.meeting.json': example('huawei-update-vmr.meeting.json'),
        'control.meeting.json': example('huawei-update-started-conf-config.meeting.json'),
      },
    };
  });
  const wb = () => session().workbench;
  const lensText = async (w: ReturnType<typeof wb>): Promise<string> =>
    (await w.activeEditor.locator('.codelens-decoration a').allInnerTexts()).join(' | ').replace(/\u00a0/g, ' ');
  const statusBarShows = (w: ReturnType<typeof wb>, text: string) =>
    w.until(`"${text}" in the status bar`, async () => (await w.statusBarText()).includes(text), {
      describe: () => w.statusBarText(),
    });
  /** The status bar and the Send lens say the same words (one reading: credentialStatus.ts). */
  const statusAndLensShow = (w: ReturnType<typeof wb>, text: string) =>
    w.until(
      `"${text}" in the status bar and the lens`,
      async () => (await w.statusBarText()).includes(text) && (await lensText(w)).includes(text),
      { describe: async () => `status bar: ${await w.statusBarText()}\nlens: ${await lensText(w)}` },
    );
  const calls = (from: number) =>
    api()
      .requests.slice(from)
      .map((r) => `${r.method} ${r.url.split('?')[0]}`);

  /** Sign In's mode pick, then the App ID, App Key and two empty optional fields. */
  async function signInWithAppId(w: ReturnType<typeof wb>, appKey: string): Promise<void> {
    await w.runCommand('Meeting Payloads: Sign In…');
    const input = w.quickInput.locator('input');
    await w.until(
      'the sign-in mode pick',
      async () => (await w.quickInput.innerText()).includes('App ID and App Key'),
      {
        describe: () => w.quickInput.innerText(),
      },
    );
    await input.fill('App ID and App Key');
    await w.page.keyboard.press('Enter');
    await w.until('the App ID prompt', async () => (await w.quickInput.innerText()).includes('the App ID'), {
      describe: () => w.quickInput.innerText(),
    });
    await input.fill(APP_ID);
    await w.page.keyboard.press('Enter');
    const keyBox = await w.visible(w.quickInput.locator('input[type="password"]'), 'the App Key password box');
    await keyBox.fill(appKey);
    await w.page.keyboard.press('Enter');
    await w.until('the user id prompt', async () => (await w.quickInput.innerText()).includes('user id'), {
      describe: () => w.quickInput.innerText(),
    });
    await w.page.keyboard.press('Enter'); // empty: the enterprise administrator
    await w.until('the corp id prompt', async () => (await w.quickInput.innerText()).includes('corp id'), {
      describe: () => w.quickInput.innerText(),
    });
    await w.page.keyboard.press('Enter');
  }

  test(
    'a wrong App Key: Huawei refuses the signature, the message says so plainly, nothing is stored',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('vmr.meeting.json');
      await statusBarShows(w, 'Huawei token: none');
      const before = api().requests.length;
      await signInWithAppId(w, WRONG_APP_KEY);
      await w.visible(
        w.notifications.filter({
          hasText: 'Huawei refused the App ID sign-in: 401 USG.201040001 (Huawei said: signature mismatch).',
        }),
        'the refusal in plain words',
      );
      assert.deepEqual(calls(before), ['POST /v2/usg/acs/auth/appauth'], 'one signed login, refused');
      assert.equal(accessTokens.length, 0);
      // Nothing kept: the next Sign In asks for the App ID and App Key again (the next test types them).
      assert.ok((await w.statusBarText()).includes('Huawei token: none'));
    },
  );

  test(
    'App ID sign in: signed locally, token stored with its expiry; a refused token is renewed and the PUT sent again',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('vmr.meeting.json');
      await statusBarShows(w, 'Huawei token');
      await signInWithAppId(w, APP_KEY);
      await w.visible(
        w.notifications.filter({ hasText: 'Signed in to Huawei Cloud Meeting' }),
        'the "signed in" notification',
      );
      assert.equal(accessTokens.length, 1, 'one login, its signature verified with the App Key');
      const login = api().requests.find((r) => r.url === '/v2/usg/acs/auth/appauth');
      assert.ok(login && !login.body.includes(APP_KEY) && !JSON.stringify(login.headers).includes(APP_KEY));
      await statusBarShows(w, 'Huawei token: 23 h left');
      await w.screenshot('huawei-signed-in');

      refuseNextUpdate = true;
      const before = api().requests.length;
      await w.runCommand('Meeting Payloads: Send Request');
      await w.until('the second PUT', () => calls(before).filter((c) => c.startsWith('PUT')).length === 2);
      assert.deepEqual(
        calls(before),
        [
          `PUT ${VMR_PATH}ff80808167ef1edf0167f33d650c0662`,
          'POST /v2/usg/acs/auth/appauth',
          `PUT ${VMR_PATH}ff80808167ef1edf0167f33d650c0662`,
        ],
        'refused (USG.000000004), logged in again, sent once more',
      );
      const puts = api()
        .requests.slice(before)
        .filter((r) => r.method === 'PUT');
      assert.equal(puts[0]?.headers['x-access-token'], accessTokens[0]);
      assert.equal(puts[1]?.headers['x-access-token'], accessTokens[1], 'the new token is the one sent again');
    },
  );

  test(
    'Send of updateStartedConfConfig mints the control token from the host password asked once, then reuses it',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('control.meeting.json');
      const before = api().requests.length;
      await w.runCommand('Meeting Payloads: Send Request');
      const box = await w.visible(w.quickInput.locator('input[type="password"]'), 'the host password box');
      await w.until('the host password prompt', async () =>
        (await w.quickInput.innerText()).includes(`host password of meeting ${CONFERENCE}`),
      );
      await box.fill(HOST_PASSWORD);
      await w.page.keyboard.press('Enter');
      await w.until('the update PUT', () => calls(before).includes(`PUT ${UPDATE_PATH}`));
      assert.deepEqual(calls(before), [`GET ${CONTROL_PATH}`, `PUT ${UPDATE_PATH}`], 'minted, then sent');
      const [mint, put] = api().requests.slice(before);
      assert.equal(mint?.headers['x-password'], HOST_PASSWORD);
      assert.ok(mint?.url.includes(`conferenceID=${CONFERENCE}`));
      assert.equal(put?.headers['x-conference-authorization'], controlTokens[0]);

      const again = api().requests.length;
      await w.runCommand('Meeting Payloads: Send Request');
      await w.until('the second update PUT', () => calls(again).includes(`PUT ${UPDATE_PATH}`));
      assert.deepEqual(calls(again), [`PUT ${UPDATE_PATH}`], 'the live control token is reused, nothing asked');
      // The PUT went out with the held token before anything could be typed: no host password was asked.
      await w.until('no prompt left open', async () => !(await w.quickInput.isVisible()));
      await w.screenshot('huawei-control-token-sent');
    },
  );

  test(
    'the status bar and the lens say the held control token and its time left; after Clear Token, and after the meeting ends, none',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('control.meeting.json');
      const held = 'Huawei control token: held, 29 min left';
      await statusAndLensShow(w, held);
      await w.screenshot('huawei-control-token-held');

      await w.runCommand('Meeting Payloads: Clear Token');
      await w.visible(
        w.notifications.filter({ hasText: `Meeting-control token of meeting ${CONFERENCE} forgotten` }),
        'the "forgotten" notification',
      );
      const none = 'Huawei control token: none';
      await statusAndLensShow(w, none);

      // A short-lived token whose meeting then ends: the keep-alive is refused and the words go back to none.
      controlLifeSeconds = 6;
      meetingEnded = false;
      const before = api().requests.length;
      await w.runCommand('Meeting Payloads: Send Request');
      const box = await w.visible(w.quickInput.locator('input[type="password"]'), 'the host password box, asked again');
      await box.fill(HOST_PASSWORD);
      await w.page.keyboard.press('Enter');
      await w.until('the update PUT', () => calls(before).includes(`PUT ${UPDATE_PATH}`));
      meetingEnded = true;
      await w.until(
        'the refused keep-alive',
        () =>
          api()
            .requests.slice(before)
            .filter((r) => r.url.startsWith(CONTROL_PATH) && r.headers['x-conference-authorization'] !== undefined)
            .length > 0,
        { timeoutMs: 30_000 },
      );
      await statusAndLensShow(w, none);
      // The next Send, with the meeting still not running: Huawei's refusal in its words, nothing sent.
      const refused = api().requests.length;
      await w.runCommand('Meeting Payloads: Send Request');
      await w.visible(
        w.notifications.filter({
          hasText: `No control token for meeting ${CONFERENCE}: Huawei answered 400 MMC.111070005: conference not started. Nothing was sent.`,
        }),
        "Huawei's refusal, in its words",
      );
      assert.deepEqual(calls(refused), [`GET ${CONTROL_PATH}`], 'the held password was tried; no PUT went out');
      controlLifeSeconds = 1800;
      meetingEnded = false;
    },
  );

  test(
    'a stale pasted control token (401) is replaced by one minted from the host password, and the PUT sent again',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('control.meeting.json');
      await w.runCommand('Meeting Payloads: Set Token');
      const box = await w.visible(w.quickInput.locator('input[type="password"]'), 'the Set Token box');
      await box.fill(STALE_CONTROL);
      await w.page.keyboard.press('Enter');
      await statusBarShows(w, 'Huawei control token: set, expiry unknown');
      const before = api().requests.length;
      await w.runCommand('Meeting Payloads: Send Request');
      // The refused host password above was forgotten: it is asked again for the new token.
      const pw = await w.visible(w.quickInput.locator('input[type="password"]'), 'the host password box');
      await pw.fill(HOST_PASSWORD);
      await w.page.keyboard.press('Enter');
      await w.until(
        'the second update PUT',
        () => calls(before).filter((c) => c === `PUT ${UPDATE_PATH}`).length === 2,
      );
      assert.deepEqual(calls(before), [`PUT ${UPDATE_PATH}`, `GET ${CONTROL_PATH}`, `PUT ${UPDATE_PATH}`]);
      const puts = api()
        .requests.slice(before)
        .filter((r) => r.method === 'PUT');
      assert.equal(puts[0]?.headers['x-conference-authorization'], STALE_CONTROL, 'the pasted token went first');
      assert.equal(puts[1]?.headers['x-conference-authorization'], controlTokens.at(-1), 'then the minted one');
      await statusBarShows(w, 'Huawei control token: held, 29 min left');
    },
  );

  test(
    'account and password (asked each time): signed in over Basic at its own origin, the password kept nowhere',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('vmr.meeting.json');
      await w.runCommand('Meeting Payloads: Select Environment');
      await (await w.visible(w.quickInput.locator('input'), 'the environment picker')).fill('e2e-account');
      await w.visible(w.quickInput.locator('.monaco-list-row', { hasText: 'e2e-account' }), 'the environment');
      await w.page.keyboard.press('Enter');
      await statusBarShows(w, 'e2e-account · Huawei token: none');
      await w.runCommand('Meeting Payloads: Sign In…');
      const input = w.quickInput.locator('input');
      await w.until('the sign-in mode pick', async () =>
        (await w.quickInput.innerText()).includes('Account and password'),
      );
      await input.fill('Account and password');
      await w.page.keyboard.press('Enter');
      await w.until('the account prompt', async () =>
        (await w.quickInput.innerText()).includes('the Huawei Cloud Meeting account'),
      );
      await input.fill(ACCOUNT);
      await w.page.keyboard.press('Enter');
      await w.until('the keep-the-password pick', async () =>
        (await w.quickInput.innerText()).includes('Ask for the password each time'),
      );
      await input.fill('Ask for the password each time');
      await w.page.keyboard.press('Enter');
      const pw = await w.visible(w.quickInput.locator('input[type="password"]'), 'the password box');
      await pw.fill(ACCOUNT_PASSWORD);
      await w.page.keyboard.press('Enter');
      await w.visible(
        w.notifications.filter({ hasText: `Signed in to Huawei Cloud Meeting for ${accountApi().origin}` }),
        'the "signed in" notification',
      );
      await statusBarShows(w, 'e2e-account · Huawei token: 23 h left');
      const logins = accountApi().requests.filter((r) => r.url === '/v1/usg/acs/auth/account');
      assert.equal(logins.length, 1);
      assert.ok(!logins[0]?.body.includes(ACCOUNT_PASSWORD), 'the password only in the Basic header');
      assert.equal(
        api().requests.filter((r) => r.url === '/v1/usg/acs/auth/account').length,
        0,
        'nothing went to the other origin',
      );
    },
  );

  test(
    'the App Key is only in SecretStorage (sealed) and the host password nowhere',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const canaries = {
        APP_KEY,
        HOST_PASSWORD,
        WRONG_APP_KEY,
        ACCOUNT_PASSWORD,
        ...Object.fromEntries(controlTokens.map((t, i) => [`control token ${i}`, t])),
      };
      const page = await w.page.locator('body').innerText();
      // Positive control: the Output channel's file on disk holds this session's lines (so the scan reads it).
      const logged = [{ name: 'log line', bytes: Buffer.from('Meeting-control token obtained for meeting') }];
      await w.until('the Output channel on disk', () => scanTree(session().userDataDir, logged).findings.length > 0);
      const storage = await browserStorage(w.page);
      const records = [
        ...Object.entries(storage.localStorage).map(([k, v]) => `${k}\n${v}`),
        ...storage.indexedDb.map((r) => `${r.key}\n${r.value}`),
      ];
      const roots = [
        session().userDataDir,
        session().extensionsDir,
        session().workspace,
        session().outputDir,
        ...chromiumProfileDirs(),
      ];
      for (const [name, secret] of Object.entries(canaries)) {
        const forms = secretEncodings(secret);
        assert.deepEqual(encodingsIn(page, forms), [], `${name} is not in the workbench`);
        for (const r of records) assert.deepEqual(encodingsIn(r, forms), [], `${name} is not in the browser's storage`);
        for (const root of roots) assert.deepEqual(scanTree(root, forms).findings, [], `${name} is not under ${root}`);
      }
      const sealed = storage.localStorage['secrets.provider'];
      assert.ok(sealed, "code-server's SecretStorage");
      const secrets = unsealCodeServerSecrets(sealed, readFileSync(join(session().userDataDir, 'serve-web-key-half')));
      assert.ok(secrets.includes(APP_KEY), 'the App Key is kept in SecretStorage');
      assert.ok(!secrets.includes(HOST_PASSWORD), 'the host password is not');
      assert.ok(!secrets.includes(WRONG_APP_KEY), 'a refused App Key is not kept');
      assert.ok(!secrets.includes(ACCOUNT_PASSWORD), 'a password asked each time is not kept');
    },
  );
});
