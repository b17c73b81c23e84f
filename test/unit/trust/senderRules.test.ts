/**
 * Every rule the sender applies before sending is also a diagnostic, from the same definition. The header rules are
 * held to the sender in `test/unit/security/headerRules.test.ts`; here the path parameter values
 * (`common/pathValues.ts`): the editor's message at the value is the very refusal of `buildUrl`, and a value both
 * accept is reported by neither; and the size of a file Send refuses (`sendSizeProblem`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildUrl } from '../../../client/src/http/url';
import { MAX_SEND_DOCUMENT_BYTES, sendSizeProblem } from '../../../common/requestSpec';
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

test('a file Send refuses for its size gets the refusal as an information at its start; one byte less, nothing', () => {
  const head =
    '{"operation": "huawei.meeting.updateStartedConfConfig", "query": {"conferenceID": "1"}, "body": {"x": "';
  const tail = '"}}';
  // Around the limit, in UTF-8 bytes (Buffer.byteLength is the oracle), with 1-, 2-, 3- and 4-byte characters.
  for (const ch of ['a', 'é', '会', '😀']) {
    for (const extra of [-1, 0, 1, 2]) {
      const fill = MAX_SEND_DOCUMENT_BYTES - Buffer.byteLength(head + tail) + extra;
      const n = Math.floor(fill / Buffer.byteLength(ch));
      const text = head + ch.repeat(n) + 'a'.repeat(fill - n * Buffer.byteLength(ch)) + tail;
      const over = Buffer.byteLength(text) > MAX_SEND_DOCUMENT_BYTES;
      assert.equal(sendSizeProblem(text) !== undefined, over, `${ch} ${extra}`);
      const infos = underlined(text).filter((p) => p.code === 'too-large-to-send');
      assert.deepEqual(
        infos.map((p) => [p.severity, p.message, p.at]),
        over ? [['info', sendSizeProblem(text), '{']] : [],
      );
    }
  }
});
