/**
 * Sending from a real VS Code (code-server + headless Chromium): Set Token through the password box,
 * Send Request against a node:http stand-in on 127.0.0.1, the response panel (a webview) showing the
 * answer without the token, and hostile response bodies rendered as inert text.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { loopbackEnvironment } from './harness/environments';
import { recordingServerPerFile, sessionPerFile } from './harness/perFile';
import type { Reply } from './harness/recordingServer';
import { FIXTURE_WORKSPACE } from './harness/session';
import { E2E_TIMEOUTS } from './harness/timeouts';
import type { Workbench } from './harness/workbench';

const EXTENSION_ID = 'meeting-payloads.meeting-payloads';
const VMR_PATH = '/v1/usg/dcs/member/vmr/';
/** A fresh token per run: whatever shows it can only have got it from this run. */
const TOKEN = `e2e-${randomBytes(16).toString('hex')}`;

/** What a compromised or hostile server could answer: markup that runs script if rendered as HTML. */
function hostilePayloads(canaryOrigin: string): { img: string; script: string } {
  return {
    img: `<img src=x onerror="window.__meetingXss='img';document.title='XSS';fetch('${canaryOrigin}/img')">`,
    script: `<script>window.__meetingXss='script';document.title='XSS';fetch('${canaryOrigin}/script')</script>`,
  };
}

describe('sending a request from a real VS Code', { timeout: E2E_TIMEOUTS.file }, () => {
  /** Anything the hostile payloads manage to run calls it. */
  const canary = recordingServerPerFile();
  /** The stand-in API: one answer per room id of the fixture files. */
  const api = recordingServerPerFile((request) => {
    if (request.method !== 'PUT' || !request.url.startsWith(VMR_PATH)) return undefined;
    const { img, script } = hostilePayloads(canary().origin);
    const replies: Record<string, Reply> = {
      'room-ok': {
        status: 200,
        headers: { 'content-type': 'application/json;charset=UTF-8' },
        body: JSON.stringify({ request_id: 'e2e-req-0001', result: 'updated' }),
      },
      'room-hostile-json': {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ vmrName: img, note: script }),
      },
      'room-hostile-html': {
        status: 200,
        headers: { 'content-type': 'text/html' },
        body: `<html><body><h1>Hostile</h1>${img}${script}</body></html>`,
      },
    };
    return replies[request.url.slice(VMR_PATH.length)];
  });
  const session = sessionPerFile(async () => ({
    name: 'sending',
    settings: await loopbackEnvironment('e2e', api().origin),
  }));
  const wb = (): Workbench => session().workbench;

  /** True once Set Token stored TOKEN; later tests set it themselves when run alone (--test-name-pattern). */
  let tokenStored = false;

  async function setToken(w: Workbench): Promise<void> {
    await w.openFile('send-vmr.meeting.json');
    await w.until('the environment "e2e" in the status bar', async () => (await w.statusBarText()).includes('e2e'));
    await w.runCommand('Meeting Payloads: Set Token');
    const input = await w.visible(w.quickInput.locator('input[type="password"]'), 'the password box of Set Token');
    await w.until(
      `the prompt to name ${api().origin}`,
      async () => (await w.quickInput.innerText()).includes(api().origin),
      { describe: () => w.quickInput.innerText() },
    );
    await input.fill(TOKEN);
    await w.screenshot('set-token-password-box');
    assert.ok(!(await w.page.locator('body').innerText()).includes(TOKEN), 'the password box shows no token text');
    await w.page.keyboard.press('Enter');
    await w.hidden(w.quickInput, 'the password box to close');
    await w.visible(w.notifications.filter({ hasText: `set for ${api().origin}` }), 'the "token set" notification');
    tokenStored = true;
  }

  const ensureToken = async (w: Workbench): Promise<void> => {
    if (!tokenStored) await setToken(w);
  };

  test('Set Token takes the token in a password box', { timeout: E2E_TIMEOUTS.test }, async () => {
    await setToken(wb());
  });

  test(
    'Send Request puts the file to the server and the response panel shows status and body, never the token',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await ensureToken(w);
      await w.openFile('send-vmr.meeting.json');
      await w.runCommand('Meeting Payloads: Send Request');

      const request = await w.until('the request at the stand-in server', () =>
        api().requests.find((r) => r.url.endsWith('/room-ok')),
      );
      assert.equal(request.method, 'PUT');
      assert.equal(request.url, `${VMR_PATH}room-ok`);
      assert.equal(request.headers['x-access-token'], TOKEN, 'the stored token goes in X-Access-Token');
      const file = JSON.parse(readFileSync(join(FIXTURE_WORKSPACE, 'send-vmr.meeting.json'), 'utf8')) as {
        body: unknown;
      };
      assert.deepEqual(JSON.parse(request.body), file.body, 'the body of the file is what is sent');

      const { host, content } = await w.webviewFrames(EXTENSION_ID, 'the response panel');
      const text = await w.until(
        'status 200 and the body in the response panel',
        async () => {
          const t = await content.locator('body').innerText();
          return /\b200\b/.test(t) && t.includes('e2e-req-0001') ? t : undefined;
        },
        { describe: () => content.locator('body').innerText() },
      );
      assert.match(text, /\b200 OK\b/);
      assert.match(text, /"result":\s*"updated"/);
      await w.screenshot('response-panel');

      await expandAll(content);
      for (const [name, frame] of [
        ['content', content],
        ['host', host],
      ] as const) {
        const everything = await frame.evaluate(
          () => `${document.documentElement.outerHTML}\n${document.body.innerText}`,
        );
        assert.ok(!everything.includes(TOKEN), `the token is not in the panel's ${name} frame`);
        assert.ok(!everything.includes(TOKEN.slice(-12)), `no tail of the token is in the panel's ${name} frame`);
      }
      await w.screenshot('response-panel-expanded');
    },
  );

  for (const [file, kind] of [
    ['send-hostile.meeting.json', 'JSON'],
    ['send-hostile-html.meeting.json', 'HTML'],
  ] as const) {
    test(
      `a ${kind} response body carrying <img onerror> and <script> shows as text and runs nothing`,
      { timeout: E2E_TIMEOUTS.test },
      async () => {
        const w = wb();
        await ensureToken(w);
        await w.openFile(file);
        await w.runCommand('Meeting Payloads: Send Request');
        const { host, content } = await w.webviewFrames(EXTENSION_ID, 'the response panel');
        await w.until(
          'the hostile markup shown as text',
          async () => {
            const t = await content.locator('body').innerText();
            // JSON bodies show the markup inside escaped JSON strings ("…onerror=\"…"), HTML bodies as is.
            return t.includes('<img src=x onerror=') && t.includes('<script>window.__meetingXss') && t.includes(file);
          },
          { describe: () => content.locator('body').innerText() },
        );
        await w.screenshot(`hostile-${kind.toLowerCase()}-body`);

        const verdict = await inertness(content);
        assert.equal(verdict.ran, null, 'no payload set the global');
        assert.notEqual(verdict.title, 'XSS', 'no payload set the title');
        assert.equal(verdict.payloadImages, 0, 'no <img src=x> element was created');
        assert.equal(verdict.payloadScripts, 0, 'no payload <script> element was created');
        assert.equal(await host.evaluate(() => (window as { __meetingXss?: unknown }).__meetingXss ?? null), null);
        assert.notEqual(await w.page.title(), 'XSS');
        assert.deepEqual(canary().requests, [], 'the canary was never called');
      },
    );
  }
});

/** Opens every collapsed section so that hidden parts are in innerText too. */
async function expandAll(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    for (const details of Array.from(document.querySelectorAll('details'))) details.open = true;
  });
}

/**
 * Whether the hostile markup ran in the panel. An <img src=x> of our own must fail first, so that a
 * payload <img onerror> would have fired by the time the globals are read (no fixed sleep).
 */
async function inertness(
  frame: Frame,
): Promise<{ ran: unknown; title: string; payloadImages: number; payloadScripts: number }> {
  return frame.evaluate(async () => {
    await new Promise<void>((resolve) => {
      const probe = new Image();
      probe.onerror = () => resolve();
      probe.onload = () => resolve();
      probe.src = `x?probe=${Date.now()}`;
    });
    return {
      ran: (window as { __meetingXss?: unknown }).__meetingXss ?? null,
      title: document.title,
      payloadImages: document.querySelectorAll('img[src="x"]').length,
      payloadScripts: Array.from(document.scripts).filter((s) => (s.textContent ?? '').includes('__meetingXss')).length,
    };
  });
}
