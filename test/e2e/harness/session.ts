/**
 * One real VS Code for one test file: code-server with the packaged extension installed in a fresh
 * extensions folder, a temp copy of the fixture workspace, a fresh user-data folder with the test's
 * User settings, and headless Chromium showing the workbench. `stop()` ends all of it; it also runs on
 * Ctrl+C / SIGTERM through the process registry of scripts/e2e.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { tooling, type RunningCodeServer } from './tooling';
import { Workbench } from './workbench';

/** Flags that keep Chromium quiet on a closed network (real-vscode.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export const FIXTURE_WORKSPACE = join(__dirname, '..', 'workspace');

export interface SessionOptions {
  /** Short name: the folder of screenshots and logs under test-output/e2e/. */
  name: string;
  /** User settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
  /** false: Workspace Trust is off and the folder counts as trusted. true: the folder opens in Restricted Mode. */
  workspaceTrust?: boolean;
  /** Environment of the code-server process (and so of the extension host). */
  env?: NodeJS.ProcessEnv;
}

export interface Session {
  workbench: Workbench;
  page: Page;
  server: RunningCodeServer;
  /** The temp copy of the fixture workspace. */
  workspace: string;
  /** Where screenshots and logs of this session go. */
  outputDir: string;
  stop(): Promise<void>;
}

export async function startSession(options: SessionOptions): Promise<Session> {
  const { ensureToolchain, ensureVsix, installExtension, log, SCREENSHOT_DIR, startCodeServer, writeUserSettings } = await tooling();
  const outputDir = join(SCREENSHOT_DIR, options.name);
  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), `meeting-e2e-${options.name}-`));
  const workspace = join(root, 'workspace');
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });

  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  const stop = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  };

  try {
    const toolchain = await ensureToolchain();
    const vsix = await ensureVsix();
    writeUserSettings(userDataDir, options.settings ?? {});
    log(`[${options.name}] installing ${vsix} into a fresh extensions folder`);
    await installExtension(toolchain, { vsix, extensionsDir, userDataDir, logFile: join(outputDir, 'install-extension.log') });
    server = await startCodeServer(toolchain, {
      workspace,
      userDataDir,
      extensionsDir,
      logFile: join(outputDir, 'code-server.log'),
      workspaceTrust: options.workspaceTrust ?? false,
      env: options.env ?? {},
    });
    browser = await chromium.launch({ executablePath: toolchain.chromium, args: CHROMIUM_ARGS, timeout: 60_000 });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const workbench = new Workbench(page, outputDir);
    log(`[${options.name}] opening ${server.url}`);
    await page.goto(server.url, { timeout: 60_000 });
    await workbench.waitForWorkbench();
    return { workbench, page, server, workspace, outputDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
