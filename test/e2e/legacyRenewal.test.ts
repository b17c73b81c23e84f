/**
 * Background renewal in a real VS Code (#10) of a token signed in before base URLs were recorded: its record (a
 * refresh token, no base URL) and the integration's client id and secret are put into code-server's sealed
 * SecretStorage as an older version left them, the window is reloaded, and the token renews while nothing is sent,
 * at the token endpoint on its own origin (the environment's base URL there); the status bar says the new expiry,
 * the record now keeps that base URL, Send carries the new token, and no secret appears in the workbench. Where the
 * environments give several base URLs on a token's origin, none is guessed: nothing is called, and the status bar's
 * tooltip says why it renews only on Send.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { tooling } from './harness/tooling';
import { recordingServerPerFile, sessionPerFile } from './harness/perFile';
import type { RecordedRequest, Reply } from './harness/recordingServer';
import {
  browserStorage,
  chromiumProfileDirs,
  encodingsIn,
  scanTree,
  sealCodeServerSecrets,
  secretEncodings,
  unsealCodeServerSecrets,
} from './harness/secrets';
import { E2E_TIMEOUTS } from './harness/timeouts';

const EXTENSION_ID = 'meeting-payloads.meeting-payloads';
const CLIENT_ID = 'C0ffee-e2e-legacy';
const CLIENT_SECRET = `secret-${randomBytes(12).toString('hex')}`;
const OLD_TOKEN = `at-old-${randomBytes(16).toString('hex')}`;
const REFRESH_TOKEN = `rt-${randomBytes(16).toString('hex')}`;
const RENEWED_TOKEN = `at-new-${randomBytes(16).toString('hex')}`;
const GATEWAY_TOKEN = `at-gw-${randomBytes(16).toString('hex')}`;
const PMR_PATH = '/v1/meetingPreferences/personalMeetingRoom';

const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The key code-server's SecretStorage keeps an extension's secret under. */
const secretKey = (key: string): string => JSON.stringify({ extensionId: EXTENSION_ID, key });

describe(
  'Background renewal of a token stored without a base URL, in a real VS Code',
  { timeout: E2E_TIMEOUTS.file },
  () => {
    const tokenServer = recordingServerPerFile((r: RecordedRequest) => {
      const form = new URLSearchParams(r.body);
      if (r.method === 'POST' && r.url === '/v1/access_token') {
        if (form.get('client_secret') !== CLIENT_SECRET || form.get('refresh_token') !== REFRESH_TOKEN) {
          return json(400, { error: 'invalid_grant' });
        }
        return json(200, { access_token: RENEWED_TOKEN, token_type: 'Bearer', expires_in: 1209599 });
      }
      if (r.method === 'PUT' && r.url.startsWith(PMR_PATH)) return { status: 204 };
      return undefined;
    });
    /** The origin of an environment with two base URLs on it (a gateway): nothing may reach it. */
    const gateway = recordingServerPerFile();
    const session = sessionPerFile(async () => ({
      name: 'legacy-renewal',
      settings: {
        'meetingPayloads.environments': {
          'e2e-legacy': { baseUrls: (await tooling()).mockBaseUrls(tokenServer().origin), confirmBeforeSend: false },
          'e2e-gateway': {
            baseUrls: {
              'webex-meetings': `${gateway().origin}/webex/v1`,
              'webex-calling': `${gateway().origin}/webex/v1`,
              'huawei-meeting': `${gateway().origin}/huawei`,
            },
            confirmBeforeSend: false,
          },
        },
        'meetingPayloads.environment': 'e2e-legacy',
      },
      workspaceFiles: {
        'pmr.meeting.json': readFileSync(
          join(__dirname, '..', '..', 'examples', 'webex-update-personal-room.meeting.json'),
          'utf8',
        ),
      },
    }));

    /** code-server's half of the sealing key, read when the records are sealed. */
    let keyHalf = Buffer.alloc(0);
    // Before either test (each runs alone too): both origins' records, as an older version left them.
    before(
      async () => {
        const w = session().workbench;
        const origin = tokenServer().origin;
        const keyFile = join(session().userDataDir, 'serve-web-key-half');
        // code-server makes its half of the key on the first POST /mint-key (the workbench's, when it first seals).
        const minted = await w.page.evaluate(() =>
          fetch('/mint-key', { method: 'POST', credentials: 'include' }).then((r) => r.ok),
        );
        assert.ok(minted && existsSync(keyFile), "code-server's key half");
        keyHalf = readFileSync(keyFile);
        const tokenKey = secretKey(`token:webexBearer@${origin}`);
        const now = Date.now();
        // As an older version stored it: a device-grant token with its refresh token, ending soon, and no base URL.
        const legacy = {
          token: OLD_TOKEN,
          obtainedAt: now - 14 * 86_400_000,
          expiresAt: now + 60_000,
          refreshToken: REFRESH_TOKEN,
          refreshExpiresAt: now + 60 * 86_400_000,
          flow: 'webex-device',
        };
        const stored = (await browserStorage(w.page)).localStorage['secrets.provider'];
        const integration = JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
        const secrets = {
          ...(stored ? (JSON.parse(unsealCodeServerSecrets(stored, keyHalf)) as Record<string, string>) : {}),
          [tokenKey]: `v1 ${JSON.stringify(legacy)}`,
          [secretKey(`signin:webex-integration@${origin}`)]: integration,
          // The same at the gateway's origin (the second test).
          [secretKey(`token:webexBearer@${gateway().origin}`)]:
            `v1 ${JSON.stringify({ ...legacy, token: GATEWAY_TOKEN })}`,
          [secretKey(`signin:webex-integration@${gateway().origin}`)]: integration,
        };
        const sealed = sealCodeServerSecrets(JSON.stringify(secrets), keyHalf);
        await w.page.evaluate((value) => localStorage.setItem('secrets.provider', value), sealed);
        // The workbench reads SecretStorage once, when it loads.
        await w.page.reload({ timeout: 60_000 });
        await w.waitForWorkbench();
      },
      { timeout: E2E_TIMEOUTS.setup },
    );

    test(
      'it renews at its origin while nothing is sent; the status bar follows and Send carries the new token',
      { timeout: E2E_TIMEOUTS.test },
      async () => {
        const w = session().workbench;
        const origin = tokenServer().origin;
        const tokenKey = secretKey(`token:webexBearer@${origin}`);
        await w.openFile('pmr.meeting.json');
        await w.until(
          '"Webex token: 13 d left" after the background renewal',
          async () => (await w.statusBarText()).includes('Webex token: 13 d left'),
          { describe: () => w.statusBarText() },
        );
        await w.screenshot('legacy-token-renewed');
        const calls = tokenServer().requests.map((r) => `${r.method} ${r.url.split('?')[0]}`);
        assert.deepEqual(
          calls,
          ['POST /v1/access_token'],
          "one refresh at the environment's token endpoint, nothing sent",
        );
        const form = new URLSearchParams(tokenServer().requests[0]?.body);
        assert.equal(form.get('grant_type'), 'refresh_token');
        assert.equal(form.get('client_id'), CLIENT_ID);

        const stored = await w.until('the renewed record in SecretStorage', async () => {
          const now = (await browserStorage(w.page)).localStorage['secrets.provider'];
          const value = now
            ? (JSON.parse(unsealCodeServerSecrets(now, keyHalf)) as Record<string, string>)[tokenKey]
            : '';
          return value?.includes(RENEWED_TOKEN) ? (JSON.parse(value.slice(3)) as Record<string, unknown>) : undefined;
        });
        assert.equal(stored['baseUrl'], `${origin}/v1`, 'the record now keeps the base URL it renewed at');
        assert.equal(stored['refreshToken'], REFRESH_TOKEN, 'the refresh token Webex left unchanged is kept');

        const sentBefore = tokenServer().requests.length;
        await w.runCommand('Meeting Payloads: Send Request');
        const put = await w.until('the PUT', () =>
          tokenServer()
            .requests.slice(sentBefore)
            .find((r) => r.method === 'PUT'),
        );
        assert.equal(put.headers.authorization, `Bearer ${RENEWED_TOKEN}`, 'Send carries the renewed token');
        assert.equal(
          tokenServer().requests.filter((r) => r.url === '/v1/access_token').length,
          1,
          'nothing left to renew before the send',
        );
        // The renewal is in the Output channel (its file on disk: the positive control of the scan below).
        const logged = [
          {
            name: 'log line',
            bytes: Buffer.from(`Webex token (webexBearer) renewed for ${origin} in the background.`),
          },
        ];
        await w.until(
          'the renewal in the Output channel on disk',
          () => scanTree(session().userDataDir, logged).findings.length > 0,
        );
        const page = await w.page.locator('body').innerText();
        const storage = await browserStorage(w.page);
        const records = [
          ...Object.entries(storage.localStorage).map(([k, v]) => `${k}\n${v}`),
          ...storage.indexedDb.map((r) => `${r.key}\n${r.value}`),
        ];
        const roots = [session().userDataDir, session().workspace, session().outputDir, ...chromiumProfileDirs()];
        const canaries = { CLIENT_SECRET, OLD_TOKEN, REFRESH_TOKEN, RENEWED_TOKEN, GATEWAY_TOKEN };
        for (const [name, secret] of Object.entries(canaries)) {
          const forms = secretEncodings(secret);
          assert.deepEqual(encodingsIn(page, forms), [], `${name} is not in the workbench`);
          for (const r of records) {
            assert.deepEqual(encodingsIn(r, forms), [], `${name} is not in the browser's storage`);
          }
          for (const root of roots) {
            assert.deepEqual(scanTree(root, forms).findings, [], `${name} is not under ${root}`);
          }
        }
      },
    );

    test(
      'with two base URLs on its origin none is guessed: nothing is called, and the tooltip says it renews on Send',
      { timeout: E2E_TIMEOUTS.test },
      async () => {
        const w = session().workbench;
        await w.openFile('pmr.meeting.json');
        await w.runCommand('Meeting Payloads: Select Environment');
        await (await w.visible(w.quickInput.locator('input'), 'the environment picker')).fill('e2e-gateway');
        await w.visible(w.quickInput.locator('.monaco-list-row', { hasText: 'e2e-gateway' }), 'the environment');
        await w.page.keyboard.press('Enter');
        const item = w.statusBar.locator('[id$="meetingPayloads.environmentStatus"]');
        await w.until(
          '"(renewal failed)" in the status bar',
          async () =>
            (await item.innerText()).includes('e2e-gateway') && (await item.innerText()).includes('(renewal failed)'),
          { describe: () => item.innerText() },
        );
        const hover = w.page.locator('.workbench-hover, .monaco-hover, .hover-contents');
        let polls = 0;
        const hoverText = await w.until(
          'the status bar tooltip saying why',
          async () => {
            if (polls++ % 15 === 0) {
              await w.page.mouse.move(700, 400);
              await item.hover();
            }
            const shown = hover.filter({ hasText: 'renews on Send' });
            return (await shown.count()) > 0 ? shown.first().innerText() : undefined;
          },
          { describe: async () => `${await item.innerText()} | ${(await hover.allInnerTexts()).join(' | ')}` },
        );
        assert.ok(
          hoverText.includes(
            `Renewing it in the background failed: It was signed in before base URLs were recorded, and your environments give 2 base URLs on ${gateway().origin}: it renews on Send (or Sign In again).`,
          ),
          hoverText,
        );
        await w.screenshot('legacy-token-not-guessed');
        await w.page.keyboard.press('Escape');
        assert.deepEqual(gateway().requests, [], 'nothing was called at a guessed base URL');
        const page = await w.page.locator('body').innerText();
        assert.ok(!page.includes(GATEWAY_TOKEN) && !page.includes(REFRESH_TOKEN), 'no token in the workbench');
      },
    );
  },
);
