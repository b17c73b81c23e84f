/**
 * Starting a request in a real VS Code (#12 §1): an empty file offers one "New request" per operation from the
 * language server, values get no file snippets, operation completion matches on the path, short ids with a
 * typo get a did-you-mean, and request files indent with two spaces.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loopbackEnvironment } from './harness/environments';
import { recordingServerPerFile, sessionPerFile } from './harness/perFile';
import { E2E_TIMEOUTS } from './harness/timeouts';

const VMR = 'New request: Modify a cloud meeting room or personal meeting ID (PUT /v1/usg/dcs/member/vmr/{id})';

describe('starting a request in a real VS Code', { timeout: E2E_TIMEOUTS.file }, () => {
  // Nothing here sends; a stray send lands here.
  const canary = recordingServerPerFile();
  const session = sessionPerFile(async () => ({
    name: 'polish',
    settings: await loopbackEnvironment('e2e-canary', canary().origin),
    workspaceFiles: {
      'empty.meeting.json': '',
      'pick-operation.meeting.json': '{\n  "operation": ""\n}\n',
      'coded-values.meeting.json': `${JSON.stringify(
        {
          operation: 'huawei.meeting.updateStartedConfConfig',
          query: { conferenceID: '900244663' },
          body: { isLock: 1, allowUnmuteByOneself: 0 },
        },
        null,
        2,
      )}\n`,
      'short-id.meeting.json': '{\n  "operation": "updateMembrVmr",\n  "pathParams": { "id": "x" }\n}\n',
    },
  }));
  const wb = () => session().workbench;

  test(
    'Ctrl+Space in an empty file lists a "New request" for every operation and inserts a whole request',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('empty.meeting.json');
      await w.until('"Spaces: 2" in the status bar (the [meeting-json] default)', async () =>
        (await w.statusBarText()).includes('Spaces: 2'),
      );
      await w.showSuggestions('new-request suggestions', { explicit: true });
      const rows = await w.until(
        'only "New request" rows',
        async () => {
          const r = await w.suggestions();
          return r.length >= 5 && r.every((row) => row.label.startsWith('New request: ')) ? r : undefined;
        },
        { describe: async () => JSON.stringify(await w.suggestions()) },
      );
      assert.ok(
        rows.some((row) => row.label === VMR),
        'the Huawei cloud meeting room operation is offered',
      );
      await w.screenshot('new-request-empty-file');

      await w.page.keyboard.type('vmr');
      await w.until('the VMR template first', async () => (await w.suggestions())[0]?.label === VMR, {
        describe: async () => JSON.stringify(await w.suggestions()),
      });
      await w.page.keyboard.press('Enter');
      await w.until(
        'the whole request in the editor',
        async () => {
          const text = await w.editorText();
          return text.includes('"operation": "huawei.meeting.updateMemberVmr"') && text.includes('"vmrName"');
        },
        { describe: () => w.editorText() },
      );
      // The first tab stop is the path parameter: typing replaces its placeholder.
      await w.page.keyboard.type('room-7');
      await w.until('"id": "room-7"', async () => (await w.editorText()).includes('"id": "room-7"'), {
        describe: () => w.editorText(),
      });
      const text = (await w.editorText()).replace(/\u00a0/g, ' ');
      assert.match(text, /^\{\n {2}"operation": "huawei\.meeting\.updateMemberVmr",\n {2}"pathParams": \{\n {4}"id"/);
      await w.page.keyboard.press('Escape');
      await w.visible(
        w.activeEditor.locator('.codelens-decoration', { hasText: 'Send PUT' }),
        'the Send CodeLens of the new request',
      );
      assert.equal(await w.errorSquiggles.count(), 0, 'the inserted request has no errors');
      await w.screenshot('new-request-inserted');
    },
  );

  test('value completion offers values only, no file snippets', { timeout: E2E_TIMEOUTS.test }, async () => {
    const w = wb();
    await w.openFile('conf-settings.meeting.json');
    await w.goToText('"isLock": 1', '"isLock": 1'.length);
    await w.page.keyboard.press('Backspace');
    await w.showSuggestions('value suggestions', { explicit: true });
    const rows = await w.until(
      'the isLock values',
      async () => {
        const r = await w.suggestions();
        return r.some((row) => row.label === '0') ? r : undefined;
      },
      { describe: async () => JSON.stringify(await w.suggestions()) },
    );
    await w.screenshot('value-completion-no-snippets');
    assert.deepEqual(
      rows.filter((row) => row.kind === 'snippet' || /^(mp-|New request)/.test(row.label)),
      [],
      'no snippet rows among the values',
    );
    await w.page.keyboard.press('Escape');
    await w.page.keyboard.press('Control+Z');
  });

  test(
    'operation completion finds an operation by its path: "cycle" → /cycleconferences',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('pick-operation.meeting.json');
      await w.goToText('"operation": "', '"operation": "'.length);
      await w.page.keyboard.type('cycle');
      await w.showSuggestions('operation suggestions');
      await w.until(
        // VS Code's fuzzy filter may keep looser matches below; the path match ranks first.
        'huawei.meeting.updateRecurringMeeting first',
        async () => (await w.suggestions())[0]?.label === 'huawei.meeting.updateRecurringMeeting',
        { describe: async () => JSON.stringify(await w.suggestions()) },
      );
      await w.screenshot('operation-completion-by-path');
      await w.page.keyboard.press('Enter');
      await w.until(
        'the chosen operation',
        async () => (await w.editorText()).includes('"operation": "huawei.meeting.updateRecurringMeeting"'),
        { describe: () => w.editorText() },
      );
    },
  );

  test(
    'integer-coded values show their meaning as inlay hints, and the setting turns them off',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('coded-values.meeting.json');
      const hinted = /"isLock": 1\s*Lock the meeting,/;
      await w.until('the inlay hint after "isLock": 1', async () => hinted.test(await w.editorText({ hints: true })), {
        describe: () => w.editorText({ hints: true }),
      });
      assert.match(
        await w.editorText({ hints: true }),
        /"allowUnmuteByOneself": 0\s*Participants may not unmute themselves/,
      );
      assert.doesNotMatch(await w.editorText(), /Lock the meeting/, 'editorText() is the file, without the hints');
      await w.screenshot('inlay-hints-enum-meanings');
      writeFileSync(
        join(session().workspace, '.vscode', 'settings.json'),
        JSON.stringify({ ...existingSettings(session().workspace), 'meetingPayloads.inlayHints.enumMeanings': false }),
      );
      await w.until(
        'the hints gone once the setting is off',
        async () => !/Lock the meeting/.test(await w.editorText({ hints: true })),
        {
          describe: () => w.editorText({ hints: true }),
        },
      );
    },
  );

  test('a short id with a typo gets a did-you-mean with the full id', { timeout: E2E_TIMEOUTS.test }, async () => {
    const w = wb();
    await w.openFile('short-id.meeting.json');
    await w.showProblems();
    await w.until(
      'the did-you-mean in the Problems view',
      async () =>
        (await w.problemRows()).some((row) =>
          row.includes('Unknown operation "updateMembrVmr". Did you mean "huawei.meeting.updateMemberVmr"?'),
        ),
      { describe: async () => (await w.problemRows()).join('\n') },
    );
    await w.screenshot('short-id-did-you-mean');
  });
});

function existingSettings(workspace: string): Record<string, unknown> {
  const file = join(workspace, '.vscode', 'settings.json');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}
