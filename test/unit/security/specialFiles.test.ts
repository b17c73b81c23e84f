/**
 * T37: files named by a workspace's settings or by command-line arguments are read as regular files only, with
 * the extension's own size limits. A FIFO used to hang `validate` and `send` in the read, `/dev/zero` (directly
 * or through a symbolic link) grew to 16 GB and aborted them, and as a catalog path it killed the language
 * server; `send` read a 300 MB file that the extension refuses at 1 MB. Every case here must answer promptly.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CatalogStatus, type CatalogStatusParams } from '../../../common/protocol';
import { MAX_SEND_DOCUMENT_BYTES } from '../../../common/requestSpec';
import { USER_CATALOG_LIMITS } from '../../../server/src/catalog/userCatalog';
import { LIMITS } from '../../../server/src/features/analyze';
import { FileReadError, readRegularFile } from '../../../server/src/util/readFile';
import { LspHarness } from '../../helpers/lspHarness';
import { Cli } from '../cli/cliHarness';

const posix = process.platform !== 'win32' && existsSync('/dev/zero');
const skip = posix ? false : 'needs /dev/zero and mkfifo';
/** A hang is the failure here: anything that answers at all answers within this. */
const BOUND_MS = 15_000;

const VMR = (vmrName: string) =>
  JSON.stringify({ operation: 'huawei.meeting.updateMemberVmr', pathParams: { id: 'r1' }, body: { vmrName } });

let dir: string;
const at = (name: string) => join(dir, name);
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mp-special-files-'));
  if (!posix) return;
  execFileSync('mkfifo', [at('pipe.meeting.json')]);
  execFileSync('mkfifo', [at('pipe.openapi.json')]);
  symlinkSync('/dev/zero', at('zero.meeting.json'));
  symlinkSync('/dev/zero', at('zero.openapi.json'));
  writeFileSync(at('ok.meeting.json'), VMR('Project room'));
  // Sparse: the size is real (the read has to see it), the disk use is not.
  writeFileSync(at('big.meeting.json'), '');
  truncateSync(at('big.meeting.json'), MAX_SEND_DOCUMENT_BYTES + 1);
  writeFileSync(at('big.openapi.json'), '');
  truncateSync(at('big.openapi.json'), USER_CATALOG_LIMITS.maxTextLength + 1);
  writeFileSync(at('huge.meeting.json'), '');
  truncateSync(at('huge.meeting.json'), LIMITS.maxTextLength + 1);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('T37: one bounded read of regular files', { skip }, () => {
  test('T37: readRegularFile refuses a FIFO, /dev/zero and a link to it at once, and counts what it reads', () => {
    const refused = (path: string, max = 1024): FileReadError => {
      try {
        readRegularFile(path, max);
      } catch (err) {
        assert.ok(err instanceof FileReadError, String(err));
        return err;
      }
      throw new Error(`${path} was read`);
    };
    assert.equal(refused(at('pipe.meeting.json')).message, 'is a named pipe (FIFO), not a regular file');
    assert.equal(refused('/dev/zero').message, 'is a character device, not a regular file');
    assert.equal(refused(at('zero.meeting.json')).message, 'is a character device, not a regular file');
    assert.equal(refused(dir).message, 'is a directory, not a regular file');
    assert.equal(refused(at('nope.json')).message, 'no such file');
    const big = refused(at('big.meeting.json'), MAX_SEND_DOCUMENT_BYTES);
    assert.deepEqual([big.message, big.kind], ['is larger than 1 MB', 'too-large']);
    // /proc files say they hold 0 bytes: the size that counts is the one read.
    if (existsSync('/proc/self/status')) assert.match(readRegularFile('/proc/self/status', 1 << 20), /^Name:/m);
    assert.equal(readRegularFile(at('ok.meeting.json'), 1024), VMR('Project room'));
  });
});

describe('T37: the command line', { skip }, () => {
  let cli: Cli;
  let server: Server;
  let baseUrl: string;
  let requests = 0;
  before(async () => {
    cli = await Cli.build();
    server = createServer((req, res) => {
      requests++;
      req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    cli.dispose();
  });
  const run = (args: string[]) => cli.run(args, { cwd: dir, timeoutMs: BOUND_MS });

  test('T37: validate reports a FIFO, /dev/zero, a link to it and a file over 50 MB, and checks the rest', async () => {
    const r = await run([
      'validate',
      'pipe.meeting.json',
      '/dev/zero',
      'zero.meeting.json',
      'huge.meeting.json',
      'ok.meeting.json',
    ]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(
      r.stdout,
      [
        'pipe.meeting.json: error: cannot read: is a named pipe (FIFO), not a regular file',
        '/dev/zero: error: cannot read: is a character device, not a regular file',
        'zero.meeting.json: error: cannot read: is a character device, not a regular file',
        'huge.meeting.json: error: cannot read: is larger than 50 MB',
        '1 file checked, 4 unreadable: no problems.',
        '',
      ].join('\n'),
    );
  });

  test('T37: send refuses a FIFO, /dev/zero and a file over the 1 MB send limit, even with --force; nothing is sent', async () => {
    for (const [file, why] of [
      ['pipe.meeting.json', 'is a named pipe (FIFO), not a regular file'],
      ['zero.meeting.json', 'is a character device, not a regular file'],
      ['big.meeting.json', 'is larger than 1 MB'],
    ]) {
      const r = await run(['send', file, '--force', '--base-url', baseUrl]);
      assert.equal(r.code, 2, `${file}: ${r.stderr}`);
      assert.equal(r.stderr, `meeting-payloads send: ${join(dir, file)}: ${why}\n`);
      assert.equal(r.stdout, '');
    }
    const cacert = await run(['send', 'ok.meeting.json', '--cacert', '/dev/zero', '--base-url', baseUrl]);
    assert.equal(cacert.code, 2, cacert.stderr);
    assert.match(cacert.stderr, /\/dev\/zero: is a character device, not a regular file/);
    assert.equal(requests, 0);
    // The same command with a regular file does send: the refusals above are about the files.
    const ok = await run(['send', 'ok.meeting.json', '--base-url', baseUrl]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(requests, 1);
  });

  test('T37: import-curl stops reading a standard input of /dev/zero at its 5 MB limit', async () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const child = spawn(process.execPath, [cli.bin, 'import-curl'], { stdio: [zero, 'pipe', 'pipe'] });
      const timer = setTimeout(() => child.kill('SIGKILL'), BOUND_MS);
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdout!.resume();
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      clearTimeout(timer);
      assert.equal(code, 2, stderr);
      assert.equal(stderr, 'meeting-payloads import-curl: standard input is larger than 5 MB\n');
    } finally {
      closeSync(zero);
    }
  });

  test('T37: --catalog and check-examples refuse a FIFO and /dev/zero', async () => {
    for (const file of ['pipe.openapi.json', 'zero.openapi.json']) {
      const why = file.startsWith('pipe') ? 'is a named pipe (FIFO)' : 'is a character device';
      const catalog = await run(['validate', '--catalog', `x=${file}`, 'ok.meeting.json']);
      assert.equal(catalog.code, 2, catalog.stderr);
      assert.equal(catalog.stderr, `meeting-payloads validate: ${join(dir, file)}: ${why}, not a regular file\n`);
      const examples = await run(['check-examples', file]);
      assert.equal(examples.code, 2, examples.stderr);
      assert.equal(
        examples.stderr,
        `meeting-payloads check-examples: ${join(dir, file)}: ${why}, not a regular file\n`,
      );
    }
  });
});

describe('T37: the language server', { skip }, () => {
  test('T37: a catalog path of /dev/zero, a link to it or a FIFO is reported; the server keeps answering', async () => {
    const lsp = await LspHarness.start({
      settings: {
        catalogs: {
          zero: '/dev/zero',
          linked: at('zero.openapi.json'),
          piped: at('pipe.openapi.json'),
          big: at('big.openapi.json'),
        },
      },
    });
    try {
      const statuses: CatalogStatusParams[] = [];
      lsp.client.onNotification(CatalogStatus.method, (s: CatalogStatusParams) => void statuses.push(s));
      const deadline = Date.now() + BOUND_MS;
      while (!statuses.some((s) => s.problems.length >= 3) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25));
      }
      const last = statuses.at(-1);
      assert.ok(last, 'no catalog status');
      assert.deepEqual(
        last.problems.map((p) => p.message),
        [
          'User catalog "zero": /dev/zero is a character device, not a regular file.',
          `User catalog "linked": ${at('zero.openapi.json')} is a character device, not a regular file.`,
          `User catalog "piped": ${at('pipe.openapi.json')} is a named pipe (FIFO), not a regular file.`,
        ],
      );
      // A regular file over the limit exists, so the problem is shown on it.
      const big = lsp.published.find((p) => p.uri === pathToFileURL(at('big.openapi.json')).toString());
      assert.deepEqual(
        big?.diagnostics.map((d) => [d.severity, d.message]),
        [[1, 'User catalog "big": the file is larger than 32 MB.']],
      );
      const diagnostics = await lsp.open('file:///w/ok.meeting.json', VMR('Project room'));
      assert.deepEqual(diagnostics, []);
    } finally {
      await lsp.dispose();
    }
  });
});
