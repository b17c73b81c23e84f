/**
 * Untrusted request files in a real VS Code (shared/notes/threats.md T8, and T7 in Restricted Mode):
 * Workspace Trust on and the folder not trusted. Every way to send is refused, a loose file from
 * outside the folder too; a trusted empty window (VS Code's default) still asks before sending a loose
 * file to an origin that is not a loopback name; the folder's own user catalog is ignored until the
 * folder is trusted. A separate file from security.test.ts because it needs Workspace Trust on.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { recordingServerPerFile, sessionPerFile } from './harness/perFile';
import { E2E_TIMEOUTS } from './harness/timeouts';
import { tooling } from './harness/tooling';
import { Workbench } from './harness/workbench';

const VMR_PATH = '/v1/usg/dcs/member/vmr/';

function requestFile(room: string, body: Record<string, unknown>): string {
  return `${JSON.stringify({ operation: 'huawei.meeting.updateMemberVmr', pathParams: { id: room }, body }, null, 2)}\n`;
}

/** A user catalog whose one operation is served by `origin`. */
function userCatalog(origin: string): string {
  return `${JSON.stringify(
    {
      openapi: '3.0.3',
      info: { title: 'A customer catalog', version: '1' },
      servers: [{ url: origin }],
      paths: {
        '/rooms/{roomId}': {
          put: {
            operationId: 'renameRoom',
            parameters: [{ name: 'roomId', in: 'path', required: true, schema: { type: 'string' } }],
            requestBody: {
              content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } },
            },
            responses: { '200': { description: 'OK' } },
          },
        },
      },
    },
    null,
    2,
  )}\n`;
}

describe('untrusted request files in a real VS Code', { timeout: E2E_TIMEOUTS.file }, () => {
  /** Named by the folder's user catalog: must never be called. */
  const canary = recordingServerPerFile();
  /** The user's environment, reached through an IPv4-mapped literal: 127.0.0.1, but not a loopback name. */
  const api = recordingServerPerFile((r) =>
    r.method === 'PUT' && r.url.startsWith(VMR_PATH)
      ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"result":"updated"}' }
      : undefined,
  );
  const mappedOrigin = (): string => `http://[::ffff:7f00:1]:${new URL(api().origin).port}`;
  const session = sessionPerFile(async () => {
    const { mockBaseUrls } = await tooling();
    return {
      name: 'security-untrusted',
      workspaceTrust: true,
      settings: {
        'security.workspace.trust.enabled': true,
        'meetingPayloads.environments': { mapped: { baseUrls: mockBaseUrls(mappedOrigin()), confirmBeforeSend: true } },
        'meetingPayloads.environment': 'mapped',
      },
      workspaceFiles: {
        '.vscode/settings.json': `${JSON.stringify({ 'meetingPayloads.catalogs': { evil: 'evil-catalog.json' } })}\n`,
        'evil-catalog.json': userCatalog(canary().origin),
        'evil-op.meeting.json': `${JSON.stringify({ operation: 'evil.renameRoom', pathParams: { roomId: 'r1' }, body: { name: 'x' } })}\n`,
      },
    };
  });
  const wb = (): Workbench => session().workbench;
  /** Files a customer sent, saved outside the folder (the temp root is removed with the session). */
  const looseFile = (name: string): string => join(dirname(session().workspace), 'downloads', name);

  function writeLooseFiles(): void {
    mkdirSync(dirname(looseFile('x')), { recursive: true });
    writeFileSync(
      looseFile('customer-invalid.meeting.json'),
      requestFile('customer-room', { allowGustFirst: 'false' }),
    );
    writeFileSync(looseFile('customer.meeting.json'), requestFile('customer-room', { vmrName: 'Customer room' }));
  }

  /** Waits for the Restricted Mode refusal, checks its words, and cancels it. */
  async function refused(w: Workbench, how: string): Promise<void> {
    const dialog = await w.visible(w.page.locator('.monaco-dialog-box'), `the refusal dialog (${how})`);
    const text = await dialog.innerText();
    assert.match(text, /Sending requests is disabled in Restricted Mode/, how);
    assert.match(text, /not trusted/, how);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await w.hidden(w.page.locator('.monaco-dialog-box'), `the refusal dialog to close (${how})`);
  }

  test(
    'T8: Restricted Mode refuses every way to send — palette, keybinding, title button, CodeLens',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      const w = wb();
      await w.visible(w.statusBar.getByText('Restricted Mode'), 'the Restricted Mode indicator');
      await w.openFile('send-vmr.meeting.json');

      await w.runCommand('Meeting Payloads: Send Request');
      await refused(w, 'command palette');

      await w.activeEditor.locator('.view-lines').click();
      await w.page.keyboard.press('Control+Alt+R');
      await refused(w, 'Ctrl+Alt+R');

      await w.page
        .locator('.editor-group-container.active .editor-actions .action-label[aria-label*="Send Request"]')
        .first()
        .click();
      await refused(w, 'the editor title button');

      const lens = await w.visible(
        w.activeEditor.locator('.codelens-decoration a', { hasText: 'Send' }),
        'the Send CodeLens',
      );
      await w.screenshot('T8-restricted-codelens');
      await lens.click();
      await refused(w, 'the CodeLens');
      assert.deepEqual(api().requests, [], 'no request left VS Code');
      assert.deepEqual(canary().requests, []);
    },
  );

  test(
    'T8: a loose file from outside the folder gets diagnostics, and Send is refused',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      const w = wb();
      writeLooseFiles();
      await openByPath(w, looseFile('customer-invalid.meeting.json'));
      await w.visible(w.errorSquiggles, 'the error squiggle under "false" in the loose file');
      await w.screenshot('T8-loose-file-diagnostics');
      await w.runCommand('Meeting Payloads: Send Request');
      await refused(w, 'a loose file');
      assert.deepEqual(api().requests, []);
    },
  );

  test(
    'T7: in Restricted Mode the folder does not get to load its own user catalog',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      const w = wb();
      await w.openFile('evil-op.meeting.json');
      await w.showProblems();
      // restrictedConfigurations: VS Code hands the server only the user's (empty) meetingPayloads.catalogs.
      // The server read its settings when it started, well before this test; the last test shows the
      // same file's operation becoming known within seconds once the folder is trusted.
      await w.until(
        'the "Unknown operation" problem for evil.renameRoom',
        async () => (await w.problemRows()).some((r) => r.includes('Unknown operation "evil.renameRoom"')),
        { describe: async () => (await w.problemRows()).join(' | ') },
      );
      assert.ok(
        !(await w.activeEditor.locator('.codelens-decoration').allInnerTexts()).some((t) => t.includes('/rooms/')),
        'the CodeLens does not know the operation',
      );
      await w.screenshot('T7-restricted-catalog-ignored');
      assert.deepEqual(canary().requests, []);
    },
  );

  test(
    'T8: a trusted empty window asks before sending a loose file; Cancel sends nothing, only Send does',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      writeLooseFiles();
      const page = await session().page.context().newPage();
      try {
        // An empty window (no folder) is trusted by default (security.workspace.trust.emptyWindow).
        await page.goto(`${new URL(session().server.url).origin}/?ew=true`, { timeout: 60_000 });
        const w = new Workbench(page, session().outputDir);
        await w.visible(page.locator('.monaco-workbench'), 'the empty window');
        assert.ok(!(await w.statusBarText()).includes('Restricted Mode'), 'the empty window is trusted');
        await openByPath(w, looseFile('customer.meeting.json'));
        await w.until('the environment "mapped" in the status bar', async () =>
          (await w.statusBarText()).includes('mapped'),
        );

        const sendUntilConfirmation = async (): Promise<string> => {
          await w.runCommand('Meeting Payloads: Send Request');
          const noToken = await w.visible(page.locator('.monaco-dialog-box'), 'the "no token" dialog');
          assert.match(await noToken.innerText(), /No Huawei access token is set/);
          await noToken.getByRole('button', { name: 'Send Without Token' }).click();
          const confirm = await w.visible(
            page.locator('.monaco-dialog-box', { hasText: 'Send PUT to' }),
            'the send confirmation',
          );
          return confirm.innerText();
        };
        const text = await sendUntilConfirmation();
        await w.screenshot('empty-window-T8-confirmation');
        const origin = mappedOrigin();
        assert.ok(text.includes(`Send PUT to ${new URL(origin).host}?`), text);
        assert.ok(text.includes(`Origin: ${origin}`), text);
        assert.ok(text.includes('Method: PUT'), text);
        assert.ok(text.includes(`Path: ${VMR_PATH}customer-room`), text);
        assert.ok(text.includes('Environment: mapped'), text);
        assert.ok(text.includes('Token: none'), text);
        await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Cancel' }).click();
        await w.hidden(page.locator('.monaco-dialog-box'), 'the confirmation to close');

        await sendUntilConfirmation();
        assert.deepEqual(api().requests, [], 'Cancel sent nothing');
        await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Send', exact: true }).click();
        const sent = await w.until('the confirmed request at the stand-in', () => api().requests[0]);
        assert.equal(sent.url, `${VMR_PATH}customer-room`);
        assert.equal(api().requests.length, 1, 'exactly the one confirmed request');
      } finally {
        await page.close();
      }
    },
  );

  test(
    'T7: once the folder is trusted, its user catalog loads (positive control of the test above)',
    {
      timeout: E2E_TIMEOUTS.test,
    },
    async () => {
      const w = wb();
      await w.runCommand('Workspaces: Manage Workspace Trust');
      const trust = await w.visible(
        w.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }),
        'the Trust button of the Workspace Trust editor',
      );
      await trust.click();
      await w.hidden(w.statusBar.getByText('Restricted Mode'), 'Restricted Mode to end');
      await w.runCommand('View: Close Editor');
      await w.hidden(w.page.locator('.workspace-trust-editor'), 'the Workspace Trust editor to close');
      await w.openFile('evil-op.meeting.json');
      await w.showProblems();
      // The operation is known now: the CodeLens names its path.
      await w.visible(
        w.activeEditor.locator('.codelens-decoration', { hasText: '/rooms/{roomId}' }),
        'the CodeLens naming the catalog operation',
      );
      await w.until(
        'the "Unknown operation" problem to go away once the catalog loads',
        async () => !(await w.problemRows()).some((r) => r.includes('Unknown operation "evil.renameRoom"')),
        { describe: async () => (await w.problemRows()).join(' | ') },
      );
      await w.screenshot('T7-trusted-catalog-loaded');
      assert.deepEqual(canary().requests, [], 'loading a catalog sends nothing');
    },
  );
});

/** Opens a file by its absolute path through quick open (which accepts paths outside the folder). */
async function openByPath(w: Workbench, path: string): Promise<void> {
  const name = path.slice(path.lastIndexOf('/') + 1);
  await w.closeQuickInput();
  await w.page.keyboard.press('Control+P');
  const input = await w.visible(w.quickInput.locator('input'), 'quick open');
  await input.fill(path);
  await w.visible(w.quickInput.locator('.monaco-list-row.focused', { hasText: name }), `${path} in quick open`);
  await w.page.keyboard.press('Enter');
  await w.visible(w.page.locator(`.tab.active[aria-label*="${name}"]`), `the editor tab of ${name}`);
  await w.visible(w.activeEditor.locator('.view-lines'), `the text of ${name}`);
}
