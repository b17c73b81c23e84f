import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCatalog, underlined, problemsOf } from '../../helpers/catalog';
import { analyze, LIMITS } from '../../../server/src/features/analyze';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { cpuNow } from '../../helpers/cpuTime';

const vmr = (body: unknown) =>
  JSON.stringify(
    { operation: 'huawei.meeting.updateMemberVmr', pathParams: { id: 'ff80808167ef1edf0167f33d650c0662' }, body },
    null,
    2,
  );

describe('validation of request files', () => {
  test('seed 001\'s cURL body: the string "false" for allowGustFirst is flagged at that value', () => {
    const text = vmr({ vmrName: 'test', chairPwd: '123456', gustPwd: '654321', allowGustFirst: 'false' });
    const problems = problemsOf(text);
    assert.equal(problems.length, 1);
    const [p] = problems;
    assert.equal(text.slice(p.offset, p.offset + p.length), '"false"');
    assert.equal(
      p.message,
      'allowGustFirst must be a boolean (true or false), not a string. (The Huawei doc page quotes it as a string in its cURL example, a mistake: its parameter table says Boolean and its example request sends false.)',
    );
    assert.deepEqual(p.fixes, [
      { kind: 'set', title: 'Change to false', path: ['body', 'allowGustFirst'], value: false, fixAll: true },
    ]);
  });

  test('seed 003\'s body {"lockSharing": 0} validates', () => {
    const text = JSON.stringify({
      operation: 'huawei.meeting.updateStartedConfConfig',
      query: { conferenceID: '900244663' },
      body: { lockSharing: 0 },
    });
    assert.deepEqual(underlined(text), []);
  });

  test('a recurring series with a wrong cycle and an attendee with a bad role gets both errors at the right places', () => {
    const text = JSON.stringify(
      {
        operation: 'huawei.meeting.updateRecurringMeeting',
        query: { conferenceID: '900244663' },
        body: {
          mediaTypes: 'Voice',
          cycleParams: { startDate: '2026-12-01', endDate: '2026-12-30', cycle: 'Fortnight', interval: 1, point: [1] },
          attendees: [
            { name: 'Ann', role: 0 },
            { name: 'Bob', role: 7 },
          ],
        },
      },
      null,
      2,
    );
    const found = underlined(text).filter((p) => p.severity === 'error');
    const cycle = found.find((p) => p.at === '"Fortnight"');
    const role = found.find((p) => p.at === '7');
    assert.ok(cycle, `no error on cycle: ${JSON.stringify(found)}`);
    assert.ok(role, `no error on role: ${JSON.stringify(found)}`);
    assert.match(cycle.message, /^cycle must be one of: "Day" \(.+\), "Week" \(.+\), "Month" \(.+\)\.$/);
    assert.match(role.message, /^role must be one of: 0 \(.+\), 1 \(.+\)/);
    // The second attendee's role, not the first one's.
    const problems = problemsOf(text);
    const roleProblem = problems.find((p) => text.slice(p.offset, p.offset + p.length) === '7')!;
    assert.ok(roleProblem.offset > text.indexOf('"Bob"'));
  });

  test('chairPwd gets a message in plain words', () => {
    assert.deepEqual(
      underlined(vmr({ chairPwd: '12ab' })).map((p) => p.message),
      ['chairPwd must be 4 to 16 digits.'],
    );
  });

  test('a sequential host PIN is refused with the reason', () => {
    const body = {
      topic: 'T',
      hostPin: '4321',
      enabledAutoLock: false,
      autoLockMinutes: 0,
      enabledNotifyHost: false,
      supportCoHost: false,
      coHosts: [],
    };
    assert.deepEqual(
      underlined(JSON.stringify({ operation: 'webex.meetings.updatePersonalMeetingRoomOptions', body })).map((p) => [
        p.at,
        p.message,
      ]),
      [['"4321"', 'hostPin must not be a PIN of one repeated digit or of consecutive ascending or descending digits.']],
    );
  });

  test('gustPwd may be empty (no guest password) but not 2 digits', () => {
    assert.deepEqual(underlined(vmr({ gustPwd: '' })), []);
    assert.deepEqual(
      underlined(vmr({ gustPwd: '12' })).map((p) => p.at),
      ['"12"'],
    );
  });

  test('syntax errors point at the place', () => {
    const text =
      '{\n  "operation": "huawei.meeting.updateMemberVmr",\n  "body": { "vmrName": "x" "chairPwd": "1234" }\n}';
    const problems = underlined(text).filter((p) => p.code === 'syntax');
    assert.deepEqual(
      problems.map((p) => [p.message, p.at]),
      [['A comma is expected here.', '"chairPwd"']],
    );
  });

  test('comments and trailing commas are syntax errors in request files', () => {
    assert.ok(
      underlined('{"operation": "huawei.meeting.updateMemberVmr", // no\n}').some((p) =>
        p.message.startsWith('Comments are not allowed'),
      ),
    );
    assert.ok(underlined('{"operation": "x",}').some((p) => p.code === 'syntax'));
  });

  test('duplicate keys are errors on the later key', () => {
    const text = vmr({ vmrName: 'a' }).replace('"vmrName": "a"', '"vmrName": "a", "vmrName": "b"');
    const dup = underlined(text).filter((p) => p.code === 'duplicate-key');
    assert.equal(dup.length, 1);
    assert.equal(dup[0].at, '"vmrName"');
    assert.ok(problemsOf(text).find((p) => p.code === 'duplicate-key')!.offset > text.indexOf('"vmrName"'));
  });

  test('an unknown operation suggests the closest one and carries a fix', () => {
    const text = '{"operation": "huawei.meeting.updateMemberVMR"}';
    const [p] = problemsOf(text);
    assert.equal(p.code, 'unknown-operation');
    assert.match(p.message, /Did you mean "huawei\.meeting\.updateMemberVmr"\?/);
    assert.deepEqual(p.fixes?.[0], {
      kind: 'set',
      title: 'Change to "huawei.meeting.updateMemberVmr"',
      path: ['operation'],
      value: 'huawei.meeting.updateMemberVmr',
    });
  });

  test('missing path parameters and required query parameters are reported', () => {
    const noId = underlined('{"operation": "huawei.meeting.updateMemberVmr", "body": {}}');
    assert.deepEqual(
      noId.map((p) => [p.code, p.at]),
      [['missing-parameter', '"huawei.meeting.updateMemberVmr"']],
    );
    assert.match(noId[0].message, /^Missing required path parameter "id"/);
    const noConf = underlined('{"operation": "huawei.meeting.updateStartedConfConfig", "query": {}, "body": {}}');
    assert.deepEqual(
      noConf.map((p) => [p.code, p.at]),
      [['missing-parameter', '"query"']],
    );
    assert.match(noConf[0].message, /query parameter "conferenceID"/);
  });

  test('unknown envelope keys are errors, transport options get a reason', () => {
    const found = underlined(
      '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "url": "https://evil.test", "bdy": {}, "body": {}}',
    );
    assert.deepEqual(
      found.map((p) => [p.code, p.at]),
      [
        ['unknown-envelope-key', '"url"'],
        ['unknown-envelope-key', '"bdy"'],
      ],
    );
    assert.match(found[0].message, /never from the file/);
    assert.match(found[1].message, /Did you mean "body"\?/);
  });

  test('credential headers are flagged (and never sent), whatever their case', () => {
    const found = underlined(
      '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "headers": {"x-access-token": "abc", "X-Request-Id": "r1", "authorization": "Bearer t"}, "body": {}}',
    );
    assert.deepEqual(
      found.map((p) => [p.code, p.severity, p.at]),
      [
        ['credential-header', 'warning', '"x-access-token"'],
        ['credential-header', 'warning', '"authorization"'],
      ],
    );
  });

  test('deprecated query parameters and headers are warnings with the Deprecated tag', () => {
    const text = JSON.stringify({
      operation: 'huawei.meeting.updateRecurringMeeting',
      query: { conferenceID: '1', userUUID: 'u' },
      headers: { 'X-Site-Id': 's' },
      body: { mediaTypes: 'Voice' },
    });
    const found = problemsOf(text).filter((p) => p.code === 'deprecated');
    assert.deepEqual(
      found.map((p) => [text.slice(p.offset, p.offset + p.length), p.severity, p.deprecated]),
      [
        ['"userUUID"', 'warning', true],
        ['"X-Site-Id"', 'warning', true],
      ],
    );
  });

  test('a deprecated operation is a warning on the operation', () => {
    const found = underlined(
      JSON.stringify({
        operation: 'webex.calling.putSharedLineAppearanceMembers',
        pathParams: { personId: 'p', applicationId: 'a' },
        body: { members: [] },
      }),
    );
    assert.deepEqual(
      found.map((p) => [p.code, p.severity]),
      [['deprecated-operation', 'warning']],
    );
  });

  test('hotlineDestination is required when hotlineEnabled is true', () => {
    const member = {
      id: 'Y2lz',
      port: 1,
      primaryOwner: true,
      lineType: 'PRIMARY',
      lineWeight: 1,
      hotlineEnabled: true,
      allowCallDeclineEnabled: false,
    };
    const text = JSON.stringify(
      {
        operation: 'webex.calling.putSharedLineAppearanceMembers',
        pathParams: { personId: 'p', applicationId: 'a' },
        body: { members: [member] },
      },
      null,
      2,
    );
    const found = underlined(text).filter((p) => p.severity === 'error');
    assert.deepEqual(
      found.map((p) => p.message),
      ['Missing required property "hotlineDestination" in members[0].'],
    );
  });

  test('the unknown-fields setting decides how undocumented body properties are reported', () => {
    const text = JSON.stringify({
      operation: 'huawei.meeting.updateStartedConfConfig',
      query: { conferenceID: '1' },
      body: { lockSharing: 0, lockSharingg: 1 },
    });
    const at = (s: 'error' | 'warning' | 'off') =>
      underlined(text, { unknownBodyFields: s }).map((p) => [p.severity, p.at]);
    const expectedCode = underlined(text)[0]?.code;
    if (expectedCode === 'additional-property') {
      // The schema itself forbids extra properties: always an error.
      assert.deepEqual(at('off'), [['error', '"lockSharingg"']]);
    } else {
      assert.deepEqual(at('error'), [['error', '"lockSharingg"']]);
      assert.deepEqual(at('warning'), [['warning', '"lockSharingg"']]);
      assert.deepEqual(at('off'), []);
    }
    assert.match(underlined(text)[0].message, /Did you mean "lockSharing"\?/);
  });

  test('Webex PMR: undocumented properties are warnings by default, never errors (the Postman round-trip sends them)', () => {
    const body = {
      topic: 'T',
      hostPin: '3858',
      enabledAutoLock: false,
      autoLockMinutes: 0,
      enabledNotifyHost: false,
      supportCoHost: false,
      coHosts: [],
      sipAddress: 'a@b.c',
      meetingNumber: '123',
    };
    const found = underlined(JSON.stringify({ operation: 'webex.meetings.updatePersonalMeetingRoomOptions', body }));
    // sipAddress is one of the answer's read-only fields (documented, ignored when sent): no warning.
    assert.deepEqual(
      found.map((p) => [p.code, p.severity, p.at]),
      [['unknown-property', 'warning', '"meetingNumber"']],
    );
  });

  test('enum errors list the allowed values with their meanings, and offer the closest', () => {
    const text = JSON.stringify({
      operation: 'huawei.meeting.updateRecurringMeeting',
      query: { conferenceID: '1' },
      body: {
        mediaTypes: 'Voice',
        cycleParams: { startDate: '2026-12-01', endDate: '2026-12-30', cycle: 'week', interval: 1, point: [1] },
      },
    });
    const p = problemsOf(text).find((x) => x.code === 'enum')!;
    assert.deepEqual(p.fixes, [
      { kind: 'set', title: 'Change to "Week"', path: ['body', 'cycleParams', 'cycle'], value: 'Week', fixAll: true },
    ]);
  });

  test('hostile nesting depth yields one clear problem, never a crash', () => {
    const text = '{"operation": "x", "body": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const problems = problemsOf(text);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'too-deep');
    assert.equal(problems[0].offset, text.indexOf('[') + LIMITS.maxDepth - 1);
  });

  test('an oversized file yields one clear problem', () => {
    const text = ' '.repeat(LIMITS.maxTextLength + 1);
    const { problems } = analyze(text, builtinCatalog(), DEFAULT_SERVER_SETTINGS);
    assert.deepEqual(
      problems.map((p) => p.code),
      ['too-large'],
    );
  });

  test('a request file must be an object', () => {
    assert.deepEqual(
      underlined('[1, 2]').map((p) => p.code),
      ['envelope'],
    );
    assert.deepEqual(
      underlined('').map((p) => p.code),
      ['syntax'],
    );
  });

  test('every documented request example validates through a request file, without a warning', () => {
    const catalog = builtinCatalog();
    let checked = 0;
    for (const op of catalog.all()) {
      for (const ex of op.body?.examples ?? []) {
        const pathParams: Record<string, string> = {};
        const query: Record<string, string> = {};
        for (const p of op.params.filter((x) => x.required)) {
          if (p.in === 'path') pathParams[p.name] = 'id-1';
          if (p.in === 'query') query[p.name] = '900244663';
        }
        const text = JSON.stringify({ operation: op.id, pathParams, query, body: ex.value }, null, 2);
        // Every severity: a documented example must not even warn (only a vendor-deprecated operation says so).
        const problems = underlined(text).filter((p) => !(op.deprecated && p.code === 'deprecated-operation'));
        assert.deepEqual(problems, [], `${op.id} example "${ex.name}"`);
        checked++;
      }
    }
    assert.ok(checked >= 5, `only ${checked} examples found`);
  });
});

describe('diagnostics a user can trust', () => {
  const series = (extra: Record<string, unknown>, query: Record<string, unknown> = { conferenceID: '1' }) =>
    JSON.stringify({
      operation: 'huawei.meeting.updateRecurringMeeting',
      query,
      body: {
        mediaTypes: 'Voice',
        cycleParams: { startDate: '2099-01-01', endDate: '2099-01-02', cycle: 'Day' },
        ...extra,
      },
    });

  test('a query number or boolean is accepted where its text is a valid value (it is sent as that text)', () => {
    assert.deepEqual(underlined(series({}, { conferenceID: 900244663 })), []);
    assert.deepEqual(underlined(series({}, { conferenceID: true })), []);
    assert.deepEqual(
      underlined(series({}, { conferenceID: [1, '2'] })).map((p) => p.code),
      ['type'],
      'a list is still no string',
    );
    assert.deepEqual(
      underlined(series({}, { conferenceID: { id: 1 } })).map((p) => [p.severity, p.code, p.message]),
      [['error', 'type', 'conferenceID must be a string, not an object.']],
    );
  });

  test('a UTF-8 byte-order mark at the start is ignored, and problems stay where they are', () => {
    const text = series({ length: 10 });
    const plain = underlined(text);
    assert.deepEqual(
      plain.map((p) => [p.severity, p.code, p.at]),
      [['error', 'range', '10']],
    );
    assert.deepEqual(underlined('\ufeff' + text), plain);
    assert.deepEqual(underlined('\ufeff' + series({})), []);
  });

  test('patterns are explained in plain words, never as a regular expression', () => {
    const found = underlined(
      series({ startTime: '2026-9-1 8:46', confConfigInfo: { guestPwd: '12ab' } }).replace(
        '"2099-01-01"',
        '"1.1.2099"',
      ),
    );
    assert.deepEqual(
      found.filter((p) => p.code === 'pattern').map((p) => [p.severity, p.at, p.message]),
      [
        ['error', '"1.1.2099"', 'startDate must be a date like 2026-09-01 (YYYY-MM-DD).'],
        [
          'error',
          '"2026-9-1 8:46"',
          'startTime must be a UTC time like 2026-09-01 08:46 (YYYY-MM-DD HH:MM, 24-hour clock), or empty.',
        ],
        ['error', '"12ab"', 'guestPwd must be 4 to 16 digits.'],
      ],
    );
    for (const p of found) assert.doesNotMatch(p.message, /\[0-9\]|\^|\$\W|\(\?/, p.message);
    assert.deepEqual(
      underlined(vmr({ gustPwd: '12' })).map((p) => [p.severity, p.code, p.message]),
      [['error', 'pattern', 'gustPwd must be empty (no guest password), or 4 to 16 digits.']],
    );
  });

  test('the older comma-separated mediaTypes (which the service returns) is a warning naming the current values', () => {
    for (const legacy of ['HDVideo,Data,Voice', 'Video']) {
      const found = underlined(series({ mediaTypes: legacy }));
      assert.deepEqual(
        found.map((p) => [p.severity, p.code, p.at]),
        [['warning', 'outdated-form', JSON.stringify(legacy)]],
      );
      assert.match(
        found[0].message,
        /^mediaTypes: this is the older form, .* current docs accept only "Voice" \(voice-only meetings\) or "HDVideo" \(video meetings\)\.$/,
      );
    }
    assert.deepEqual(
      underlined(series({ mediaTypes: 'Fax' })).map((p) => [p.severity, p.code, p.message]),
      [['error', 'enum', 'mediaTypes must be one of: "Voice" (Voice-only meetings), "HDVideo" (Video meetings).']],
    );
    assert.deepEqual(
      problemsOf(series({ mediaTypes: 'HDVideo,Data,Voice' })).flatMap((p) => p.fixes ?? []),
      [],
      'no fix guesses which medium was meant',
    );
  });

  test('timeZoneID and point take what no source forbids', () => {
    assert.deepEqual(underlined(series({ timeZoneID: '1000' })), []);
    const weekly = series({}).replace('"cycle":"Day"', '"cycle":"Week","point":[1,1,3]');
    assert.ok(weekly.includes('"point":[1,1,3]'));
    assert.deepEqual(underlined(weekly), []);
  });
});

describe('hostile request files (T19, T27, T29)', () => {
  test('T19: __proto__, constructor and prototype keys are refused where they stand', () => {
    const text =
      '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {"__proto__": {"isAdmin": true}, "vmrName": "a\\"__proto__\\": 1"}}';
    const found = underlined(text).filter((p) => p.code === 'reserved-key');
    assert.deepEqual(
      found.map((p) => p.at),
      ['"__proto__"'],
    );
  });

  test('T19: duplicate keys, trailing commas and comments are errors (refused for sending)', () => {
    for (const text of [
      '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {"chairPwd": "1234", "chairPwd": "5678"}}',
      '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {"chairPwd": "1234",}}',
      '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {} // note\n}',
    ]) {
      assert.ok(
        problemsOf(text).some((p) => p.severity === 'error'),
        text,
      );
    }
  });

  test('T27: a remote $schema is never fetched and says so', () => {
    const found = underlined(
      '{"$schema": "http://127.0.0.1:9/s.json", "operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {}}',
    );
    assert.deepEqual(
      found.map((p) => [p.code, p.severity]),
      [['schema-ignored', 'info']],
    );
  });

  test('T27: a 100,000-character adversarial value validates quickly against every string field', () => {
    const evil = 'a'.repeat(100_000) + '!';
    const started = cpuNow();
    for (const field of ['vmrName', 'gustPwd', 'chairPwd']) {
      problemsOf(
        JSON.stringify({
          operation: 'huawei.meeting.updateMemberVmr',
          pathParams: { id: 'x' },
          body: { [field]: evil },
        }),
      );
    }
    problemsOf(
      JSON.stringify({
        operation: 'webex.meetings.updatePersonalMeetingRoomOptions',
        body: { hostPin: '1'.repeat(100_000) + 'x' },
      }),
    );
    // Generous bound: catastrophic backtracking would take minutes, not seconds.
    assert.ok(cpuNow() - started < 5_000, `took ${cpuNow() - started} ms of CPU`);
  });
});
