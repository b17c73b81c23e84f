import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspHarness } from '../helpers/lspHarness';
import { SHADOWED_ID, shadowCatalogYaml } from '../helpers/shadowCatalog';

const WEBEX_SPEC = join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'webex-meeting.openapi.json');

const spec = (minLength: number) =>
  JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'Rooms', version: '1' },
    servers: [{ url: 'https://rooms.example.test/api' }],
    paths: {
      '/rooms/{roomId}': {
        put: {
          operationId: 'renameRoom',
          summary: 'Rename a room',
          parameters: [{ name: 'roomId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['name'],
                  properties: {
                    name: { type: 'string', minLength, description: 'The new room name.' },
                    capacity: { type: 'integer', nullable: true, description: 'Seats.' },
                  },
                },
              },
            },
          },
          responses: { '200': { description: 'OK' } },
        },
      },
    },
  });

const pos = (text: string, needle: string) => TextDocument.create('x', 'x', 1, text).positionAt(text.indexOf(needle));

/** Waits (bounded) for diagnostics on `uri` that satisfy `ok`. */
async function until(lsp: LspHarness, uri: string, ok: (p: PublishDiagnosticsParams) => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const hit = [...lsp.published].reverse().find((p) => p.uri === uri);
    if (hit && ok(hit)) return hit;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(
    `diagnostics for ${uri} never matched; last: ${JSON.stringify([...lsp.published].reverse().find((p) => p.uri === uri))}`,
  );
}

describe('user catalogs (meetingPayloads.catalogs)', () => {
  let dir: string;
  let lsp: LspHarness;
  let catalogFile: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mp-catalog-'));
    catalogFile = join(dir, 'rooms.openapi.json');
    writeFileSync(catalogFile, spec(3));
    lsp = await LspHarness.start({ settings: { catalogs: { rooms: catalogFile } } });
  });
  after(async () => {
    await lsp.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('its operations validate, complete and hover like the built-in ones (OpenAPI 3.0 converted)', async () => {
    const uri = 'file:///user/rename.meeting.json';
    const text =
      '{"operation": "rooms.renameRoom", "pathParams": {"roomId": "r1"}, "body": {"name": "ab", "capacity": null}}';
    // The catalog loads after initialization: wait for the operation to be known.
    await lsp.open(uri, text);
    const diags = await until(lsp, uri, (p) => p.diagnostics.every((d) => d.code !== 'unknown-operation'));
    assert.deepEqual(
      diags.diagnostics.map((d) => d.message),
      ['name must be at least 3 characters long.'],
    );
    const fresh = 'file:///user/fresh.meeting.json';
    const freshText = '{"operation": "rooms.renameRoom", "pathParams": {"roomId": "r1"}, "body": {}}';
    await lsp.open(fresh, freshText);
    const items = await lsp.completion(fresh, { line: 0, character: freshText.indexOf('"body": {') + 9 });
    assert.deepEqual(items.map((i) => i.label).sort(), ['capacity', 'name']);
    const h = await lsp.hover(uri, pos(text, 'name"'));
    assert.match(JSON.stringify(h?.contents), /The new room name/);
    const built = await lsp.open(
      'file:///user/builtin.meeting.json',
      '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {}}',
    );
    assert.deepEqual(built, []);
  });

  test('editing the catalog file takes effect without a restart', async () => {
    const uri = 'file:///user/rename.meeting.json';
    writeFileSync(catalogFile, spec(1));
    await until(lsp, uri, (p) => p.diagnostics.length === 0);
  });

  test('a broken catalog gets a diagnostic on its own file, and nothing else breaks', async () => {
    writeFileSync(catalogFile, '{"openapi": "3.0.3", "paths": {');
    const catalogUri = pathToFileURL(catalogFile).toString();
    const broken = await until(lsp, catalogUri, (p) => p.diagnostics.length > 0);
    assert.match(String(broken.diagnostics[0].message), /^User catalog "rooms": /);
    const still = await lsp.open(
      'file:///user/builtin2.meeting.json',
      '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {"chairPwd": "1"}}',
    );
    assert.deepEqual(
      still.map((d) => d.message),
      ['chairPwd must be 4 to 16 digits.'],
    );
    writeFileSync(catalogFile, spec(3));
    await until(lsp, catalogUri, (p) => p.diagnostics.length === 0);
  });
});

describe("Webex's published Meetings spec as a user catalog", () => {
  const present = existsSync(WEBEX_SPEC);
  let lsp: LspHarness;
  before(async () => {
    if (present) lsp = await LspHarness.start({ settings: { catalogs: { webexMeetings: WEBEX_SPEC } } });
  });
  after(async () => {
    if (present) await lsp.dispose();
  });

  test(
    'request files for several of its operations complete, validate and hover',
    { skip: present ? false : `skipped: ${WEBEX_SPEC} is absent` },
    async () => {
      const uri = 'file:///webex/create.meeting.json';
      const text =
        '{"operation": "webexMeetings.createMeeting", "body": {"title": "Sync", "start": "2027-01-01 10:00:00", "scheduledType": "webinarr"}}';
      await lsp.open(uri, text);
      const diags = await until(lsp, uri, (p) => p.diagnostics.every((d) => d.code !== 'unknown-operation'), 30_000);
      const messages = diags.diagnostics.map((d) => String(d.message));
      assert.ok(
        messages.some((m) => m.startsWith('Missing required property "end"')),
        messages.join('\n'),
      );
      assert.ok(
        messages.some((m) => m.startsWith('scheduledType must be one of: "meeting"')),
        messages.join('\n'),
      );
      const items = await lsp.completion(uri, { line: 0, character: text.indexOf('"body": {') + 9 });
      assert.ok(items.some((i) => i.label === 'agenda') && items.some((i) => i.label === 'invitees'));
      const h = await lsp.hover(uri, pos(text, 'scheduledType'));
      assert.match(JSON.stringify(h?.contents), /webinar/);

      const get = 'file:///webex/get.meeting.json';
      const getText = '{"operation": "webexMeetings.getMeetingById", "query": {"current": "yes"}}';
      const getDiags = await lsp.open(get, getText);
      const getMessages = getDiags.map((d) => String(d.message));
      assert.ok(
        getMessages.some((m) => m.startsWith('Missing required path parameter "meetingId"')),
        getMessages.join('\n'),
      );
      assert.ok(
        getMessages.some((m) => /current must be a boolean/.test(m)),
        getMessages.join('\n'),
      );
    },
  );
});

describe('a user catalog that would shadow a built-in operation', () => {
  const SHADOW = shadowCatalogYaml('https://shadow.example.test/evil');
  let dir: string;
  let lsp: LspHarness;
  let catalogUri: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mp-shadow-'));
    const file = join(dir, 'shadow.yaml');
    writeFileSync(file, SHADOW);
    catalogUri = pathToFileURL(file).toString();
    lsp = await LspHarness.start({ settings: { catalogs: { huawei: file } } });
  });
  after(async () => {
    await lsp.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('T34: is refused with an error at its operationId on the catalog file; Send prepares the built-in PUT', async () => {
    const published = await until(lsp, catalogUri, (p) => p.diagnostics.length > 0);
    const lines = SHADOW.split('\n');
    const line = lines.findIndex((l) => l.includes(SHADOWED_ID));
    const character = lines[line].indexOf(SHADOWED_ID);
    assert.deepEqual(
      published.diagnostics.map((d) => ({ severity: d.severity, range: d.range, message: d.message })),
      [
        {
          severity: DiagnosticSeverity.Error,
          range: { start: { line, character }, end: { line, character: character + SHADOWED_ID.length } },
          message:
            'User catalog "huawei": DELETE /v1/usg/dcs/member/vmr/{id} is refused: its id huawei.meeting.updateMemberVmr is a built-in operation (PUT /v1/usg/dcs/member/vmr/{id}), which cannot be replaced. Rename its operationId or the catalog.',
        },
      ],
      'exactly this one diagnostic: no other error, warning or information',
    );
    // The rest of the catalog is loaded …
    const rooms = await lsp.prepare('file:///shadow/rooms.meeting.json', '{"operation": "huawei.meeting.listRooms"}');
    assert.ok(rooms.ok && rooms.request.method === 'GET', JSON.stringify(rooms));
    // … and the built-in id still means the built-in: method, path, servers and security.
    const text = '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {"vmrName": "a"}}';
    assert.deepEqual(await lsp.open('file:///shadow/vmr.meeting.json', text), []);
    const vmr = await lsp.prepare('file:///shadow/vmr.meeting.json', text);
    assert.ok(vmr.ok, JSON.stringify(vmr));
    assert.deepEqual(
      {
        method: vmr.request.method,
        path: vmr.request.pathTemplate,
        family: vmr.request.family,
        servers: vmr.request.serverUrls,
        schemes: vmr.request.credentials.map((c) => `${c.scheme}:${c.header}`),
      },
      {
        method: 'PUT',
        path: '/v1/usg/dcs/member/vmr/{id}',
        family: 'huawei-meeting',
        servers: ['https://api.meeting.huaweicloud.com', 'https://api-intl.meeting.huaweicloud.com'],
        schemes: ['huaweiAccessToken:X-Access-Token'],
      },
    );
  });
});
