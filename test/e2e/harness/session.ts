/**
 * One real VS Code for one test file: code-server with the packaged extension installed in a fresh
 * extensions folder, a temp copy of the fixture workspace, a fresh user-data folder with the test's
 * User settings, and headless Chromium showing the workbench. `stop()` ends all of it; it also runs on
 * Ctrl+C / SIGTERM through the process registry of scripts/e2e.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
  /**
   * Run extension-host suites instead of installing the .vsix: the bundle at this path becomes
   * `extensionTestsPath` and the repository `extensionDevelopmentPath` (see hostSuites.test.ts).
   */
  hostTests?: { bundle: string; onExit: (code: number) => void };
  /** Extra files written into the workspace copy before VS Code opens it: relative path → text. */
  workspaceFiles?: Record<string, string>;
}

export interface Session {
  workbench: Workbench;
  page: Page;
  server: RunningCodeServer;
  /** The temp copy of the fixture workspace. */
  workspace: string;
  /** Where screenshots and logs of this session go. */
  outputDir: string;
  /** code-server's user-data folder (settings, logs, extension storage) and extensions folder. */
  userDataDir: string;
  extensionsDir: string;
  stop(): Promise<void>;
}

/** test-output/e2e/<name>/, emptied: screenshots and logs of one run. */
export async function freshOutputDir(name: string): Promise<string> {
  const dir = join((await tooling()).SCREENSHOT_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Headless Chromium showing the workbench at `url`, waited for until the explorer lists the folder. */
export async function openWorkbench(
  url: string,
  outputDir: string,
  name: string,
  beforeOpen?: (page: Page) => Promise<unknown>,
): Promise<{ browser: Browser; page: Page; workbench: Workbench }> {
  const { log, CHROMIUM_PATH } = await tooling();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await beforeOpen?.(page);
    const workbench = new Workbench(page, outputDir);
    log(`[${name}] opening ${url}`);
    await page.goto(url, { timeout: 60_000 });
    await workbench.waitForWorkbench();
    return { browser, page, workbench };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The workbench URL `payload` that runs extension tests in the remote (code-server) extension host:
 * paths as vscode-remote URIs on code-server's fixed remote authority, "remote".
 */
function hostPayload(developmentPath: string, testsPath: string): Array<[string, string]> {
  return [
    ['extensionDevelopmentPath', `vscode-remote://remote${developmentPath}`],
    ['extensionTestsPath', `vscode-remote://remote${testsPath}`],
  ];
}

export async function startSession(options: SessionOptions): Promise<Session> {
  const { atExit, ensureToolchain, ensureVsix, installExtension, log, REPO_ROOT, startCodeServer, writeUserSettings } =
    await tooling();
  const outputDir = await freshOutputDir(options.name);
  const root = mkdtempSync(join(tmpdir(), `meeting-e2e-${options.name}-`));
  // Interrupted runs skip `after` hooks: the temp folder still goes.
  const forgetRoot = atExit(() => rmSync(root, { recursive: true, force: true }));
  const workspace = join(root, 'workspace');
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  for (const [relative, text] of Object.entries(options.workspaceFiles ?? {})) {
    mkdirSync(dirname(join(workspace, relative)), { recursive: true });
    writeFileSync(join(workspace, relative), text);
  }

  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  const stop = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
    forgetRoot();
  };

  try {
    const toolchain = await ensureToolchain();
    // The package (host tests: the bundles it is made of, which `npm run package` builds too).
    const vsix = await ensureVsix();
    writeUserSettings(userDataDir, options.settings ?? {});
    const host = options.hostTests;
    if (!host) {
      log(`[${options.name}] installing ${vsix} into a fresh extensions folder`);
      await installExtension(toolchain, {
        vsix,
        extensionsDir,
        userDataDir,
        logFile: join(outputDir, 'install-extension.log'),
      });
    }
    server = await startCodeServer(toolchain, {
      workspace,
      userDataDir,
      extensionsDir,
      logFile: join(outputDir, 'code-server.log'),
      workspaceTrust: options.workspaceTrust ?? false,
      env: options.env ?? {},
      // A built workbench honours extensionDevelopmentPath/extensionTestsPath from the URL only with this.
      ...(host ? { extraArgs: ['--vscode-option', 'enable-smoke-test-driver'] } : {}),
    });
    const url = host
      ? `${server.url}&payload=${encodeURIComponent(JSON.stringify(hostPayload(REPO_ROOT, host.bundle)))}`
      : server.url;
    // The workbench reports the end of extension tests by calling window.codeAutomationExit(code).
    const beforeOpen = host
      ? (page: Page) => page.exposeFunction('codeAutomationExit', (code: number) => host.onExit(code))
      : undefined;
    const opened = await openWorkbench(url, outputDir, options.name, beforeOpen);
    browser = opened.browser;
    return {
      workbench: opened.workbench,
      page: opened.page,
      server,
      workspace,
      outputDir,
      userDataDir,
      extensionsDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
