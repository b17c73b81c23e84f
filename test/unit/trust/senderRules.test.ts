/**
 * Every rule the sender applies before sending is also a diagnostic, from the same definition. The header rules are
 * held to the sender in `test/unit/security/headerRules.test.ts`; here the path parameter values
 * (`common/pathValues.ts`): the editor's message at the value is the very refusal of `buildUrl`, and a value both
 * accept is reported by neither.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildUrl } from '../../../client/src/http/url';
import { underlined } from '../../helpers/catalog';

const TEMPLATE = '/v1/usg/dcs/member/vmr/{id}';

function refusal(id: string): string | undefined {
  try {
    buildUrl('https://api.meeting.huaweicloud.com', { pathTemplate: TEMPLATE, pathParams: { id }, query: [] });
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

test('a path value the sender refuses is an error at the value, in the sender’s words; one it sends is none', () => {
  const cases = ['', '.', '..', '\ud800', 'a\udc00b', 'ff80808167ef1edf0167f33d650c0662', '...', '.a', '%2e%2e', 'é😀'];
  let refused = 0;
  for (const id of cases) {
    const text = JSON.stringify({ operation: 'huawei.meeting.updateMemberVmr', pathParams: { id }, body: {} });
    const problems = underlined(text).filter((p) => p.at === JSON.stringify(id) && p.severity === 'error');
    const sender = refusal(id);
    assert.deepEqual(
      problems.map((p) => p.message),
      sender === undefined ? [] : [sender],
      JSON.stringify(id),
    );
    if (sender !== undefined) refused++;
  }
  assert.equal(refused, 5);
});
