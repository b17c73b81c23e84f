import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location } from 'vscode-languageserver-protocol';
import { LspHarness } from '../helpers/lspHarness';

const pos = (text: string, needle: string, offset = 1) =>
  TextDocument.create('x', 'x', 1, text).positionAt(text.indexOf(needle) + offset);
const lineAt = (location: Location | undefined) => {
  assert.ok(location, 'a definition');
  return readFileSync(fileURLToPath(location.uri), 'utf8').split('\n')[location.range.start.line].trim();
};

const CATALOG = `${JSON.stringify(
  {
    openapi: '3.0.3',
    info: { title: 'Rooms', version: '1' },
    servers: [{ url: 'https://rooms.example.test/api' }],
    paths: {
      '/rooms/{roomId}': {
        put: {
          operationId: 'renameRoom',
          externalDocs: { url: 'https://rooms.example.test/docs/rename' },
          parameters: [{ name: 'roomId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Rename' } } },
          },
          responses: { '200': { description: 'OK' } },
        },
      },
    },
    components: { schemas: { Rename: { type: 'object', properties: { name: { type: 'string' } } } } },
  },
  null,
  2,
)}\n`;

describe('Go to Definition and document links over a real LSP connection', () => {
  let dir: string;
  let catalogFile: string;
  let lsp: LspHarness;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mp-definition-'));
    catalogFile = join(dir, 'rooms.openapi.json');
    writeFileSync(catalogFile, CATALOG);
    lsp = await LspHarness.start({ settings: { catalogs: { rooms: catalogFile } } });
  });
  after(async () => {
    await lsp.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the server announces both', () => {
    assert.equal(lsp.initializeResult.capabilities.definitionProvider, true);
    assert.deepEqual(lsp.initializeResult.capabilities.documentLinkProvider, { resolveProvider: false });
  });

  test('a built-in operation and body key open schemas/ at their lines; the operation links to the vendor page', async () => {
    const uri = 'file:///w/vmr.meeting.json';
    const text =
      '{\n  "operation": "huawei.meeting.updateMemberVmr",\n  "pathParams": { "id": "x" },\n  "body": { "chairPwd": "123456" }\n}\n';
    await lsp.open(uri, text);
    const op = await lsp.definition(uri, pos(text, 'huawei.meeting'));
    assert.equal(op.length, 1);
    assert.match(op[0].uri, /\/schemas\/huawei-meeting\.openapi\.json$/);
    assert.equal(lineAt(op[0]), '"put": {');
    assert.equal(lineAt((await lsp.definition(uri, pos(text, '"chairPwd"')))[0]), '"chairPwd": {');
    const links = await lsp.documentLinks(uri);
    assert.equal(links.length, 1);
    assert.match(String(links[0].target), /^https:\/\/support\.huaweicloud\.com\//);
  });

  test('a user catalog operation opens the user catalog file', async () => {
    const uri = 'file:///w/rename.meeting.json';
    const text =
      '{\n  "operation": "rooms.renameRoom",\n  "pathParams": { "roomId": "r1" },\n  "body": { "name": "x" }\n}\n';
    // The user catalog loads after initialization: wait until its operation is known.
    const deadline = Date.now() + 10_000;
    let found: Location[] = [];
    await lsp.open(uri, text);
    while (Date.now() < deadline && found.length === 0) {
      found = await lsp.definition(uri, pos(text, 'rooms.renameRoom'));
      if (found.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(found[0]?.uri, pathToFileURL(catalogFile).toString());
    assert.equal(lineAt(found[0]), '"put": {');
    assert.equal(lineAt((await lsp.definition(uri, pos(text, '"roomId"')))[0]), '"name": "roomId",');
    assert.equal(lineAt((await lsp.definition(uri, pos(text, '"name"')))[0]), '"name": {');
    const links = await lsp.documentLinks(uri);
    assert.equal(links[0]?.target, 'https://rooms.example.test/docs/rename');
  });

  test('a file with a syntax error or an unknown operation answers nothing, without an error', async () => {
    const uri = 'file:///w/broken.meeting.json';
    const text = '{ "operation": "nope", "body": { "x": ';
    await lsp.open(uri, text);
    assert.deepEqual(await lsp.definition(uri, pos(text, '"x"')), []);
    assert.deepEqual(await lsp.documentLinks(uri), []);
  });
});
