/**
 * Undocumented-property reports that are never wrong, "did you mean" that never names the
 * key itself with Rename before Remove, and the best branch of a failed anyOf/oneOf. Every test asserts the
 * complete list of problems, warnings and infos included (a test that looked at errors only once let a flood
 * of false warnings through).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalog } from '../../../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../../../server/src/catalog/builtin';
import { loadUserCatalog } from '../../../server/src/catalog/userCatalog';
import { analyze } from '../../../server/src/features/analyze';
import { codeActionsFor } from '../../../server/src/features/codeActions';
import { toDiagnostics } from '../../../server/src/features/diagnostics';
import { importCurl } from '../../../server/src/features/importCurl';
import { checkResponse } from '../../../server/src/features/responseCheck';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../../../common/settings';
import { builtinCatalog, doc, problemsOf, SCHEMAS_DIR } from '../../helpers/catalog';
import { DEPRECATED, MEMBER, PETS, SHARED_LINE, sharedLine } from '../../helpers/trustCases';
import { cpuNow } from '../../helpers/cpuTime';

/** Every problem as `severity code@underlined: message`. */
function all(text: string, settings: Partial<ServerSettings> = {}, catalog = builtinCatalog()): string[] {
  return analyze(text, catalog, { ...DEFAULT_SERVER_SETTINGS, ...settings }).problems.map(
    (p) => `${p.severity} ${p.code}@${text.slice(p.offset, p.offset + p.length)}: ${p.message}`,
  );
}

function actionTitles(text: string, code: string): string[] {
  const d = doc(text);
  const diagnostics = toDiagnostics(d, problemsOf(text), 100).filter((x) => x.code === code);
  return codeActionsFor(d, diagnostics).map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`);
}

function applyFix(text: string, title: string, catalog = builtinCatalog()): string {
  const d = doc(text);
  const diagnostics = toDiagnostics(d, analyze(text, catalog, DEFAULT_SERVER_SETTINGS).problems, 100);
  const action = codeActionsFor(d, diagnostics).find((a) => a.title === title);
  assert.ok(action, `no action "${title}"`);
  return TextDocument.applyEdits(d, action.edit!.changes![d.uri]);
}

describe('#9 §1: an error inside an item does not make its documented keys "undocumented"', () => {
  test('shared-line member without "port": the missing property and the deprecation, nothing else', () => {
    const { port: _port, ...member } = MEMBER;
    assert.deepEqual(all(sharedLine(member)), [
      DEPRECATED,
      'error required@{: Missing required property "port" in members[0].',
    ]);
  });

  test('shared-line member with "lineType": "SHARED": one enum error whose fix is the shared value', () => {
    const text = sharedLine({ ...MEMBER, lineType: 'SHARED' });
    assert.deepEqual(all(text), [
      DEPRECATED,
      `error enum@"SHARED": lineType must be one of: "PRIMARY" (Primary line of the member), "SHARED_CALL_APPEARANCE" (Shared line: the member receives and places calls for another user's extension on their own device).`,
    ]);
    assert.deepEqual(actionTitles(text, 'enum'), ['Change to "SHARED_CALL_APPEARANCE" (preferred)']);
  });

  test('a real typo beside an error: "Did you mean" names the documented key, Rename comes first and keeps the value', () => {
    const { port: _port, ...member } = MEMBER;
    const text = sharedLine({ ...member, Port: 2 });
    assert.deepEqual(all(text), [
      DEPRECATED,
      'error required@{: Missing required property "port" in members[0].',
      'warning unknown-property@"Port": "Port" is not documented for this operation in members[0]. Did you mean "port"?',
    ]);
    assert.deepEqual(actionTitles(text, 'unknown-property'), ['Rename to "port" (preferred)', 'Remove "Port"']);
    const renamed = applyFix(text, 'Rename to "port"');
    assert.match(renamed, /"port": 2/);
    assert.deepEqual(all(renamed), [DEPRECATED]);
  });

  test('the unknownBodyFields setting still decides: error, warning or off', () => {
    const { port: _port, ...member } = MEMBER;
    const text = sharedLine({ ...member, colour: 'red' });
    const missing = 'error required@{: Missing required property "port" in members[0].';
    const unknown = '"colour" is not documented for this operation in members[0].';
    assert.deepEqual(all(text, { unknownBodyFields: 'error' }), [
      DEPRECATED,
      missing,
      `error unknown-property@"colour": ${unknown}`,
    ]);
    assert.deepEqual(all(text, { unknownBodyFields: 'warning' }), [
      DEPRECATED,
      missing,
      `warning unknown-property@"colour": ${unknown}`,
    ]);
    assert.deepEqual(all(text, { unknownBodyFields: 'off' }), [DEPRECATED, missing]);
  });

  test('a schema that forbids extra properties reports them as errors, once, whatever the setting', () => {
    const text = JSON.stringify({
      operation: 'huawei.meeting.updateMemberVmr',
      pathParams: { id: 'x' },
      body: { vmrNam: 'Room', chairPwd: '12' },
    });
    for (const unknownBodyFields of ['error', 'warning', 'off'] as const) {
      assert.deepEqual(
        all(text, { unknownBodyFields }),
        [
          'error additional-property@"vmrNam": "vmrNam" is not allowed. Did you mean "vmrName"?',
          'error pattern@"12": chairPwd must be 4 to 16 digits.',
        ],
        unknownBodyFields,
      );
    }
  });

  test('300,000 undocumented keys: linear time, the first 10,000 reported as warnings and the rest counted', () => {
    const keys = Array.from({ length: 300_000 }, (_, i) => `"k${i}":${i}`).join(',');
    const text = `{"operation": "webex.meetings.updatePersonalMeetingRoomOptions", "body": {"topic": "T", "hostPin": "3858", "enabledAutoLock": false, "autoLockMinutes": 0, "enabledNotifyHost": false, "supportCoHost": false, "coHosts": [], ${keys}}}`;
    const started = cpuNow();
    const found = problemsOf(text);
    assert.ok(cpuNow() - started < 10_000, `took ${cpuNow() - started} ms of CPU`);
    // Over 1 MB: first, the information that Send refuses a file this large (common/requestSpec.ts).
    assert.deepEqual(
      found.slice(0, 1).map((p) => [p.severity, p.code]),
      [['info', 'too-large-to-send']],
    );
    assert.equal(found.length, 10_002);
    assert.ok(found.slice(1).every((p) => p.severity === 'warning'));
    assert.equal(found.filter((p) => p.code === 'unknown-property').length, 10_000);
    assert.deepEqual(
      found.filter((p) => p.code === 'too-many-problems').map((p) => p.message),
      ['300000 undocumented properties in the body; only the first 10000 are examined and reported.'],
    );
  });

  test('removing any member of any documented example never makes another key undocumented', () => {
    const catalog = builtinCatalog();
    let mutations = 0;
    for (const op of catalog.all()) {
      for (const ex of op.body?.examples ?? []) {
        const schema = op.body!.schema;
        const before = catalog
          .undocumentedKeys(schema, ex.value, 1000)
          .keys.map((k) => JSON.stringify([...k.path, k.key]));
        for (const path of memberPaths(ex.value)) {
          const mutated = structuredClone(ex.value);
          type Container = Record<string | number, unknown>;
          const holder = path.slice(0, -1).reduce<Container>((v, seg) => v[seg] as Container, mutated as Container);
          delete holder[path[path.length - 1]];
          const removed = JSON.stringify(path).slice(0, -1);
          const expected = before.filter((k) => !k.startsWith(removed + ',') && k !== JSON.stringify(path));
          const after = catalog
            .undocumentedKeys(schema, mutated, 1000)
            .keys.map((k) => JSON.stringify([...k.path, k.key]));
          assert.deepEqual(after, expected, `${op.id} "${ex.name}" without ${JSON.stringify(path)}`);
          mutations++;
        }
      }
    }
    assert.ok(mutations > 50, `only ${mutations} mutations`);
  });
});

/** The path of every object member in a value. */
function memberPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => memberPaths(v, [...path, i]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [[...path, k], ...memberPaths(v, [...path, k])]);
}

describe('#9 §1: "Did you mean" never names the key itself; Rename before Remove', () => {
  test('a query parameter in the wrong case: Rename to the documented name', () => {
    const text = JSON.stringify({
      operation: 'huawei.meeting.updateStartedConfConfig',
      query: { conferenceId: '1' },
      body: { lockSharing: 0 },
    });
    assert.deepEqual(all(text), [
      'error missing-parameter@"query": Missing required query parameter "conferenceID": Meeting ID: the `conferenceID` returned when the meeting was created (not `vmrConferenceID`).',
      'error unknown-parameter@"conferenceId": "conferenceId" is not a query parameter of huawei.meeting.updateStartedConfConfig. Did you mean "conferenceID"?',
    ]);
    assert.deepEqual(actionTitles(text, 'unknown-parameter'), [
      'Rename to "conferenceID" (preferred)',
      'Remove "conferenceId"',
    ]);
    assert.deepEqual(all(applyFix(text, 'Rename to "conferenceID"')), []);
  });

  test('when the guessed key is already there, it says so and offers Remove only (no duplicate key)', () => {
    const text = JSON.stringify({
      operation: 'huawei.meeting.updateStartedConfConfig',
      query: { conferenceID: '1', conferenceId: '1' },
      body: { lockSharing: 0 },
    });
    assert.deepEqual(all(text), [
      'error unknown-parameter@"conferenceId": "conferenceId" is not a query parameter of huawei.meeting.updateStartedConfConfig. Did you mean "conferenceID"? It is already set.',
    ]);
    assert.deepEqual(actionTitles(text, 'unknown-parameter'), ['Remove "conferenceId" (preferred)']);
  });

  test('a header a typo away from one the operation allows: Did you mean, with Rename first', () => {
    const text = JSON.stringify({
      operation: 'huawei.meeting.updateMemberVmr',
      pathParams: { id: 'x' },
      headers: { 'Accept-Languag': 'en-US', 'X-Trace': 't' },
      body: {},
    });
    const notSent = (name: string) =>
      `The header "${name}" is not sent: huawei.meeting.updateMemberVmr documents no such header, and a request file may set only its documented headers (X-Request-Id, Accept-Language) and Accept, Content-Type, TrackingID.`;
    assert.deepEqual(all(text), [
      `error header-not-allowed@"Accept-Languag": ${notSent('Accept-Languag')} Did you mean "Accept-Language"?`,
      `error header-not-allowed@"X-Trace": ${notSent('X-Trace')}`,
    ]);
    assert.deepEqual(actionTitles(text, 'header-not-allowed'), [
      'Rename to "Accept-Language" (preferred)',
      'Remove the "Accept-Languag" header',
      'Remove the "X-Trace" header (preferred)',
    ]);
    const renamed = applyFix(text, 'Rename to "Accept-Language"');
    assert.match(renamed, /"Accept-Language":"en-US"/);
  });

  test('an envelope key typo: Rename to "body" keeps the body', () => {
    const text = JSON.stringify({ operation: 'huawei.meeting.updateMemberVmr', pathParams: { id: 'x' }, bdy: {} });
    assert.deepEqual(actionTitles(text, 'unknown-envelope-key'), ['Rename to "body" (preferred)', 'Remove "bdy"']);
    assert.deepEqual(all(applyFix(text, 'Rename to "body"')), []);
  });
});

describe('#9 §1: response checks', () => {
  const PMR = 'webex.meetings.updatePersonalMeetingRoomOptions';
  const example = () =>
    structuredClone(
      builtinCatalog()
        .get(PMR)!
        .responses.find((r) => r.status === '200')!.examples[0].value,
    ) as {
      telephony: { links: Array<Record<string, unknown>> | Record<string, unknown> };
    };
  const check = (body: unknown) =>
    checkResponse({ operationId: PMR, status: 200, body: JSON.stringify(body), truncated: false }, builtinCatalog());

  test('telephony.links as one object missing "rel": only the missing member, not "documented as an array"', () => {
    const body = example();
    const link = (body.telephony.links as Array<Record<string, unknown>>)[0];
    delete link.rel;
    body.telephony.links = link;
    assert.deepEqual(check(body), {
      missing: ['$.telephony.links.rel'],
      wrongType: [],
      undocumented: [],
      documentedStatus: '200',
    });
  });

  test('an extra member of that object is undocumented, its documented siblings are not', () => {
    const body = example();
    body.telephony.links = { ...(body.telephony.links as Array<Record<string, unknown>>)[0], title: 'x' };
    assert.deepEqual(check(body), {
      missing: [],
      wrongType: [],
      undocumented: ['$.telephony.links.title'],
      documentedStatus: '200',
    });
  });
});

describe('#9 §1: import-curl output', () => {
  test('a shared-line body without "port" notes the missing property and nothing undocumented', () => {
    const { port: _port, ...member } = MEMBER;
    const result = importCurl(
      `curl -X PUT https://webexapis.com/v1/telephony/config/people/p1/applications/a1/members -H 'Content-Type: application/json' -d '${JSON.stringify({ members: [member] })}'`,
      builtinCatalog(),
    );
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.operationId, SHARED_LINE);
    const checks = result.notes.filter((n) => /^\d+:\d+: /.test(n));
    assert.deepEqual(
      checks.map((n) => n.replace(/^\d+:\d+: /, '')),
      [
        `warning: ${SHARED_LINE} is deprecated by the vendor.`,
        'error: Missing required property "port" in members[0].',
      ],
    );
  });
});

describe('#9 §1: user catalogs with oneOf/anyOf/if-then objects behind $ref', () => {
  const result = loadUserCatalog('pets', PETS, 'pets.json');
  assert.ok(!('error' in result), JSON.stringify(result));
  const catalog = new Catalog();
  addBuiltins(catalog, readBuiltinDocuments(SCHEMAS_DIR));
  catalog.add(result.loaded, 'pets');
  const file = (body: unknown) => JSON.stringify({ operation: 'pets.putPet', pathParams: { id: '1' }, body }, null, 2);
  const problems = (body: unknown) => all(file(body), {}, catalog);

  test('a valid body has no problem at all', () => {
    assert.deepEqual(
      problems({
        pet: { kind: 'cat', meows: true, name: 'Tom' },
        contact: { phone: '123' },
        home: { kind: 'flat', floor: 2 },
      }),
      [],
    );
  });

  test('a cat without "meows" hears about "meows", not that its kind must be "dog", and no key is undocumented', () => {
    assert.deepEqual(problems({ pet: { kind: 'cat', name: 'Tom' } }), [
      'error required@"pet": Missing required property "meows" in pet.',
    ]);
  });

  test('a dog with a wrongly typed member gets that error only', () => {
    assert.deepEqual(problems({ pet: { kind: 'dog', barks: 'yes', name: 'Rex' } }), [
      'error type@"yes": barks must be a boolean (true or false), not a string.',
    ]);
  });

  test('an anyOf contact: the closest branch reports, an extra key is undocumented with its guess', () => {
    assert.deepEqual(problems({ pet: { kind: 'cat', meows: true }, contact: { phone: '12a', mail: 'a@b.c' } }), [
      'error pattern@"12a": phone must be digits only.',
      'warning unknown-property@"mail": "mail" is not documented for this operation in contact. Did you mean "email"?',
    ]);
  });

  test('an if/then object missing its conditional member: that error, and its keys stay documented', () => {
    assert.deepEqual(problems({ pet: { kind: 'cat', meows: true }, home: { kind: 'flat', garden: true } }), [
      'error required@"home": Missing required property "floor" in home.',
    ]);
  });

  test("a schema's own unevaluatedProperties: false after a failed oneOf: the keys of the chosen branch stay allowed", () => {
    assert.deepEqual(problems({ pet: { kind: 'cat', meows: true }, strictPet: { kind: 'cat', barks: true } }), [
      'error required@"strictPet": Missing required property "meows" in strictPet.',
      'error additional-property@"barks": "barks" is not allowed in strictPet.',
    ]);
  });

  test("a value that is of no branch's type says which types are allowed", () => {
    assert.deepEqual(problems({ pet: 'cat' }), ['error type@"cat": pet must be an object, not a string.']);
  });
});

describe('an alternative that takes any object', () => {
  const catalog = new Catalog();
  const keysOf = (schema: Record<string, unknown>, value: unknown) =>
    catalog.undocumentedKeys(schema, value, 100).keys.map((k) => [...k.path, k.key].join('.'));

  test('a oneOf/anyOf branch that declares no properties lets every key through (ajv accepts the value)', () => {
    const declared = { type: 'object', properties: { a: {} }, required: ['a'] };
    for (const combinator of ['oneOf', 'anyOf']) {
      assert.deepEqual(keysOf({ [combinator]: [declared, { type: 'object' }] }, { z: 1 }), [], combinator);
      assert.deepEqual(keysOf({ [combinator]: [declared, {}] }, { z: 1 }), [], combinator);
    }
  });

  test('a branch for another type of value does not open the object; closed or described branches do not either', () => {
    const declared = { type: 'object', properties: { a: {} } };
    assert.deepEqual(keysOf({ oneOf: [declared, { type: 'string' }] }, { a: 1, z: 1 }), ['z']);
    assert.deepEqual(keysOf({ anyOf: [declared, { const: 'auto' }] }, { a: 1, z: 1 }), ['z']);
    assert.deepEqual(
      keysOf({ anyOf: [declared, { type: 'object', properties: { b: {} }, additionalProperties: false }] }, { z: 1 }),
      ['z'],
    );
    // allOf is a conjunction: a free-form part does not admit what another part leaves undocumented.
    assert.deepEqual(keysOf({ allOf: [declared, { type: 'object' }] }, { a: 1, z: 1 }), ['z']);
  });
});
