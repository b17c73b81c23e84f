import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { getLocation, parse, parseTree } from 'jsonc-parser';
import { locationInTree } from '../../../server/src/features/context';
import { DocumentValues } from '../../../server/src/documentCache';
import type { CompletionItem, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { builtinCatalog, doc, underlined } from '../../helpers/catalog';
import { withCursor } from '../../helpers/cursor';
import { complete } from '../../../server/src/features/completion';
import { snippetText } from '../../helpers/snippet';

function completeAt(marked: string): CompletionItem[] {
  const { text, offset } = withCursor(marked);
  return complete(doc(text), offset, parse(text), builtinCatalog());
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

/** Applies an item's text edit (snippet placeholders stripped) to see what the user gets. */
function accept(marked: string, label: string): string {
  const { text, offset } = withCursor(marked);
  const d = doc(text);
  const it = complete(d, offset, parse(text), builtinCatalog()).find((i) => i.label === label);
  assert.ok(it, `no item ${label}`);
  const edit = it.textEdit as TextEdit | undefined;
  const newText = snippetText(edit?.newText ?? it.insertText ?? '');
  return TextDocument.applyEdits(d, [
    edit
      ? { range: edit.range, newText }
      : { range: { start: d.positionAt(offset), end: d.positionAt(offset) }, newText },
  ]);
}

describe('completion', () => {
  test('envelope keys in an empty file object', () => {
    assert.deepEqual(labels(completeAt('{|}')), ['$schema', 'operation', 'pathParams', 'query', 'headers', 'body']);
  });

  test('envelope keys already present are not offered again', () => {
    assert.deepEqual(labels(completeAt('{"operation": "x", |}')), [
      '$schema',
      'pathParams',
      'query',
      'headers',
      'body',
    ]);
  });

  test('operations show method, path and summary', () => {
    const items = completeAt('{"operation": |}');
    assert.equal(items.length, 5);
    const vmr = items.find((i) => i.label === 'huawei.meeting.updateMemberVmr')!;
    assert.equal(vmr.detail, 'PUT /v1/usg/dcs/member/vmr/{id}');
    assert.match(JSON.stringify(vmr.documentation), /api\.meeting\.huaweicloud\.com/);
    const deprecated = items.find((i) => i.label === 'webex.calling.putSharedLineAppearanceMembers')!;
    assert.deepEqual(deprecated.tags, [1]);
  });

  test('accepting an operation inserts its quoted id, replacing what was typed', () => {
    assert.equal(
      accept('{"operation": "huawei.meet|"}', 'huawei.meeting.updateMemberVmr'),
      '{"operation": "huawei.meeting.updateMemberVmr"}',
    );
  });

  test('parameter names of the operation', () => {
    assert.deepEqual(labels(completeAt('{"operation": "huawei.meeting.updateRecurringMeeting", "query": {|}}')), [
      'conferenceID',
      'userUUID',
    ]);
    assert.deepEqual(labels(completeAt('{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {|}}')), ['id']);
    // Credential headers are never offered.
    const headers = labels(completeAt('{"operation": "huawei.meeting.updateMemberVmr", "headers": {|}}'));
    assert.ok(headers.includes('X-Request-Id'));
    assert.ok(!headers.some((h) => /token|authorization/i.test(String(h))));
  });

  test('body properties: required first, with type and docs', () => {
    const items = completeAt('{"operation": "webex.meetings.updatePersonalMeetingRoomOptions", "body": {|}}');
    const sorted = [...items].sort((a, b) => String(a.sortText).localeCompare(String(b.sortText)));
    const required = [
      'autoLockMinutes',
      'coHosts',
      'enabledAutoLock',
      'enabledNotifyHost',
      'hostPin',
      'supportCoHost',
      'topic',
    ];
    assert.deepEqual(
      sorted.slice(0, required.length).map((i) => i.label),
      required,
    );
    const topic = items.find((i) => i.label === 'topic')!;
    assert.match(String(topic.detail), /^required · string/);
    assert.match(JSON.stringify(topic.documentation), /128/);
  });

  test('accepting a property inserts a value placeholder of the right type', () => {
    const m = '{"operation": "huawei.meeting.updateMemberVmr", "body": {|}}';
    assert.equal(
      accept(m, 'allowGustFirst'),
      '{"operation": "huawei.meeting.updateMemberVmr", "body": {"allowGustFirst": false}}',
    );
    assert.equal(accept(m, 'vmrName'), '{"operation": "huawei.meeting.updateMemberVmr", "body": {"vmrName": ""}}');
  });

  test('a comma is added when another member follows', () => {
    const m = '{"operation": "huawei.meeting.updateMemberVmr", "body": {"vmr|" "chairPwd": "1234"}}';
    assert.equal(
      accept(m, 'vmrName'),
      '{"operation": "huawei.meeting.updateMemberVmr", "body": {"vmrName": "", "chairPwd": "1234"}}',
    );
  });

  test('nested objects and array items complete too', () => {
    const m = '{"operation": "huawei.meeting.updateRecurringMeeting", "body": {"attendees": [{|}]}}';
    const items = labels(completeAt(m));
    assert.ok(items.includes('role') && items.includes('name'), String(items));
    const cp = labels(
      completeAt('{"operation": "huawei.meeting.updateRecurringMeeting", "body": {"cycleParams": {|}}}'),
    );
    assert.ok(cp.includes('cycle') && cp.includes('startDate'), String(cp));
  });

  test('enum values come with their meanings', () => {
    const items = completeAt(
      '{"operation": "huawei.meeting.updateRecurringMeeting", "body": {"cycleParams": {"cycle": |}}}',
    );
    assert.deepEqual(labels(items), ['"Day"', '"Week"', '"Month"']);
    assert.match(String(items[1].detail), /week/i);
    const roles = completeAt(
      '{"operation": "huawei.meeting.updateRecurringMeeting", "body": {"attendees": [{"role": |}]}}',
    );
    assert.deepEqual(labels(roles), ['0', '1']);
  });

  test('accepting an enum value replaces the string being typed', () => {
    const m = '{"operation": "huawei.meeting.updateRecurringMeeting", "body": {"cycleParams": {"cycle": "W|"}}}';
    assert.equal(
      accept(m, '"Week"'),
      '{"operation": "huawei.meeting.updateRecurringMeeting", "body": {"cycleParams": {"cycle": "Week"}}}',
    );
  });

  test('booleans are offered for boolean values', () => {
    assert.deepEqual(
      labels(completeAt('{"operation": "huawei.meeting.updateMemberVmr", "body": {"allowGustFirst": |}}')),
      ['true', 'false'],
    );
  });

  test('the body offers the documented examples as whole-body snippets', () => {
    const items = completeAt('{"operation": "huawei.meeting.updateMemberVmr", "body": |}');
    const snippets = items.filter((i) => i.kind === 15);
    assert.ok(snippets.length >= 1);
    const edit = snippets[0].textEdit as TextEdit | undefined;
    const inserted = JSON.parse(edit?.newText ?? snippets[0].insertText ?? '');
    assert.equal(typeof inserted, 'object');
  });

  test('no operation, no body completion (and no crash)', () => {
    assert.deepEqual(completeAt('{"operation": "nope", "body": {|}}'), []);
    assert.deepEqual(completeAt('{"body": {"a": [|'), []);
  });
});

describe('completion and hover on large documents', () => {
  test('the parsed-tree location agrees with scanning, for keys and values', () => {
    const attendees = Array.from({ length: 50 }, (_, i) => ({ name: `N${i}`, role: i % 2, type: 'normal' }));
    const text = JSON.stringify(
      { operation: 'huawei.meeting.updateRecurringMeeting', body: { mediaTypes: 'Voice', attendees } },
      null,
      2,
    );
    const tree = parseTree(text)!;
    let compared = 0;
    for (let offset = 0; offset < text.length; offset += 7) {
      const fromTree = locationInTree(tree, offset);
      if (!fromTree) continue;
      const scanned = getLocation(text, offset);
      assert.deepEqual(
        [fromTree.path, fromTree.isAtPropertyKey],
        [scanned.path, scanned.isAtPropertyKey],
        `offset ${offset}`,
      );
      compared++;
    }
    assert.ok(compared > 100);
  });

  test('a 400 KB document completes attendee properties through the cursor scan', () => {
    const attendees = Array.from({ length: 4000 }, (_, i) => ({ name: `N${i}`, role: 0, email: `n${i}@example.com` }));
    const text = JSON.stringify(
      { operation: 'huawei.meeting.updateRecurringMeeting', body: { mediaTypes: 'Voice', attendees } },
      null,
      2,
    );
    const d = doc(text);
    const parsed = new DocumentValues().get(d);
    assert.ok(parsed.valid, 'a valid document takes the cursor scan');
    const at = text.lastIndexOf('"role"') + 2;
    const items = complete(d, at, parsed.value, builtinCatalog(), parsed.valid);
    assert.ok(labels(items).includes('phone'), String(labels(items)));
  });

  test('what completion inserts satisfies the schema: default or minimum, a date not in the past, a filled required object', () => {
    const op = '{"operation": "huawei.meeting.updateRecurringMeeting", "query": {"conferenceID": "1"}, ';
    assert.equal(
      accept(op + '"body": {"mediaTypes": "Voice", |}}', 'length'),
      op + '"body": {"mediaTypes": "Voice", "length": 30}}',
    );
    const withCycle = accept(op + '"body": {"mediaTypes": "Voice", |}}', 'cycleParams');
    const body = (
      JSON.parse(withCycle) as { body: { cycleParams: { startDate: string; endDate: string; cycle: string } } }
    ).body;
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    assert.deepEqual(body.cycleParams, { startDate: tomorrow, endDate: tomorrow, cycle: 'Day' });
    assert.deepEqual(underlined(withCycle), [], 'the filled object raises nothing, at any severity');
    const interval = accept(
      op +
        '"body": {"mediaTypes": "Voice", "cycleParams": {"startDate": "2099-01-01", "endDate": "2099-01-02", "cycle": "Day", |}}}',
      'interval',
    );
    assert.match(interval, /"interval": 1\}/, 'the minimum, not 0');
    assert.deepEqual(underlined(interval), []);
    const date = accept(op + '"body": {"mediaTypes": "Voice", "cycleParams": {|}}}', 'startDate');
    assert.match(date, new RegExp(`"startDate": "${tomorrow}"`));
  });

  test('read-only answer fields are documented but not offered', () => {
    const items = labels(completeAt('{"operation": "webex.meetings.updatePersonalMeetingRoomOptions", "body": {|}}'));
    assert.ok(items.includes('topic'));
    for (const readOnly of ['personalMeetingRoomLink', 'sipAddress', 'dialInIpAddress', 'telephony']) {
      assert.ok(!items.includes(readOnly), readOnly);
    }
  });
});

describe('enum meanings in the list (#12 §1)', () => {
  test('each coded value shows its meaning beside it (labelDetails), the default none', () => {
    const items = completeAt(
      '{"operation": "huawei.meeting.updateStartedConfConfig", "query": {"conferenceID": "1"}, "body": {"isLock": |}}',
    );
    assert.deepEqual(
      items.map((i) => [i.label, i.labelDetails?.description]),
      [
        ['0', 'Unlock the meeting'],
        ['1', 'Lock the meeting: nobody else can join'],
      ],
    );
  });
});
