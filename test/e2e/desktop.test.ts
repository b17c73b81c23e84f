/**
 * Without a desktop VS Code (this project's build machines: no `code`, no internet), the desktop entry
 * points say so at once instead of hanging: `npm run start:desktop` and `npm run test:electron`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tooling } from './harness/tooling';

const REPO_ROOT = join(__dirname, '..', '..');

async function canReachVsCodeDownloads(): Promise<boolean> {
  return Promise.race([
    lookup('update.code.visualstudio.com').then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
  ]);
}

function run(script: string, args: string[]): { status: number | null; stderr: string; ms: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, [script, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, VSCODE_EXECUTABLE_PATH: '' },
  });
  return { status: r.status, stderr: r.stderr, ms: Date.now() - started };
}

describe('without a desktop VS Code', async () => {
  const hasCode = (await tooling()).onPath('code');

  test(
    'npm run start:desktop says there is no `code` and points to npm start',
    { skip: hasCode && '`code` is installed here' },
    () => {
      const r = run('scripts/start.mjs', ['--desktop']);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /`code` command is not on the PATH/);
      assert.match(r.stderr, /npm start/);
    },
  );

  test('npm run test:electron fails at once with a clear message', async (t) => {
    if (hasCode || (await canReachVsCodeDownloads())) {
      t.skip('a desktop VS Code is installed or can be downloaded here');
      return;
    }
    const r = run('scripts/e2e/electron.mjs', []);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /No desktop VS Code here, and none can be downloaded/);
    assert.match(r.stderr, /VSCODE_EXECUTABLE_PATH/);
    assert.ok(r.ms < 30_000, `it took ${r.ms} ms`);
  });
});
