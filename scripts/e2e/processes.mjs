// Child processes that must never outlive us. Each server is started in its own process group
// (`detached: true`) so that stopping it also stops what it started (code-server forks an extension
// host and a language server; Prism forks workers). On exit, Ctrl+C or SIGTERM every group still
// running is killed, so an interrupted or failed run leaves nothing listening.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { log } from './log.mjs';

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
let handlersInstalled = false;

function killGroup(/** @type {number} */ pid, /** @type {NodeJS.Signals} */ signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** @type {Set<() => void>} */
const exitCallbacks = new Set();

/**
 * Runs `fn` (synchronous: e.g. removing a temp folder) when the process exits, also after Ctrl+C or
 * SIGTERM, when `after` hooks never run. Returns a function that unregisters it.
 * @param {() => void} fn
 */
export function atExit(fn) {
  installHandlers();
  exitCallbacks.add(fn);
  return () => exitCallbacks.delete(fn);
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const child of running) if (child.pid) killGroup(child.pid, 'SIGKILL');
    for (const fn of exitCallbacks) {
      try {
        fn();
      } catch {
        // Best effort: the process is going away.
      }
    }
  });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.once(signal, () => {
      if (running.size > 0) log(`${signal}: stopping ${running.size} process group(s) started here…`);
      void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}

/**
 * Starts a command in its own process group, its output appended to `logFile`.
 * @param {string} command
 * @param {string[]} args
 * @param {{ logFile: string, env?: NodeJS.ProcessEnv, cwd?: string }} options
 */
export function spawnGroup(command, args, { logFile, env, cwd }) {
  installHandlers();
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env: env ?? process.env, cwd });
  closeSync(fd);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/**
 * Stops a process group: SIGTERM, then SIGKILL after `graceMs`. Resolves once the leader has exited.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} [graceMs]
 */
export async function stopGroup(child, graceMs = 5_000) {
  if (!child.pid) return;
  const pid = child.pid;
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => child.once('exit', resolve));
  killGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // The leader may be gone while members of its group still run: make sure of them too.
  killGroup(pid, 'SIGKILL');
  running.delete(child);
}

let stopping = false;

/** True once stopAll() has begun (a child exiting then is expected, not a failure). */
export function isStopping() {
  return stopping;
}

export async function stopAll() {
  stopping = true;
  await Promise.all([...running].map((child) => stopGroup(child)));
}

/** Last `lines` lines of a log file, for failure messages. */
export function tail(/** @type {string} */ file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Runs a command to completion with its output in `logFile`; throws with the log's tail on failure.
 * Bounded by `timeoutMs`: an install that hangs fails instead of eating the CI budget.
 * @param {string} command
 * @param {string[]} args
 * @param {{ logFile: string, env?: NodeJS.ProcessEnv, cwd?: string, timeoutMs: number }} options
 */
export async function runLogged(command, args, { logFile, env, cwd, timeoutMs }) {
  const child = spawnGroup(command, args, { logFile, env, cwd });
  const timer = setTimeout(() => child.pid && killGroup(child.pid, 'SIGKILL'), timeoutMs);
  /** @type {[number | null, NodeJS.Signals | null]} */
  const [code, signal] = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c, s) => resolve([c, s]));
  });
  clearTimeout(timer);
  running.delete(child);
  if (code !== 0) {
    const why = signal === 'SIGKILL' ? `timed out after ${Math.round(timeoutMs / 1000)} s` : `exit ${code ?? signal}`;
    throw new Error(`'${command} ${args.join(' ')}' failed (${why}). Log: ${logFile}\n${tail(logFile)}`);
  }
}

/** True when `command` can be found on the PATH. */
export function onPath(/** @type {string} */ command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}
