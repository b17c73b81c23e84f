/**
 * `npm start` as a newcomer runs it: scripts/start.mjs serves a scratch copy of examples/ in code-server
 * with the `mock` environment and the Prism mock of the whole catalog on 127.0.0.1:4010; a quick fix saved
 * there leaves the repository's examples/ untouched; a sample request gets the
 * mock's answer in the response panel; Sign In (the device grant) works against the mock; Restart Language Server
 * says it restarted; nothing leaves 127.0.0.1 (no extension gallery, no update checks); the `[meeting-json]`
 * defaults hold (two spaces, no word-based suggestions: Ctrl+Space in an empty file lists only "New request");
 * Ctrl+C stops everything.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { freshOutputDir, openWorkbench } from './harness/session';
import { E2E_TIMEOUTS } from './harness/timeouts';
import { tooling } from './harness/tooling';
import type { Workbench } from './harness/workbench';

const EXTENSION_ID = 'meeting-payloads.meeting-payloads';
/** An empty request file in the scratch folder (not one of examples/). */
const EMPTY_FILE = 'empty.meeting.json';

describe('npm start', { timeout: E2E_TIMEOUTS.file }, async () => {
  // The built-in `mock` environment is pinned to port 4010: a developer's own `npm start` may hold it.
  const { isListening } = await tooling();
  const busy = await isListening(4010);
  let start: ChildProcess | undefined;
  let browser: Browser | undefined;
  let workbench: Workbench | undefined;
  let output = '';
  let stateDir = '';
  let codeServerPort = 0;
  /** The repository's examples/ as they were before npm start: they must be byte for byte the same after. */
  let examplesBefore = new Map<string, string>();

  before(
    async () => {
      if (busy) return;
      const { ensureToolchain, ensureVsix, freePort, REPO_ROOT, spawnGroup } = await tooling();
      examplesBefore = readExamples(join(REPO_ROOT, 'examples'));
      const outputDir = await freshOutputDir('start');
      // What the harness would install anyway; done first so the start-up below is a second run.
      await ensureToolchain();
      const vsix = await ensureVsix();
      stateDir = mkdtempSync(join(tmpdir(), 'meeting-e2e-start-'));
      // A file the newcomer made in an earlier run: npm start keeps it (and an empty request file is tested below).
      mkdirSync(join(stateDir, 'examples'));
      writeFileSync(join(stateDir, 'examples', EMPTY_FILE), '');
      codeServerPort = await freePort();
      const logFile = join(outputDir, 'npm-start.log');
      start = spawnGroup(process.execPath, ['scripts/start.mjs', '--port', String(codeServerPort)], {
        logFile,
        cwd: REPO_ROOT,
        // A temp state folder, and the .vsix just built (npm start would package it again).
        env: { ...process.env, MEETING_START_STATE_DIR: stateDir, MEETING_E2E_VSIX: vsix },
      });
      const startedAt = Date.now();
      let url: string | undefined;
      while (!url && Date.now() - startedAt < 5 * 60_000) {
        output = readFileSync(logFile, 'utf8');
        url = /Open:\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(output)?.[1];
        if (start.exitCode !== null) throw new Error(`npm start exited (${start.exitCode}):\n${output}`);
        if (!url) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (!url) throw new Error(`npm start printed no address within 5 minutes:\n${output}`);
      const opened = await openWorkbench(url, outputDir, 'start');
      browser = opened.browser;
      workbench = opened.workbench;
    },
    { timeout: E2E_TIMEOUTS.setup },
  );

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (start) await (await tooling()).stopGroup(start);
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  const wb = (): Workbench => {
    if (!workbench) throw new Error('npm start did not come up');
    return workbench;
  };

  test(
    'prints the workbench address on a scratch copy of examples/ and the mock base URL of each family',
    { skip: busy && 'port 4010 is in use' },
    () => {
      const scratch = join(stateDir, 'examples');
      assert.match(
        output,
        new RegExp(`Open:\\s+http://127\\.0\\.0\\.1:${codeServerPort}/\\?folder=${encodeURIComponent(scratch)}`),
      );
      const copy = readExamples(scratch);
      assert.equal(copy.get(EMPTY_FILE), '', 'a file already in the scratch folder is kept');
      copy.delete(EMPTY_FILE);
      assert.deepEqual(copy, examplesBefore, 'the scratch folder starts as a copy of examples/');
      assert.match(output, /nothing leaves 127\.0\.0\.1/);
      assert.match(output, /webex-meetings\s+→ http:\/\/127\.0\.0\.1:4010\/v1\n/);
      assert.match(output, /webex-calling\s+→ http:\/\/127\.0\.0\.1:4010\/v1\n/);
      assert.match(output, /huawei-meeting\s+→ http:\/\/127\.0\.0\.1:4010\n/);
    },
  );

  test(
    'broken.meeting.json shows several problems',
    { skip: busy && 'port 4010 is in use', timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('broken.meeting.json');
      await w.showProblems();
      const rows = await w.until(
        'at least five problems for broken.meeting.json',
        async () => {
          const found = await w.problemRows();
          return found.length >= 6 ? found : undefined; // the file's row and one row per problem
        },
        { describe: async () => (await w.problemRows()).join(' | ') },
      );
      assert.ok(rows.some((r) => r.includes('allowGustFirst')));
      await w.screenshot('broken-example');
    },
  );

  test(
    "a quick fix saved in the demo changes the scratch copy, never the repository's examples/",
    { skip: busy && 'port 4010 is in use', timeout: E2E_TIMEOUTS.test },
    async () => {
      const { REPO_ROOT } = await tooling();
      const w = wb();
      await w.openFile('broken.meeting.json');
      await w.goToText('"false"', 1);
      const fixes = w.codeActions.filter({ hasText: 'Change to false' });
      // Ctrl+. right after the cursor moves is sometimes taken before the editor has focus: ask again (bounded).
      for (let attempt = 0; attempt < 3 && !(await fixes.isVisible()); attempt++) {
        await w.page.keyboard.press('Control+.');
        await fixes.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
      }
      const fix = await w.visible(fixes, 'the quick fix "Change to false"');
      await fix.click();
      await w.until('"allowGustFirst": false in the editor', async () =>
        (await w.editorText()).includes('"allowGustFirst": false'),
      );
      await w.page.keyboard.press('Control+S');
      const scratchFile = join(stateDir, 'examples', 'broken.meeting.json');
      await w.until(
        'the fix saved into the scratch copy',
        () => readFileSync(scratchFile, 'utf8').includes('"allowGustFirst": false'),
        { describe: () => Promise.resolve(readFileSync(scratchFile, 'utf8')) },
      );
      assert.deepEqual(readExamples(join(REPO_ROOT, 'examples')), examplesBefore, 'examples/ did not change');
    },
  );

  test(
    'Restart Language Server says that it restarted',
    { skip: busy && 'port 4010 is in use', timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('broken.meeting.json');
      await w.runCommand('Meeting Payloads: Restart Language Server');
      await w.visible(
        w.notifications.filter({ hasText: 'The Meeting Payloads language server restarted.' }),
        'the "restarted" notification',
      );
      await w.screenshot('language-server-restarted');
    },
  );

  test(
    'nothing leaves 127.0.0.1: no extension gallery in the workbench, update checks off in code-server and the User settings',
    { skip: busy && 'port 4010 is in use' },
    async () => {
      const settings = JSON.parse(readFileSync(join(stateDir, 'user-data', 'User', 'settings.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      assert.equal(settings['meetingPayloads.environment'], 'mock');
      for (const [key, value] of Object.entries({
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'workbench.enableExperiments': false,
      })) {
        assert.equal(settings[key], value, `User setting ${key}`);
      }
      // Written as false; VS Code migrates it to "off" in the file once it runs.
      assert.ok([false, 'off'].includes(settings['extensions.autoUpdate'] as string), 'extensions.autoUpdate is off');
      // The workbench the browser loads carries code-server's product configuration: with the gallery off it names
      // no gallery, so the browser never asks open-vsx.org (the default gallery, polled every minute otherwise).
      const page = await (
        await fetch(`http://127.0.0.1:${codeServerPort}/?folder=${encodeURIComponent(join(stateDir, 'examples'))}`)
      ).text();
      const product = workbenchProduct(page);
      assert.deepEqual(product.extensionsGallery, {}, 'no extension gallery configured');
      assert.doesNotMatch(JSON.stringify(product), /marketplace\.visualstudio|open-vsx\.org\/vscode/, 'no gallery URL');
      const log = readFileSync(join(stateDir, 'logs', 'code-server.log'), 'utf8');
      assert.match(log, /Using custom extensions gallery/, 'code-server took EXTENSIONS_GALLERY');
      // The code-server process itself: its update check is off (Linux: its command line in /proc).
      const server = codeServerProcess(codeServerPort);
      if (server) {
        assert.ok(server.args.includes('--disable-update-check'), server.args.join(' '));
        assert.ok(server.args.includes('--disable-telemetry'), server.args.join(' '));
        assert.equal(server.env.get('EXTENSIONS_GALLERY'), '{}');
      }
    },
  );

  test(
    'the [meeting-json] defaults hold: two spaces, and Ctrl+Space in an empty file lists only "New request" items',
    { skip: busy && 'port 4010 is in use', timeout: E2E_TIMEOUTS.test },
    async () => {
      // What the installed extension contributes (not the repository's copy): the defaults of its language.
      const installed = readdirSync(join(stateDir, 'extensions')).find((d) => d.startsWith(EXTENSION_ID));
      assert.ok(installed, 'the extension is installed in the demo');
      const manifest = JSON.parse(readFileSync(join(stateDir, 'extensions', installed, 'package.json'), 'utf8')) as {
        contributes: { configurationDefaults: Record<string, Record<string, unknown>> };
      };
      const defaults = manifest.contributes.configurationDefaults['[meeting-json]'] ?? {};
      assert.equal(defaults['editor.tabSize'], 2);
      assert.equal(defaults['editor.insertSpaces'], true);
      assert.equal(defaults['editor.wordBasedSuggestions'], 'off');

      const w = wb();
      // Words of the sample files are open in other editors: word-based suggestions would offer them here.
      await w.openFile('huawei-update-vmr.meeting.json');
      await w.openFile(EMPTY_FILE);
      await w.until('"Spaces: 2" in the status bar (the [meeting-json] default)', async () =>
        (await w.statusBarText()).includes('Spaces: 2'),
      );
      await w.showSuggestions('the suggestions of an empty file', { explicit: true });
      const rows = await w.until(
        'only "New request" rows',
        async () => {
          const r = await w.suggestions();
          return r.length >= 5 && r.every((row) => row.label.startsWith('New request: ')) ? r : undefined;
        },
        { describe: async () => JSON.stringify(await w.suggestions()) },
      );
      assert.ok(
        rows.every((row) => row.kind !== 'text'),
        `no word-based items: ${JSON.stringify(rows.map((r) => r.label))}`,
      );
      await w.screenshot('empty-file-new-request');
      await w.page.keyboard.press('Escape');
    },
  );

  for (const [file, expected] of [
    ['webex-update-personal-room.meeting.json', /personalMeetingRoomLink/],
    ['huawei-update-vmr.meeting.json', /Empty body/], // the API documents no body for its 200
  ] as const) {
    test(
      `${file} goes to the Prism mock and its answer shows in the panel`,
      { skip: busy && 'port 4010 is in use', timeout: E2E_TIMEOUTS.test },
      async () => {
        const w = wb();
        await w.openFile(file);
        await w.until('the environment "mock" in the status bar', async () =>
          (await w.statusBarText()).includes('mock'),
        );
        // The mock checks that the operation's security header is there, not what it holds.
        await w.runCommand('Meeting Payloads: Set Token');
        const input = await w.visible(w.quickInput.locator('input[type="password"]'), 'the password box of Set Token');
        await input.fill('newcomer-token');
        await w.page.keyboard.press('Enter');
        await w.hidden(w.quickInput, 'the password box to close');
        await w.runCommand('Meeting Payloads: Send Request');
        const { content } = await w.webviewFrames(EXTENSION_ID, 'the response panel');
        const text = await w.until(
          `the mock's 200 answer to ${file}`,
          async () => {
            const t = await content.locator('body').innerText();
            return t.includes(file) && /\b200 OK\b/.test(t) && expected.test(t) ? t : undefined;
          },
          { describe: () => content.locator('body').innerText() },
        );
        assert.match(text, /\bmock\b/, 'the panel names the environment');
        await w.screenshot(`mock-answer-${file.replace('.meeting.json', '')}`);
      },
    );
  }

  test(
    'Sign In works end to end against the mock: the device grant, then the token with its expiry',
    { skip: busy && 'port 4010 is in use', timeout: E2E_TIMEOUTS.test },
    async () => {
      const w = wb();
      await w.openFile('webex-update-personal-room.meeting.json');
      await w.runCommand('Meeting Payloads: Sign In…');
      await w.until(
        'the Sign In method pick, device grant first',
        async () => (await w.quickInput.locator('.monaco-list-row').allInnerTexts())[0]?.includes('device grant'),
        { describe: () => w.quickInput.innerText() },
      );
      await w.page.keyboard.press('Enter');
      const idBox = await w.visible(w.quickInput.locator('input'), 'the Client ID box');
      await w.until('the Client ID prompt', async () => (await w.quickInput.innerText()).includes('Client ID'));
      await idBox.fill('C-newcomer-client');
      await w.page.keyboard.press('Enter');
      await (
        await w.visible(w.quickInput.locator('input[type="password"]'), 'the Client Secret box')
      ).fill('newcomer-secret');
      await w.page.keyboard.press('Enter');
      // Prism answers the documented examples: the code, then (no approval to wait for) the tokens.
      await w.visible(
        w.notifications.filter({ hasText: 'Signed in to Webex for http://127.0.0.1:4010' }),
        'the "signed in" notification',
      );
      await w.until(
        '"Webex token: 13 d left" in the status bar',
        async () => (await w.statusBarText()).includes('Webex token: 13 d left'),
        { describe: () => w.statusBarText() },
      );
      await w.screenshot('mock-signed-in');
    },
  );

  test(
    'Ctrl+C stops code-server and the mock',
    { skip: busy && 'port 4010 is in use', timeout: E2E_TIMEOUTS.test },
    async () => {
      const child = start;
      assert.ok(child?.pid, 'npm start is running');
      await browser?.close();
      browser = undefined;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      process.kill(child.pid, 'SIGINT');
      const code = await Promise.race([
        exited,
        // unref: the timer must not keep this test file alive once npm start has exited.
        new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000).unref()),
      ]);
      assert.notEqual(code, 'timeout', 'npm start exits within 30 s of Ctrl+C');
      assert.equal(await isListening(4010), false, 'the mock no longer listens');
      assert.equal(await isListening(codeServerPort), false, 'code-server no longer listens');
    },
  );
});

/** Every file of a folder, name → content. */
function readExamples(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')] as const));
}

/** The code-server listening on `port`: its arguments and environment, read from /proc (undefined elsewhere). */
function codeServerProcess(port: number): { args: string[]; env: Map<string, string> } | undefined {
  if (!existsSync('/proc/self/cmdline')) return undefined;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone, or not ours to read
    }
    if (!args.includes(`127.0.0.1:${port}`) || !args.includes('--bind-addr')) continue;
    const env = new Map(
      readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .filter((e) => e.includes('='))
        .map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as [string, string]),
    );
    return { args, env };
  }
  assert.fail(`no process runs code-server on 127.0.0.1:${port}`);
}

/** The product configuration code-server gives the workbench (its page's `vscode-workbench-web-configuration`). */
function workbenchProduct(page: string): Record<string, unknown> {
  const raw = /id="vscode-workbench-web-configuration" data-settings="([^"]*)"/.exec(page)?.[1];
  assert.ok(raw !== undefined, 'the workbench page carries its configuration');
  const decoded = raw
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
  const settings = JSON.parse(decoded.replace(/&amp;/g, '&')) as { productConfiguration?: Record<string, unknown> };
  assert.ok(settings.productConfiguration, 'the configuration names the product');
  return settings.productConfiguration;
}
