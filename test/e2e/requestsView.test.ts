/**
 * The Requests view and the panel's truth after a reload in a real VS Code (#12 §2, §3): the side bar lists the
 * workspace's request files grouped by operation with their recent sends; a send appears under its file and opens in
 * the response panel; Copy as cURL from the view, the panel's copy buttons and the lens confirm with a notification; after a window reload the panel shows
 * its saved state, its title and history stay with its file, and buttons that need the lost exchange say so; the
 * status bar keeps its token words while the file is momentarily invalid. A stand-in API on 127.0.0.1 answers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Frame, Locator } from 'playwright-core';
import { loopbackEnvironment } from './harness/environments';
import { recordingServerPerFile, sessionPerFile } from './harness/perFile';
import { E2E_TIMEOUTS } from './harness/timeouts';
import { grantClipboard, type Workbench } from './harness/workbench';

const EXTENSION_ID = 'meeting-payloads.meeting-payloads';
const VMR_PATH = '/v1/usg/dcs/member/vmr/';
const VMR_OP = 'huawei.meeting.updateMemberVmr';
const VMR_SUMMARY = 'Modify a cloud meeting room or personal meeting ID';
const PMR_OP = 'webex.meetings.updatePersonalMeetingRoomOptions';
const ENV = 'e2e-rv';

function vmrFile(room: string): string {
  return `${JSON.stringify({ operation: VMR_OP, pathParams: { id: room }, body: { vmrName: 'View room' } }, null, 2)}\n`;
}

interface Row {
  /** The list's `data-index` (rows are rendered out of order). */
  index: number;
  level: number;
  label: string;
  description: string;
}

describe('the Requests view and the panel after a reload in a real VS Code', { timeout: E2E_TIMEOUTS.file }, () => {
  const api = recordingServerPerFile((request) => {
    if (request.method !== 'PUT' || !request.url.startsWith(VMR_PATH)) return undefined;
    const room = request.url.slice(VMR_PATH.length);
    if (room === 'rv-room-a') {
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"answer":"room-a-updated"}' };
    }
    return {
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error_code: 'USG.000000004', error_msg: 'Token is invalid' }),
    };
  });
  const session = sessionPerFile(async () => ({
    name: 'requestsView',
    settings: await loopbackEnvironment(ENV, api().origin),
    workspaceFiles: {
      'rv-room-a.meeting.json': vmrFile('rv-room-a'),
      'rooms/rv-room-b.meeting.json': vmrFile('rv-room-b'),
      'rv-pmr.meeting.json': `${JSON.stringify({ operation: PMR_OP, body: { topic: 'PMR' } }, null, 2)}\n`,
      'rv-broken.meeting.json': '{ "operation": ',
      'rv-unknown.meeting.json': '{ "operation": "nobody.knows.this" }\n',
    },
  }));
  const wb = (): Workbench => session().workbench;

  const sidebar = (w: Workbench): Locator => w.page.locator('#workbench\\.parts\\.sidebar');
  const rowLocator = (w: Workbench): Locator => sidebar(w).locator('.monaco-list-row');

  /** The view's rows as shown: level, label, description. */
  async function treeRows(w: Workbench): Promise<Row[]> {
    return rowLocator(w).evaluateAll((rows) =>
      rows
        .map((r) => ({
          index: Number(r.getAttribute('data-index') ?? '-1'),
          level: Number(r.getAttribute('aria-level') ?? '0'),
          label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
          description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
        }))
        .sort((a, b) => a.index - b.index),
    );
  }

  /** The row of the send labelled `label` under `file`. */
  async function sendRow(w: Workbench, file: string, label: string): Promise<Locator> {
    const row = await w.until(
      `the send "${label}" under ${file}`,
      async () => childrenOf(await treeRows(w), file).find((r) => r.label === label),
      { describe: async () => JSON.stringify(await treeRows(w)) },
    );
    return rowLocator(w).and(w.page.locator(`[data-index="${row.index}"]`));
  }

  /** The rows directly under the first row labelled `label` (one level deeper, up to the next row at its level). */
  function childrenOf(rows: Row[], label: string): Row[] {
    const at = rows.findIndex((r) => r.label === label);
    if (at < 0) return [];
    const parent = rows[at];
    const out: Row[] = [];
    for (const r of rows.slice(at + 1)) {
      if (r.level <= parent.level) break;
      if (r.level === parent.level + 1) out.push(r);
    }
    return out;
  }

  async function showView(w: Workbench): Promise<void> {
    const item = w.page.locator('.activitybar .action-item .action-label[aria-label^="Meeting Payloads"]');
    await w.visible(item, 'the Meeting Payloads item in the activity bar', 60_000);
    const checked = await item.first().evaluate((n) => n.parentElement?.classList.contains('checked') === true);
    if (!checked) await item.first().click();
    await w.visible(sidebar(w).getByText('Requests', { exact: false }), 'the Requests view title');
  }

  async function send(w: Workbench, file: string, ready: (text: string) => boolean): Promise<Frame> {
    await focusWorkbench(w);
    await w.openFile(file);
    await w.visible(
      w.activeEditor.locator('.codelens-decoration', { hasText: 'Send PUT' }),
      `the Send CodeLens of ${file}`,
      90_000,
    );
    await w.runCommand('Meeting Payloads: Send Request');
    const { content } = await w.webviewFrames(EXTENSION_ID, 'the response panel');
    await w.until(`the answer to ${file} in the panel`, async () => ready(await panelText(content)), {
      describe: () => panelText(content),
    });
    return content;
  }

  test(
    'the view lists the request files grouped by operation, and those naming none in their own group',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await showView(w);
      const rows = await w.until(
        'the files grouped by operation, the broken ones read',
        async () => {
          const r = await treeRows(w);
          const unknown = childrenOf(r, 'No recognisable operation').map((c) => c.label);
          return childrenOf(r, PMR_OP).length === 1 && unknown.length === 2 ? r : undefined;
        },
        { timeoutMs: 90_000, describe: async () => JSON.stringify(await treeRows(w)) },
      );
      await w.screenshot('requests-view-grouped');
      const groups = rows.filter((r) => r.level === 1);
      assert.deepEqual(
        groups.map((g) => [g.label, g.description]),
        [
          ['huawei.meeting.updateMemberVmr', VMR_SUMMARY],
          ['huawei.meeting.updateStartedConfConfig', groups[1]?.description ?? ''],
          [PMR_OP, groups[2]?.description ?? ''],
          ['No recognisable operation', '2 files'],
        ],
        'groups sorted by operation id, the unrecognised last',
      );
      assert.ok((groups[1]?.description ?? '').length > 0 && (groups[2]?.description ?? '').length > 0, 'summaries');
      assert.deepEqual(
        childrenOf(rows, VMR_OP).map((r) => [r.label, r.description]),
        [
          // By path: the folder's file first.
          ['rv-room-b.meeting.json', 'rooms'],
          ['rv-room-a.meeting.json', ''],
          ['send-hostile-html.meeting.json', ''],
          ['send-hostile.meeting.json', ''],
          ['send-vmr.meeting.json', ''],
          ['vmr-seed.meeting.json', ''],
        ],
      );
      assert.deepEqual(
        childrenOf(rows, 'huawei.meeting.updateStartedConfConfig').map((r) => r.label),
        ['conf-settings.meeting.json'],
      );
      assert.deepEqual(
        childrenOf(rows, PMR_OP).map((r) => r.label),
        ['rv-pmr.meeting.json'],
      );
      assert.deepEqual(
        childrenOf(rows, 'No recognisable operation').map((r) => r.label),
        ['rv-broken.meeting.json', 'rv-unknown.meeting.json'],
      );
    },
  );

  test(
    'a Send appears under its file; clicking it opens that response in the panel; Copy as cURL confirms with a notification',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await send(w, 'rv-room-a.meeting.json', (t) => t.includes('room-a-updated'));
      await send(w, 'rv-room-b.meeting.json', (t) => t.includes('PUT rv-room-b.meeting.json') && t.includes('401'));
      await showView(w);
      const rows = await w.until(
        'both sends under their files',
        async () => {
          const r = await treeRows(w);
          return childrenOf(r, 'rv-room-a.meeting.json').length === 1 &&
            childrenOf(r, 'rv-room-b.meeting.json').length === 1
            ? r
            : undefined;
        },
        { describe: async () => JSON.stringify(await treeRows(w)) },
      );
      const [sentA] = childrenOf(rows, 'rv-room-a.meeting.json');
      const [sentB] = childrenOf(rows, 'rv-room-b.meeting.json');
      assert.equal(sentA?.label, '200 OK');
      assert.match(sentA?.description ?? '', new RegExp(`^\\d\\d:\\d\\d:\\d\\d · ${ENV}$`));
      assert.equal(sentB?.label, '401 Unauthorized');
      assert.match(sentB?.description ?? '', new RegExp(`^\\d\\d:\\d\\d:\\d\\d · ${ENV}$`));
      for (const other of ['send-vmr.meeting.json', 'rv-pmr.meeting.json']) {
        assert.deepEqual(childrenOf(rows, other), [], `${other} was not sent`);
      }
      await w.screenshot('requests-view');

      // The panel shows room-b's answer; a click on room-a's send brings room-a's back, whole (held this session).
      const rowA = await sendRow(w, 'rv-room-a.meeting.json', '200 OK');
      await rowA.click();
      const { content } = await w.webviewFrames(EXTENSION_ID, 'the response panel');
      await w.until(
        "room-a's response in the panel",
        async () => {
          const t = await panelText(content);
          return t.includes('PUT rv-room-a.meeting.json') && t.includes('room-a-updated') && !t.includes('401');
        },
        { describe: () => panelText(content) },
      );
      await w.visible(w.page.locator('.tab.active[aria-label^="PUT rv-room-a.meeting.json"]'), "the panel's title");
      assert.match(await panelText(content), /History for rv-room-a\.meeting\.json \(1\)/, 'its own history');

      // Copy as cURL from the view: a notification says so, and the clipboard holds the request.
      await grantClipboard(w.page);
      await rowA.hover();
      await rowA.locator('.actions .action-label[aria-label="Copy as cURL"]').click();
      await w.visible(
        w.notifications.filter({ hasText: 'cURL command copied to the clipboard (the token is a placeholder).' }),
        'the "copied" notification',
      );
      const curl = await w.page.evaluate(() => navigator.clipboard.readText());
      assert.ok(curl.startsWith('curl') && curl.includes(`${api().origin}${VMR_PATH}rv-room-a`), curl);
      assert.deepEqual(
        api()
          .requests.map((r) => r.url)
          .filter((u) => u.startsWith(VMR_PATH)),
        [`${VMR_PATH}rv-room-a`, `${VMR_PATH}rv-room-b`],
        'each file was sent once; opening and copying sent nothing',
      );
    },
  );

  test(
    "every copy confirms with a notification: the panel's three buttons and the lens",
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const shown = await w.webviewFrames(EXTENSION_ID, 'the response panel').catch(() => undefined);
      const held = shown && (await panelText(shown.content));
      const content =
        held && held.includes('room-a-updated') && !held.includes('Restored after a reload')
          ? shown.content
          : await send(w, 'rv-room-a.meeting.json', (t) => t.includes('room-a-updated'));
      await grantClipboard(w.page);
      const copies: Array<[string, string, (text: string) => boolean]> = [
        ['Copy body', 'Response body copied to the clipboard.', (t) => t === '{"answer":"room-a-updated"}'],
        [
          'Copy as cURL',
          'cURL command copied to the clipboard (the token is a placeholder).',
          (t) => t.startsWith('curl') && t.includes(`${VMR_PATH}rv-room-a`),
        ],
        [
          'Copy support bundle',
          'Support bundle copied to the clipboard (credentials masked, secret fields redacted).',
          (t) => t.includes(`${VMR_PATH}rv-room-a`) && t.includes('room-a-updated'),
        ],
      ];
      for (const [button, message, copied] of copies) {
        await clearNotifications(w);
        await w.page.evaluate(() => navigator.clipboard.writeText('sentinel'));
        await content.getByRole('button', { name: button, exact: true }).click();
        await w.visible(w.notifications.filter({ hasText: message }), `the notification of ${button}`);
        const text = await w.page.evaluate(() => navigator.clipboard.readText());
        assert.ok(copied(text), `${button} copied: ${text}`);
      }
      // Quick open opens in the active group: the file's, not the panel's (its buttons were just clicked).
      await focusFileGroup(w);
      await w.openFile('rv-room-a.meeting.json');
      await clearNotifications(w);
      await w.activeEditor.locator('.codelens-decoration a', { hasText: 'Copy as cURL' }).first().click();
      await w.visible(
        w.notifications.filter({
          hasText: `cURL command copied to the clipboard (${ENV}; the token is a placeholder).`,
        }),
        'the notification of the Copy as cURL lens',
      );
      await w.screenshot('copy-notifications');
    },
  );

  test(
    'after a window reload the panel shows its saved response; title, history and response stay with its file',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const rooms = [
        { file: 'rv-room-a.meeting.json', answer: 'room-a-updated', status: '200 OK' },
        { file: 'rooms/rv-room-b.meeting.json', answer: 'Token is invalid', status: '401 Unauthorized' },
      ].map((r) => ({ ...r, name: r.file.slice(r.file.lastIndexOf('/') + 1) }));
      // Both files were sent (by the tests before, or here when run alone).
      for (const r of rooms) {
        if (!api().requests.some((q) => q.url.endsWith(r.name.replace('.meeting.json', '')))) {
          await send(w, r.name, (t) => t.includes(r.answer));
        }
      }
      const sent = api().requests.length;
      await w.page.reload({ timeout: 60_000 });
      await w.waitForWorkbench();
      const { content } = await w.webviewFrames(EXTENSION_ID, 'the restored response panel', 90_000);
      const restoredText = await w.until(
        'the restored response',
        async () => {
          const t = await panelText(content);
          return t.includes('Restored after a reload') ? t : undefined;
        },
        { describe: () => panelText(content) },
      );
      // Which one the workbench saved last is its business (it flushes its state on the way out); the panel must show
      // that one's response under that one's title, beside that one's history, and nothing of the other.
      const shown = rooms.find((r) => restoredText.includes(`PUT ${r.name}`));
      assert.ok(shown, `a restored response of one of the files: ${restoredText}`);
      const other = rooms.find((r) => r !== shown)!;
      await expandAll(content);
      const text = await panelText(content);
      assert.ok(text.includes(shown.answer) && text.includes(shown.status), text);
      assert.match(text, new RegExp(`History for ${shown.name.replace(/\./g, '\\.')} \\(\\d+\\)`));
      assert.ok(!text.includes(other.name) && !text.includes(other.answer), `nothing of ${other.name} beside it`);
      await w.visible(w.page.locator(`.tab[aria-label^="PUT ${shown.name}"]`), "the panel's restored title");
      // What needs the exchange, gone with the old extension host, says so on the button.
      for (const name of ['Copy body', 'Save response…', 'Copy as cURL', 'Copy support bundle']) {
        const b = content.getByRole('button', { name: `${name} (send again: not kept after reload)` });
        assert.equal(await b.count(), 1, `${name} names what is lost`);
        assert.equal(await b.isDisabled(), true, `${name} is disabled`);
      }
      await w.screenshot('panel-restored-after-reload');

      // The other file becomes the active editor: its history does not join the restored response.
      await focusFileGroup(w);
      await w.openFile(other.name);
      const { content: panel } = await w.webviewFrames(EXTENSION_ID, 'the response panel');
      assert.ok((await panelText(panel)).includes(`PUT ${shown.name}`), 'the panel stays visible beside the file');
      // The host knows whose panel it is: the history entry opens as that file's, though that file is not open.
      await expandAll(panel);
      await panel.locator('ul.history button').first().click();
      await w.until(
        `the history entry of ${shown.name}, under its title`,
        async () => {
          const t = await panelText(panel);
          return t.includes(`PUT ${shown.name} (history)`) && t.includes('History keeps a summary only');
        },
        { describe: () => panelText(panel) },
      );
      await w.visible(
        w.page.locator(`.tab[aria-label^="PUT ${shown.name} (history)"]`),
        "the panel's title names the entry's file",
      );
      await expandAll(panel);
      assert.ok(!(await panelText(panel)).includes(other.name), `nothing of ${other.name} beside it`);
      // The view still lists the sends (the history is kept); a click on the other file's opens it, titled so.
      await showView(w);
      const row = await sendRow(w, other.name, other.status);
      await row.click();
      await w.until(
        `the history entry of ${other.name}`,
        async () => {
          const t = await panelText(panel);
          return t.includes(`PUT ${other.name} (history)`) && t.includes(other.status);
        },
        { describe: () => panelText(panel) },
      );
      await expandAll(panel);
      const after = await panelText(panel);
      assert.match(after, new RegExp(`History for ${other.name.replace(/\./g, '\\.')} \\(\\d+\\)`));
      assert.ok(!after.includes(shown.name), `nothing of ${shown.name} beside it`);
      assert.equal(api().requests.length, sent, 'the reload and the clicks sent nothing');
    },
  );

  test(
    'while the file is momentarily invalid the status bar keeps its token words',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await focusWorkbench(w);
      await w.openFile('rv-room-a.meeting.json');
      const item = w.statusBar.locator('[id$="meetingPayloads.environmentStatus"]');
      const words = `${ENV} · Huawei token: none`;
      await w.until(`"${words}" in the status bar`, async () => (await item.innerText()).includes(words), {
        timeoutMs: 90_000,
        describe: () => item.innerText(),
      });
      await w.goToText(`"${VMR_OP}"`, VMR_OP.length + 2);
      await w.page.keyboard.type(' x');
      await w.until('the syntax error squiggle', async () => (await w.errorSquiggles.count()) > 0);
      // The item was drawn again for the broken text: its tooltip says so. Its words stayed.
      const hover = w.page.locator('.workbench-hover, .monaco-hover, .hover-contents');
      let polls = 0;
      const hoverText = await w.until(
        'the status bar tooltip naming the syntax problem',
        async () => {
          // Hover again now and then: the tooltip shown is the one of the moment the pointer arrived.
          if (polls++ % 15 === 0) {
            await w.page.mouse.move(700, 400);
            await item.hover();
          }
          const shown = hover.filter({ hasText: 'last described' });
          return (await shown.count()) > 0 ? shown.first().innerText() : undefined;
        },
        { describe: async () => `${await item.innerText()} | ${(await hover.allInnerTexts()).join(' | ')}` },
      );
      assert.match(hoverText, /not valid JSON/);
      assert.match(hoverText, /Showing the request this file last described\./);
      await w.screenshot('status-bar-while-invalid');
      assert.ok((await item.innerText()).includes(words), `the words stay: ${await item.innerText()}`);
      await w.page.keyboard.press('Escape');
      await w.activeEditor.click({ position: { x: 400, y: 200 } }).catch(() => undefined);
      await w.page.keyboard.press('Control+Z');
      await w.until('the file valid again', async () => (await w.errorSquiggles.count()) === 0);
    },
  );
});

/** Makes the editor group without the panel the active one (a click on its active tab), for quick open to open there. */
async function focusFileGroup(w: Workbench): Promise<void> {
  const group = w.page
    .locator('.editor-group-container')
    .filter({ hasNot: w.page.locator('.tab[aria-label^="PUT "]') })
    .first();
  await group.locator('.tab.active, .tab').first().click();
  await w.visible(
    w.page.locator('.editor-group-container.active .monaco-editor.focused'),
    'the keyboard focus in the file group',
  );
}

async function focusWorkbench(w: Workbench): Promise<void> {
  await w.page.locator('#workbench\\.parts\\.sidebar .composite.title').first().click();
}

/** Clears every notification (toasts and the center), so the next one is known to be new. */
async function clearNotifications(w: Workbench): Promise<void> {
  await focusWorkbench(w);
  await w.runCommand('Notifications: Clear All Notifications');
  await w.until('no notifications', async () => (await w.notifications.count()) === 0);
}

async function panelText(frame: Frame): Promise<string> {
  return frame.locator('body').innerText();
}

async function expandAll(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    for (const details of Array.from(document.querySelectorAll('details'))) details.open = true;
  });
}
