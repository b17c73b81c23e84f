/**
 * `validate` on several threads (cli/validate/parallel.ts) prints what the serial run prints, byte for byte, in
 * every format; a worker's files are reported at their own file:line:col; a worker that fails stops the run with
 * a clear error and exit 2, and no report. `--jobs` chooses the threads (the automatic choice needs 20,000
 * files). From 256 files on, a reader thread reads ahead of the checking thread: the same output again.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Cli, scratchDir } from './cliHarness';
import { autoThreads } from '../../../cli/validate/parallel';
import { WORKER_CRASH } from '../../helpers/cliPreloads';
import { generatedCases } from '../../helpers/generatedCases';
import { rng } from '../../helpers/jsonTexts';
import { VMR_REQUEST } from '../../helpers/requestFiles';

let cli: Cli;
const files = scratchDir();
const CORPUS = 'corpus/*.meeting.json';
/** The corpus's last file: with FIFO after it, the end of the list, always a worker's own chunk. */
const LAST = 'corpus/zz-last.meeting.json';
const LAST_TEXT = JSON.stringify({ ...VMR_REQUEST, body: { ...VMR_REQUEST.body, vmrName: 7 } }, null, 2).replace(
  /\n/g,
  '\r\n',
);
/** A file that cannot be read, named after the glob's files: the end of the list. */
const FIFO = 'fifo.meeting.json';

before(async () => {
  cli = await Cli.build();
  // Generated request files of every operation, valid and with known mutations, in both layouts; and what the
  // generator does not make: syntax errors, duplicate keys, CRLF, a file that cannot be read.
  const r = rng(0x11);
  generatedCases(0x11, 60, 2).forEach((c, i) => {
    const text = r() < 0.2 ? c.text.replace(/\n/g, '\r\n') : c.text;
    files.write(`corpus/${String(i).padStart(3, '0')}.meeting.json`, text);
  });
  files.write('corpus/s1-syntax.meeting.json', '{ "operation": "huawei.meeting.updateVmr", "body": { "vmrName": }');
  files.write('corpus/s2-duplicate.meeting.json', '{ "operation": "a", "operation": "b" }');
  execFileSync('mkfifo', [join(files.dir, FIFO)]);
  files.write(LAST, LAST_TEXT);
});
after(() => {
  cli?.dispose();
  files.dispose();
});

const validate = (args: string[], nodeArgs: string[] = []) =>
  cli.run(['validate', ...args], { cwd: files.dir, nodeArgs });

describe('validate on several threads', () => {
  for (const format of ['text', 'json', 'sarif', 'junit', 'github']) {
    test(`--format ${format}: the output of 2 and 4 threads is the serial one`, async () => {
      const serial = await validate([CORPUS, FIFO, '--format', format, '--jobs', '1']);
      assert.equal(serial.code, 2, serial.stderr); // the FIFO is not read
      // The corpus holds every kind of result, so the comparison covers them.
      if (format === 'text') {
        for (const kind of [': error: ', ': warning: ', 'cannot read', '[duplicate-key]', '[syntax]']) {
          assert.ok(serial.stdout.includes(kind), `${kind} missing from\n${serial.stdout}`);
        }
      }
      for (const jobs of ['2', '4']) {
        const parallel = await validate([CORPUS, FIFO, '--format', format, '--jobs', jobs]);
        assert.deepEqual(parallel, serial, `--jobs ${jobs}`);
      }
    });
  }

  test("a worker's file is reported at its own file:line:col", async () => {
    const r = await validate([CORPUS, FIFO, '--jobs', '3']);
    const lines = LAST_TEXT.split('\r\n');
    assert.equal(r.code, 2, r.stderr);
    const line = lines.findIndex((l) => l.includes('"vmrName": 7')) + 1;
    const column = lines[line - 1].indexOf('7') + 1;
    const reported = r.stdout.split('\n').filter((l) => l.startsWith(`${LAST}:`));
    assert.deepEqual(reported, [
      `${LAST}:${line}:${column}: error: vmrName must be a string, not a whole number. [type]`,
    ]);
    assert.match(
      r.stdout,
      new RegExp(`^${FIFO.replace(/\./g, '\\.')}: error: cannot read: is a named pipe \\(FIFO\\)`, 'm'),
    );
  });

  test('a worker that throws stops the run: a clear error, exit 2, no report', async () => {
    const crash = files.write('crash.mjs', WORKER_CRASH);
    // Workers inherit node's options, so the preloaded module runs in each worker (and does nothing in the main one).
    const r = await validate([CORPUS, '--jobs', '2'], ['--import', crash]);
    assert.deepEqual(r, {
      code: 2,
      stdout: '',
      stderr: 'meeting-payloads validate: a validation thread stopped: simulated crash; no report was written.\n',
    });
  });

  test('a worker that exits early stops the run the same way', async () => {
    const exit = files.write(
      'exit.mjs',
      "import { isMainThread } from 'node:worker_threads';\nif (!isMainThread) process.exit(3);\n",
    );
    const r = await validate([CORPUS, '--jobs', '4'], ['--import', exit]);
    assert.deepEqual(r, {
      code: 2,
      stdout: '',
      stderr: 'meeting-payloads validate: a validation thread stopped: it exited with code 3; no report was written.\n',
    });
  });

  test('without --jobs: one thread per core (up to 4) from 20,000 files on, unless the machine is busy', () => {
    const cases: Array<[files: number, cores: number, load: number, threads: number]> = [
      [19_999, 8, 0, 1],
      [20_000, 1, 0, 1],
      [20_000, 2, 0, 2],
      [20_000, 2, 1.49, 2],
      [20_000, 2, 1.5, 1],
      [20_000, 2, 8, 1],
      [50_000, 8, 3, 4],
      [50_000, 8, 7.6, 1],
      [50_000, 3, 0.2, 3],
      [10_000, 8, 0, 1],
    ];
    for (const [count, cores, load, threads] of cases) {
      assert.equal(autoThreads(count, cores, load), threads, `${count} files, ${cores} cores, load ${load}`);
    }
  });

  test('with --catalog, each worker loads the user catalog: the serial output', async () => {
    const catalog = files.write(
      'extra.openapi.json',
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'extra', version: '1' },
        paths: {
          '/x': {
            put: {
              operationId: 'putX',
              requestBody: {
                content: { 'application/json': { schema: { type: 'object', properties: { n: { type: 'integer' } } } } },
              },
            },
          },
        },
      }),
    );
    for (let i = 0; i < 20; i++) {
      files.write(`extra/${i}.meeting.json`, JSON.stringify({ operation: 'extra.putX', body: { n: i % 3 ? i : 'x' } }));
    }
    const args = ['extra', '--catalog', `extra=${catalog}`];
    const serial = await validate([...args, '--jobs', '1']);
    assert.equal(serial.code, 1, serial.stderr);
    assert.equal(
      serial.stdout.split('\n').filter((l) => l.endsWith('n must be a whole number, not a string. [type]')).length,
      7,
    );
    assert.deepEqual(await validate([...args, '--jobs', '3']), serial);
  });

  test('validate through main.mjs (the path of --catalog) prints what validate.cjs, its entry alone, prints', async () => {
    const viaMain = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(cli.root, 'dist', 'cli', 'main.mjs'), 'validate', ...args], {
          cwd: files.dir,
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    for (const args of [[CORPUS, FIFO, '--jobs', '2'], [CORPUS, '--format', 'sarif'], ['--help'], [], ['--bogus']]) {
      const alone = await validate(args);
      assert.deepEqual(await viaMain(args), alone, args.join(' '));
      assert.ok(alone.stdout + alone.stderr !== '', args.join(' '));
    }
  });

  test('--jobs takes a whole number from 1 to 16', async () => {
    for (const jobs of ['0', '17', 'two']) {
      const r = await validate([CORPUS, '--jobs', jobs]);
      assert.deepEqual(r, {
        code: 2,
        stdout: '',
        stderr: `meeting-payloads validate: --jobs must be a whole number from 1 to 16, not "${jobs}".\nRun "meeting-payloads help validate" for usage.\n`,
      });
    }
  });
});
