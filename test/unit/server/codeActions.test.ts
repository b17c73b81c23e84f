import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { builtinCatalog, doc } from '../../helpers/catalog';
import { analyze } from '../../../server/src/features/analyze';
import { toDiagnostics } from '../../../server/src/features/diagnostics';
import { codeActionsFor, fixAllFor } from '../../../server/src/features/codeActions';
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

describe('Fix all (source.fixAll)', () => {
  const fixAll = (text: string) => {
    const d = doc(text);
    const action = fixAllFor(d, analyze(text, builtinCatalog(), DEFAULT_SERVER_SETTINGS).problems);
    return { action, out: action ? TextDocument.applyEdits(d, action.edit!.changes![d.uri]) : text };
  };
  const all = (text: string) =>
    analyze(text, builtinCatalog(), DEFAULT_SERVER_SETTINGS).problems.map((p) => [p.severity, p.code, p.message]);

  test('applies every mechanical fix in one edit: the result has none of those problems, and keeps everything else', () => {
    const text = `{
  "operation": "huawei.meeting.updateRecurringMeeting",
  "query": { "conferenceID": "1" },
  "headers": { "X-Access-Token": "customer-secret", "Accept-Language": "en-US" },
  "body": {
    "mediaTypes": "Voice",
    "subject": "Weekly sync",
    "length": "45",
    "supportSimultaneousInterpretation": "true",
    "cycleParams": { "startDate": "2026-12-01", "endDate": "2026-12-30", "cycle": "Wek", "interval": 1, "point": [1] },
    "attendees": [{ "name": "Ann", "role": "1" }, { "name": "Bob", "role": 0 }]
  }
}`;
    assert.deepEqual(
      all(text).map(([severity, code]) => [severity, code]),
      [
        ['warning', 'credential-header'],
        ['error', 'type'],
        ['error', 'type'],
        ['error', 'enum'],
        ['error', 'type'],
      ],
    );
    const { action, out } = fixAll(text);
    assert.ok(action);
    assert.equal(action.kind, 'source.fixAll');
    assert.equal(action.edit!.changes!['file:///test.meeting.json'].length, 1, 'one edit');
    assert.match(action.title, /^Fix all \(5\): /);
    assert.match(action.title, /Remove the "X-Access-Token" header/, 'the removal is announced');
    // Every severity: nothing is left to report.
    assert.deepEqual(all(out), []);
    assert.deepEqual(JSON.parse(out), {
      operation: 'huawei.meeting.updateRecurringMeeting',
      query: { conferenceID: '1' },
      headers: { 'Accept-Language': 'en-US' },
      body: {
        mediaTypes: 'Voice',
        subject: 'Weekly sync',
        length: 45,
        supportSimultaneousInterpretation: true,
        cycleParams: { startDate: '2026-12-01', endDate: '2026-12-30', cycle: 'Week', interval: 1, point: [1] },
        attendees: [
          { name: 'Ann', role: 1 },
          { name: 'Bob', role: 0 },
        ],
      },
    });
    assert.ok(!out.includes('customer-secret'));
  });

  test('takes renames and spellings, never renames two keys onto one name, never changes what is asked for', () => {
    const text =
      '{"operation": "huawei.meeting.updateStartedConfConfig", "query": {"conferenceID": "1"}, "body": {"lockSharng": 1, "lockSharin": 0, "isLock": 300}}';
    const { action, out } = fixAll(text);
    // The nearest number (300 → 1, "Lock the meeting") is a quick fix the user picks, not part of Fix all.
    assert.equal(action?.title, 'Fix all (1): Rename to "lockSharing"');
    // The value of the renamed key is kept; the second typo stays, and now says the name is taken.
    assert.deepEqual(JSON.parse(out).body, { lockSharing: 1, lockSharin: 0, isLock: 300 });
    assert.deepEqual(
      all(out).map(([severity, code]) => [severity, code]),
      [
        ['error', 'additional-property'],
        ['error', 'enum'],
      ],
    );
  });

  test('a number text that JSON cannot keep exactly is not converted by Fix all', () => {
    const text =
      '{"operation": "huawei.meeting.updateRecurringMeeting", "query": {"conferenceID": "1"}, "body": {"length": "12345678901234567890", "subject": "s", "cycleParams": {"startDate": "2031-09-01", "endDate": "2031-09-02", "cycle": "Day"}}}';
    const problems = analyze(text, builtinCatalog(), DEFAULT_SERVER_SETTINGS).problems;
    const length = problems.find((p) => p.path?.join('.') === 'body.length');
    assert.ok(length?.fixes?.[0], 'the quick fix is still offered');
    assert.equal(length.fixes[0].fixAll, undefined);
    const { out } = fixAll(text);
    assert.match(out, /"length": "12345678901234567890"/);
  });

  test('leaves what needs a choice alone (missing fields, unknown keys) and offers nothing when nothing is mechanical', () => {
    const text =
      '{"operation": "huawei.meeting.updateStartedConfConfig", "query": {"conferenceID": "1"}, "body": {"lockSharing": "0", "lockSharingg": 1}}';
    const { action, out } = fixAll(text);
    assert.equal(action?.title, 'Fix all (1): Change to 0');
    assert.deepEqual(JSON.parse(out).body, { lockSharing: 0, lockSharingg: 1 });
    assert.deepEqual(all(out), [
      ['error', 'additional-property', '"lockSharingg" is not allowed. Did you mean "lockSharing"? It is already set.'],
    ]);
    assert.equal(fixAll(out).action, undefined);
  });

  test("keeps a byte-order mark and the file's indentation", () => {
    const text = '\ufeff' + VMR('{\n    "allowGustFirst": "false"\n  }');
    const { out } = fixAll(text);
    assert.equal(out, '\ufeff' + VMR('{\n    "allowGustFirst": false\n  }'));
  });

  test('keeps a byte-order mark on a one-line file, where a fix reformats the whole line', () => {
    const text =
      '\ufeff{"operation":"huawei.meeting.updateStartedConfConfig","query":{"conferenceID":"1"},"body":{"isLock":"1"},"headers":{"Authorization":"x"}}';
    const removed = fix(text, 'Remove the "Authorization" header');
    assert.ok(removed.startsWith('\ufeff{'), JSON.stringify(removed.slice(0, 3)));
    assert.equal(JSON.parse(removed.slice(1)).headers.Authorization, undefined);
    const { out } = fixAll(text);
    assert.ok(out.startsWith('\ufeff{'), JSON.stringify(out.slice(0, 3)));
    assert.deepEqual(JSON.parse(out.slice(1)).body, { isLock: 1 });
    assert.deepEqual(all(out), []);
  });
});

describe('what quick fixes insert satisfies the schema', () => {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const NO_BODY = '{\n  "operation": "huawei.meeting.updateRecurringMeeting",\n  "query": { "conferenceID": "1" }\n}';

  test('a missing body: the required fields filled, dates not in the past; nothing left to report', () => {
    const out = fix(NO_BODY, 'Add a body with the required fields');
    assert.deepEqual(JSON.parse(out).body, {
      mediaTypes: 'Voice',
      cycleParams: { startDate: tomorrow, endDate: tomorrow, cycle: 'Day' },
    });
    assert.deepEqual(analyze(out, builtinCatalog(), DEFAULT_SERVER_SETTINGS).problems, []);
  });

  test('the documented example body keeps its shape and spacing of dates, moved to start tomorrow', () => {
    const out = fix(NO_BODY, 'Add the documented example body');
    const { cycleParams } = (JSON.parse(out) as { body: { cycleParams: { startDate: string; endDate: string } } }).body;
    assert.equal(cycleParams.startDate, tomorrow);
    assert.equal(Date.parse(cycleParams.endDate) - Date.parse(cycleParams.startDate), 86_400_000, 'one day apart');
    assert.deepEqual(analyze(out, builtinCatalog(), DEFAULT_SERVER_SETTINGS).problems, []);
  });

  test('a missing required object is added filled in, not as {}', () => {
    const text =
      '{"operation": "huawei.meeting.updateRecurringMeeting", "query": {"conferenceID": "1"}, "body": {"mediaTypes": "Voice"}}';
    const out = fix(text, 'Add "cycleParams"');
    assert.deepEqual(JSON.parse(out).body.cycleParams, { startDate: tomorrow, endDate: tomorrow, cycle: 'Day' });
    assert.deepEqual(analyze(out, builtinCatalog(), DEFAULT_SERVER_SETTINGS).problems, []);
  });
});

describe('values a quick fix cannot know', () => {
  test('without snippet edits they are inserted as "" (never a placeholder character)', () => {
    const text = '{\n  "operation": "huawei.meeting.updateStartedConfConfig",\n  "query": {},\n  "body": {}\n}';
    const out = fix(text, 'Add "conferenceID"');
    assert.deepEqual(JSON.parse(out).query, { conferenceID: '' });
    assert.ok(!out.includes('\ue000'));
  });

  test('with snippet edits they are numbered tab stops, and the rest of the text is escaped', () => {
    const text = '{"operation": "huawei.meeting.updateMemberVmr", "body": {}}';
    const d = doc(text);
    const diagnostics = toDiagnostics(d, analyze(text, builtinCatalog(), DEFAULT_SERVER_SETTINGS).problems, 100);
    const actions = codeActionsFor(d, diagnostics, true);
    const add = actions.find((a) => a.title === 'Add pathParams with "id"');
    assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
    const change = add.edit!.documentChanges![0];
    assert.ok('edits' in change);
    const edit = change.edits[0];
    assert.ok('snippet' in edit);
    assert.match(edit.snippet.value, /"pathParams": \{\s*"id": "\$1"\s*\\\}/, edit.snippet.value);
  });
});
