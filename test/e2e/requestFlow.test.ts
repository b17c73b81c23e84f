/**
 * The way from a request file to a sent request in a real VS Code (#12 §2): the Send CodeLens names the resolved
 * URL, the environment and the token state in words, keeps its last good title while the file is momentarily
 * invalid, and has a Copy as cURL beside it that never carries the token; the status bar names the token state
 * in words.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loopbackEnvironment } from './harness/environments';
import { recordingServerPerFile, sessionPerFile } from './harness/perFile';
import { E2E_TIMEOUTS } from './harness/timeouts';
import { grantClipboard, type Workbench } from './harness/workbench';

const TOKEN = `e2e-${randomBytes(16).toString('hex')}`;
const ROOM = 'lens-room-7';
const REPO = join(__dirname, '..', '..');
const ROOMS_CATALOG = `${JSON.stringify(
  {
    openapi: '3.0.3',
    info: { title: 'Rooms', version: '1' },
    servers: [{ url: 'https://rooms.example.test/api' }],
    paths: {
      '/rooms/{roomId}': {
        put: {
          operationId: 'renameRoom',
          parameters: [{ name: 'roomId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Rename' } } } },
          responses: { '200': { description: 'OK' } },
        },
      },
    },
    components: { schemas: { Rename: { type: 'object', properties: { name: { type: 'string' } } } } },
  },
  null,
  2,
)}\n`;
/** 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('the request lens and the status bar in a real VS Code', { timeout: E2E_TIMEOUTS.file }, () => {
  // Nothing here sends; a stray send (a click on the Send lens) lands here and is checked for.
  const canary = recordingServerPerFile();
  const session = sessionPerFile(async () => ({
    name: 'requestFlow',
    settings: await loopbackEnvironment('e2e-lens', canary().origin),
    workspaceFiles: {
      'lens-vmr.meeting.json': `${JSON.stringify(
        {
          operation: 'huawei.meeting.updateMemberVmr',
          pathParams: { id: ROOM },
          body: { vmrName: 'Lens room', allowGustFirst: false },
        },
        null,
        2,
      )}\n`,
      'rooms.openapi.json': ROOMS_CATALOG,
      'rename-room.meeting.json': `${JSON.stringify(
        { operation: 'rooms.renameRoom', pathParams: { roomId: 'r1' }, body: { name: 'Blue room' } },
        null,
        2,
      )}\n`,
      '.vscode/settings.json': `${JSON.stringify({ 'meetingPayloads.catalogs': { rooms: 'rooms.openapi.json' } })}\n`,
    },
  }));
  const wb = (): Workbench => session().workbench;
  const host = (): string => new URL(canary().origin).host;
  const lenses = (w: Workbench) => w.activeEditor.locator('.codelens-decoration a');
  const lensTexts = async (w: Workbench): Promise<string[]> =>
    (await lenses(w).allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' ').trim());
  const lensTooltips = (w: Workbench): Promise<string[]> =>
    lenses(w).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title') ?? ''));

  test(
    'the Send lens names the URL with its path parameter, the environment and the token state; the status bar says it too',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('lens-vmr.meeting.json');
      const expected = `▶ Send PUT ${host()}/v1/usg/dcs/member/vmr/${ROOM} · e2e-lens · Huawei token: none`;
      await w.until('the Send lens with the resolved URL', async () => (await lensTexts(w)).includes(expected), {
        describe: async () => JSON.stringify(await lensTexts(w)),
      });
      assert.ok((await lensTexts(w)).includes('Copy as cURL'), 'the Copy as cURL lens beside Send');
      await w.until('"Huawei token: none" in the status bar', async () =>
        (await w.statusBarText()).includes('e2e-lens · Huawei token: none'),
      );
      await w.screenshot('request-lens-no-token');
    },
  );

  test(
    'while the file is momentarily invalid the lens keeps its last good title',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('lens-vmr.meeting.json');
      const good = `▶ Send PUT ${host()}/v1/usg/dcs/member/vmr/${ROOM}`;
      await w.until('the Send lens', async () => (await lensTexts(w)).some((t) => t.startsWith(good)));
      // Break the JSON: a stray character after the operation's value.
      await w.goToText('"huawei.meeting.updateMemberVmr"', '"huawei.meeting.updateMemberVmr"'.length);
      await w.page.keyboard.type(' x');
      await w.until('the syntax error squiggle', async () => (await w.errorSquiggles.count()) > 0);
      // The CodeLens is asked again after the change: its tooltip says the file is invalid, its title stays.
      await w.until(
        'the lens tooltip naming the syntax problem',
        async () => (await lensTooltips(w)).some((t) => t.includes('Showing the request this file last described')),
        { describe: async () => JSON.stringify(await lensTooltips(w)) },
      );
      const during = await lensTexts(w);
      await w.screenshot('request-lens-while-invalid');
      assert.ok(
        during.some((t) => t.startsWith(good)),
        `the last good title stays: ${JSON.stringify(during)}`,
      );
      assert.ok(!during.includes('▶ Send Request'), 'no flip to "Send Request"');
      await w.page.keyboard.press('Control+Z');
      await w.until('the file valid again', async () => (await w.errorSquiggles.count()) === 0);
    },
  );

  test(
    'with a token set, the lens and the status bar say so, and Copy as cURL copies the request without it',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('lens-vmr.meeting.json');
      await w.runCommand('Meeting Payloads: Set Token');
      const input = await w.visible(w.quickInput.locator('input[type="password"]'), 'the password box of Set Token');
      await input.fill(TOKEN);
      await w.page.keyboard.press('Enter');
      await w.hidden(w.quickInput, 'the password box to close');
      const expected = `▶ Send PUT ${host()}/v1/usg/dcs/member/vmr/${ROOM} · e2e-lens · Huawei token: set, expiry unknown`;
      await w.until('the lens to name the stored token', async () => (await lensTexts(w)).includes(expected), {
        describe: async () => JSON.stringify(await lensTexts(w)),
      });
      await w.until('"Huawei token: set, expiry unknown" in the status bar', async () =>
        (await w.statusBarText()).includes('Huawei token: set, expiry unknown'),
      );
      await w.screenshot('request-lens-token-set');

      await grantClipboard(w.page);
      const sentinel = `sentinel-${Date.now()}`;
      await w.page.evaluate((s) => navigator.clipboard.writeText(s), sentinel);
      await lenses(w).filter({ hasText: 'Copy as cURL' }).first().click();
      const curl = await w.until('the cURL command on the clipboard', async () => {
        const text = await w.page.evaluate(() => navigator.clipboard.readText());
        return text !== sentinel && text.startsWith('curl') ? text : undefined;
      });
      assert.ok(curl.includes(`${canary().origin}/v1/usg/dcs/member/vmr/${ROOM}`), curl);
      assert.match(curl, /-X PUT/);
      assert.ok(curl.includes('X-Access-Token: '), curl);
      assert.ok(curl.includes('$HUAWEI_ACCESS_TOKEN'), 'the token is a shell variable');
      assert.ok(!curl.includes(TOKEN), 'the token is never in the cURL command');
      assert.equal(canary().requests.length, 0, 'nothing was sent');
    },
  );

  test(
    'Go to Definition on a body key opens the built-in catalog file at that key (#12 §1)',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('lens-vmr.meeting.json');
      await w.goToText('"vmrName"', 2);
      await w.runCommand('Go to Definition');
      await w.visible(w.page.locator('.tab.active[aria-label*="huawei-meeting.openapi.json"]'), 'the catalog file tab');
      const schema = readFileSync(join(REPO, 'schemas', 'huawei-meeting.openapi.json'), 'utf8');
      const line = lineOf(schema, '"vmrName": {');
      await w.until(
        `the cursor on line ${line} ("vmrName": {)`,
        async () => (await w.statusBarText()).includes(`Ln ${line},`),
        {
          describe: () => w.statusBarText(),
        },
      );
      await w.screenshot('go-to-definition-builtin');
      // Back to the request file, already open in a tab.
      await w.openFile('lens-vmr.meeting.json');
      await w.goToText('"huawei.meeting.updateMemberVmr"', 3);
      await w.runCommand('Go to Definition');
      const opLine = lineOf(schema, '"/v1/usg/dcs/member/vmr/{id}": {') + 1;
      await w.until(
        `the cursor on the operation (line ${opLine})`,
        async () => (await w.statusBarText()).includes(`Ln ${opLine},`),
        {
          describe: () => w.statusBarText(),
        },
      );
    },
  );

  test(
    'Go to Definition on a user catalog operation opens the user catalog file; the operation links to its vendor page',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('rename-room.meeting.json');
      // The user catalog loads after the server starts: the operation is known once its error is gone.
      await w.until('the user catalog operation known', async () => (await w.errorSquiggles.count()) === 0);
      await w.goToText('"name"', 2);
      await w.runCommand('Go to Definition');
      await w.visible(w.page.locator('.tab.active[aria-label*="rooms.openapi.json"]'), 'the user catalog tab');
      const line = lineOf(ROOMS_CATALOG, '"name": {');
      await w.until(
        `the cursor on line ${line} of the user catalog`,
        async () => (await w.statusBarText()).includes(`Ln ${line},`),
        {
          describe: () => w.statusBarText(),
        },
      );
      await w.screenshot('go-to-definition-user-catalog');

      await w.openFile('lens-vmr.meeting.json');
      const link = w.activeEditor.locator('.detected-link', { hasText: 'huawei.meeting.updateMemberVmr' });
      await w.visible(link, 'the document link on the operation');
      await link.first().hover();
      await w.visible(
        w.page.locator('.monaco-hover', { hasText: 'Open the vendor documentation of huawei.meeting.updateMemberVmr' }),
        'the link tooltip',
      );
      await w.screenshot('document-link-vendor-page');
    },
  );

  test(
    'Import from cURL opens the file with string booleans fixed and named, all notes in full, Fix N Problems, Save proposing a name (#12 §4)',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('lens-vmr.meeting.json');
      await grantClipboard(w.page);
      const command = `curl -X PUT -H 'X-Access-Token: abcdefghijklmnop1234' -d '{"vmrNmae":"Imported room","allowGustFirst":"false"}' https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/imp-1`;
      await w.page.evaluate((c) => navigator.clipboard.writeText(c), command);
      await w.runCommand('Meeting Payloads: Import from cURL');
      const dialog = await w.visible(
        w.page.locator('.monaco-dialog-box', { hasText: 'Imported as huawei.meeting.updateMemberVmr' }),
        'the import notes dialog',
      );
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      assert.ok(text.includes('Changed body.allowGustFirst from "false" to false'), text);
      assert.ok(text.includes('X-Access-Token'), `the dropped credential is named: ${text}`);
      assert.ok(!text.includes('abcdefghijklmnop1234'), 'never the credential value');
      await w.screenshot('import-curl-notes');
      await dialog.locator('.monaco-button', { hasText: 'Fix 1 Problem' }).click();
      await w.until(
        'the typo renamed by Fix All and the boolean fixed',
        async () => {
          const t = await w.editorText();
          return t.includes('"vmrName": "Imported room"') && t.includes('"allowGustFirst": false');
        },
        { describe: () => w.editorText() },
      );
      // The untitled file carries its proposed path: Save writes it there (no dialog asks for a name).
      await w.visible(
        w.page.locator('.tab.active[aria-label*="updateMemberVmr.meeting.json"]'),
        'the tab named after the operation',
      );
      await w.page.keyboard.press('Control+S');
      const saved = join(session().workspace, 'updateMemberVmr.meeting.json');
      await w.until(
        'the file saved under the proposed name',
        () => existsSync(saved) && /"allowGustFirst": false/.test(readFileSync(saved, 'utf8')),
      );
    },
  );
});
