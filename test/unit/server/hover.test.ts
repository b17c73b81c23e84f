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
