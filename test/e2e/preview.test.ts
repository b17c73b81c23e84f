/**
 * Safe PUT in a real VS Code (#15 §2, §4): a stateful stand-in on 127.0.0.1 (the GET of the shared-line members
 * answers what the last PUT stored, with the names and model Webex adds). Fetch Current State fills the file in one
 * undoable edit and names the read-only fields it left out; Preview Changes opens the diff with its summary (a
 * member who loses their line, the read-only fields); Send from the preview sends exactly the previewed text and
 * refuses once the file changed; a read that fails (404, 401, a timeout) or is redirected leaves the file untouched
 * and says why; a read from an origin that is not loopback is confirmed first and Cancel sends nothing (the proxy
 * it would go through is a canary); the token goes only to its origin, never after a redirect. Secrets (a PIN) are
 * masked in the diff; Send Previewed Request is on a preview's title bar, not on Compare with Before.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { loopbackEnvironment } from './harness/environments';
import { recordingServerPerFile, sessionPerFile } from './harness/perFile';
import type { RecordedRequest, Reply } from './harness/recordingServer';
import { E2E_TIMEOUTS } from './harness/timeouts';
import { tooling } from './harness/tooling';
import { MEMBER_NAMES as NAMES, sharedLineMember as member } from '../helpers/sharedLine';
import type { Workbench } from './harness/workbench';

const EXTENSION_ID = 'meeting-payloads.meeting-payloads';
const TOKEN = `e2e-preview-${randomBytes(16).toString('hex')}`;
const APP = 'Y2lzY29zcGFyazovL3VzL0FQUExJQ0FUSU9OL2FwcA';
const PERSON = {
  stored: 'person-stored',
  missing: 'person-missing',
  denied: 'person-denied',
  moved: 'person-moved',
  slow: 'person-slow',
};
/** The read's headers timeout in this session: the slow person's read is never answered within it. */
const HEADERS_TIMEOUT_MS = 3_000;
/** An environment whose origin is not loopback and resolves nowhere (RFC 6761 `.invalid`). */
const REMOTE_ORIGIN = 'http://meeting-payloads-e2e.invalid';
const membersPath = (person: string): string => `/v1/telephony/config/people/${person}/applications/${APP}/members`;

const THREE = { members: [member('p1', 1), member('p2', 2), member('p3', 3)] };
/** The personal room: its PIN is a secret field (`x-secret`); both PINs are canaries the diff must never show. */
const PMR_PATH = '/v1/meetingPreferences/personalMeetingRoom';
// Eight digits: never a port number or a line count of the workbench by chance.
const CURRENT_PIN = `93${randomBytes(3).readUIntBE(0, 3).toString().padStart(8, '0').slice(0, 6)}`;
const NEW_PIN = `87${randomBytes(3).readUIntBE(0, 3).toString().padStart(8, '0').slice(0, 6)}`;
const PMR_NOW = {
  topic: "John's PMR",
  hostPin: CURRENT_PIN,
  enabledAutoLock: false,
  autoLockMinutes: 10,
  enabledNotifyHost: true,
  supportCoHost: false,
  supportAnyoneAsCoHost: false,
  allowFirstUserToBeCoHost: false,
  allowAuthenticatedDevices: false,
  coHosts: [],
};
const PMR_FILE = `${JSON.stringify(
  {
    operation: 'webex.meetings.updatePersonalMeetingRoomOptions',
    query: { siteUrl: 'site4-example.webex.com' },
    body: { ...PMR_NOW, hostPin: NEW_PIN, enabledAutoLock: true },
  },
  null,
  2,
)}\n`;

const requestFile = (person: string, body: unknown): string =>
  `${JSON.stringify(
    {
      operation: 'webex.calling.putSharedLineAppearanceMembers',
      pathParams: { personId: person, applicationId: APP },
      body,
    },
    null,
    2,
  )}\n`;
const FILES = {
  'fetch.meeting.json': requestFile(PERSON.stored, { members: [member('p1', 1)] }),
  'members.meeting.json': requestFile(PERSON.stored, { members: [member('p1', 1), member('p3', 2)] }),
  'stale.meeting.json': requestFile(PERSON.stored, { members: [member('p1', 1)] }),
  'missing.meeting.json': requestFile(PERSON.missing, { members: [member('p1', 1)] }),
  'denied.meeting.json': requestFile(PERSON.denied, { members: [member('p1', 1)] }),
  'moved.meeting.json': requestFile(PERSON.moved, { members: [member('p1', 1)] }),
  'pmr.meeting.json': PMR_FILE,
  'slow.meeting.json': requestFile(PERSON.slow, { members: [member('p1', 1)] }),
  'remote.meeting.json': requestFile(PERSON.stored, { members: [member('p1', 1)] }),
};

describe('Safe PUT in a real VS Code: fetch, preview, send from the preview', { timeout: E2E_TIMEOUTS.file }, () => {
  /** Where the redirect points: it must never be called, with or without the token. */
  const canary = recordingServerPerFile();
  /**
   * The proxy of this session (`http.proxy`; loopback goes direct): a request to the remote environment would
   * arrive here, so it must stay silent.
   */
  const proxyCanary = recordingServerPerFile();
  /** The slow read's answer, held until the test ends (the read times out first). */
  let releaseSlow: () => void = () => undefined;
  const slowAnswer = new Promise<void>((resolve) => (releaseSlow = resolve));
  /** What each PUT stored, by path: the GET on the same path answers it. */
  const state = new Map<string, unknown>();
  /** The personal room the GET answers (the last PUT's). */
  let pmr = PMR_NOW;
  const api = recordingServerPerFile((request: RecordedRequest): Reply | undefined | Promise<Reply> => {
    const path = request.url.split('?')[0] ?? '';
    if (path === PMR_PATH) {
      if (request.method === 'PUT') pmr = JSON.parse(request.body) as typeof PMR_NOW;
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(pmr) };
    }
    if (path === membersPath(PERSON.slow)) return slowAnswer.then(() => ({ status: 200, body: '{}' }));
    if (path === membersPath(PERSON.denied)) {
      return { status: 401, headers: { 'content-type': 'application/json' }, body: '{"message":"token refused"}' };
    }
    if (path === membersPath(PERSON.moved)) {
      return { status: 302, headers: { location: `${canary().origin}${membersPath(PERSON.stored)}` } };
    }
    if (request.method === 'PUT' && path.endsWith('/members')) {
      state.set(path, JSON.parse(request.body));
      return { status: 204 };
    }
    if (request.method === 'GET' && state.has(path)) {
      // Webex's GET adds what the PUT does not take: the names, the device model.
      const stored = state.get(path) as { members: Array<{ id: string }> };
      const members = stored.members.map((m) => ({ ...m, firstName: NAMES[m.id]?.[0], lastName: NAMES[m.id]?.[1] }));
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'Business Communicator - PC', members }),
      };
    }
    return undefined;
  });
  const session = sessionPerFile(async () => {
    const settings = await loopbackEnvironment('e2e-preview', api().origin);
    // This environment makes Preview Changes part of Send.
    const environments = settings['meetingPayloads.environments'] as Record<string, Record<string, unknown>>;
    environments['e2e-preview'] = { ...environments['e2e-preview'], previewBeforeSend: true };
    const { mockBaseUrls } = await tooling();
    environments['e2e-remote'] = { baseUrls: mockBaseUrls(REMOTE_ORIGIN), confirmBeforeSend: true };
    settings['meetingPayloads.request.headersTimeoutMs'] = HEADERS_TIMEOUT_MS;
    settings['http.proxy'] = proxyCanary().origin;
    settings['http.noProxy'] = ['127.0.0.1'];
    return { name: 'preview', settings, workspaceFiles: FILES };
  });
  const wb = (): Workbench => session().workbench;
  const onDisk = (name: string): string => readFileSync(join(session().workspace, name), 'utf8');
  /** Requests to the members paths (Set Token also asks Webex for the token's expiry). */
  const memberRequests = (): RecordedRequest[] => api().requests.filter((r) => r.url.includes('/members'));
  /** "METHOD url" of each request to the members paths since `start`. */
  const sentSince = (start: number): string[] =>
    memberRequests()
      .slice(start)
      .map((r) => `${r.method} ${r.url}`);

  before(async () => {
    // The state before the tests: three members, stored by a real PUT.
    const res = await fetch(`${api().origin}${membersPath(PERSON.stored)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(THREE),
    });
    assert.equal(res.status, 204);
    api().requests.length = 0;
  });

  let tokenStored = false;
  async function ensureToken(w: Workbench): Promise<void> {
    if (tokenStored) return;
    await w.openFile('members.meeting.json');
    await w.until('the environment in the status bar', async () => (await w.statusBarText()).includes('e2e-preview'));
    await w.runCommand('Meeting Payloads: Set Token');
    const input = await w.visible(w.quickInput.locator('input[type="password"]'), 'the password box of Set Token');
    await input.fill(TOKEN);
    await w.page.keyboard.press('Enter');
    await w.hidden(w.quickInput, 'the password box to close');
    await w.visible(w.notifications.filter({ hasText: api().origin }), 'the "token set" notification');
    tokenStored = true;
  }

  const diffTabOf = (w: Workbench, file: string) => w.page.locator('.tab', { hasText: `${file}: ` });
  const notification = (w: Workbench, text: string) =>
    w.visible(w.notifications.filter({ hasText: text }), `the notification "${text}"`);

  /** Saves the active editor and returns its file's text on disk. */
  async function save(w: Workbench, name: string, changed: (text: string) => boolean): Promise<string> {
    await w.page.keyboard.press('Control+S');
    return w.until(`${name} saved`, () => {
      const text = onDisk(name);
      return changed(text) ? text : undefined;
    });
  }

  test(
    'Fetch Current State fills the body in one undoable edit and names the read-only fields it left out',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await ensureToken(w);
      const original = onDisk('fetch.meeting.json');
      await w.openFile('fetch.meeting.json');
      const start = memberRequests().length;
      await w.runCommand('Meeting Payloads: Fetch Current State');
      const dialog = await w.visible(
        w.page.locator('.monaco-dialog-box', { hasText: 'Fetched the current state' }),
        'the Fetch Current State dialog',
      );
      const said = await dialog.innerText();
      assert.match(said, /from webex\.calling\.getSharedLineAppearanceMembers/);
      assert.match(said, /left out: model, members\[\]\.firstName, members\[\]\.lastName\./, said);
      await w.screenshot('fetch-dialog');
      await dialog.getByRole('button', { name: 'Fill This File' }).click();
      await notification(w, 'Filled the body of fetch.meeting.json');
      const filled = await save(w, 'fetch.meeting.json', (t) => t !== original);
      const file = JSON.parse(filled) as { operation: string; pathParams: unknown; body: unknown };
      assert.deepEqual(file.body, THREE, 'the body is the current state as the PUT takes it');
      assert.equal(file.operation, 'webex.calling.putSharedLineAppearanceMembers');
      assert.deepEqual(file.pathParams, { personId: PERSON.stored, applicationId: APP });
      const sent = memberRequests().slice(start);
      assert.deepEqual(
        sent.map((r) => `${r.method} ${r.url}`),
        [`GET ${membersPath(PERSON.stored)}`],
        'one read, nothing written',
      );
      assert.equal(sent[0]?.headers.authorization, `Bearer ${TOKEN}`, 'the read carries the token of its origin');
      // One undo step restores the body the file had.
      await w.page.keyboard.press('Control+Z');
      assert.equal(await save(w, 'fetch.meeting.json', (t) => t === original), original);
    },
  );

  test(
    'Preview Changes (the lens beside Send) opens the diff: the member who loses their line and the read-only fields on top',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await ensureToken(w);
      await w.openFile('members.meeting.json');
      const start = memberRequests().length;
      const lens = await w.visible(
        w.activeEditor.locator('.codelens-decoration a', { hasText: 'Preview Changes' }),
        'the Preview Changes lens beside Send',
      );
      await lens.click();
      await w.visible(w.page.locator('.tab.active', { hasText: 'current ↔ after the PUT' }), 'the diff editor tab');
      const diff = w.page.locator('.editor-group-container.active .monaco-diff-editor');
      const side = (which: 'original' | 'modified') =>
        diff
          .locator(`.editor.${which} .view-lines`)
          .innerText()
          .then((t) => t.replace(/\u00a0/g, ' '));
      const right = await w.until(
        'the summary on top of the after-the-PUT side',
        async () => {
          const t = await side('modified');
          return t.includes('lose their line') ? t : undefined;
        },
        { describe: () => side('modified') },
      );
      assert.match(right, /\/\/ {3}1 member\(s\) lose their line: Alan Turing/);
      assert.match(
        right,
        /not taken by the PUT \(left out of both sides\): model, members\[\]\.firstName, members\[\]\.lastName/,
      );
      assert.match(right, /"id": "p3"/);
      const left = await side('original');
      assert.match(left, /\/\/ {3}1 member\(s\) lose their line: Alan Turing/, 'the same summary on the left');
      assert.match(left, /"id": "p2"/, 'the current state on the left');
      assert.doesNotMatch(right, /"id": "p2"/, 'p2 is gone on the right');
      await w.screenshot('preview-diff');
      assert.deepEqual(sentSince(start), [`GET ${membersPath(PERSON.stored)}`], 'the preview reads and writes nothing');
    },
  );

  test(
    'Send from the preview (its title bar) sends exactly the previewed text; the GET then answers it',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const start = memberRequests().length;
      const action = await w.visible(
        w.page.locator('.editor-group-container.active .editor-actions a[aria-label="Send Previewed Request"]'),
        'the Send Previewed Request action in the diff title bar',
      );
      await action.click();
      const put = await w.until('the PUT at the stand-in', () =>
        memberRequests()
          .slice(start)
          .find((r) => r.method === 'PUT'),
      );
      const previewed = JSON.parse(FILES['members.meeting.json']) as { body: unknown };
      assert.equal(put.url, membersPath(PERSON.stored));
      assert.deepEqual(JSON.parse(put.body), previewed.body, 'the previewed body is what was sent');
      assert.equal(put.headers.authorization, `Bearer ${TOKEN}`);
      const { content } = await w.webviewFrames(EXTENSION_ID, 'the response panel');
      await w.until('204 in the response panel', async () => /\b204\b/.test(await content.locator('body').innerText()));
      assert.deepEqual(state.get(membersPath(PERSON.stored)), previewed.body, 'the stand-in stored it');
      await w.screenshot('sent-from-preview');
      // The preview showed the state before this send: it is not sent a second time.
      await diffTabOf(w, 'members.meeting.json').first().click();
      await w.runCommand('Meeting Payloads: Send Previewed Request');
      await notification(w, 'This preview was sent already');
      assert.equal(
        memberRequests()
          .slice(start)
          .filter((r) => r.method === 'PUT').length,
        1,
        'one PUT',
      );
    },
  );

  test(
    'Compare with Before in the panel: the state before the send against the state read again after it (204)',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.page.locator('.tab', { hasText: 'PUT members.meeting.json' }).first().click();
      const { content } = await w.webviewFrames(EXTENSION_ID, 'the response panel');
      const start = memberRequests().length;
      const compare = await w.visible(
        content.getByRole('button', { name: 'Compare with Before' }),
        'the Compare with Before button of the response panel',
      );
      await compare.click();
      await w.visible(w.page.locator('.tab.active', { hasText: 'before the send ↔' }), 'the comparison tab');
      const right = await w.until('the summary of the comparison', async () => {
        const t = (
          await w.page
            .locator('.editor-group-container.active .monaco-diff-editor .editor.modified .view-lines')
            .innerText()
        ).replace(/\u00a0/g, ' ');
        return t.includes('lose their line') ? t : undefined;
      });
      assert.match(right, /1 member\(s\) lose their line: Alan Turing/);
      assert.doesNotMatch(right, /"id": "p2"/);
      // This diff has nothing to send: its title bar has no Send Previewed Request (a preview's has, above).
      const titleBar = w.page.locator('.editor-group-container.active .editor-actions');
      await w.visible(titleBar.locator('a[aria-label]').first(), 'the title bar actions of the comparison');
      assert.deepEqual(
        await titleBar.locator('a[aria-label="Send Previewed Request"]').count(),
        0,
        'no Send Previewed Request on Compare with Before',
      );
      assert.deepEqual(
        sentSince(start),
        [`GET ${membersPath(PERSON.stored)}`],
        'a 204 carries no state: it is read again, nothing is written',
      );
      await w.screenshot('compare-with-before');
    },
  );

  test(
    'a secret PIN is masked on both sides of the preview, which says it changes; Send from it sends the PIN as written',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await ensureToken(w);
      await w.runCommand('View: Close All Editors');
      await w.openFile('pmr.meeting.json');
      const start = api().requests.length;
      await w.runCommand('Meeting Payloads: Preview Changes');
      await w.visible(
        w.page.locator('.tab.active', { hasText: 'pmr.meeting.json: ' }),
        'the preview of pmr.meeting.json',
      );
      const diff = w.page.locator('.editor-group-container.active .monaco-diff-editor');
      const side = (which: 'original' | 'modified') =>
        diff
          .locator(`.editor.${which} .view-lines`)
          .innerText()
          .then((t) => t.replace(/\u00a0/g, ' '));
      const right = await w.until(
        'the masked PIN on the after-the-PUT side',
        async () => {
          const t = await side('modified');
          return t.includes('"hostPin"') ? t : undefined;
        },
        { describe: () => side('modified') },
      );
      const left = await side('original');
      assert.match(right, /"hostPin": "••••• \(changed\)"/, right);
      assert.match(left, /"hostPin": "•••••",/, left);
      assert.match(right, /\/\/ {3}hostPin changes \(a secret, not shown\)/, 'the summary says it changes');
      assert.match(right, /enabledAutoLock changes from false to true/, 'other values are shown');
      const page = await w.page.locator('body').innerText();
      for (const [name, pin] of Object.entries({ CURRENT_PIN, NEW_PIN })) {
        assert.ok(!left.includes(pin) && !right.includes(pin), `${name} is not in the diff`);
      }
      // The PIN now stored is in no file: it appears nowhere in the workbench (the new one is the file's own text).
      assert.ok(!page.includes(CURRENT_PIN), 'the current PIN is nowhere in the workbench');
      await w.screenshot('preview-secret-masked');
      assert.deepEqual(
        api()
          .requests.slice(start)
          .map((r) => `${r.method} ${r.url.split('?')[0]}`),
        [`GET ${PMR_PATH}`],
        'the preview only reads',
      );
      const action = await w.visible(
        w.page.locator('.editor-group-container.active .editor-actions a[aria-label="Send Previewed Request"]'),
        'the Send Previewed Request action of the preview',
      );
      await action.click();
      const put = await w.until('the PUT of the room', () =>
        api()
          .requests.slice(start)
          .find((r) => r.method === 'PUT'),
      );
      const previewed = JSON.parse(PMR_FILE) as { body: unknown };
      assert.deepEqual(JSON.parse(put.body), previewed.body, 'the previewed text is sent, its PIN as written');
      assert.equal((JSON.parse(put.body) as { hostPin: string }).hostPin, NEW_PIN);
    },
  );

  test(
    'Send Request in an environment with previewBeforeSend opens the preview and sends nothing',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await ensureToken(w);
      await w.runCommand('View: Close All Editors');
      await w.openFile('fetch.meeting.json');
      const start = memberRequests().length;
      await w.runCommand('Meeting Payloads: Send Request');
      await notification(w, '"e2e-preview" shows what a PUT changes before Send: nothing was sent.');
      await w.visible(
        w.page.locator('.tab.active', { hasText: 'fetch.meeting.json: ' }),
        'the preview of fetch.meeting.json',
      );
      assert.deepEqual(sentSince(start), [`GET ${membersPath(PERSON.stored)}`], 'only the read');
    },
  );

  test(
    'previewBeforeSend with a read that fails: nothing is sent unless the user picks Send Without Preview',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await ensureToken(w);
      await w.openFile('denied.meeting.json');
      const start = memberRequests().length;
      await w.runCommand('Meeting Payloads: Send Request');
      const dialog = await w.visible(
        w.page.locator('.monaco-dialog-box', { hasText: 'there is no preview of this request' }),
        'the dialog saying there is no preview',
      );
      assert.match(await dialog.innerText(), /answered 401 Unauthorized\. Nothing was sent\./);
      assert.deepEqual(sentSince(start), [`GET ${membersPath(PERSON.denied)}`], 'only the read so far');
      await dialog.getByRole('button', { name: 'Send Without Preview' }).click();
      const put = await w.until('the PUT sent without a preview', () =>
        memberRequests()
          .slice(start)
          .find((r) => r.method === 'PUT'),
      );
      assert.equal(put.url, membersPath(PERSON.denied));
    },
  );

  test('a file changed after its preview is not sent from it: it says so', { timeout: E2E_TIMEOUTS.test }, async () => {
    const w = wb();
    await ensureToken(w);
    // The response panel's tab names members.meeting.json: a fresh layout and another file keep the tabs apart.
    await w.runCommand('View: Close All Editors');
    await w.openFile('stale.meeting.json');
    await w.runCommand('Meeting Payloads: Preview Changes');
    const diffTab = w.page.locator('.tab', { hasText: 'stale.meeting.json: ' });
    await w.visible(diffTab.and(w.page.locator('.tab.active')), 'the diff editor tab of stale.meeting.json');
    // Back to the file through the explorer (quick open would also offer the diff, whose title names the file).
    await w.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'stale.meeting.json' }).click();
    await w.visible(
      w.page.locator('.tab.active').filter({ hasText: 'stale.meeting.json' }).filter({ hasNotText: '↔' }),
      'the tab of stale.meeting.json',
    );
    await w.goToText('"lineWeight"');
    await w.page.keyboard.type(' ');
    await diffTab.first().click();
    await w.visible(diffTab.and(w.page.locator('.tab.active')), 'the diff tab active again');
    const start = memberRequests().length;
    await w.runCommand('Meeting Payloads: Send Previewed Request');
    await notification(w, 'stale.meeting.json changed after it was previewed; the previewed request is not sent');
    assert.deepEqual(memberRequests().slice(start), [], 'nothing sent');
  });

  for (const [name, status, words] of [
    ['missing.meeting.json', 404, 'answered 404 Not Found'],
    ['denied.meeting.json', 401, 'answered 401 Unauthorized'],
    ['moved.meeting.json', 302, 'answered 302 Found'],
  ] as const) {
    test(
      `a read answered ${status} leaves ${name} untouched and says why`,
      { timeout: E2E_TIMEOUTS.test },
      async () => {
        const w = wb();
        await ensureToken(w);
        await w.openFile(name);
        await w.runCommand('Meeting Payloads: Fetch Current State');
        await notification(w, `${words}. ${name} is unchanged.`);
        assert.equal(onDisk(name), FILES[name], 'the file on disk is as it was');
        assert.equal(await w.page.locator('.tab.active.dirty').count(), 0, 'the editor holds no unsaved change');
      },
    );
  }

  test(
    'a read that times out leaves slow.meeting.json untouched and says why',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await ensureToken(w);
      await w.openFile('slow.meeting.json');
      const start = memberRequests().length;
      await w.runCommand('Meeting Payloads: Fetch Current State');
      const said = await notification(w, 'slow.meeting.json is unchanged.');
      const text = await said.innerText();
      assert.match(text, /Fetch Current State: The read failed: 127\.0\.0\.1:\d+ sent no response within 3 s/, text);
      assert.match(text, /meetingPayloads\.request\.headersTimeoutMs/, 'it names the setting');
      assert.deepEqual(
        sentSince(start),
        [`GET ${membersPath(PERSON.slow)}`],
        'one read, not repeated, nothing written',
      );
      assert.equal(onDisk('slow.meeting.json'), FILES['slow.meeting.json'], 'the file on disk is as it was');
      assert.equal(await w.page.locator('.tab.active.dirty').count(), 0, 'the editor holds no unsaved change');
      await w.screenshot('read-timed-out');
      releaseSlow();
    },
  );

  test(
    'a read from an origin that is not loopback asks first; Cancel sends nothing',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.runCommand('View: Close All Editors');
      await w.openFile('remote.meeting.json');
      await w.runCommand('Meeting Payloads: Select Environment');
      await (await w.visible(w.quickInput.locator('input'), 'the environment picker')).fill('e2e-remote');
      await w.visible(w.quickInput.locator('.monaco-list-row', { hasText: 'e2e-remote' }), 'the remote environment');
      await w.page.keyboard.press('Enter');
      await w.until('the remote environment in the status bar', async () =>
        (await w.statusBarText()).includes('e2e-remote'),
      );
      const start = api().requests.length;
      try {
        await w.runCommand('Meeting Payloads: Fetch Current State');
        // No token is stored for that origin: Send's rules ask first, then confirm the read itself.
        const noToken = await w.visible(
          w.page.locator('.monaco-dialog-box', { hasText: `is set for ${REMOTE_ORIGIN}` }),
          'the "no token" dialog of the remote origin',
        );
        await noToken.getByRole('button', { name: 'Send Without Token' }).click();
        const confirm = await w.visible(
          w.page.locator('.monaco-dialog-box', { hasText: 'Send GET to meeting-payloads-e2e.invalid?' }),
          'the confirmation before reading from a non-loopback origin',
        );
        const said = await confirm.innerText();
        for (const line of [`Origin: ${REMOTE_ORIGIN}`, 'Method: GET', `Path: ${membersPath(PERSON.stored)}`]) {
          assert.ok(said.includes(line), `${line} in: ${said}`);
        }
        assert.match(said, /Environment: e2e-remote/, said);
        await w.screenshot('remote-read-confirmation');
        await confirm.getByRole('button', { name: 'Cancel' }).click();
        await w.hidden(w.page.locator('.monaco-dialog-box'), 'the confirmation to close');
        assert.equal(onDisk('remote.meeting.json'), FILES['remote.meeting.json'], 'the file is untouched');
        assert.equal(await w.page.locator('.tab.active.dirty').count(), 0, 'the editor holds no unsaved change');
        assert.deepEqual(api().requests.slice(start), [], 'nothing went to the loopback stand-in');
        assert.deepEqual(
          proxyCanary().requests.filter((r) => r.url.includes('meeting-payloads-e2e.invalid')),
          [],
          'nothing went towards the remote origin (through the proxy)',
        );
      } finally {
        await w.runCommand('Meeting Payloads: Select Environment');
        await (await w.visible(w.quickInput.locator('input'), 'the environment picker')).fill('e2e-preview');
        await w.visible(w.quickInput.locator('.monaco-list-row', { hasText: 'e2e-preview' }), 'the environment');
        await w.page.keyboard.press('Enter');
      }
    },
  );

  test('the token went only to its origin, never after the redirect', () => {
    assert.deepEqual(canary().requests, [], 'the redirect target was never called');
    for (const r of api().requests) {
      if (r.headers.authorization !== undefined) assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
    }
    assert.ok(
      memberRequests().some((r) => r.url === membersPath(PERSON.moved)),
      'the redirected read was sent',
    );
  });
});
