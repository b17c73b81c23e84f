import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { LspHarness } from '../helpers/lspHarness';
import { WorkerControl } from '../helpers/workerControl';
import { SHADOWED_ID, shadowCatalogYaml } from '../helpers/shadowCatalog';
import { startServer, type TestServer } from '../unit/http/helpers';

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

describe('with a user catalog, big documents are worked on in the main thread (#11)', () => {
  let dir: string;
  let lsp: LspHarness;
  const control = new WorkerControl();
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mp-catalog-'));
    const catalogFile = join(dir, 'rooms.openapi.json');
    writeFileSync(catalogFile, spec(3));
    // Every document is "big": with no user catalog, each would go to the thread, which knows only the bundled one.
    lsp = await LspHarness.start({ settings: { catalogs: { rooms: catalogFile } }, bigDocument: 0, worker: control });
  });
  after(async () => {
    await lsp.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('its operations are answered from the user catalog; without one, big documents go back to the thread', async () => {
    const uri = 'file:///user/big-rename.meeting.json';
    const text = '{"operation": "rooms.renameRoom", "pathParams": {"roomId": "r1"}, "body": {"name": "ab"}}';
    await lsp.open(uri, text);
    const diags = await until(lsp, uri, (p) => p.diagnostics.every((d) => d.code !== 'unknown-operation'));
    assert.deepEqual(
      diags.diagnostics.map((d) => d.message),
      ['name must be at least 3 characters long.'],
    );
    const items = await lsp.completion(uri, pos(text, '"name"'));
    assert.deepEqual(items.map((i) => i.label).sort(), ['capacity', 'name']);
    const threads = control.workers.length;
    // No user catalog: the thread works on the document again, with the bundled catalog only.
    lsp.settings = { catalogs: {} };
    await lsp.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const unknown = await until(lsp, uri, (p) => p.diagnostics.some((d) => d.code === 'unknown-operation'));
    assert.equal(unknown.diagnostics.length, 1);
    assert.deepEqual(await lsp.completion(uri, pos(text, '"name"')), []);
    assert.equal(control.workers.length, threads + 1, 'a thread was started for the document');
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

describe('a user catalog split across files (relative $refs to local JSON and YAML files)', () => {
  let top: string;
  let dir: string;
  let lsp: LspHarness;
  let web: TestServer;
  let webRef: string;
  const file = (rel: string) => join(dir, rel);
  const uriOf = (rel: string) => pathToFileURL(file(rel)).toString();
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(file(rel)), { recursive: true });
    writeFileSync(file(rel), text);
  };
  const ROOM = (minLength: number) =>
    [
      'Room:',
      '  type: object',
      '  properties:',
      `    name: {type: string, minLength: ${minLength}, description: The room name.}`,
      "    parent: {$ref: '#/Room'}",
      '',
    ].join('\n');
  const PATH_ITEM = JSON.stringify(
    {
      put: {
        operationId: 'updateRoom',
        summary: 'Update a room',
        parameters: [{ name: 'roomId', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '../schemas/room.yaml#/Room' } } },
        },
        responses: { '200': { description: 'OK' } },
      },
    },
    null,
    2,
  );
  let ENTRY: string;
  const ODD = 'Odd:\n  type: object\n  properties:\n    code: {type: string, minLength: -1}\n';
  const REQUEST = 'file:///split/update.meeting.json';
  const REQUEST_TEXT =
    '{"operation": "rooms.updateRoom", "pathParams": {"roomId": "r1"}, "body": {"name": "ab", "parent": {"name": "cd"}}}';

  before(async () => {
    web = await startServer(undefined, (_req, res) => res.end('{}'));
    webRef = `${web.url}/paths.json`;
    top = mkdtempSync(join(tmpdir(), 'mp-split-catalog-'));
    dir = join(top, 'catalog');
    writeFileSync(join(top, 'outside.json'), PATH_ITEM);
    ENTRY = [
      'openapi: 3.0.3',
      "info: {title: Rooms, version: '1'}",
      'servers: [{url: https://rooms.example.test/api}]',
      'paths:',
      '  /rooms/{roomId}:',
      "    $ref: './paths/rooms.json'",
      '  /escape:',
      "    $ref: '../outside.json'",
      '  /absolute:',
      `    $ref: '${join(top, 'outside.json')}'`,
      '  /link:',
      "    $ref: './link.json'",
      '  /web:',
      `    $ref: '${webRef}'`,
      'components:',
      '  schemas:',
      "    Loop: {$ref: './schemas/loop.yaml#/A'}",
      "    Later: {$ref: './schemas/later.yaml'}",
      // Inlined twice: its warning is shown once, in odd.yaml.
      "    Odd: {$ref: './schemas/odd.yaml#/Odd'}",
      "    SameOdd: {$ref: './schemas/odd.yaml#/Odd'}",
      '',
    ].join('\n');
    write('api.yaml', ENTRY);
    write('paths/rooms.json', PATH_ITEM);
    write('schemas/room.yaml', ROOM(3));
    write('schemas/loop.yaml', "A: {$ref: '#/B'}\nB: {$ref: '#/A'}\n");
    write('schemas/odd.yaml', ODD);
    symlinkSync(join(top, 'outside.json'), file('link.json'));
    lsp = await LspHarness.start({ settings: { catalogs: { rooms: file('api.yaml') } } });
  });
  after(async () => {
    await lsp.dispose();
    await web.close();
    rmSync(top, { recursive: true, force: true });
  });

  /** The range of the `n`th occurrence (0-based) of `needle` in `text`. */
  const rangeOf = (text: string, needle: string, n = 0) => {
    let at = -1;
    for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${needle} not in the text`);
    const doc = TextDocument.create('x', 'x', 1, text);
    return { start: doc.positionAt(at), end: doc.positionAt(at + needle.length) };
  };

  test('loads, validates (through a cycle across files), completes and hovers like a single file', async () => {
    await lsp.open(REQUEST, REQUEST_TEXT);
    const diags = await until(lsp, REQUEST, (p) => p.diagnostics.every((d) => d.code !== 'unknown-operation'));
    // The second one through Room's $ref to itself, which the bundle turns into a local reference.
    assert.deepEqual(
      diags.diagnostics.map((d) => ({ range: d.range, message: d.message })),
      [
        { range: rangeOf(REQUEST_TEXT, '"ab"'), message: 'name must be at least 3 characters long.' },
        { range: rangeOf(REQUEST_TEXT, '"cd"'), message: 'name must be at least 3 characters long.' },
      ],
    );
    const fresh = 'file:///split/fresh.meeting.json';
    const freshText = '{"operation": "rooms.updateRoom", "pathParams": {"roomId": "r1"}, "body": {}}';
    await lsp.open(fresh, freshText);
    const items = await lsp.completion(fresh, { line: 0, character: freshText.indexOf('"body": {') + 9 });
    assert.deepEqual(items.map((i) => i.label).sort(), ['name', 'parent']);
    const h = await lsp.hover(REQUEST, pos(REQUEST_TEXT, 'name"'));
    assert.match(JSON.stringify(h?.contents), /The room name/);
  });

  test('every refused $ref is an error at its place in its file; nothing is fetched', async () => {
    const published = await until(lsp, uriOf('api.yaml'), (p) => p.diagnostics.length > 0);
    const ref = (needle: string, n = 0) => rangeOf(ENTRY, needle, n);
    const outside = join(top, 'outside.json');
    assert.deepEqual(
      published.diagnostics.map((d) => ({ severity: d.severity, range: d.range, message: d.message })),
      [
        {
          severity: DiagnosticSeverity.Error,
          range: ref("'../outside.json'"),
          message: `User catalog "rooms": The $ref "../outside.json" leads outside the folder of the spec (${dir}); it is not followed.`,
        },
        {
          severity: DiagnosticSeverity.Error,
          range: ref(`'${outside}'`),
          message: `User catalog "rooms": The $ref ${JSON.stringify(outside)} is an absolute path; only relative references to files under ${dir} are followed; it is not followed.`,
        },
        {
          severity: DiagnosticSeverity.Error,
          range: ref("'./link.json'"),
          message: `User catalog "rooms": The $ref "./link.json" leads outside the folder of the spec (${dir}) through a symbolic link; it is not followed.`,
        },
        {
          severity: DiagnosticSeverity.Error,
          range: ref(`'${webRef}'`),
          message: `User catalog "rooms": The $ref ${JSON.stringify(webRef)} is a URL; only files in the folder of the spec are read; it is not followed.`,
        },
        {
          severity: DiagnosticSeverity.Error,
          range: ref("'./schemas/loop.yaml#/A'"),
          message:
            'User catalog "rooms": The $ref "./schemas/loop.yaml#/A" is part of a cycle of $refs that never reaches a value; it is not followed.',
        },
        {
          severity: DiagnosticSeverity.Error,
          range: ref("'./schemas/later.yaml'"),
          message: `User catalog "rooms": The $ref "./schemas/later.yaml" names ${join('schemas', 'later.yaml')}, which does not exist or cannot be read; it is not followed.`,
        },
      ],
      'exactly these diagnostics: no other error, warning or information',
    );
    for (const rel of ['paths/rooms.json', 'schemas/room.yaml', 'schemas/loop.yaml']) {
      assert.equal(
        lsp.published.filter((p) => p.uri === uriOf(rel) && p.diagnostics.length > 0).length,
        0,
        `nothing reported on ${rel}`,
      );
    }
    assert.equal(web.connections, 0, 'the URL was never fetched');
  });

  test('a warning on a value in a referenced file is shown there, naming that file and its pointer, once', async () => {
    const published = await until(lsp, uriOf('schemas/odd.yaml'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      published.diagnostics.map((d) => ({ severity: d.severity, range: d.range, message: d.message })),
      [
        {
          severity: DiagnosticSeverity.Warning,
          range: rangeOf(ODD, '-1'),
          // Not the bundle's "#/components/schemas/Odd/properties/code/minLength" (nor SameOdd's).
          message:
            'User catalog "rooms": schemas/odd.yaml#/Odd/properties/code/minLength: must be >= 0; this keyword is ignored.',
        },
      ],
    );
  });

  test('Go to Definition on a body key opens the referenced file at the property', async () => {
    const room = ROOM(3);
    for (const at of ['name"', 'parent"', 'name": "cd"']) {
      const expected = at === 'parent"' ? 'parent' : 'name';
      assert.deepEqual(
        await lsp.definition(REQUEST, pos(REQUEST_TEXT, at)),
        [{ uri: uriOf('schemas/room.yaml'), range: rangeOf(room, expected) }],
        at,
      );
    }
    const opAt = pos(REQUEST_TEXT, 'rooms.updateRoom');
    assert.deepEqual(await lsp.definition(REQUEST, opAt), [
      { uri: uriOf('paths/rooms.json'), range: rangeOf(PATH_ITEM, '"put"') },
    ]);
  });

  test('a change in a referenced file (or a file created that a $ref names) reloads the catalog', async () => {
    write('schemas/room.yaml', ROOM(2));
    await until(lsp, REQUEST, (p) => p.diagnostics.length === 0);
    // A referenced file that no longer parses: its own diagnostic at the error, and one at the $ref naming it.
    write('paths/rooms.json', '{"put": {');
    const broken = await until(lsp, uriOf('paths/rooms.json'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      broken.diagnostics.map((d) => ({ severity: d.severity, range: d.range, message: d.message })),
      [
        {
          severity: DiagnosticSeverity.Error,
          // At the end of the text, where the closing brace is missing.
          range: { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } },
          message: 'User catalog "rooms": Invalid JSON: CloseBraceExpected.',
        },
      ],
    );
    const entry = await until(lsp, uriOf('api.yaml'), (p) =>
      p.diagnostics.some((d) => /which cannot be parsed/.test(String(d.message))),
    );
    assert.deepEqual(
      entry.diagnostics
        .filter((d) => /rooms\.json|defines no operation/.test(String(d.message)))
        .map((d) => ({ range: d.range, message: d.message })),
      [
        {
          range: rangeOf(ENTRY, "'./paths/rooms.json'"),
          message: `User catalog "rooms": The $ref "./paths/rooms.json" names ${join('paths', 'rooms.json')}, which cannot be parsed; it is not followed.`,
        },
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
          message: 'User catalog "rooms": api.yaml defines no operation with an operationId.',
        },
      ],
    );
    await until(lsp, REQUEST, (p) => p.diagnostics.some((d) => d.code === 'unknown-operation'));
    write('paths/rooms.json', PATH_ITEM);
    await until(lsp, uriOf('paths/rooms.json'), (p) => p.diagnostics.length === 0);
    await until(lsp, REQUEST, (p) => p.diagnostics.length === 0);
    // The file a $ref named but that did not exist: creating it clears that diagnostic.
    write('schemas/later.yaml', 'type: string\n');
    await until(lsp, uriOf('api.yaml'), (p) => p.diagnostics.length === 5 && !/later/.test(JSON.stringify(p)));
  });
});
