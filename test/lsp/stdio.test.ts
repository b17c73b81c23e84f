import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CompletionRequest, type CompletionItem } from 'vscode-languageserver-protocol';
import { StdioLspClient } from '../../scripts/bench/lspClient';

const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

test('the bundled server speaks LSP on stdio on its own: node dist/server.js --stdio', async () => {
  assert.ok(existsSync(SERVER), `${SERVER} is missing: npm test builds it first (npm run build)`);
  // Started from another folder, as another editor would: the bundle finds its catalog by itself.
  const client = await StdioLspClient.start(
    process.execPath,
    [SERVER, '--stdio'],
    { validationDelayMs: 0 },
    {},
    tmpdir(),
  );
  try {
    const uri = 'file:///stdio/seed001.meeting.json';
    const text =
      '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {"allowGustFirst": "false"}}';
    const diagnostics = await client.open(uri, text);
    // The seed page quotes allowGustFirst as a string: one error, at the value, in the doc-errata words.
    assert.deepEqual(
      diagnostics.map((d) => ({ severity: d.severity, code: d.code, at: d.range.start.character })),
      [{ severity: 1, code: 'type', at: text.indexOf('"false"') }],
    );
    assert.match(String(diagnostics[0].message), /allowGustFirst must be a boolean/);
    const items = (await client.protocol.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 0, character: text.indexOf('"body": {') + 9 },
    })) as CompletionItem[];
    assert.ok(items.some((i) => i.label === 'vmrName'));

    // A big document (its thread's diagnostics, written to stdout as the thread wrote them): the same diagnostic.
    const bigUri = 'file:///stdio/big.meeting.json';
    const big = await client.open(bigUri, text + ' '.repeat(600_000));
    assert.deepEqual(big, diagnostics);
  } finally {
    assert.equal(await client.stop(), 0, 'the server exits cleanly after shutdown and exit');
  }
});

test('stdin closing ends the server: 0 after a shutdown request, 1 without one (as createConnection does)', async () => {
  for (const shutdown of [true, false]) {
    const client = await StdioLspClient.start(process.execPath, [SERVER, '--stdio'], {}, {}, tmpdir());
    assert.equal(await client.closeInput(shutdown), shutdown ? 0 : 1, `after ${shutdown ? 'a' : 'no'} shutdown`);
  }
});
