/**
 * Editing request files in a real VS Code (code-server + headless Chromium): activation and status
 * bar, completion, hover, diagnostics with quick fix. One code-server for the whole file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogProperty, catalogPropertyNames, plain } from './harness/catalog';
import { loopbackEnvironment } from './harness/environments';
import { recordingServerPerFile, sessionPerFile } from './harness/perFile';
import { E2E_TIMEOUTS } from './harness/timeouts';

const HUAWEI = 'huawei-meeting.openapi.json';

/** A request file of about 790 KB (big: the server works on it in its own thread), one wrong value near its end. */
function bigRequestFile(): string {
  const item = (i: number) =>
    `      {\n        "name": "Attendee ${i}",\n        "role": ${i === 5990 ? '"1"' : i % 2},\n        "email": "a${i}@example.com",\n        "type": "normal"\n      }`;
  const items = Array.from({ length: 6000 }, (_, i) => item(i));
  return `{\n  "operation": "huawei.meeting.updateRecurringMeeting",\n  "query": { "conferenceID": "986256843" },\n  "body": {\n    "subject": "s",\n    "mediaTypes": "Voice",\n    "cycleParams": { "cycle": "Day", "startDate": "2026-12-07", "endDate": "2026-12-08" },\n    "attendees": [\n${items.join(',\n')}\n    ]\n  }\n}\n`;
}

describe('editing request files in a real VS Code', { timeout: E2E_TIMEOUTS.file }, () => {
  // Nothing here sends; should something send anyway (a stray click on the Send CodeLens), it lands here.
  const canary = recordingServerPerFile();
  const session = sessionPerFile(async () => ({
    name: 'editing',
    settings: await loopbackEnvironment('e2e-canary', canary().origin),
    workspaceFiles: { 'big.meeting.json': bigRequestFile() },
  }));
  const wb = () => session().workbench;

  test(
    'the extension activates when a .meeting.json opens and the status bar shows the environment',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const environmentItem = wb().statusBar.locator('[id$="meetingPayloads.environmentStatus"]');
      assert.equal(await environmentItem.count(), 0, 'no environment item before a request file is open');

      await wb().openFile('conf-settings.meeting.json');
      await wb().visible(environmentItem, 'the Meeting Payloads environment in the status bar');
      await wb().until(
        'the environment "e2e-canary" in the status bar',
        async () => (await environmentItem.innerText()).includes('e2e-canary'),
        {
          describe: () => environmentItem.innerText(),
        },
      );
      await wb().visible(wb().statusBar.getByText('Meeting Request JSON'), 'the language mode "Meeting Request JSON"');
      // The CodeLens comes from the extension too: it is running, not just its grammar.
      await wb().visible(
        wb().activeEditor.locator('.codelens-decoration', { hasText: 'Send PUT' }),
        'the Send CodeLens',
      );
      await wb().screenshot('activated-status-bar');
    },
  );

  test(
    'completion in a body offers its properties, enum values with their meanings, and inserts the choice',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('conf-settings.meeting.json');
      await w.goToText('"isLock": 1', '"isLock": 1'.length);
      await w.page.keyboard.type(',');
      await w.page.keyboard.press('Enter');
      await w.page.keyboard.type('"');
      await w.showSuggestions('body property suggestions');
      const offered = (await w.suggestions()).filter((row) => row.kind !== 'snippet').map((row) => row.label);
      await w.screenshot('completion-body-properties');
      const expected = catalogPropertyNames(HUAWEI, 'UpdateStartedConfigReqBody').filter((name) => name !== 'isLock');
      assert.deepEqual(
        [...offered].sort(),
        [...expected].sort(),
        'every body property not yet in the body, and nothing else',
      );

      await w.page.keyboard.type('chatPerm');
      await w.until('only chatPermission to be offered', async () => {
        const labels = (await w.suggestions()).map((s) => s.label);
        return labels.length === 1 && labels[0] === 'chatPermission';
      });
      await w.page.keyboard.press('Enter');
      await w.until(
        'the inserted "chatPermission" property',
        async () => (await w.editorText()).includes('"chatPermission": 1'),
        {
          describe: () => w.editorText(),
        },
      );
      // The inserted snippet offers the enum's values as a choice right away.
      const chat = catalogProperty(HUAWEI, 'UpdateStartedConfigReqBody', 'chatPermission');
      const choice = (chat.enum ?? []).map((v) => JSON.stringify(v));
      await w.until(
        'the snippet choice of chatPermission values',
        async () => (await w.suggestions()).map((s) => s.label).join() === choice.join(),
        {
          describe: async () => JSON.stringify(await w.suggestions()),
        },
      );
      // Leave the choice and the snippet (two Escapes), then ask for the value's own completion: the
      // enum values, each with its documented meaning.
      await w.page.keyboard.press('Escape');
      await w.hidden(w.suggestWidget, 'the snippet choice to close');
      await w.page.keyboard.press('Escape');
      await w.goToText('"chatPermission": 1', '"chatPermission": 1'.length);
      await w.page.keyboard.press('Backspace');
      await w.showSuggestions('enum value suggestions', { explicit: true });
      // Values only: new-request templates are offered in an empty file, never after an enum (#12 §1).
      const values = await w.until(
        'the four chatPermission values',
        async () => {
          const rows = await w.suggestions();
          return rows.length === chat.enum?.length ? rows : undefined;
        },
        { describe: async () => JSON.stringify(await w.suggestions()) },
      );
      assert.deepEqual(
        values.map((v) => ({ label: v.label, detail: plain(v.detail) })),
        (chat.enum ?? []).map((v, i) => ({
          label: JSON.stringify(v),
          detail: plain(chat['x-enumDescriptions']?.[i] ?? ''),
        })),
      );
      await w.screenshot('completion-enum-values');

      await w.page.keyboard.type('3');
      await w.until('the value 3 to be offered first', async () => (await w.suggestions())[0]?.label === '3');
      await w.page.keyboard.press('Enter');
      await w.hidden(w.suggestWidget, 'the suggest widget to close');
      await w.until(
        '"chatPermission": 3 in the body',
        async () => /"isLock": 1,\s*"chatPermission": 3\s*}/.test(await w.editorText()),
        {
          describe: () => w.editorText(),
        },
      );
      // What completion built is valid: no problem is reported for it.
      await w.until(
        'no squiggles in the completed body',
        async () => (await w.errorSquiggles.count()) === 0 && (await w.warningSquiggles.count()) === 0,
      );
      await w.screenshot('completion-accepted');
    },
  );

  test('hover on a body key shows its documentation', { timeout: E2E_TIMEOUTS.test }, async () => {
    const w = wb();
    await w.openFile('conf-settings.meeting.json');
    await w.goToText('"isLock"', 3);
    await w.runCommand('Show or Focus Hover');
    const hover = await w.visible(w.hoverWidget, 'the hover on "isLock"');
    const isLock = catalogProperty(HUAWEI, 'UpdateStartedConfigReqBody', 'isLock');
    const text = await w.until(
      'the documentation of isLock in the hover',
      async () => {
        const t = await hover.innerText();
        return t.includes(plain(isLock.description ?? '')) ? t : undefined;
      },
      { describe: () => hover.innerText() },
    );
    assert.match(text, /isLock/);
    for (const meaning of isLock['x-enumDescriptions'] ?? []) {
      assert.ok(text.includes(plain(meaning)), `the hover lists "${meaning}"`);
    }
    await w.screenshot('hover-body-key');
    await w.page.keyboard.press('Escape');
  });

  test(
    'a wrong value shows in the editor and the Problems view, and its quick fix corrects it',
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('vmr-seed.meeting.json');
      // Seed 001's cURL sends "allowGustFirst": "false", a string where the API wants a boolean.
      await w.visible(w.errorSquiggles, 'an error squiggle under "false"');
      assert.equal(await w.errorSquiggles.count(), 1, 'exactly one error in the seed file');

      await w.showProblems();
      const problem = await w.until(
        'the allowGustFirst problem in the Problems view',
        async () => {
          const rows = await w.problemRows();
          return rows.find((r) => r.includes('allowGustFirst') && r.includes('boolean'));
        },
        { describe: async () => (await w.problemRows()).join(' | ') },
      );
      assert.match(problem, /\[Ln 8, Col 23\]/, 'the problem points at the value');
      await w.screenshot('diagnostic-editor-and-problems');

      await w.goToText('"false"', 1);
      await w.page.keyboard.press('Control+.');
      const fix = await w.visible(
        w.codeActions.filter({ hasText: 'Change to false' }),
        'the quick fix "Change to false"',
      );
      await w.screenshot('quick-fix-offered');
      await fix.click();
      await w.until(
        '"allowGustFirst": false in the editor',
        async () => (await w.editorText()).includes('"allowGustFirst": false'),
        {
          describe: () => w.editorText(),
        },
      );
      await w.until('the error squiggle to go away', async () => (await w.errorSquiggles.count()) === 0);
      await w.until(
        'the problem to leave the Problems view',
        async () => !(await w.problemRows()).some((r) => r.includes('allowGustFirst')),
        {
          describe: async () => (await w.problemRows()).join(' | '),
        },
      );
      await w.screenshot('quick-fix-applied');
    },
  );

  test(
    "a big file (790 KB, worked on in the server's thread of big documents): its problem and its quick fix",
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('big.meeting.json');
      await w.showProblems();
      const problem = await w.until(
        'the role problem in the Problems view',
        async () => (await w.problemRows()).find((r) => r.includes('role must be a whole number, not a string')),
        { describe: async () => (await w.problemRows()).join(' | ') },
      );
      assert.match(problem, /\[Ln 35951, Col 17\]/, 'the problem points at the value');
      assert.equal(
        (await w.problemRows()).filter((r) => r.includes('role must be a whole number')).length,
        1,
        'one problem',
      );
      await w.goTo(35951, 18);
      await w.visible(w.errorSquiggles, 'an error squiggle under "1"');
      await w.page.keyboard.press('Control+.');
      const fix = await w.visible(w.codeActions.filter({ hasText: 'Change to 1' }), 'the quick fix "Change to 1"');
      await fix.click();
      await w.until('the error squiggle to go away', async () => (await w.errorSquiggles.count()) === 0);
      await w.until(
        'the problem to leave the Problems view',
        async () => !(await w.problemRows()).some((r) => r.includes('role must be a whole number')),
        { describe: async () => (await w.problemRows()).join(' | ') },
      );
      assert.match(await w.editorText(), /"role": 1,/);
      await w.screenshot('big-file-quick-fix');
    },
  );

  test(
    "a big file's outline is limited: the language status says so, its link opens the setting; a small file's is not",
    { timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      const languageStatus = w.statusBar.locator('[id="status.languageStatus"]');
      const limited = w.page.locator('.monaco-hover, .context-view').getByText('Outline limited to 5000 items');
      // 6,000 attendees of 4 members each: more than 5,000 items (breadcrumbs and sticky scroll ask for them).
      await w.openFile('big.meeting.json');
      await w.until('the outline limit in the language status', async () => {
        await w.page.keyboard.press('Escape');
        await languageStatus.click();
        return (await limited.count()) > 0;
      });
      await w.screenshot('outline-limited');
      await w.page.locator('.monaco-hover, .context-view').getByText('Change Limit').click();
      await w.visible(
        w.page.locator('.settings-editor').getByText('Max Items', { exact: false }).first(),
        'the Settings editor at meetingPayloads.outline.maxItems',
      );
      await w.screenshot('outline-limit-setting');
      await w.page.keyboard.press('Control+W');

      await w.openFile('conf-settings.meeting.json');
      await w.visible(w.statusBar.getByText('Meeting Request JSON'), 'the small file active');
      await languageStatus.click();
      await w.visible(
        w.page.locator('.monaco-hover, .context-view').getByText('Catalog:', { exact: false }),
        'the language status hover',
      );
      assert.equal(await limited.count(), 0, "a small file's outline is whole");
      await w.page.keyboard.press('Escape');
    },
  );

  test('editing sends nothing', () => {
    assert.deepEqual(canary().requests, []);
  });
});
