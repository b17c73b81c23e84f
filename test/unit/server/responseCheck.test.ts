import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCatalog } from '../../helpers/catalog';
import { checkResponse, checkResponsePlaced } from '../../../server/src/features/responseCheck';

const PMR = 'webex.meetings.updatePersonalMeetingRoomOptions';
const check = (operationId: string, status: number, body: unknown, truncated = false) =>
  checkResponse(
    { operationId, status, body: typeof body === 'string' ? body : JSON.stringify(body), truncated },
    builtinCatalog(),
  );

/** The documented 200 example without a required member, with a string for a boolean. */
function driftedExample(): Record<string, unknown> {
  const op = builtinCatalog().get(PMR)!;
  const example = structuredClone(op.responses.find((r) => r.status === '200')!.examples[0].value) as Record<
    string,
    unknown
  >;
  delete example.sipAddress;
  example.enabledAutoLock = 'yes';
  return example;
}

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
    const example = driftedExample();
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

  test('each listed difference has its place in the body, and the "…and N more" line none', () => {
    const example = driftedExample();
    for (let i = 0; i < 52; i++) example[`extra${i}`] = i;
    const body = JSON.stringify(example);
    const { result, places } = checkResponsePlaced(
      { operationId: PMR, status: 200, body, truncated: false },
      builtinCatalog(),
    );
    assert.deepEqual(result, check(PMR, 200, body));
    assert.deepEqual(places.missing, [[]]);
    assert.deepEqual(places.wrongType, [['enabledAutoLock']]);
    assert.equal(result.undocumented.length, 51);
    assert.equal(result.undocumented[50], '…and 2 more');
    // Each place is the path its text names.
    assert.deepEqual(
      places.undocumented.slice(0, 50).map((p) => `$.${p?.join('.')}`),
      result.undocumented.slice(0, 50),
    );
    assert.equal(places.undocumented.length, 51);
    assert.equal(places.undocumented[50], undefined);
  });
});
