/**
 * The extension-host suites (test/e2e/host/) inside code-server's real extension host: the extension
 * in development mode from this repository, the suites as `extensionTestsPath`, both passed through
 * the workbench URL. One node:test subtest per host test. `npm run test:electron` runs the same suites
 * in a desktop VS Code.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { HostResult } from './host/runner';
import { sessionPerFile } from './harness/perFile';
import { E2E_TIMEOUTS } from './harness/timeouts';
import { tooling } from './harness/tooling';

describe('extension-host suites in code-server', { timeout: E2E_TIMEOUTS.file }, () => {
  let exitCode: number | undefined;
  let resultsFile = '';
  let results: HostResult[] = [];

  const session = sessionPerFile(async () => {
    const { buildHostSuites, ensureVsix, REPO_ROOT, SCREENSHOT_DIR } = await tooling();
    // The extension runs from this repository's dist/ here, not from the .vsix: make sure it is built.
    if (!existsSync(join(REPO_ROOT, 'dist', 'client.js'))) await ensureVsix({ force: true });
    resultsFile = join(SCREENSHOT_DIR, 'host-suites', 'results.json');
    return {
      name: 'host-suites',
      // The extension host inherits code-server's environment: this is where index.ts writes.
      env: { MEETING_HOST_RESULTS: resultsFile },
      hostTests: { bundle: await buildHostSuites(), onExit: (code: number) => (exitCode = code) },
    };
  });

  before(
    async () => {
      await session().workbench.until(
        'the extension-host suites to finish',
        () => exitCode !== undefined && existsSync(resultsFile),
        { timeoutMs: 5 * 60_000 },
      );
      results = JSON.parse(readFileSync(resultsFile, 'utf8')) as HostResult[];
    },
    { timeout: 6 * 60_000 },
  );

  test('the suites ran and reported', () => {
    assert.ok(results.length > 0, 'at least one host test ran');
    assert.equal(exitCode, results.every((r) => r.ok) ? 0 : 1, 'the exit code matches the results');
  });

  test('every host test passed', async (t) => {
    for (const result of results) {
      await t.test(result.name, () => {
        if (!result.ok) assert.fail(result.error ?? 'failed');
      });
    }
  });
});
