// Types of index.mjs for the TypeScript end-to-end tests.
import type { ChildProcess } from 'node:child_process';

export interface Toolchain {
  /** Node 24 binary that runs code-server. */
  node: string;
  nodeDir: string;
  codeServerEntry: string;
  chromium: string;
}

export interface RunningCodeServer {
  /** The workbench address with the workspace folder, e.g. http://127.0.0.1:43211/?folder=/tmp/ws */
  url: string;
  port: number;
  workspace: string;
  logFile: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface RunningMock {
  origin: string;
  /** API family → base URL on the mock. */
  baseUrls: Record<string, string>;
  file: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function ensureToolchain(): Promise<Toolchain>;
export function ensureVsix(options?: { force?: boolean }): Promise<string>;
export function freePort(): Promise<number>;
/** Whether something accepts connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean>;
/** True when the command can be found on the PATH. */
export function onPath(command: string): boolean;
export function installExtension(
  toolchain: Toolchain,
  options: { vsix: string; extensionsDir: string; userDataDir: string; logFile: string; env?: NodeJS.ProcessEnv },
): Promise<void>;
export function startCodeServer(
  toolchain: Toolchain,
  options: {
    workspace: string;
    userDataDir: string;
    extensionsDir: string;
    logFile: string;
    port?: number;
    workspaceTrust: boolean;
    env?: NodeJS.ProcessEnv;
    /** More code-server arguments, e.g. ['--vscode-option', 'enable-smoke-test-driver']. */
    extraArgs?: string[];
    readyTimeoutMs?: number;
  },
): Promise<RunningCodeServer>;
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void;
export function mockBaseUrls(origin: string): Record<string, string>;
/** The mock's own words for a body it refuses, per API family (mockCatalog.mjs). */
export const MOCK_REFUSALS: Record<string, Record<string, unknown>>;
export function startMockCatalog(options: {
  port: number;
  dir: string;
  logFile: string;
  readyTimeoutMs?: number;
}): Promise<RunningMock>;
export const MOCK_PORT: number;
/** Bundles test/e2e/host/index.ts for the extension host; resolves to the bundle's path. */
export function buildHostSuites(): Promise<string>;
export const HOST_BUNDLE: string;
export function log(message: string): void;
export function stopAll(): Promise<void>;
/** Runs a synchronous cleanup on exit, also after Ctrl+C / SIGTERM; returns an unregister function. */
export function atExit(fn: () => void): () => void;
/** Starts a command in its own process group (stopped on exit, Ctrl+C, SIGTERM), output appended to logFile. */
export function spawnGroup(
  command: string,
  args: string[],
  options: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string },
): ChildProcess;
/** SIGTERM to the group, SIGKILL after graceMs; resolves when the leader has exited. */
export function stopGroup(child: ChildProcess, graceMs?: number): Promise<void>;
export const CHROMIUM_PATH: string;
export const REPO_ROOT: string;
export const SCREENSHOT_DIR: string;
export const VSIX_PATH: string;
