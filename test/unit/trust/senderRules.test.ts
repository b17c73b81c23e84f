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
import { rng } from '../../helpers/jsonTexts';

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

/** The count as the sender made it before its ASCII shortcut: every unit read, a lone surrogate as its loop reads it. */
function refusedByLoop(text: string): boolean {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 4 : c >= 0xdc00 && c < 0xe000 ? 0 : 3;
    if (bytes > MAX_SEND_DOCUMENT_BYTES) return true;
  }
  return false;
}

test('the size refusal over generated texts near the limit: the loop over every unit decides, and for well-formed text Buffer.byteLength', () => {
  const r = rng(11);
  // Non-ASCII units of every width, lone surrogates included, at random places of an ASCII text (or none at all).
  // A run of lone low surrogates counts nothing to that loop: a text longer than the limit may be within it.
  const units = ['é', '会', '😀', '\ud800', '\udc00', '\u0080', '\u07ff', '\u0800', '\uffff', '\udc00'.repeat(60_000)];
  let refused = 0;
  let longWithin = 0;
  for (let round = 0; round < 80; round++) {
    // Near the limit, or far past it (where the answer may come from the first units alone).
    const length =
      round % 4 === 3
        ? MAX_SEND_DOCUMENT_BYTES + Math.floor(r() * MAX_SEND_DOCUMENT_BYTES)
        : MAX_SEND_DOCUMENT_BYTES - 40 + Math.floor(r() * 80) - (round % 3 === 0 ? 0 : 2000);
    const parts: string[] = [];
    let at = 0;
    const count = round % 5 === 0 ? 0 : 1 + Math.floor(r() * 20);
    let loneSurrogate = false;
    for (let k = 0; k < count; k++) {
      const next = at + Math.floor(r() * (length - at) * 0.5);
      const unit = units[Math.floor(r() * units.length)];
      if (unit[0] >= '\ud800' && unit[0] < '\ue000' && unit !== '😀') loneSurrogate = true;
      parts.push('a'.repeat(next - at), unit);
      at = next;
    }
    parts.push('a'.repeat(Math.max(0, length - at)));
    const text = parts.join('');
    const expected = refusedByLoop(text);
    assert.equal(sendSizeProblem(text) !== undefined, expected, `round ${round}`);
    if (!loneSurrogate) {
      assert.equal(expected, Buffer.byteLength(text) > MAX_SEND_DOCUMENT_BYTES, `round ${round}`);
    }
    if (expected) refused++;
    if (!expected && text.length > MAX_SEND_DOCUMENT_BYTES) longWithin++;
  }
  // Both answers are met often.
  assert.ok(refused > 15 && refused < 65, `${refused} refused`);
  assert.ok(longWithin > 0, `${longWithin} texts longer than the limit within it`);
});
