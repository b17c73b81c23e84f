import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCatalog } from '../../helpers/catalog';
import { checkResponse } from '../../../server/src/features/responseCheck';

const PMR = 'webex.meetings.updatePersonalMeetingRoomOptions';
const check = (operationId: string, status: number, body: unknown, truncated = false) =>
  checkResponse(
    { operationId, status, body: typeof body === 'string' ? body : JSON.stringify(body), truncated },
    builtinCatalog(),
  );

describe('response check against the documented schema', () => {
  test('the documented 200 example passes clean', () => {
    const op = builtinCatalog().get(PMR)!;
    const example = op.responses.find((r) => r.status === '200')!.examples[0].value;
    assert.deepEqual(check(PMR, 200, example), {
      missing: [],
      wrongType: [],
      undocumented: [],
      documentedStatus: '200',
    });
  });

  test('missing, mistyped and undocumented members are listed by path', () => {
    const op = builtinCatalog().get(PMR)!;
    const example = structuredClone(op.responses.find((r) => r.status === '200')!.examples[0].value) as Record<
      string,
      unknown
    >;
    delete example.sipAddress;
    example.enabledAutoLock = 'yes';
    example.surprise = 1;
    const r = check(PMR, 200, example);
    assert.deepEqual(r.missing, ['$.sipAddress']);
    assert.deepEqual(r.wrongType, ['$.enabledAutoLock: documented as a boolean (true or false), got a string']);
    assert.deepEqual(r.undocumented, ['$.surprise']);
  });

  test("a Huawei error envelope is checked against the vendor's error schema", () => {
    const r = check('huawei.meeting.updateMemberVmr', 400, {
      error_code: 'MMC.111070005',
      error_msg: 'bad',
      request_id: 'r',
    });
    assert.equal(r.documentedStatus, '400');
    assert.deepEqual([r.missing, r.wrongType], [[], []]);
  });

  test('undocumented statuses, non-JSON and cut bodies are said, not guessed', () => {
    assert.match(check(PMR, 418, {}).note ?? '', /Status 418 is not documented/);
    assert.match(check(PMR, 200, '<html>').note ?? '', /not JSON/);
    assert.match(check(PMR, 200, '{"a":', true).note ?? '', /cut at the size limit/);
  });
});
