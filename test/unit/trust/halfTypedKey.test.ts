/**
 * A half-typed key on its own line (`"na⏎`, or `"na"⏎` before its colon) no longer swallows the member after it:
 * the tolerant value (`server/src/features/tolerantValue.ts`) keeps every member, so completion does not offer a
 * key the object already has, and the validator's recovered value is the document's. Checked against the value of
 * the same text with the half key removed (an oracle: JSON.parse).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver';
import { DocumentValues } from '../../../server/src/documentCache';
import { complete } from '../../../server/src/features/completion';
import { endHalfKeys, tolerantValue } from '../../../server/src/features/tolerantValue';
import { analyze } from '../../../server/src/features/analyze';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { builtinCatalog, doc } from '../../helpers/catalog';
import { withCursor } from '../../helpers/cursor';

const HEAD = '{\n  "operation": "huawei.meeting.updateMemberVmr",\n  "pathParams": { "id": "x" },\n  "body": {\n';
const TAIL = '    "chairPwd": "123456",\n    "vmrName": "a"\n  }\n}';
const WHOLE = JSON.parse(HEAD + TAIL) as unknown;

for (const half of ['    "na|\n', '    "na|"\n', '    "|\n', '    "na"|\n']) {
  test(`${JSON.stringify(half.trim())} before two members keeps both (value, completion, validator)`, () => {
    const { text, offset } = withCursor(HEAD + half + TAIL);
    assert.throws(() => JSON.parse(text) as unknown);
    assert.deepEqual(tolerantValue(text), WHOLE);
    const d = doc(text);
    const values = new DocumentValues();
    assert.deepEqual(values.get(d).value, WHOLE);
    const labels = complete(d, offset, values.get(d).value, builtinCatalog()).map((i: CompletionItem) => i.label);
    assert.ok(labels.includes('gustPwd'), JSON.stringify(labels));
    assert.ok(!labels.includes('chairPwd') && !labels.includes('vmrName'), `offered again: ${JSON.stringify(labels)}`);
    assert.deepEqual(analyze(text, builtinCatalog(), DEFAULT_SERVER_SETTINGS).value, WHOLE);
  });
}

test('nothing else changes: members with colons, strings in arrays, values being typed', () => {
  for (const text of [
    '{"a": "x",\n "b": 1}',
    '{"a": [\n "x"\n "y"]}',
    '{"a": "te\n "b": 1}',
    '{"a":\n "b"}',
    HEAD + TAIL,
  ]) {
    assert.equal(endHalfKeys(text), text, text);
  }
  // Two half keys in a row, nested.
  assert.deepEqual(tolerantValue('{"o": {\n "p\n "q"\n "r": 1}}'), { o: { r: 1 } });
});
