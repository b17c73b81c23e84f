/**
 * `validate` with a reader thread reading ahead (cli/validate/readAhead.ts, from 256 files on): the output is the
 * serial one (`--jobs 1`, no reader) byte for byte in every format; the reader really runs (the bundle's files a
 * run loads are recorded by a hook of CommonJS's `Module.prototype.load`); a reader that fails at its start, or stalls in the middle of
 * a batch, changes nothing but the time taken.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Cli, scratchDir } from './cliHarness';
import { REQUIRE_LOG_HOOK, WORKER_CRASH } from '../../helpers/cliPreloads';
import { generatedCases } from '../../helpers/generatedCases';
import { rng } from '../../helpers/jsonTexts';

let cli: Cli;
const files = scratchDir();
const CORPUS = 'corpus/*.meeting.json';
const FIFO = 'fifo.meeting.json';
let hook: string;
let crash: string;
let stall: string;
let slow: string;

before(async () => {
  cli = await Cli.build();
  const r = rng(0x12);
  // More than 256 files (the reader's threshold), of every operation, valid and not, in both layouts and line ends.
  generatedCases(0x12, 100, 2).forEach((c, i) => {
    files.write(
      `corpus/${String(i).padStart(3, '0')}.meeting.json`,
      r() < 0.2 ? c.text.replace(/\n/g, '\r\n') : c.text,
    );
  });
  files.write('corpus/s1-syntax.meeting.json', '{ "operation": "huawei.meeting.updateVmr", "body": { "vmrName": }');
  files.write('corpus/s2-duplicate.meeting.json', '{ "operation": "a", "operation": "b" }');
  execFileSync('mkfifo', [join(files.dir, FIFO)]);
  hook = files.write('requireHook.cjs', REQUIRE_LOG_HOOK);
  crash = files.write('crash.mjs', WORKER_CRASH);
  // The checking thread sleeps 3 ms per file it parses, so the reader is up before it is done and reads most
  // batches: the texts checked are the reader's, not this thread's own.
  slow = files.write(
    'slow.mjs',
    `import { isMainThread } from 'node:worker_threads';
if (isMainThread) {
  const parse = JSON.parse;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  JSON.parse = function (...args) {
    Atomics.wait(sleeper, 0, 0, 3);
    return parse.apply(this, args);
  };
}
`,
  );
  // The reader blocks for good on its 70th file: in its second batch, claimed and never posted.
  stall = files.write(
    'stall.mjs',
    `import { isMainThread } from 'node:worker_threads';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
if (!isMainThread) {
  let opened = 0;
  const open = fs.openSync;
  fs.openSync = (...args) => {
    if (++opened === 70) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    return open(...args);
  };
  syncBuiltinESMExports();
}
`,
  );
});
after(() => {
  cli?.dispose();
  files.dispose();
});

/** A run, and the bundle's files it loaded. */
async function validate(args: string[], ...preloads: string[]) {
  const log = join(files.dir, 'loaded.log');
  writeFileSync(log, '');
  const nodeArgs = ['--require', hook, ...preloads.flatMap((p) => ['--import', p])];
  const result = await cli.run(['validate', ...args], { cwd: files.dir, nodeArgs, env: { LOADED_LOG: log } });
  const loaded = [
    ...new Set(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((url) => url !== '')
        .map((url) => fileURLToPath(url))
        .filter((f) => f.includes(`${sep}dist${sep}cli${sep}`))
        .map((f) => basename(f)),
    ),
  ].sort();
  return { result, loaded };
}

describe('validate with a reader thread', () => {
  for (const format of ['text', 'json', 'sarif', 'junit', 'github']) {
    test(`--format ${format}: the output with the reader is the serial one`, async () => {
      const serial = await validate([CORPUS, FIFO, '--format', format, '--jobs', '1']);
      assert.deepEqual(serial.loaded, ['validate.cjs']);
      assert.equal(serial.result.code, 2, serial.result.stderr); // the FIFO is not read
      if (format === 'text') {
        for (const kind of [': error: ', ': warning: ', 'cannot read', '[duplicate-key]', '[syntax]']) {
          assert.ok(serial.result.stdout.includes(kind), `${kind} missing from\n${serial.result.stdout}`);
        }
      }
      const ahead = await validate([CORPUS, FIFO, '--format', format], slow);
      assert.deepEqual(ahead.loaded, ['validate.cjs', 'validateReader.cjs']);
      assert.deepEqual(ahead.result, serial.result);
    });
  }

  test('255 files: no reader', async () => {
    const few = (await validate([CORPUS])).result.stdout.split('\n').length;
    assert.ok(few > 255, `${few} lines`); // the corpus is over the threshold: its first 255 files are not
    const list = Array.from({ length: 255 }, (_, i) => `corpus/${String(i).padStart(3, '0')}.meeting.json`);
    const { loaded, result } = await validate(list);
    assert.deepEqual(loaded, ['validate.cjs']);
    assert.match(result.stdout, /^255 files checked: /m);
  });

  test('a reader that fails at its start, or stalls in the middle of a batch, changes nothing but the time', async () => {
    const serial = (await validate([CORPUS, '--jobs', '1'])).result;
    for (const preload of [crash, stall]) {
      const { result, loaded } = await validate([CORPUS], slow, preload);
      assert.deepEqual(result, serial, basename(preload));
      assert.ok(loaded.includes('validateReader.cjs') || preload === crash, loaded.join(', '));
    }
  });
});
