import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { builtinCatalog, doc } from '../../helpers/catalog';
import { withCursor } from '../../helpers/cursor';
import { hover } from '../../../server/src/features/hover';

function hoverAt(marked: string): string | undefined {
  const { text, offset } = withCursor(marked);
  const h = hover(doc(text), offset, parse(text), builtinCatalog());
  if (!h) return undefined;
  return typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : JSON.stringify(h.contents);
}

describe('hover', () => {
  test('on a body key: description, type, constraints, required, vendor link', () => {
    const md = hoverAt('{"operation": "huawei.meeting.updateMemberVmr", "body": {"chair|Pwd": "1234"}}')!;
    assert.match(md, /^\*\*chairPwd\*\*: `string` \(optional\)/);
    assert.match(md, /4 to 16 digits/);
    assert.match(md, /\[Vendor documentation\]\(https:\/\//);
  });

  test('on a required key it says so', () => {
    const md = hoverAt('{"operation": "webex.meetings.updatePersonalMeetingRoomOptions", "body": {"to|pic": "x"}}')!;
    assert.match(md, /\(required\)/);
    assert.match(md, /1 to 128 characters/);
  });

  test('on an enum value: its meaning, and all allowed values', () => {
    const md = hoverAt(
      '{"operation": "huawei.meeting.updateRecurringMeeting", "body": {"cycleParams": {"cycle": "We|ek"}}}',
    )!;
    assert.match(md, /^`"Week"`: /);
    assert.match(md, /Allowed values:\n- `"Day"`/);
  });

  test('on a deprecated parameter', () => {
    const md = hoverAt('{"operation": "huawei.meeting.updateRecurringMeeting", "query": {"user|UUID": "x"}}')!;
    assert.match(md, /\*\*deprecated\*\*/);
  });

  test('on operation: method, full URL template, summary, authentication, statuses', () => {
    const md = hoverAt('{"operation": "huawei.meeting.updateSta|rtedConfConfig"}')!;
    assert.match(
      md,
      /\*\*PUT\*\* `https:\/\/api\.meeting\.huaweicloud\.com\/v1\/mmc\/control\/conferences\/updateStartedConfConfig`/,
    );
    assert.match(md, /X-Conference-Authorization/);
    assert.match(md, /Responses:\n- `200`/);
  });

  test('nothing on punctuation or unknown places', () => {
    assert.equal(hoverAt('{"operation": "nope", "body": {"a|": 1}}'), undefined);
  });
});

describe('hover is inert Markdown (T29)', () => {
  test('document values cannot break out of their code span', async () => {
    const { codeSpan, escapeMarkdown } = await import('../../../server/src/features/hover.js');
    assert.equal(
      codeSpan('[click](command:workbench.action.terminal.new)'),
      '`[click](command:workbench.action.terminal.new)`',
    );
    assert.equal(codeSpan('a`b``c'), '```a`b``c```');
    assert.equal(codeSpan('`x'), '`` `x ``');
    assert.equal(escapeMarkdown('[x](command:y) <img src=x>'), '\\[x\\]\\(command:y\\) \\<img src=x\\>');
  });
});

describe('hover says what a limit is and where it comes from', () => {
  test('patterns in plain words, never the regular expression', () => {
    const cases: Array<[string, RegExp]> = [
      [
        '{"operation": "huawei.meeting.updateMemberVmr", "body": {"gust|Pwd": ""}}',
        /- empty \(no guest password\), or 4 to 16 digits/,
      ],
      [
        '{"operation": "huawei.meeting.updateRecurringMeeting", "body": {"start|Time": ""}}',
        /- a UTC time like 2026-09-01 08:46/,
      ],
      [
        '{"operation": "huawei.meeting.updateRecurringMeeting", "body": {"cycleParams": {"start|Date": ""}}}',
        /- a date like 2026-09-01 \(YYYY-MM-DD\)/,
      ],
      ['{"operation": "webex.meetings.updatePersonalMeetingRoomOptions", "body": {"host|Pin": ""}}', /- digits only/],
    ];
    for (const [marked, words] of cases) {
      const md = hoverAt(marked)!;
      assert.match(md, words);
      assert.doesNotMatch(md, /\[0-9\]|\^|\(\?:/, `no regex in: ${md}`);
    }
  });

  test("limits we add for safety are shown as ours, the vendor's as they are", () => {
    const pin = hoverAt('{"operation": "webex.meetings.updatePersonalMeetingRoomOptions", "body": {"host|Pin": ""}}')!;
    assert.match(pin, /- at most 32 characters \(our safety bound, not a documented limit\)/);
    const id = hoverAt('{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"i|d": "x"}}')!;
    assert.match(id, /- at least 1 character\n- at most 64 characters \(our safety bound, not a documented limit\)/);
    const name = hoverAt('{"operation": "huawei.meeting.updateMemberVmr", "body": {"vmr|Name": "x"}}')!;
    assert.match(name, /- 1 to 128 characters\n/);
    assert.doesNotMatch(name, /safety bound/);
  });

  test('cycleParams says why it is required although the vendor table marks it optional', () => {
    const md = hoverAt('{"operation": "huawei.meeting.updateRecurringMeeting", "body": {"cycle|Params": {}}}')!;
    assert.match(md, /\(required\)/);
    assert.match(md, /although the vendor's table marks it optional/);
  });

  test('mediaTypes names the current values and says the older list only warns', () => {
    const md = hoverAt('{"operation": "huawei.meeting.updateRecurringMeeting", "body": {"media|Types": "Voice"}}')!;
    assert.match(md, /Allowed values:\n- `"Voice"`: Voice-only meetings\n- `"HDVideo"`: Video meetings/);
    assert.match(md, /older comma-separated list .* is accepted with a warning/);
  });

  test('a read-only answer field says what it is', () => {
    const md = hoverAt(
      '{"operation": "webex.meetings.updatePersonalMeetingRoomOptions", "body": {"sip|Address": "x"}}',
    )!;
    assert.match(md, /^\*\*sipAddress\*\*: `string` \(optional, read-only: returned by the API, ignored when sent\)/);
  });
});
