import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { builtinCatalog, doc } from '../../helpers/catalog';
import { analyze } from '../../../server/src/features/analyze';
import { toDiagnostics } from '../../../server/src/features/diagnostics';
import { codeActionsFor } from '../../../server/src/features/codeActions';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';

/** Runs validation, applies the quick fix titled `title` and returns the new text. */
function fix(text: string, title: string): string {
  const d = doc(text);
  const diagnostics = toDiagnostics(d, analyze(text, builtinCatalog(), DEFAULT_SERVER_SETTINGS).problems, 100);
  const actions = codeActionsFor(d, diagnostics);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no action "${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
  const edits = action.edit!.changes![d.uri];
  return TextDocument.applyEdits(d, edits);
}

const remaining = (text: string) =>
  analyze(text, builtinCatalog(), DEFAULT_SERVER_SETTINGS).problems.map((p) => p.code);

const VMR = (body: string) =>
  `{\n  "operation": "huawei.meeting.updateMemberVmr",\n  "pathParams": { "id": "x" },\n  "body": ${body}\n}`;

describe('quick fixes', () => {
  test('"false" → false', () => {
    const out = fix(VMR('{ "allowGustFirst": "false" }'), 'Change to false');
    assert.equal(out, VMR('{ "allowGustFirst": false }'));
    assert.deepEqual(remaining(out), []);
  });

  test('"10" → 10 where the schema wants a number', () => {
    const text = `{"operation": "webex.meetings.updatePersonalMeetingRoomOptions", "body": {"topic": "T", "hostPin": "3858", "enabledAutoLock": true, "autoLockMinutes": "10", "enabledNotifyHost": false, "supportCoHost": false, "coHosts": []}}`;
    const out = fix(text, 'Change to 10');
    assert.match(out, /"autoLockMinutes": 10,/);
    assert.deepEqual(remaining(out), []);
  });

  test('an invalid enum value → the closest allowed one', () => {
    const text =
      '{"operation": "huawei.meeting.updateRecurringMeeting", "query": {"conferenceID": "1"}, "body": {"mediaTypes": "Voice", "cycleParams": {"startDate": "2026-12-01", "endDate": "2026-12-30", "cycle": "Wek", "interval": 1, "point": [1]}}}';
    assert.match(fix(text, 'Change to "Week"'), /"cycle": "Week"/);
  });

  test('add missing required properties, with placeholders of the right type', () => {
    const text =
      '{\n  "operation": "webex.meetings.updatePersonalMeetingRoomOptions",\n  "body": {\n    "topic": "T"\n  }\n}';
    const out = fix(
      text,
      'Add missing properties: hostPin, enabledAutoLock, autoLockMinutes, enabledNotifyHost, supportCoHost, coHosts',
    );
    const body = JSON.parse(out).body;
    assert.equal(typeof body.hostPin, 'string');
    assert.equal(body.enabledAutoLock, false);
    assert.equal(typeof body.autoLockMinutes, 'number');
    assert.deepEqual(body.coHosts, []);
    assert.ok(!remaining(out).includes('required'));
    assert.match(out, /\n {4}"hostPin": /, 'indentation follows the file');
  });

  test('remove an unknown property', () => {
    const text =
      '{"operation": "huawei.meeting.updateStartedConfConfig", "query": {"conferenceID": "1"}, "body": {"lockSharing": 0, "lockSharingg": 1}}';
    const out = fix(text, 'Remove "lockSharingg"');
    assert.deepEqual(JSON.parse(out).body, { lockSharing: 0 });
  });

  test('remove a credential header', () => {
    const out = fix(
      VMR('{}').replace(
        '"pathParams"',
        '"headers": { "X-Access-Token": "secret", "X-Request-Id": "r" },\n  "pathParams"',
      ),
      'Remove the "X-Access-Token" header',
    );
    assert.deepEqual(JSON.parse(out).headers, { 'X-Request-Id': 'r' });
    assert.ok(!out.includes('secret'));
  });

  test('remove a deprecated field', () => {
    const text =
      '{"operation": "huawei.meeting.updateRecurringMeeting", "query": {"conferenceID": "1", "userUUID": "u"}, "body": {"mediaTypes": "Voice"}}';
    assert.deepEqual(JSON.parse(fix(text, 'Remove deprecated "userUUID"')).query, { conferenceID: '1' });
  });

  test('fix an unknown operation with the suggestion', () => {
    assert.equal(
      JSON.parse(fix('{"operation": "huawei.meeting.updatememberVmr"}', 'Change to "huawei.meeting.updateMemberVmr"'))
        .operation,
      'huawei.meeting.updateMemberVmr',
    );
  });

  test('diagnostics are capped with an "…and N more" summary', () => {
    const attendees = Array.from({ length: 30 }, () => ({ role: 9 }));
    const text = JSON.stringify({
      operation: 'huawei.meeting.updateRecurringMeeting',
      query: { conferenceID: '1' },
      body: { mediaTypes: 'Voice', attendees },
    });
    const d = doc(text);
    const diagnostics = toDiagnostics(d, analyze(text, builtinCatalog(), DEFAULT_SERVER_SETTINGS).problems, 10);
    assert.equal(diagnostics.length, 11);
    assert.match(String(diagnostics[10].message), /^…and \d+ more problems \(\d+ errors\) not shown/);
  });
});
