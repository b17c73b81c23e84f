// Starts code-server (VS Code's workbench and its Node extension host, served to a browser) with our
// .vsix installed in a fresh extensions folder, on a free loopback port. See real-vscode.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { codeServerEnv } from './install.mjs';
import { log } from './log.mjs';
import { runLogged, spawnGroup, stopGroup, tail } from './processes.mjs';

/**
 * User settings every session starts from: nothing that opens on its own (welcome page, walkthroughs,
 * release notes, tips, chat), nothing that phones home. Tests add their own on top.
 */
export const QUIET_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'npm.autoDetect': 'off',
  // Restricted-Mode tests want an untrusted folder without the modal trust dialog on top of it.
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
};

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on 127.0.0.1:`port` (an earlier run, another server). */
export function isListening(/** @type {number} */ port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(2_000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * Writes `<userDataDir>/User/settings.json`.
 * @param {string} userDataDir
 * @param {Record<string, unknown>} settings
 */
export function writeUserSettings(userDataDir, settings) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), `${JSON.stringify({ ...QUIET_USER_SETTINGS, ...settings }, null, 2)}\n`);
}

/**
 * Installs a .vsix with `code-server --install-extension` (copying an unpacked folder into the
 * extensions folder does not work: the server marks it removed).
 * @param {import('./install.mjs').Toolchain} toolchain
 * @param {{ vsix: string, extensionsDir: string, userDataDir: string, logFile: string, env?: NodeJS.ProcessEnv }} options
 */
export async function installExtension(toolchain, { vsix, extensionsDir, userDataDir, logFile, env }) {
  mkdirSync(extensionsDir, { recursive: true });
  await runLogged(
    toolchain.node,
    [
      toolchain.codeServerEntry,
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      '--force',
      '--install-extension',
      vsix,
    ],
    { logFile, env: codeServerEnv(env), timeoutMs: 120_000 },
  );
}

/**
 * @typedef {{
 *   url: string,
 *   port: number,
 *   workspace: string,
 *   logFile: string,
 *   child: import('node:child_process').ChildProcess,
 *   stop: () => Promise<void>,
 * }} RunningCodeServer
 */

/**
 * Starts code-server and resolves once it answers /healthz.
 * @param {import('./install.mjs').Toolchain} toolchain
 * @param {{
 *   workspace: string,
 *   userDataDir: string,
 *   extensionsDir: string,
 *   logFile: string,
 *   port?: number,
 *   workspaceTrust: boolean,
 *   env?: NodeJS.ProcessEnv,
 *   extraArgs?: string[],
 *   readyTimeoutMs?: number,
 * }} options
 * @returns {Promise<RunningCodeServer>}
 */
export async function startCodeServer(toolchain, options) {
  const port = options.port ?? (await freePort());
  const args = [
    toolchain.codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    options.userDataDir,
    '--extensions-dir',
    options.extensionsDir,
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...(options.extraArgs ?? []),
    options.workspace,
  ];
  log(`starting code-server on 127.0.0.1:${port} (log: ${options.logFile})`);
  const child = spawnGroup(toolchain.node, args, { logFile: options.logFile, env: codeServerEnv(options.env) });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base, child, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await stopGroup(child);
    throw new Error(
      `${/** @type {Error} */ (error).message}\ncode-server log (${options.logFile}):\n${tail(options.logFile)}`,
    );
  }
  return {
    url: `${base}/?folder=${encodeURIComponent(options.workspace)}`,
    port,
    workspace: options.workspace,
    logFile: options.logFile,
    child,
    stop: () => stopGroup(child),
  };
}

/**
 * @param {string} base
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} timeoutMs
 */
async function waitForHealth(base, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    try {
      const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer ${base}/healthz within ${timeoutMs / 1000} s`);
}
