/**
 * Messages from ajv errors: one problem per mistake, and nearest-value fixes that compare
 * numbers as numbers and words regardless of case and separators. Complete lists, all severities.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog } from '../../../server/src/catalog/catalog';
import { loadUserCatalog } from '../../../server/src/catalog/userCatalog';
import { analyze } from '../../../server/src/features/analyze';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { builtinCatalog, problemsOf, underlined } from '../../helpers/catalog';

const vmr = (body: unknown) =>
  JSON.stringify({ operation: 'huawei.meeting.updateMemberVmr', pathParams: { id: 'x' }, body });
const recurring = (body: Record<string, unknown>) =>
  JSON.stringify({
    operation: 'huawei.meeting.updateRecurringMeeting',
    query: { conferenceID: '1' },
    body: {
      mediaTypes: 'Voice',
      cycleParams: { startDate: '2026-12-01', endDate: '2026-12-30', cycle: 'Week', interval: 1, point: [1] },
      ...body,
    },
  });
const pmr = (body: Record<string, unknown>) =>
  JSON.stringify({
    operation: 'webex.meetings.updatePersonalMeetingRoomOptions',
    body: {
      topic: 'T',
      hostPin: '3858',
      enabledAutoLock: true,
      autoLockMinutes: 10,
      enabledNotifyHost: false,
      supportCoHost: false,
      coHosts: [],
      ...body,
    },
  });
const fixesOf = (text: string) => problemsOf(text).map((p) => [p.code, p.fixes?.map((f) => f.title) ?? []]);

describe('#9 §3: one problem per mistake', () => {
  test('a 17-digit guest password is one problem, not "too long" and "wrong pattern"', () => {
    assert.deepEqual(
      underlined(vmr({ gustPwd: '12345678901234567' })).map((p) => [p.severity, p.code, p.at]),
      [['error', 'pattern', '"12345678901234567"']],
    );
  });

  test("a malformed date is one problem in the catalog's words, not length plus pattern plus format", () => {
    const text = recurring({
      cycleParams: { startDate: '2026-1-5', endDate: '2026-12-30', cycle: 'Week', interval: 1, point: [1] },
    });
    assert.deepEqual(
      underlined(text).map((p) => [p.severity, p.code, p.at, p.message]),
      [['error', 'pattern', '"2026-1-5"', 'startDate must be a date like 2026-09-01 (YYYY-MM-DD).']],
    );
    // The right form but no such day: the format says how a date is written.
    const feb30 = recurring({
      cycleParams: { startDate: '2026-12-01', endDate: '2026-02-30', cycle: 'Week', interval: 1, point: [1] },
    });
    assert.deepEqual(
      underlined(feb30).map((p) => [p.severity, p.code, p.at, p.message]),
      [['error', 'format', '"2026-02-30"', 'endDate must be a valid date (YYYY-MM-DD).']],
    );
  });

  test('a fixed length says "exactly", not "10 to 10"', () => {
    const spec = JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'Codes', version: '1' },
      paths: {
        '/codes': {
          put: {
            operationId: 'putCode',
            requestBody: {
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { code: { type: 'string', minLength: 10, maxLength: 10 } } },
                },
              },
            },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    });
    const result = loadUserCatalog('codes', spec, 'codes.json');
    assert.ok(!('error' in result));
    const catalog = new Catalog();
    catalog.add(result.loaded, 'codes');
    const text = JSON.stringify({ operation: 'codes.putCode', body: { code: 'abc' } });
    assert.deepEqual(
      analyze(text, catalog, DEFAULT_SERVER_SETTINGS).problems.map((p) => [p.severity, p.code, p.message]),
      [['error', 'minLength', 'code must be exactly 10 characters long.']],
    );
  });

  test('the same mistake reported by two schemas of an allOf is said once; different ones at one place both', () => {
    const role = { type: 'integer', enum: [0, 1] };
    const spec = JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'Roles', version: '1' },
      paths: {
        '/roles': {
          put: {
            operationId: 'putRoles',
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { items: { type: 'array', items: { type: 'object' } } },
                    allOf: [
                      { properties: { items: { items: { properties: { role, level: { maximum: 3 } } } } } },
                      { properties: { items: { items: { properties: { role, level: { maximum: 2 } } } } } },
                    ],
                  },
                },
              },
            },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    });
    const result = loadUserCatalog('roles', spec, 'roles.json');
    assert.ok(!('error' in result));
    const catalog = new Catalog();
    catalog.add(result.loaded, 'roles');
    const text = JSON.stringify({
      operation: 'roles.putRoles',
      body: { items: [{ role: 5, level: 9 }, { role: 1 }, { role: 7 }] },
    });
    assert.deepEqual(
      analyze(text, catalog, DEFAULT_SERVER_SETTINGS).problems.map((p) => [p.code, p.path, p.message]),
      [
        ['enum', ['body', 'items', 0, 'role'], 'role must be one of: 0, 1.'],
        ['range', ['body', 'items', 0, 'level'], 'level must be <= 3.'],
        ['range', ['body', 'items', 0, 'level'], 'level must be <= 2.'],
        ['enum', ['body', 'items', 2, 'role'], 'role must be one of: 0, 1.'],
      ],
    );
  });

  test('a key with "/" and "~" (escaped in ajv\'s pointer) and an array index: the path as the data has it', () => {
    const spec = JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'Tags', version: '1' },
      paths: {
        '/tags': {
          put: {
            operationId: 'putTags',
            requestBody: {
              content: {
                'application/json': {
                  schema: { type: 'object', additionalProperties: { type: 'array', items: { type: 'integer' } } },
                },
              },
            },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    });
    const result = loadUserCatalog('tags', spec, 'tags.json');
    assert.ok(!('error' in result));
    const catalog = new Catalog();
    catalog.add(result.loaded, 'tags');
    const text = JSON.stringify({ operation: 'tags.putTags', body: { 'a/b~c': [1, 'x'], plain: [true] } });
    assert.deepEqual(
      analyze(text, catalog, DEFAULT_SERVER_SETTINGS).problems.map((p) => [p.code, p.path, p.message, p.offset]),
      [
        ['type', ['body', 'a/b~c', 1], 'a/b~c[1] must be a whole number, not a string.', text.indexOf('"x"')],
        [
          'type',
          ['body', 'plain', 0],
          'plain[0] must be a whole number, not a boolean (true or false).',
          text.indexOf('true'),
        ],
      ],
    );
  });

  test('a trailing comma says "trailing comma", once, at the comma', () => {
    for (const [text, bracket] of [
      [
        '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "x"}, "body": {"chairPwd": "1234",}}',
        '}',
      ],
      [recurring({}).replace('"point":[1]', '"point":[1, ]'), ']'],
    ]) {
      const found = underlined(text);
      assert.deepEqual(
        found.map((p) => [p.severity, p.code, p.at, p.message]),
        [['error', 'syntax', ',', `Trailing comma: JSON allows no comma before ${bracket}.`]],
        text,
      );
      const comma = problemsOf(text)[0].offset;
      assert.match(text.slice(comma), new RegExp(`^,\\s*\\${bracket}`));
    }
  });
});

describe('#9 §3: nearest-value fixes', () => {
  test('numbers are compared as numbers: autoLockMinutes 7 → 5, 13 → 15, 100 → 20', () => {
    for (const [given, expected] of [
      [7, 'Change to 5'],
      [13, 'Change to 15'],
      [100, 'Change to 20'],
    ] as const) {
      assert.deepEqual(fixesOf(pmr({ autoLockMinutes: given })), [['enum', [expected]]], String(given));
    }
  });

  test('"True" where a boolean is wanted → true', () => {
    assert.deepEqual(fixesOf(pmr({ enabledNotifyHost: 'True' })), [['type', ['Change to true']]]);
    assert.deepEqual(fixesOf(vmr({ allowGustFirst: ' FALSE ' })), [['type', ['Change to false']]]);
  });

  test('strings that differ only in case or separators, or that start the only match: "en" → "en-US"', () => {
    for (const given of ['en', 'EN_us', 'en us', 'En-Us']) {
      assert.deepEqual(fixesOf(recurring({ language: given })), [['enum', ['Change to "en-US"']]], given);
    }
    assert.deepEqual(fixesOf(recurring({ language: 'zh' })), [['enum', ['Change to "zh-CN"']]]);
  });

  test('the built-in catalog is used unchanged (the fixes come from the values it documents)', () => {
    const language = builtinCatalog()
      .get('huawei.meeting.updateRecurringMeeting')!
      .body!.examples.some((e) => JSON.stringify(e.value).includes('"language"'));
    assert.ok(language, 'the recurring-meeting examples use "language"');
  });
});
