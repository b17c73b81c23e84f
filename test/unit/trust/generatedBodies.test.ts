/**
 * `meeting-payloads validate` (the real bundle) on generated bodies, judged by an independent validator
 * (`test/helpers/generatedCases.ts`): a body @cfworker/json-schema accepts gets no problem (but true deprecations);
 * a mutated one it rejects gets at least one error at a place it names. The same cases are held over LSP in
 * `test/lsp/trustedDiagnostics.test.ts`. Seeded and bounded.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Cli, scratchDir } from '../cli/cliHarness';
import { generatedCases, misjudged, type Reported } from '../../helpers/generatedCases';

const cases = generatedCases(20261204, 60, 2);
let cli: Cli;
const files = scratchDir();
before(async () => {
  cli = await Cli.build();
  cases.forEach((c, i) => files.write(`g${String(i).padStart(3, '0')}.meeting.json`, c.text));
});
after(() => {
  cli.dispose();
  files.dispose();
});

test('validate: valid generated bodies get nothing, invalid ones an error where the oracle rejects them', async () => {
  assert.ok(cases.filter((c) => c.valid).length >= 60 && cases.filter((c) => !c.valid).length >= 100);
  const r = await cli.run(['validate', '--format', 'json', '.'], { cwd: files.dir, timeoutMs: 120_000 });
  const report = JSON.parse(r.stdout) as { files: Array<{ file: string; problems: Reported[] }> };
  assert.equal(report.files.length, cases.length);
  const wrong: string[] = [];
  for (const f of report.files) {
    const problem = misjudged(cases[Number(/^g(\d+)\./.exec(f.file)?.[1])], f.problems);
    if (problem) wrong.push(problem);
  }
  assert.deepEqual(wrong, []);
  assert.equal(r.code, 1);
});
