/**
 * #14 §2: `check-response` compares a captured body with the documented schema for its status through the
 * response panel's own check (the same lists, each difference placed in the body), in every report format; and
 * `send --check-response` against a real 127.0.0.1 server exits 1 when the live answer drifts, 0 when it matches.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkResponse } from '../../../server/src/features/responseCheck';
import { builtinCatalog } from '../../helpers/catalog';
import { parseJunit } from '../../helpers/junitSchema';
import { PMR_BODY } from '../../helpers/requestFiles';
import { Cli, scratchDir } from './cliHarness';

const PMR = 'webex.meetings.updatePersonalMeetingRoomOptions';
const VMR = 'huawei.meeting.updateMemberVmr';
const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';
/** The documented 200 example of the personal room options. */
const EXAMPLE = builtinCatalog()
  .get(PMR)!
  .responses.find((r) => r.status === '200')!.examples[0].value as Record<string, unknown>;
/** The example with a required member gone, a boolean as a string and a member the schema does not declare. */
const DRIFTED = (() => {
  const { sipAddress: _sipAddress, ...rest } = EXAMPLE;
  return { ...rest, enabledAutoLock: 'yes', surprise: 1 };
})();
const DRIFTED_TEXT = json(DRIFTED);
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const columnOf = (text: string, needle: string): number =>
  text.split('\n')[lineOf(text, needle) - 1].indexOf(needle) + 1;
const AUTO_LOCK = { line: lineOf(DRIFTED_TEXT, '"yes"'), column: columnOf(DRIFTED_TEXT, '"yes"') };
const SURPRISE = { line: lineOf(DRIFTED_TEXT, '"surprise"'), column: columnOf(DRIFTED_TEXT, '"surprise"') };
const MISSING = 'Missing required property: $.sipAddress';
const WRONG = 'Wrong type: $.enabledAutoLock: documented as a boolean (true or false), got a string';
const EXTRA = 'Not documented: $.surprise';

let cli: Cli;
const files = scratchDir();
let server: Server;
let serverUrl: string;
/** What the server answers next: status and body. */
let answer: { status: number; body: string } = { status: 200, body: '' };

before(async () => {
  cli = await Cli.build();
  files.write('drifted.json', DRIFTED_TEXT);
  files.write('documented.json', json(EXAMPLE));
  files.write('pmr.meeting.json', json({ operation: PMR, body: PMR_BODY }));
  files.write(
    'vmr.meeting.json',
    json({ operation: VMR, pathParams: { id: 'ff80808167ef1edf0167f33d650c0662' }, body: { vmrName: 'Room' } }),
  );
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  cli.dispose();
  files.dispose();
});

const run = (args: string[], input?: string) =>
  cli.run(args, { cwd: files.dir, timeoutMs: 20_000, ...(input !== undefined ? { input } : {}) });
const check = (args: string[], input?: string) => run(['check-response', ...args], input);

describe('check-response', () => {
  test('a drifting body: every difference at its line, the lists the response panel shows, exit 1', async () => {
    const r = await check(['--operation', PMR, '--status', '200', 'drifted.json']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      `drifted.json:1:1: error: ${MISSING} [missing-member]\n` +
        `drifted.json:${AUTO_LOCK.line}:${AUTO_LOCK.column}: error: ${WRONG} [wrong-type]\n` +
        `drifted.json:${SURPRISE.line}:${SURPRISE.column}: error: ${EXTRA} [undocumented-member]\n` +
        '1 file checked: 3 errors, 0 warnings in 1 file.\n',
    );
    assert.equal(r.stderr, '');
    // The same function the panel calls, with the same answer.
    const json = await check(['--operation', PMR, '--status', '200', '-f', 'json', 'drifted.json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as { responseCheck: unknown; files: Array<{ name: string }> };
    const panel = checkResponse(
      { operationId: PMR, status: 200, body: DRIFTED_TEXT, truncated: false },
      builtinCatalog(),
    );
    assert.deepEqual(report.responseCheck, panel);
    assert.deepEqual(panel, {
      missing: ['$.sipAddress'],
      wrongType: ['$.enabledAutoLock: documented as a boolean (true or false), got a string'],
      undocumented: ['$.surprise'],
      documentedStatus: '200',
    });
    assert.equal(report.files[0].name, `${PMR} 200 response`);
    assert.equal(json.stderr, '1 file checked: 3 errors, 0 warnings in 1 file.\n');
  });

  test('the documented example matches: exit 0', async () => {
    const r = await check(['--operation', PMR, '--status', '200', 'documented.json']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, '1 file checked: no problems.\n', '']);
  });

  test('from standard input; an undocumented status, a body that is not JSON or one where none is documented fail', async () => {
    const teapot = await check(['--operation', PMR, '--status', '418', '-'], '{}');
    assert.equal(teapot.code, 1);
    assert.equal(
      teapot.stdout,
      `<stdin>:1:1: error: Status 418 is not documented for ${PMR}. [response-not-compared]\n` +
        '1 file checked: 1 error, 0 warnings in 1 file.\n',
    );
    const html = await check(['--operation', PMR, '--status', '200', '-'], '<html>');
    assert.equal(html.code, 1);
    assert.match(
      html.stdout,
      /^<stdin>:1:1: error: The body is not JSON, so it was not checked\. \[response-not-compared\]$/m,
    );
    const body = await check(['--operation', VMR, '--status', '200', '-'], '{"ok":true}');
    assert.equal(body.code, 1);
    assert.match(
      body.stdout,
      /^<stdin>:1:1: error: No body is documented for 200; nothing to compare\. \[response-not-compared\]$/m,
    );
    // A 4XX answered with the vendor's error envelope is documented: it matches.
    const envelope = await check(
      ['--operation', VMR, '--status', '400', '-'],
      '{"error_code":"MMC.111070005","error_msg":"bad","request_id":"r"}',
    );
    assert.deepEqual([envelope.code, envelope.stdout], [0, '1 file checked: no problems.\n']);
  });

  test('--format junit and github: one test case for the response, annotations on the lines of the body', async () => {
    const args = ['--operation', PMR, '--status', '200', 'drifted.json'];
    const junit = await check(['-f', 'junit', ...args]);
    assert.equal(junit.code, 1);
    const report = await parseJunit(junit.stdout);
    assert.equal(report.name, 'meeting-payloads check-response');
    assert.deepEqual(report.suites, [
      {
        name: 'check-response',
        tests: 1,
        failures: 1,
        errors: 0,
        skipped: 0,
        cases: [
          {
            name: `${PMR} 200 response`,
            classname: 'check-response',
            failure: {
              message: `3 errors: ${MISSING}`,
              type: 'missing-member',
              text:
                `drifted.json:1:1: error: ${MISSING} [missing-member]\n` +
                `drifted.json:${AUTO_LOCK.line}:${AUTO_LOCK.column}: error: ${WRONG} [wrong-type]\n` +
                `drifted.json:${SURPRISE.line}:${SURPRISE.column}: error: ${EXTRA} [undocumented-member]`,
            },
          },
        ],
      },
    ]);
    const github = await check(['-f', 'github', ...args]);
    assert.equal(github.code, 1);
    const title = `title=${PMR} 200 response`;
    const autoLockEnd = AUTO_LOCK.column + '"yes"'.length;
    const surpriseEnd = SURPRISE.column + '"surprise"'.length;
    assert.equal(
      github.stdout,
      `::error file=drifted.json,line=1,col=1,endLine=1,endColumn=2,${title}::${MISSING} [missing-member]\n` +
        `::error file=drifted.json,line=${AUTO_LOCK.line},col=${AUTO_LOCK.column},endLine=${AUTO_LOCK.line},endColumn=${autoLockEnd},${title}::${WRONG} [wrong-type]\n` +
        `::error file=drifted.json,line=${SURPRISE.line},col=${SURPRISE.column},endLine=${SURPRISE.line},endColumn=${surpriseEnd},${title}::${EXTRA} [undocumented-member]\n`,
    );
    const sarif = JSON.parse((await check(['-f', 'sarif', ...args])).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string }> }>;
    };
    assert.deepEqual(
      sarif.runs[0].results.map((res) => res.ruleId),
      ['missing-member', 'wrong-type', 'undocumented-member'],
    );
  });

  test('usage and I/O problems exit 2', async () => {
    for (const args of [
      ['--status', '200', 'drifted.json'],
      ['--operation', PMR, 'drifted.json'],
      ['--operation', PMR, '--status', '99', 'drifted.json'],
      ['--operation', PMR, '--status', 'ok', 'drifted.json'],
      ['--operation', PMR, '--status', '200'],
      ['--operation', 'webex.nope', '--status', '200', 'drifted.json'],
      ['--operation', PMR, '--status', '200', '-f', 'xml', 'drifted.json'],
    ]) {
      const r = await check(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /Run "meeting-payloads help check-response" for usage\.\n$/, args.join(' '));
      assert.equal(r.stdout, '');
    }
    const missing = await check(['--operation', PMR, '--status', '200', 'nope.json']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, `meeting-payloads check-response: ${files.dir}/nope.json: no such file\n`);
  });
});

describe('send --check-response', () => {
  const send = (file: string, extra: string[] = []) =>
    run(['send', file, '--base-url', serverUrl, '--check-response', ...extra]);

  test('a live answer that drifts from the documentation exits 1, with the drift printed', async () => {
    answer = { status: 200, body: DRIFTED_TEXT };
    const r = await send('pmr.meeting.json');
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stdout.startsWith('HTTP 200 OK\n'), r.stdout);
    assert.ok(r.stdout.endsWith(`\n\n${DRIFTED_TEXT}`), r.stdout);
    const drift = r.stderr.split('\n').filter((l) => l.startsWith('<response>') || l.includes('documentation'));
    assert.deepEqual(drift, [
      `<response>:1:1: error: ${MISSING} [missing-member]`,
      `<response>:${AUTO_LOCK.line}:${AUTO_LOCK.column}: error: ${WRONG} [wrong-type]`,
      `<response>:${SURPRISE.line}:${SURPRISE.column}: error: ${EXTRA} [undocumented-member]`,
      `meeting-payloads send: the response differs from the documentation (${PMR} 200 response).`,
    ]);
  });

  test('a documented answer exits 0 and says it matches; without the option a drifting 2xx still exits 0', async () => {
    answer = { status: 200, body: json(EXAMPLE) };
    const r = await send('pmr.meeting.json');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.endsWith(`note: the response matches the documentation (${PMR} 200 response).\n`), r.stderr);
    assert.doesNotMatch(r.stderr, /<response>/);
    answer = { status: 200, body: DRIFTED_TEXT };
    const plain = await run(['send', 'pmr.meeting.json', '--base-url', serverUrl]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.doesNotMatch(plain.stderr, /documentation/);
  });

  test('a documented error status still exits 1; an empty 200 where none is documented matches; --format json carries the check', async () => {
    answer = { status: 400, body: '{"error_code":"MMC.111070005","error_msg":"bad","request_id":"r"}' };
    const error = await send('vmr.meeting.json');
    assert.equal(error.code, 1);
    assert.match(
      error.stderr,
      /note: the response matches the documentation \(huawei\.meeting\.updateMemberVmr 400 response\)\.\n$/,
    );
    answer = { status: 200, body: '' };
    assert.equal((await send('vmr.meeting.json')).code, 0);
    answer = { status: 200, body: DRIFTED_TEXT };
    const r = await send('pmr.meeting.json', ['-f', 'json']);
    assert.equal(r.code, 1);
    const outcome = JSON.parse(r.stdout) as { status: number; responseCheck: unknown };
    assert.equal(outcome.status, 200);
    assert.deepEqual(
      outcome.responseCheck,
      checkResponse({ operationId: PMR, status: 200, body: DRIFTED_TEXT, truncated: false }, builtinCatalog()),
    );
  });
});
