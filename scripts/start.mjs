// npm start: the extension in a real VS Code, on the sample requests, against a local mock of the API.
//   1. builds and packages the extension (dist/meeting-payloads.vsix);
//   2. installs what is missing (Node 24, code-server, Chromium's libraries: first run only, cached in .vscode-test/);
//   3. starts the Prism mock of the whole catalog on 127.0.0.1:4010 (the built-in `mock` environment);
//   4. starts code-server with the extension on a scratch copy of examples/ (the repository's files never
//      change, whatever auto-save or a quick fix does), environment `mock` selected, the extension gallery
//      and update checks off (nothing leaves 127.0.0.1), and prints the address.
// Ctrl+C stops everything. `npm run start:desktop` (--desktop) opens a desktop VS Code (`code` on the PATH)
// in extension development mode instead, with the same mock.
//
// Options: --port <n> for code-server (default: PORT, else a free port); --reset recopies every example into
// the scratch folder. State (user settings, extensions, the scratch examples) persists in .vscode-test/start/ so
// that what you change there survives restarts.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ensureToolchain,
  ensureVsix,
  installExtension,
  isListening,
  log,
  MOCK_PORT,
  onPath,
  REPO_ROOT,
  startCodeServer,
  startMockCatalog,
  stopAll,
  writeUserSettings,
} from './e2e/index.mjs';
import { isStopping, runLogged } from './e2e/processes.mjs';

const { values: options } = parseArgs({
  options: {
    desktop: { type: 'boolean', default: false },
    port: { type: 'string' },
    reset: { type: 'boolean', default: false },
  },
});

const EXAMPLES = join(REPO_ROOT, 'examples');
const STATE_DIR = process.env.MEETING_START_STATE_DIR ?? join(REPO_ROOT, '.vscode-test', 'start');
const LOG_DIR = join(STATE_DIR, 'logs');
const SCRATCH = join(STATE_DIR, 'examples');
const USER_SETTINGS = { 'meetingPayloads.environment': 'mock' };
// code-server's default gallery is open-vsx.org, which it polls for updates: an empty gallery turns that off.
const OFFLINE_ENV = { EXTENSIONS_GALLERY: '{}' };

/**
 * The workspace npm start opens: examples/ copied into the state folder. Files already there are kept (they
 * hold the newcomer's edits) unless --reset; new examples are added. Returns how many files were copied.
 */
function scratchExamples(/** @type {boolean} */ reset) {
  mkdirSync(SCRATCH, { recursive: true });
  let copied = 0;
  for (const name of readdirSync(EXAMPLES)) {
    const target = join(SCRATCH, name);
    if (!reset && existsSync(target)) continue;
    copyFileSync(join(EXAMPLES, name), target);
    copied++;
  }
  return copied;
}

async function main() {
  const started = Date.now();
  mkdirSync(LOG_DIR, { recursive: true });
  if (options.desktop && !onPath('code')) {
    fail(
      'No desktop VS Code here: the `code` command is not on the PATH.\n' +
        'Install VS Code and its shell command (Command Palette → "Shell Command: Install \'code\' command in PATH"),\n' +
        'or run `npm start` to use the extension in code-server in your browser.',
    );
  }
  await ensurePortFree(MOCK_PORT, 'the mock (Prism)');
  const copied = scratchExamples(options.reset);
  if (options.desktop) {
    log('building the extension (npm run build)…');
    await runLogged('npm', ['run', 'build', '--silent'], {
      logFile: join(LOG_DIR, 'build.log'),
      cwd: REPO_ROOT,
      timeoutMs: 10 * 60_000,
    });
    await startDesktop(await startMock());
    return;
  }

  // Always rebuild: the point is to see the current sources.
  const vsix = await ensureVsix({ force: true });
  const mock = await startMock();
  const toolchain = await ensureToolchain();
  const userDataDir = join(STATE_DIR, 'user-data');
  const extensionsDir = join(STATE_DIR, 'extensions');
  // Settings are written once; later changes made in the UI are kept.
  if (!existsSync(join(userDataDir, 'User', 'settings.json'))) writeUserSettings(userDataDir, USER_SETTINGS);
  log('installing the extension into code-server…');
  await installExtension(toolchain, {
    vsix,
    extensionsDir,
    userDataDir,
    logFile: join(LOG_DIR, 'install-extension.log'),
    env: OFFLINE_ENV,
  });
  const port = Number(options.port ?? process.env.PORT ?? 0) || undefined;
  if (port) await ensurePortFree(port, 'code-server');
  const server = await startCodeServer(toolchain, {
    workspace: SCRATCH,
    userDataDir,
    extensionsDir,
    logFile: join(LOG_DIR, 'code-server.log'),
    env: OFFLINE_ENV,
    // A copy of this repository's own examples: trust it, so Send works without a trust prompt.
    workspaceTrust: false,
    ...(port ? { port } : {}),
  });

  banner([
    `Meeting Payloads is running in code-server (ready in ${Math.round((Date.now() - started) / 1000)} s).`,
    '',
    `  Open:  ${server.url}`,
    '',
    `  Mock API (Prism, the whole catalog): ${mock.origin}`,
    ...Object.entries(mock.baseUrls).map(([family, url]) => `    ${family.padEnd(15)} → ${url}`),
    '  Environment "mock" is selected. The mock checks that a token is sent, not its value:',
    '  run "Meeting Payloads: Set Token" with any text, then "Meeting Payloads: Send Request" (Ctrl+Alt+R).',
    '  Or sign in: "Meeting Payloads: Sign In…" runs the real flow against the mock, which answers the token',
    '  endpoints too (any client id and secret; the device code is approved at once).',
    '  broken.meeting.json shows what the diagnostics look like.',
    '',
    `  Workspace: a scratch copy of examples/ (${copied} file(s) copied now): ${SCRATCH}`,
    "  Edits there are kept across restarts; the repository's examples/ never change. --reset recopies them.",
    '  The extension gallery and update checks are off: nothing leaves 127.0.0.1.',
    '',
    `  Logs: ${LOG_DIR}`,
    '  Ctrl+C stops code-server and the mock.',
  ]);
  const code = await new Promise((resolve) => server.child.once('exit', (c, signal) => resolve(c ?? signal)));
  if (isStopping()) return; // Ctrl+C: the signal handler is stopping everything and exits.
  log(`code-server exited unexpectedly (${code}); stopping the mock. Log: ${server.logFile}`);
  await stopAll();
  process.exit(1);
}

function startMock() {
  return startMockCatalog({ port: MOCK_PORT, dir: STATE_DIR, logFile: join(LOG_DIR, 'prism.log') });
}

/** `code --extensionDevelopmentPath=<repo> examples/` with its own user-data folder (environment `mock`). */
async function startDesktop(/** @type {{ origin: string }} */ mock) {
  const userDataDir = join(STATE_DIR, 'desktop-user-data');
  if (!existsSync(join(userDataDir, 'User', 'settings.json'))) writeUserSettings(userDataDir, USER_SETTINGS);
  const args = [`--extensionDevelopmentPath=${REPO_ROOT}`, `--user-data-dir=${userDataDir}`, '--new-window', SCRATCH];
  log(`code ${args.join(' ')}`);
  const code = await new Promise((resolve) => {
    const child = spawn('code', args, { stdio: 'inherit' });
    child.once('error', () => resolve(-1));
    child.once('exit', (c) => resolve(c));
  });
  if (code !== 0) fail(`\`code\` failed (exit ${code}).`);
  banner([
    `A desktop VS Code window opens with the extension in development mode on a scratch copy of examples/: ${SCRATCH}`,
    `The mock API (Prism) runs at ${mock.origin}; environment "mock" is selected in that window's user settings.`,
    'Ctrl+C here stops the mock (close the VS Code window yourself).',
  ]);
  await new Promise(() => undefined);
}

/** Fails clearly when something already listens on 127.0.0.1:`port` (often: an earlier npm start). */
async function ensurePortFree(/** @type {number} */ port, /** @type {string} */ what) {
  if (await isListening(port)) {
    fail(
      `Port ${port} on 127.0.0.1 is already in use, so ${what} cannot start there. Is another \`npm start\` running?`,
    );
  }
}

function banner(/** @type {string[]} */ lines) {
  const rule = '─'.repeat(78);
  process.stdout.write(`\n${rule}\n${lines.join('\n')}\n${rule}\n\n`);
}

/** @returns {never} */
function fail(/** @type {string} */ message) {
  throw new Error(message);
}

main().catch(async (error) => {
  process.stderr.write(`\nnpm start: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
