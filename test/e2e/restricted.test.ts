/**
 * Restricted Mode in a real VS Code: Workspace Trust on and the folder not trusted. Validation keeps
 * working; Send is refused with an explanation and nothing goes out.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loopbackEnvironment } from './harness/environments';
import { recordingServerPerFile, sessionPerFile } from './harness/perFile';
import { E2E_TIMEOUTS } from './harness/timeouts';
import type { Workbench } from './harness/workbench';

describe('a request file in Restricted Mode', { timeout: E2E_TIMEOUTS.file }, () => {
  /** The environment's server: it must never be called from an untrusted folder. */
  const canary = recordingServerPerFile();
  const session = sessionPerFile(async () => ({
    name: 'restricted',
    workspaceTrust: true,
    settings: { 'security.workspace.trust.enabled': true, ...(await loopbackEnvironment('e2e', canary().origin)) },
  }));
  const wb = (): Workbench => session().workbench;

  test('the folder opens in Restricted Mode and diagnostics still work', { timeout: E2E_TIMEOUTS.test }, async () => {
    const w = wb();
    await w.visible(w.statusBar.getByText('Restricted Mode'), 'the Restricted Mode indicator in the status bar');
    await w.openFile('vmr-seed.meeting.json');
    await w.visible(w.errorSquiggles, 'the error squiggle under "false"');
    await w.showProblems();
    await w.until(
      'the allowGustFirst problem in the Problems view',
      async () => (await w.problemRows()).some((r) => r.includes('allowGustFirst')),
      {
        describe: async () => (await w.problemRows()).join(' | '),
      },
    );
    await w.screenshot('restricted-diagnostics');
  });

  test('Send Request is refused with an explanation and sends nothing', { timeout: E2E_TIMEOUTS.test }, async () => {
    const w = wb();
    await w.openFile('vmr-seed.meeting.json');
    await w.runCommand('Meeting Payloads: Send Request');
    const dialog = await w.visible(w.page.locator('.monaco-dialog-box'), 'the refusal dialog');
    const text = await dialog.innerText();
    assert.match(text, /Restricted Mode/);
    assert.match(text, /not trusted/);
    await w.screenshot('restricted-send-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await w.hidden(w.page.locator('.monaco-dialog-box'), 'the refusal dialog to close');
    assert.deepEqual(canary().requests, [], 'no request left VS Code');
  });
});
