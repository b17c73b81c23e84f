/**
 * T38: glob arguments of the command line. `[z-a]` used to end in an internal error with a stack trace, and
 * many `*` against a long file name backtracked (in a regular expression) until the process was killed. The
 * matcher is linear now, and a pattern it cannot use gets one clear line.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cli } from '../cli/cliHarness';

const LONG_NAME = `${'a'.repeat(200)}.meeting.json`;
const MANY_STARS = `${'*a'.repeat(40)}b.meeting.json`;

describe('T38: globs', () => {
  let cli: Cli;
  let dir: string;
  before(async () => {
    cli = await Cli.build();
    dir = mkdtempSync(join(tmpdir(), 'mp-globs-'));
    writeFileSync(join(dir, LONG_NAME), '{}');
    writeFileSync(join(dir, 'b.meeting.json'), '{}');
  });
  after(() => {
    cli.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const validate = (args: string[]) => cli.run(['validate', ...args], { cwd: dir, timeoutMs: 15_000 });

  test('T38: a reversed range ([z-a]) is one clear line and exit 2, no stack trace', async () => {
    const r = await validate(['[z-a].meeting.json']);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'meeting-payloads: [z-a].meeting.json: the pattern "[z-a].meeting.json" has the range z-a, which is reversed: write a-z\n',
    );
  });

  test('T38: 40 stars against a 200-character name answer at once (no match, exit 2)', async () => {
    const started = Date.now();
    const r = await validate([MANY_STARS]);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `meeting-payloads: ${MANY_STARS}: no files match\n`);
    // The same stars do match where they should, as fast; and many ** over a deep path as well.
    const hit = await validate([
      '--format',
      'json',
      `${'*a'.repeat(40)}*.meeting.json`,
      `${'**/'.repeat(30)}${MANY_STARS}`,
    ]);
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(
      (JSON.parse(hit.stdout) as { files: Array<{ file: string }> }).files.map((f) => f.file),
      [LONG_NAME],
    );
    assert.equal(hit.stderr.split('\n')[0], `meeting-payloads: ${'**/'.repeat(30)}${MANY_STARS}: no files match`);
  });

  test('T38: {…} alternatives that multiply past 1,024 are refused in words', async () => {
    const pattern = `${'{a,b}'.repeat(11)}.meeting.json`;
    const r = await validate([pattern]);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      `meeting-payloads: ${pattern}: the pattern ${JSON.stringify(pattern)} has more than 1024 {…} alternatives\n`,
    );
  });
});
