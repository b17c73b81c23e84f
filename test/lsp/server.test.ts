import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-protocol';
import { LspHarness } from '../helpers/lspHarness';
import { ImportCurl } from '../../common/protocol';
import { offsetOf } from '../helpers/cursor';
import { TextDocument } from 'vscode-languageserver-textdocument';

const SEED_001 = `{
  "operation": "huawei.meeting.updateMemberVmr",
  "pathParams": { "id": "ff80808167ef1edf0167f33d650c0662" },
  "body": {"vmrName":"test","chairPwd":"123456","gustPwd":"654321","allowGustFirst":"false"}
}`;

function pos(text: string, offset: number) {
  return TextDocument.create('x', 'x', 1, text).positionAt(offset);
}

describe('language server over a real LSP connection', () => {
  let lsp: LspHarness;
  before(async () => {
    lsp = await LspHarness.start({ settings: { validation: { unknownBodyFields: 'warning' } } });
  });
  after(() => lsp.dispose());

  test('initialize announces incremental sync and every feature', () => {
    const caps = lsp.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.ok(
      caps.completionProvider &&
        caps.hoverProvider &&
        caps.codeActionProvider &&
        caps.documentSymbolProvider &&
        caps.documentFormattingProvider,
    );
  });

  test("open → diagnostics: seed 001's string boolean is flagged at the value; its quick fix clears it", async () => {
    const uri = 'file:///seed001.meeting.json';
    const diagnostics = await lsp.open(uri, SEED_001);
    assert.equal(diagnostics.length, 1);
    const d = diagnostics[0];
    const at = offsetOf(SEED_001, '"false"');
    assert.deepEqual(d.range, { start: pos(SEED_001, at), end: pos(SEED_001, at + 7) });
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(
      d.message,
      'allowGustFirst must be a boolean (true or false), not a string. (The Huawei doc page quotes it as a string in its cURL example, a mistake: its parameter table says Boolean and its example request sends false.)',
    );
    const actions = await lsp.codeActions(uri, diagnostics);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Change to false'],
    );
    const edit = actions[0].edit!.changes![uri][0];
    assert.equal(edit.newText, 'false');
    // Apply it as the editor would, with an incremental change.
    const after = await lsp.edit(uri, edit.range, edit.newText);
    assert.deepEqual(after, []);
  });

  test('change → diagnostics follow the edit (incremental sync)', async () => {
    const uri = 'file:///typing.meeting.json';
    const text =
      '{"operation": "huawei.meeting.updateStartedConfConfig", "query": {"conferenceID": "1"}, "body": {"lockSharing": 0}}';
    assert.deepEqual(await lsp.open(uri, text), []);
    const at = offsetOf(text, '0}');
    const diagnostics = await lsp.edit(uri, { start: pos(text, at), end: pos(text, at + 1) }, '"0"');
    assert.deepEqual(
      diagnostics.map((d) => d.message),
      ['lockSharing must be a whole number, not a string.'],
    );
  });

  test('source.fixAll (as editor.codeActionsOnSave asks for it) fixes every mechanical problem in one edit', async () => {
    const kinds = lsp.initializeResult.capabilities.codeActionProvider;
    assert.ok(typeof kinds === 'object' && kinds.codeActionKinds?.includes('source.fixAll'), 'the kind is announced');
    const uri = 'file:///fixall.meeting.json';
    const text = `{
  "operation": "huawei.meeting.updateMemberVmr",
  "pathParams": { "id": "ff80808167ef1edf0167f33d650c0662" },
  "headers": { "Authorization": "Bearer customer-token" },
  "body": { "vmrName": "Room", "allowGustFirst": "false", "gustFirstNotice": "true" }
}`;
    const before = await lsp.open(uri, text);
    assert.deepEqual(
      before.map((d) => [d.severity, d.code]),
      [
        [DiagnosticSeverity.Warning, 'credential-header'],
        [DiagnosticSeverity.Error, 'type'],
        [DiagnosticSeverity.Error, 'type'],
      ],
    );
    assert.deepEqual(await lsp.codeActionsOfKind(uri, ['quickfix.none']), [], 'nothing for a kind nobody asked for');
    const actions = await lsp.codeActionsOfKind(uri, ['source.fixAll']);
    assert.deepEqual(
      actions.map((a) => [a.kind, a.title]),
      [['source.fixAll', 'Fix all (3): Remove the "Authorization" header; Change to false; Change to true']],
    );
    const edits = actions[0].edit!.changes![uri];
    assert.equal(edits.length, 1);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'meeting-json', 1, text), edits);
    // Every severity: the fixed file raises nothing at all.
    assert.deepEqual(await lsp.edit(uri, { start: pos(text, 0), end: pos(text, text.length) }, fixed), []);
    assert.deepEqual(JSON.parse(fixed), {
      operation: 'huawei.meeting.updateMemberVmr',
      pathParams: { id: 'ff80808167ef1edf0167f33d650c0662' },
      headers: {},
      body: { vmrName: 'Room', allowGustFirst: false, gustFirstNotice: true },
    });
    assert.deepEqual(await lsp.codeActionsOfKind(uri, ['source']), [], 'nothing left to fix');
  });

  test('deprecated fields come with the Deprecated tag', async () => {
    const uri = 'file:///deprecated.meeting.json';
    const text =
      '{"operation": "huawei.meeting.updateRecurringMeeting", "query": {"conferenceID": "1", "userUUID": "u"}, "body": {"mediaTypes": "Voice", "cycleParams": {"startDate": "2026-12-01", "endDate": "2026-12-30", "cycle": "Day", "interval": 1}}}';
    const diagnostics = await lsp.open(uri, text);
    assert.deepEqual(
      diagnostics.map((d) => [d.severity, d.tags]),
      [[DiagnosticSeverity.Warning, [DiagnosticTag.Deprecated]]],
    );
  });

  test('completion, hover, outline and formatting answer over the connection', async () => {
    const uri = 'file:///features.meeting.json';
    const text = '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {}}';
    await lsp.open(uri, text);
    const items = await lsp.completion(uri, pos(text, offsetOf(text, '{}') + 1));
    assert.deepEqual(items.map((i) => i.label).sort(), [
      'allowGustFirst',
      'chairPwd',
      'gustFirstNotice',
      'gustPwd',
      'vmrName',
    ]);
    const h = await lsp.hover(uri, pos(text, offsetOf(text, 'updateMemberVmr')));
    assert.match(JSON.stringify(h?.contents), /PUT/);
    const symbols = (await lsp.symbols(uri)) as Array<{ name: string }>;
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['operation', 'pathParams', 'body'],
    );
    const edits = await lsp.format(uri);
    assert.ok(edits && edits.length > 0);
  });

  test('meeting/prepareRequest gives the normalized request with the exact body text', async () => {
    const uri = 'file:///prepare.meeting.json';
    const text = `{
  "operation": "huawei.meeting.updateStartedConfConfig",
  "query": { "conferenceID": 900244663 },
  "headers": { "X-Conference-Authorization": "leaked", "Accept-Language": "en-US" },
  "body": {"lockSharing":   0}
}`;
    await lsp.open(uri, text);
    const result = await lsp.prepare(uri);
    assert.ok(result.ok, JSON.stringify(result));
    const r = result.request;
    assert.equal(r.method, 'PUT');
    assert.equal(r.pathTemplate, '/v1/mmc/control/conferences/updateStartedConfConfig');
    assert.deepEqual(r.query, [['conferenceID', '900244663']]);
    assert.deepEqual(r.headers, [['Accept-Language', 'en-US']], 'credential headers never leave the file');
    assert.deepEqual(r.ignoredHeaders, ['X-Conference-Authorization']);
    assert.ok(!JSON.stringify(r).includes('leaked'));
    assert.equal(r.body, '{"lockSharing":   0}');
    assert.deepEqual(
      r.credentials.map((c) => c.header),
      ['X-Conference-Authorization'],
    );
    assert.ok(r.serverUrls[0]?.startsWith('https://'));
    // conferenceID is documented as a string; the file's number is sent as the same text, so it is valid.
    assert.equal(r.validation.valid, true);
    assert.equal(r.validation.warningCount, 1, 'only the credential header warns');
    assert.match(r.validation.messages.join('\n'), /^4:\d+ warning: The "X-Conference-Authorization" header/m);
  });

  test('meeting/prepareRequest prepares the text it is given (what is sent is what was validated)', async () => {
    const uri = 'file:///prepare-text.meeting.json';
    await lsp.open(uri, '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "a"}, "body": {}}');
    const result = await lsp.prepare(
      uri,
      '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "b"}, "body": {"vmrName": "x"}}',
    );
    assert.ok(result.ok);
    assert.deepEqual(result.request.pathParams, { id: 'b' });
    assert.equal(result.request.body, '{"vmrName": "x"}');
  });

  test('meeting/prepareRequest refuses a file that is not JSON, saying where', async () => {
    const result = await lsp.prepare('file:///broken.meeting.json', '{"operation": ');
    assert.deepEqual(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /not valid JSON \(1:15: /);
  });

  test('settings are pulled per resource and a change revalidates open files', async () => {
    const uri = 'file:///settings.meeting.json';
    const text =
      '{"operation": "webex.meetings.updatePersonalMeetingRoomOptions", "body": {"topic": "T", "hostPin": "3858", "enabledAutoLock": false, "autoLockMinutes": 0, "enabledNotifyHost": false, "supportCoHost": false, "coHosts": [], "meetingNumber": "x"}}';
    const before = await lsp.open(uri, text);
    assert.deepEqual(
      before.map((d) => d.severity),
      [DiagnosticSeverity.Warning],
    );
    const pulls = lsp.configurationRequests;
    const after = await lsp.changeSettings({ validation: { unknownBodyFields: 'error' } }, uri);
    assert.deepEqual(
      after.map((d) => d.severity),
      [DiagnosticSeverity.Error],
    );
    assert.ok(lsp.configurationRequests > pulls, 'settings pulled again after the change');
    const off = await lsp.changeSettings({ validation: { unknownBodyFields: 'off', maxDiagnostics: 5 } }, uri);
    assert.deepEqual(off, []);
  });

  test("meeting/importCurl: seed 001's cURL becomes a request file, its token dropped and only named", async () => {
    const token = 'cnrR5zgAjyIhNeDpfa7iDr8bYmYvN0k8q4iZ';
    const command = `curl -k -i -v -X PUT -H "content-type: application/json" -H "X-Access-Token:${token}" -d "{\\"vmrName\\":\\"test\\",\\"chairPwd\\":\\"123456\\",\\"gustPwd\\":\\"654321\\",\\"allowGustFirst\\":\\"false\\"}" https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/ff80808167ef1edf0167f33d650c0662`;
    const result = await lsp.client.sendRequest(ImportCurl.type, { command });
    assert.ok(result.ok, JSON.stringify(result));
    const file = JSON.parse(result.fileText);
    assert.equal(file.operation, 'huawei.meeting.updateMemberVmr');
    assert.deepEqual(file.pathParams, { id: 'ff80808167ef1edf0167f33d650c0662' });
    // The string boolean is fixed before the file opens (#12 §4), and a note names the change.
    assert.equal(file.body.allowGustFirst, false);
    assert.ok(!JSON.stringify(result).includes(token), 'the token appears nowhere in the answer');
    assert.match(result.notes.join(' '), /X-Access-Token/);
    assert.match(result.notes.join(' '), /allowGustFirst/);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = 'file:///close.meeting.json';
    await lsp.open(uri, '{"operation": 1}');
    assert.deepEqual(await lsp.close(uri), []);
  });

  test('a hostile document gets one clear diagnostic and the server keeps answering', async () => {
    const uri = 'file:///deep.meeting.json';
    const text =
      '{"operation": "huawei.meeting.updateMemberVmr", "body": ' + '['.repeat(50_000) + ']'.repeat(50_000) + '}';
    const diagnostics = await lsp.open(uri, text);
    assert.equal(diagnostics.length, 1);
    assert.match(String(diagnostics[0].message), /^Nested more than \d+ levels deep here/);
    assert.deepEqual(await lsp.completion(uri, pos(text, 60_000)), []);
    assert.equal(await lsp.hover(uri, pos(text, 60_000)), null);
  });
});

describe('quick fixes for a client with snippet edits (VS Code)', () => {
  let lsp: LspHarness;
  before(async () => {
    lsp = await LspHarness.start({ snippetEdits: true });
  });
  after(() => lsp.dispose());

  test('a missing required parameter is added with a tab stop to type its value, not a wrong ""', async () => {
    const uri = 'file:///snippet.meeting.json';
    const text = '{\n  "operation": "huawei.meeting.updateStartedConfConfig",\n  "query": {},\n  "body": {}\n}';
    const diagnostics = await lsp.open(uri, text);
    assert.deepEqual(
      diagnostics.map((d) => [d.severity, d.code]),
      [[DiagnosticSeverity.Error, 'missing-parameter']],
    );
    const [action] = await lsp.codeActions(uri, diagnostics);
    assert.equal(action.title, 'Add "conferenceID"');
    assert.equal(action.edit?.changes, undefined);
    const change = action.edit?.documentChanges?.[0];
    assert.ok(change && 'edits' in change);
    assert.equal(change.textDocument.uri, uri);
    const [edit] = change.edits;
    assert.ok('snippet' in edit, JSON.stringify(edit));
    assert.equal(edit.snippet.kind, 'snippet');
    assert.match(edit.snippet.value, /"conferenceID": "\$1"/);
    assert.ok(!edit.snippet.value.includes('\ue000'));
  });
});
