// npm run test:electron: the extension-host suites (test/e2e/host/) in a desktop VS Code through
// @vscode/test-electron, the same bundle test/e2e/hostSuites.test.ts runs in code-server.
//
// Which VS Code: VSCODE_EXECUTABLE_PATH when set; else the desktop VS Code behind `code` on the PATH;
// else a download by @vscode/test-electron (cached in .vscode-test/). Where none of these is possible
// (this project's build machines have no internet and no desktop VS Code) it fails at once with a
// message saying so, instead of hanging on a download. Linux without a display needs xvfb-run.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildHostSuites } from './hostBundle.mjs';
import { log } from './log.mjs';
import { CACHE_DIR, REPO_ROOT } from './paths.mjs';
import { onPath } from './processes.mjs';

const UPDATE_HOST = 'update.code.visualstudio.com';

async function main() {
  const executable = await findVsCode();
  log('building the extension (node esbuild.mjs) and the host suites…');
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('node esbuild.mjs failed');
  const bundle = await buildHostSuites();

  const root = mkdtempSync(join(tmpdir(), 'meeting-electron-'));
  const workspace = join(root, 'workspace');
  cpSync(join(REPO_ROOT, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  const resultsFile = join(root, 'results.json');
  try {
    log(`running the extension-host suites in ${executable}`);
    const code = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: bundle,
      extensionTestsEnv: { MEETING_HOST_RESULTS: resultsFile },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    }).catch((error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    });
    if (existsSync(resultsFile)) {
      const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
      for (const r of results)
        process.stdout.write(
          `${r.ok ? '✔' : '✖'} ${r.name} (${r.ms} ms)${r.error ? `\n  ${r.error.replace(/\n/g, '\n  ')}` : ''}\n`,
        );
    }
    process.exitCode = code;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The desktop VS Code to use, or a clear error when there is none and none can be downloaded. */
async function findVsCode() {
  const given = process.env.VSCODE_EXECUTABLE_PATH;
  if (given) {
    if (!existsSync(given)) throw new Error(`VSCODE_EXECUTABLE_PATH=${given} does not exist.`);
    return given;
  }
  if (onPath('code')) {
    // `code` is a launcher script (…/bin/code); the Electron binary sits one folder up.
    const launcher = realpathSync(spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim());
    for (const candidate of [join(dirname(dirname(launcher)), 'code'), join(dirname(dirname(launcher)), 'Code')]) {
      if (existsSync(candidate) && candidate !== launcher) return candidate;
    }
    log(`found \`code\` at ${launcher} but not the VS Code binary beside it; trying a download`);
  }
  try {
    await Promise.race([
      lookup(UPDATE_HOST),
      new Promise((_, reject) => setTimeout(() => reject(new Error('DNS lookup timed out')), 5_000)),
    ]);
  } catch (error) {
    throw new Error(
      `No desktop VS Code here, and none can be downloaded: ${UPDATE_HOST} is unreachable (${error instanceof Error ? error.message : error}).\n` +
        'Set VSCODE_EXECUTABLE_PATH to a VS Code binary, or put `code` on the PATH. The same suites run in code-server\n' +
        'as part of `npm test` (test/e2e/hostSuites.test.ts), which needs no desktop VS Code.',
    );
  }
  log('downloading VS Code (stable) with @vscode/test-electron…');
  // `timeout` is an idle timeout: a download that stalls fails instead of hanging.
  return downloadAndUnzipVSCode({ version: 'stable', cachePath: CACHE_DIR, timeout: 30_000 });
}

main().catch((error) => {
  process.stderr.write(`\ntest:electron: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
