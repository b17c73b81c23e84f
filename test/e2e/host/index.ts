/**
 * Entry of the extension-host suites (`extensionTestsPath`): VS Code loads this file, bundled to
 * CommonJS, in the extension host and calls `run()`. The same bundle runs in code-server
 * (test/e2e/hostSuites.test.ts) and in a desktop VS Code (`npm run test:electron`).
 *
 * Results go to the JSON file named by MEETING_HOST_RESULTS (when set) and to the console.
 */
import { writeFileSync } from 'node:fs';
import { runHostTests } from './runner';
import './language.suite';
import './security.suite';

export async function run(): Promise<void> {
  const results = await runHostTests();
  const file = process.env.MEETING_HOST_RESULTS;
  if (file) writeFileSync(file, JSON.stringify(results, null, 2));
  for (const r of results) {
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.ms} ms)${r.error ? `\n${r.error}` : ''}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  if (failed > 0) throw new Error(`${failed} of ${results.length} extension-host test(s) failed`);
}
