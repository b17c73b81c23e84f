/**
 * `meeting-payloads lsp --stdio` speaks LSP as another editor would drive it (initialize, open, diagnostics,
 * shutdown, exit) with the schemas found next to the bundle; help, version and unknown commands.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import {
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { Cli } from './cliHarness';

let cli: Cli;
before(async () => {
  cli = await Cli.build();
});
after(() => cli.dispose());

describe('lsp --stdio', () => {
  test('validates an opened document and exits cleanly on exit', async () => {
    const child = spawn(process.execPath, [cli.bin, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) =>
      connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
        if (p.diagnostics.length > 0) resolve(p);
      }),
    );
    connection.listen();
    const init = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: { validationDelayMs: 0 },
    });
    assert.equal(init.serverInfo?.name, 'meeting-payloads');
    await connection.sendNotification(InitializedNotification.type, {});
    const text = JSON.stringify(
      { operation: 'huawei.meeting.updateMemberVmr', pathParams: { id: 'x1' }, body: { allowGustFirst: 'false' } },
      null,
      2,
    );
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: 'file:///seed-001.meeting.json', languageId: 'meeting-json', version: 1, text },
    });
    const published = await diagnostics;
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line, d.message]),
      [
        [
          'type',
          6,
          'allowGustFirst must be a boolean (true or false), not a string. (The Huawei doc page quotes it as a string in its cURL example, a mistake: its parameter table says Boolean and its example request sends false.)',
        ],
      ],
    );
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    assert.equal(await exited, 0);
    connection.dispose();
    assert.equal(stderr, '');
  });

  test('without a transport it is a usage error', async () => {
    const r = await cli.run(['lsp']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /lsp needs a transport: --stdio/);
  });
});

describe('help, version, unknown commands', () => {
  test('help lists the commands; each command has its own help', async () => {
    const help = await cli.run(['help']);
    assert.equal(help.code, 0);
    for (const command of [
      'validate',
      'check-examples',
      'check-docs',
      'check-response',
      'import-curl',
      'send',
      'lsp',
    ]) {
      assert.match(help.stdout, new RegExp(`meeting-payloads ${command}`));
      const own = await cli.run([command, '--help']);
      assert.equal(own.code, 0);
      assert.match(own.stdout, new RegExp(`^Usage: meeting-payloads ${command}`));
    }
    assert.match((await cli.run(['help', 'send'])).stdout, /WEBEX_TOKEN {15}Webex access token/);
    for (const command of ['validate', 'check-examples', 'check-docs', 'check-response']) {
      const usage = (await cli.run(['help', command])).stdout;
      assert.match(usage, /-f, --format <text\|json\|sarif\|junit\|github>/);
      assert.doesNotMatch(usage, /\$\{/, `${command}: every option is written out`);
    }
    assert.match((await cli.run(['help', 'send'])).stdout, /--check-response {10}compare the response/);
  });

  test('no command or an unknown one exits 2; --version prints the version', async () => {
    assert.equal((await cli.run([])).code, 2);
    const unknown = await cli.run(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /there is no command "frobnicate"/);
    const version = await cli.run(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
