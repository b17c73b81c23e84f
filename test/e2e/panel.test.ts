/**
 * The response panel in a real VS Code (#12 §3): "What the server said" for Webex and Huawei error answers and
 * the mock's violations as a list; the schema line that checks a shape, not truth; copy confirmations as
 * notifications; Save response…; the panel's column; the palette's commands acting on the file the panel shows while
 * it has the focus, and in a diff of the file with its saved text on the file; a send interrupted by a window
 * reload. A stand-in API on 127.0.0.1 answers each room id of the request files differently.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { loopbackEnvironment } from './harness/environments';
import { recordingServerPerFile, sessionPerFile } from './harness/perFile';
import type { Reply } from './harness/recordingServer';
import { E2E_TIMEOUTS } from './harness/timeouts';
import { grantClipboard, type Workbench } from './harness/workbench';

const EXTENSION_ID = 'meeting-payloads.meeting-payloads';
const VMR_PATH = '/v1/usg/dcs/member/vmr/';
const PMR_PATH = '/v1/meetingPreferences/personalMeetingRoom';
const JSON_TYPE = { 'content-type': 'application/json' };

/** A Huawei request file for `room`: the stand-in answers by room id. */
function vmrFile(room: string, vmrName = 'Panel room'): string {
  const file = {
    operation: 'huawei.meeting.updateMemberVmr',
    pathParams: { id: room },
    body: { vmrName, chairPwd: '123456', allowGustFirst: false },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const PMR_FILE = `${JSON.stringify(
  {
    operation: 'webex.meetings.updatePersonalMeetingRoomOptions',
    body: {
      topic: "John's PMR",
      hostPin: '4325',
      enabledAutoLock: false,
      autoLockMinutes: 0,
      enabledNotifyHost: true,
      supportCoHost: false,
      coHosts: [],
    },
  },
  null,
  2,
)}\n`;

const VIOLATIONS = JSON.stringify([
  {
    location: ['request', 'body', 'allowGustFirst'],
    severity: 'Error',
    code: 'type',
    message: 'Request body property allowGustFirst must be boolean',
  },
]);

const REPLIES: Record<string, Reply> = {
  'room-invalid-token': {
    status: 401,
    headers: JSON_TYPE,
    body: JSON.stringify({ error_code: 'USG.000000004', error_msg: 'Token is invalid', request_id: 'req-e2e-401' }),
  },
  'room-violations': {
    status: 400,
    headers: { ...JSON_TYPE, 'sl-violations': VIOLATIONS },
    body: JSON.stringify({ error_code: 'MMC.000000001', error_msg: 'Invalid parameter' }),
  },
  'room-ok': { status: 200, headers: JSON_TYPE, body: '{}' },
  'room-send-a': { status: 200, headers: JSON_TYPE, body: '{"room":"A"}' },
  'room-send-b': { status: 200, headers: JSON_TYPE, body: '{"room":"B"}' },
  'room-cmd-a': { status: 200, headers: JSON_TYPE, body: '{"room":"cmd-A"}' },
  'room-held': { status: 200, headers: JSON_TYPE, body: '{"room":"held"}' },
};

describe('the response panel in a real VS Code', { timeout: E2E_TIMEOUTS.file }, () => {
  /** While set, the next PUT of room-held waits for this answer (a send under way when the window reloads). */
  let holdNext = false;
  let releaseHeld: () => void = () => undefined;
  const api = recordingServerPerFile((request) => {
    if (request.method === 'PUT' && request.url.startsWith(PMR_PATH)) {
      return {
        status: 403,
        headers: JSON_TYPE,
        body: JSON.stringify({
          message: 'The server understood the request, but refused to fulfill it.',
          errors: [{ description: 'Not permitted to view or change other user’s preferences.' }],
          trackingId: 'ROUTER_E2E_403',
        }),
      };
    }
    if (request.method !== 'PUT' || !request.url.startsWith(VMR_PATH)) return undefined;
    const room = request.url.slice(VMR_PATH.length);
    const reply = REPLIES[room];
    if (room === 'room-held' && holdNext && reply) {
      holdNext = false;
      return new Promise<Reply>((resolve) => (releaseHeld = () => resolve(reply)));
    }
    return reply;
  });
  const session = sessionPerFile(async () => ({
    name: 'panel',
    // No auto-save: a test compares a file with its saved text, both sides of the diff shown even beside the panel.
    settings: {
      ...(await loopbackEnvironment('e2e', api().origin)),
      'files.autoSave': 'off',
      'diffEditor.useInlineViewWhenSpaceIsLimited': false,
    },
    workspaceFiles: {
      'panel-invalid-token.meeting.json': vmrFile('room-invalid-token'),
      'panel-violations.meeting.json': vmrFile('room-violations'),
      'panel-ok.meeting.json': vmrFile('room-ok'),
      // Opened only by the column test (a file already open in a tab trips quick open's wait).
      'panel-column.meeting.json': vmrFile('room-ok'),
      'panel-column-2.meeting.json': vmrFile('room-invalid-token'),
      'panel-save.meeting.json': PMR_FILE,
      'panel-webex.meeting.json': PMR_FILE,
      'panel-send-a.meeting.json': vmrFile('room-send-a', 'Room A'),
      'panel-send-b.meeting.json': vmrFile('room-send-b', 'Room B'),
      'panel-cmd-a.meeting.json': vmrFile('room-cmd-a', 'Room cmd A'),
      'panel-cmd-b.meeting.json': PMR_FILE,
      'panel-held.meeting.json': vmrFile('room-held', 'Held room'),
      'panel-diff.meeting.json': vmrFile('room-diff', 'Diff room'),
    },
  }));
  const wb = (): Workbench => session().workbench;
  const sentTo = (room: string) => api().requests.filter((r) => r.url === `${VMR_PATH}${room}`);

  /** Sends the file and returns the panel's content frame once its text satisfies `ready`. */
  async function send(w: Workbench, file: string, ready: (text: string) => boolean): Promise<Frame> {
    await focusWorkbench(w);
    await w.openFile(file);
    // The lens appears once the language server answers for the file (the first file waits for its start).
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
    'a Huawei error shows "What the server said": error_code with its meaning, error_msg, request_id',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const content = await send(
        w,
        'panel-invalid-token.meeting.json',
        (t) => t.includes('panel-invalid-token') && t.includes('What the server said'),
      );
      const said = await content.getByRole('region', { name: 'What the server said' }).innerText();
      assert.match(said, /Error code\s+USG\.000000004 — The access token is invalid/);
      assert.match(said, /Error message\s+Token is invalid/);
      assert.match(said, /Request ID\s+req-e2e-401/);
      await w.screenshot('server-said-huawei');
    },
  );

  test(
    'a Webex error shows its message, errors[].description and trackingId',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const content = await send(w, 'panel-webex.meeting.json', (t) => t.includes('ROUTER_E2E_403'));
      const said = await content.getByRole('region', { name: 'What the server said' }).innerText();
      assert.match(said, /Message\s+The server understood the request, but refused to fulfill it\./);
      assert.match(said, /Error\s+Not permitted to view or change other user’s preferences\./);
      assert.match(said, /Tracking ID\s+ROUTER_E2E_403/);
      await w.screenshot('server-said-webex');
    },
  );

  test(
    "the mock's sl-violations are a readable list, not a JSON string in the header table",
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const content = await send(w, 'panel-violations.meeting.json', (t) => t.includes('The mock found 1 problem'));
      const said = await content.getByRole('region', { name: 'What the server said' }).innerText();
      assert.match(said, /body › allowGustFirst Request body property allowGustFirst must be boolean \(error\)/);
      assert.match(said, /MMC codes concern the meeting or room/);
      await expandAll(content);
      const text = await panelText(content);
      assert.match(text, /sl-violations\s+the mock's violations, listed under "What the server said"/);
      assert.ok(!text.includes('"location"'), 'the raw JSON of the header is not shown');
      assert.match(text, /Schema: matches the documented 400 shape/);
      await w.screenshot('server-said-violations');
    },
  );

  test('Copy body confirms with a notification', { timeout: E2E_TIMEOUTS.test }, async () => {
    const w = wb();
    const content = await send(w, 'panel-ok.meeting.json', (t) => t.includes('panel-ok') && /\b200\b/.test(t));
    assert.equal(await content.getByRole('region', { name: 'What the server said' }).count(), 0, 'a 200 says nothing');
    await content.getByRole('button', { name: 'Copy body' }).click();
    await w.visible(
      w.notifications.filter({ hasText: 'Response body copied to the clipboard.' }),
      'the "copied" notification',
    );
    await w.screenshot('copy-notification');
  });

  test(
    'Save response… writes the body beside the request file, as received',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const content = await send(w, 'panel-save.meeting.json', (t) => t.includes('PUT panel-save.meeting.json'));
      await content.getByRole('button', { name: 'Save response…' }).click();
      // code-server's save dialog is VS Code's simple file dialog: a quick input holding the proposed path.
      const input = await w.visible(w.quickInput.locator('input'), 'the save dialog');
      await w.until('the proposed name', async () => (await input.inputValue()).endsWith('panel-save.response.json'), {
        describe: () => input.inputValue(),
      });
      await w.screenshot('save-response-dialog');
      await w.page.keyboard.press('Enter');
      await w.visible(w.notifications.filter({ hasText: 'Response body saved to' }), 'the "saved" notification');
      const saved = await w.until('the saved file', () => {
        const file = join(session().workspace, 'panel-save.response.json');
        return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      });
      assert.equal(JSON.parse(saved).trackingId, 'ROUTER_E2E_403');
    },
  );

  test(
    "the panel's Send buttons send the file the panel shows, not the editor focused since",
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const A = 'panel-send-a.meeting.json';
      const content = await send(w, A, (t) => t.includes(`PUT ${A}`) && /\b200\b/.test(t));
      assert.equal(sentTo('room-send-a').length, 1, 'A sent once');
      // B becomes the focused text editor (the last active request file); the panel still shows A.
      await focusWorkbench(w);
      await w.openFile('panel-send-b.meeting.json');
      // The ▶ in the panel's title bar (Send Request while the panel is the group's editor): VS Code shows a group's
      // title actions while it is the active group, so the panel's tab is clicked first, as a user does.
      const panelGroup = await focusPanel(w, A);
      const play = await w.visible(
        panelGroup.locator('.editor-actions .action-label[aria-label^="Send Request"]'),
        "the ▶ in the panel's title bar",
      );
      await play.click();
      await w.until('A sent again from the title bar', () => sentTo('room-send-a').length === 2, {
        describe: () => Promise.resolve(JSON.stringify(api().requests.map((r) => r.url))),
      });
      const again = sentTo('room-send-a')[1];
      assert.equal(again?.method, 'PUT');
      assert.equal((JSON.parse(again?.body ?? '{}') as { vmrName?: string }).vmrName, 'Room A', "A's body");
      await w.until(
        'the panel titled A with the second answer',
        async () => (await panelText(content)).includes(`PUT ${A}`),
        { describe: () => panelText(content) },
      );
      // The button inside the panel names the file and sends it too.
      const inPanel = content.getByRole('button', { name: `Send ${A} again` });
      await w.visible(inPanel, 'the "Send … again" button naming A');
      assert.match((await inPanel.getAttribute('title')) ?? '', /panel-send-a\.meeting\.json as it is now/);
      // B focused again, by its tab (quick open would open it over the panel, in the panel's group).
      await w.page.locator('.editor-group-container .tab[aria-label^="panel-send-b.meeting.json"]').click();
      await w.visible(
        w.page.locator('.editor-group-container.active .monaco-editor.focused'),
        'the keyboard focus in panel-send-b.meeting.json',
      );
      await inPanel.click();
      await w.until('A sent from the panel button', () => sentTo('room-send-a').length === 3, {
        describe: () => Promise.resolve(JSON.stringify(api().requests.map((r) => r.url))),
      });
      assert.equal((JSON.parse(sentTo('room-send-a')[2]?.body ?? '{}') as { vmrName?: string }).vmrName, 'Room A');
      assert.equal(sentTo('room-send-b').length, 0, 'B, the focused editor, was never sent');
      await w.until(
        'the panel still titled A',
        async () => {
          const t = await panelText(content);
          return t.includes(`PUT ${A}`) && t.includes('"A"') && !t.includes('panel-send-b');
        },
        { describe: () => panelText(content) },
      );
      await w.screenshot('panel-send-shown-file');
      // A closed: the panel's button opens it for the send and says so; B is still not sent.
      await w.page.locator('.editor-group-container .tab[aria-label^="panel-send-a.meeting.json"]').click();
      await w.runCommand('View: Close Editor');
      await w.hidden(
        w.page.locator('.editor-group-container .tab[aria-label^="panel-send-a.meeting.json"]'),
        "A's editor tab to close",
      );
      await inPanel.click();
      await w.visible(
        w.notifications.filter({ hasText: `${A} is not open in an editor: its saved text is sent.` }),
        'the notice that the closed file is sent as saved',
      );
      await w.until('A sent while closed', () => sentTo('room-send-a').length === 4, {
        describe: () => Promise.resolve(JSON.stringify(api().requests.map((r) => r.url))),
      });
      assert.equal((JSON.parse(sentTo('room-send-a')[3]?.body ?? '{}') as { vmrName?: string }).vmrName, 'Room A');
      assert.equal(sentTo('room-send-b').length, 0, 'B still never sent');
    },
  );

  test(
    'sending reuses the panel column: never a third editor group, never the file twice',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      // Wait for the answer, not the pending view: a late answer must not move things under the next steps.
      await send(
        w,
        'panel-column.meeting.json',
        (t) => t.includes('PUT panel-column.meeting.json') && /\b200\b/.test(t),
      );
      assert.equal(await groupCount(w), 2, 'the file and the panel');
      const before = await groupTabs(w);
      const fileGroup = before.findIndex((g) => g.includes('panel-column.meeting.json'));
      const panelGroup = before.findIndex((g) => g.includes('PUT panel-column.meeting.json'));
      assert.ok(fileGroup >= 0 && panelGroup >= 0 && fileGroup !== panelGroup, `layout: ${JSON.stringify(before)}`);
      // Open a second file in the panel's own group and send from there: the panel moves to the other group instead
      // of a third. Which side the panel is on depends on the earlier tests (the panel keeps its column), so the
      // file is opened in the file's group (its tab: a text editor takes the focus at once, a webview does not) and
      // moved beside the panel with VS Code's own command.
      await w.page.locator('.editor-group-container .tab[aria-label^="panel-column.meeting.json"]').click();
      await w.visible(
        w.page.locator('.editor-group-container.active .monaco-editor.focused'),
        'the keyboard focus in panel-column.meeting.json',
      );
      await w.openFile('panel-column-2.meeting.json');
      await w.runCommand(
        panelGroup > fileGroup ? 'View: Move Editor into Next Group' : 'View: Move Editor into Previous Group',
      );
      await w.until(
        "panel-column-2.meeting.json in the panel's group",
        async () => (await groupTabs(w))[panelGroup]?.includes('panel-column-2.meeting.json'),
        { describe: async () => JSON.stringify(await groupTabs(w)) },
      );
      await w.visible(
        w.activeEditor.locator('.codelens-decoration', { hasText: 'Send PUT' }),
        "the Send CodeLens in the panel's group",
      );
      await w.runCommand('Meeting Payloads: Send Request');
      const { content } = await w.webviewFrames(EXTENSION_ID, 'the response panel');
      await w.until(
        'the answer to panel-column-2',
        async () => {
          const t = await panelText(content);
          return t.includes('PUT panel-column-2.meeting.json') && t.includes('401 Unauthorized');
        },
        { describe: () => panelText(content) },
      );
      const after = await groupTabs(w);
      assert.equal(after.length, 2, `still two editor groups: ${JSON.stringify(after)}`);
      assert.ok(
        after[fileGroup]?.includes('PUT panel-column-2.meeting.json'),
        `the panel moved: ${JSON.stringify(after)}`,
      );
      assert.ok(after[panelGroup]?.includes('panel-column-2.meeting.json'), 'the file stays where it was sent from');
      await w.screenshot('panel-reuses-column');
      const files = after.flat().filter((t) => t.endsWith('.meeting.json') && !t.startsWith('PUT '));
      assert.equal(new Set(files).size, files.length, `no request file open twice: ${files.join(' | ')}`);
    },
  );

  test(
    'palette commands (and the status bar) while the panel has the focus act on the file it shows, not the editor focused before',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const A = 'panel-cmd-a.meeting.json';
      await send(w, A, (t) => t.includes(`PUT ${A}`) && /\b200\b/.test(t));
      // B, a Webex file, becomes the last active request file and stays visible beside the panel, which shows A.
      await focusWorkbench(w);
      await w.openFile('panel-cmd-b.meeting.json');
      await w.until("the status bar naming B's Webex token", async () =>
        (await w.statusBarText()).includes('Webex token: none'),
      );
      // The panel focused: the status bar describes A, the file the commands below act on.
      await focusPanel(w, A);
      await w.until(
        "the status bar naming A's Huawei token",
        async () => {
          const t = await w.statusBarText();
          return t.includes('Huawei token: none') && !t.includes('Webex');
        },
        { describe: () => w.statusBarText() },
      );
      await grantClipboard(w.page);
      const sent = api().requests.length;
      const clipboard = () => w.page.evaluate(() => navigator.clipboard.readText());
      const copied = async (command: string, notice: string): Promise<string> => {
        await w.page.evaluate(() => navigator.clipboard.writeText('sentinel'));
        await focusPanel(w, A);
        await w.runCommand(`Meeting Payloads: ${command}`);
        await w.visible(w.notifications.filter({ hasText: notice }), `the notification of ${command}`);
        return w.until(`what ${command} copied`, async () => {
          const text = await clipboard();
          return text !== 'sentinel' ? text : undefined;
        });
      };

      const curl = await copied(
        'Copy as cURL',
        'cURL command copied to the clipboard (e2e; the token is a placeholder).',
      );
      assert.ok(curl.includes(`${api().origin}${VMR_PATH}room-cmd-a`), curl);
      assert.ok(curl.includes('Room cmd A') && curl.includes('$HUAWEI_ACCESS_TOKEN'), curl);
      assert.ok(!curl.includes(PMR_PATH) && !curl.includes('WEBEX'), `nothing of the Webex file: ${curl}`);

      const bundle = await copied(
        'Copy Support Bundle',
        'Support bundle copied to the clipboard (credentials masked, secret fields redacted).',
      );
      assert.ok(bundle.includes(`${VMR_PATH}room-cmd-a`) && bundle.includes('cmd-A'), bundle);
      assert.ok(!bundle.includes(PMR_PATH), `nothing of the Webex file: ${bundle}`);

      // Set Token asks for A's credential (Huawei, X-Access-Token), not B's Webex token.
      await focusPanel(w, A);
      await w.runCommand('Meeting Payloads: Set Token');
      await w.visible(w.quickInput.locator('input[type="password"]'), 'the password box of Set Token');
      const title = await w.visible(
        w.quickInput.locator('.quick-input-title', { hasText: `Huawei access token for ${api().origin}` }),
        "Set Token naming A's credential",
      );
      assert.ok(!(await title.innerText()).includes('Webex'), await title.innerText());
      assert.match(await w.quickInput.innerText(), /in the X-Access-Token header/);
      await w.screenshot('panel-palette-set-token');
      await w.closeQuickInput();

      // A's editor closed, B still visible: focused, the panel is still about A. The status bar never describes B
      // (it describes A, or nothing while no editor holds A), and the commands use A as saved.
      await focusWorkbench(w);
      await w.page.locator(`.editor-group-container .tab[aria-label^="${A}"]`).click();
      await w.runCommand('View: Close Editor');
      await w.hidden(w.page.locator(`.editor-group-container .tab[aria-label^="${A}"]`), "A's editor tab to close");
      await w.openFile('panel-cmd-b.meeting.json');
      await w.until("the status bar naming B's Webex token", async () =>
        (await w.statusBarText()).includes('Webex token: none'),
      );
      await focusPanel(w, A);
      await w.until(
        "the status bar no longer naming B's token",
        async () => !(await w.statusBarText()).includes('Webex'),
        {
          describe: () => w.statusBarText(),
        },
      );
      const closedCurl = await copied(
        'Copy as cURL',
        'cURL command copied to the clipboard (e2e; the token is a placeholder).',
      );
      await w.visible(
        w.notifications.filter({ hasText: `${A} is not open in an editor: its saved text is used.` }),
        'the notice that the closed file is used as saved',
      );
      assert.ok(closedCurl.includes(`${VMR_PATH}room-cmd-a`) && !closedCurl.includes(PMR_PATH), closedCurl);
      assert.ok(!(await w.statusBarText()).includes('Webex'), await w.statusBarText());
      assert.equal(api().requests.length, sent, 'the commands sent nothing');
    },
  );

  test(
    'in a diff of the file with its saved text the commands act on the file, also while the saved side has the focus',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await focusWorkbench(w);
      await w.openFile('panel-diff.meeting.json');
      await w.goToText('Diff room');
      await w.page.keyboard.type('Edited ');
      await w.runCommand('File: Compare Active File with Saved');
      const diff = await w.visible(
        w.page.locator('.editor-group-container.active .monaco-diff-editor'),
        'the diff of the file with its saved text',
      );
      await w.visible(diff.locator('.editor.modified .view-line', { hasText: 'Edited Diff room' }), 'the edit');
      await diff.locator('.editor.original .view-line', { hasText: '}' }).last().click();
      await w.visible(diff.locator('.editor.original .monaco-editor.focused'), 'the keyboard focus in the saved side');
      await w.screenshot('panel-diff-saved-side-focused');
      await grantClipboard(w.page);
      await w.page.evaluate(() => navigator.clipboard.writeText('sentinel'));
      const sent = api().requests.length;
      await w.runCommand('Meeting Payloads: Copy as cURL');
      const curl = await w.until('what Copy as cURL copied from the saved side', async () => {
        const text = await w.page.evaluate(() => navigator.clipboard.readText());
        return text !== 'sentinel' ? text : undefined;
      });
      assert.ok(curl.includes(`${VMR_PATH}room-diff`) && curl.includes('"Edited Diff room"'), `the file: ${curl}`);
      assert.equal(api().requests.length, sent, 'Copy as cURL sent nothing');
      await diff.locator('.editor.modified .view-line', { hasText: '}' }).last().click();
      await w.runCommand('File: Revert File');
      await w.runCommand('View: Close Editor');
    },
  );

  // Last: it reloads the window.
  test(
    'a send under way when the window reloads: the panel shows its saved state and says the send was interrupted',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const H = 'panel-held.meeting.json';
      holdNext = true;
      try {
        await send(w, H, (t) => t.includes(`PUT ${H}`) && t.includes('Sending…'));
        await w.until('the held request at the stand-in', () => sentTo('room-held').length === 1);
        await w.stateSaved("the panel's state, sending, written by the workbench", ['showPending', `PUT ${H}`]);
        await w.page.reload({ timeout: 60_000 });
        await w.waitForWorkbench();
        const { content } = await w.webviewFrames(EXTENSION_ID, 'the restored response panel', 90_000);
        const text = await w.until(
          'the interrupted send',
          async () => {
            const t = await panelText(content);
            return t.includes('Interrupted by a reload') ? t : undefined;
          },
          { describe: () => panelText(content) },
        );
        assert.ok(text.includes(`PUT ${H}`), `under its file's title: ${text}`);
        assert.match(
          text,
          /The window reloaded while this request was being sent: it may or may not have reached the server, and its response is lost\. Check the resource before sending again\./,
        );
        assert.ok(!text.includes('Sending…'), `no longer waiting: ${text}`);
        assert.equal(await content.getByRole('button', { name: 'Cancel' }).count(), 0, 'no Cancel: its host is gone');
        await w.visible(w.page.locator(`.tab[aria-label^="PUT ${H}"]`), "the panel's restored title");
        await w.screenshot('panel-interrupted-by-reload');
        assert.equal(sentTo('room-held').length, 1, 'the reload sent nothing');

        // The old connection is answered now; the restored panel's button sends the file again, through the new host.
        releaseHeld();
        const again = content.getByRole('button', { name: `Send ${H} again` });
        await w.visible(again, 'the "Send … again" button naming the file');
        await again.click();
        await w.until('the file sent again', () => sentTo('room-held').length === 2, {
          describe: () => Promise.resolve(JSON.stringify(api().requests.map((r) => r.url))),
        });
        assert.equal((JSON.parse(sentTo('room-held')[1]?.body ?? '{}') as { vmrName?: string }).vmrName, 'Held room');
        await w.until(
          'the new answer under the same title',
          async () => {
            const t = await panelText(content);
            return t.includes(`PUT ${H}`) && t.includes('"held"') && !t.includes('Interrupted by a reload');
          },
          { describe: () => panelText(content) },
        );
      } finally {
        holdNext = false;
        releaseHeld();
      }
    },
  );
});

/**
 * Gives the panel showing `file` the focus by its tab, as a user does, and returns its editor group (then active).
 */
async function focusPanel(w: Workbench, file: string) {
  await w.page.locator(`.editor-group-container .tab[aria-label^="PUT ${file}"]`).click();
  return w.visible(
    w.page.locator('.editor-group-container.active', {
      has: w.page.locator(`.tab.active[aria-label^="PUT ${file}"]`),
    }),
    "the panel's group, active, showing the panel",
  );
}

/**
 * Takes the keyboard focus out of the panel's webview (a click in it keeps it there, and quick open then closes as
 * it opens): a click on the side bar's title, which does nothing else.
 */
async function focusWorkbench(w: Workbench): Promise<void> {
  await w.page.locator('#workbench\\.parts\\.sidebar .composite.title').first().click();
}

/** The tab titles of each editor group, in the groups' order on screen (the panel's tab is its title). */
async function groupTabs(w: Workbench): Promise<string[][]> {
  return w.page
    .locator('.editor-group-container')
    .evaluateAll((groups) =>
      groups.map((g) =>
        Array.from(g.querySelectorAll('.tab')).map((t) => (t.getAttribute('aria-label') ?? '').split(',')[0] ?? ''),
      ),
    );
}

/** Editor groups in the workbench. */
async function groupCount(w: Workbench): Promise<number> {
  return w.page.locator('.editor-group-container').count();
}

async function panelText(frame: Frame): Promise<string> {
  return frame.locator('body').innerText();
}

/** Opens every collapsed section so that hidden parts are in innerText too. */
async function expandAll(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    for (const details of Array.from(document.querySelectorAll('details'))) details.open = true;
  });
}
