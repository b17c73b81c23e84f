/**
 * User catalogs: OpenAPI 3.0/3.1 files in JSON or YAML, converted and sanitized into the catalog, then used by
 * the same analyze() as the built-in operations. The Webex Meetings spec from ../shared is the realistic case
 * (skipped when absent); small documents written here cover the conversions and every way a file can be broken.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { Catalog } from '../../../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../../../server/src/catalog/builtin';
import type { LoadedDocument } from '../../../server/src/catalog/openapi';
import {
  loadUserCatalog,
  catalogLocator,
  obviouslyLinear,
  patternSafety,
  type UserCatalogResult,
} from '../../../server/src/catalog/userCatalog';
import { analyze } from '../../../server/src/features/analyze';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { parse as parseYamlForTest } from 'yaml';
import { SCHEMAS_DIR } from '../../helpers/catalog';
import { SHADOWED_ID, shadowCatalogYaml } from '../../helpers/shadowCatalog';
import { cpuNow } from '../../helpers/cpuTime';

const WEBEX_SPEC = '/work/shared/fixtures/webex-meeting.openapi.json';
const webexSkip = existsSync(WEBEX_SPEC) ? false : `${WEBEX_SPEC} is not present (third-party spec, never copied here)`;

function loaded(result: UserCatalogResult): LoadedDocument {
  if ('error' in result) assert.fail(`expected a catalog, got the error: ${result.error}`);
  return result.loaded;
}

function catalogWith(...docs: Array<[LoadedDocument, string]>): Catalog {
  const catalog = new Catalog();
  addBuiltins(catalog, readBuiltinDocuments(SCHEMAS_DIR));
  for (const [doc, source] of docs) catalog.add(doc, source);
  return catalog;
}

/** Problems of a request file as `code@text underlined`, the shortest faithful summary. */
function problems(catalog: Catalog, file: unknown): string[] {
  const text = JSON.stringify(file, null, 2);
  return analyze(text, catalog, DEFAULT_SERVER_SETTINGS).problems.map(
    (p) => `${p.severity} ${p.code}@${text.slice(p.offset, p.offset + p.length)}`,
  );
}

describe('user catalog: the Webex Meetings OpenAPI 3.0 spec', { skip: webexSkip }, () => {
  const text = webexSkip ? '' : readFileSync(WEBEX_SPEC, 'utf8');
  const webex = webexSkip ? undefined : loaded(loadUserCatalog('webex', text, 'webex-meeting.openapi.json'));
  const catalog = webex ? catalogWith([webex, 'webex']) : new Catalog();

  test('loads every operation under the name prefix, as its own family and schema document', () => {
    assert.equal(webex!.operations.length, 166);
    const create = catalog.get('webex.createMeeting')!;
    assert.equal(create.method, 'POST');
    assert.equal(create.path, '/meetings');
    assert.equal(create.family, 'webex');
    assert.equal(create.source, 'webex');
    assert.equal(create.docId, 'urn:meeting-payloads:user:webex');
    assert.equal(webex!.schemaDoc.$id, 'urn:meeting-payloads:user:webex');
    assert.deepEqual(
      catalog.problems.map((p) => p.message),
      ['166 of 166 operations declare no security requirement, so no token is sent with them.'],
      'ajv accepts every converted schema; the only remark is the missing security requirement',
    );
    assert.ok(catalog.get('huawei.meeting.updateMemberVmr'), 'the built-ins are still there');
  });

  test('every body schema compiles, and its undocumented keys can be listed', () => {
    for (const op of catalog.all().filter((o) => o.source === 'webex')) {
      assert.doesNotThrow(() => catalog.bodyValidator(op), op.id);
      assert.doesNotThrow(() => catalog.undocumentedKeys(op.body?.schema ?? true, { extra: 1 }, 10), op.id);
    }
  });

  test('create meeting (POST /meetings): a good body validates, a bad one gets each problem at its place', () => {
    const good = {
      operation: 'webex.createMeeting',
      body: {
        title: 'Weekly sync',
        start: '2026-05-15T20:30:00-08:00',
        end: '2026-05-15T21:30:00-08:00',
        recurrence: 'FREQ=WEEKLY;INTERVAL=1;COUNT=10',
        unlockedMeetingJoinSecurity: 'allowJoinWithLobby',
        invitees: [{ email: 'brenda.song@example.com', displayName: 'Brenda Song' }],
      },
    };
    assert.deepEqual(problems(catalog, good), []);
    const bad = {
      operation: 'webex.createMeeting',
      body: { title: 'Weekly sync', end: 42, unlockedMeetingJoinSecurity: 'letEveryoneIn', reminderTime: '10' },
    };
    assert.deepEqual(problems(catalog, bad), [
      'error required@"body"',
      'error type@42',
      'error enum@"letEveryoneIn"',
      'error type@"10"',
    ]);
  });

  test('update meeting (PUT /meetings/{meetingId}): the path parameter is required', () => {
    const body = { title: 'Renamed', enabledAutoRecordMeeting: true };
    assert.deepEqual(
      problems(catalog, {
        operation: 'webex.updateMeeting',
        pathParams: { meetingId: '1d824a4a205042eba9574e00b711b226' },
        body,
      }),
      [],
    );
    assert.deepEqual(problems(catalog, { operation: 'webex.updateMeeting', body }), [
      'error missing-parameter@"webex.updateMeeting"',
    ]);
  });

  test('list meetings (GET /meetings): query parameters are checked against their converted schemas', () => {
    assert.deepEqual(
      problems(catalog, { operation: 'webex.listMeetings', query: { max: 10, meetingType: 'meeting', current: true } }),
      [],
    );
    assert.deepEqual(
      problems(catalog, { operation: 'webex.listMeetings', query: { max: 'ten', state: 'done', foo: 1 } }),
      ['error type@"ten"', 'error enum@"done"', 'error unknown-parameter@"foo"'],
    );
  });

  test('loads in well under a second and a half', () => {
    const start = cpuNow();
    loaded(loadUserCatalog('webex2', text, 'webex-meeting.openapi.json'));
    assert.ok(cpuNow() - start < 1500, `took ${Math.round(cpuNow() - start)} ms`);
  });
});

const OPENAPI_30_YAML = `
openapi: 3.0.3
info: { title: Rooms, version: '1' }
x-vendor-note: kept harmlessly
servers:
  - url: https://{region}.rooms.example.com/api
    variables: { region: { default: eu } }
paths:
  /rooms/{roomId}:
    parameters:
      - $ref: '#/components/parameters/RoomId'
    put:
      operationId: updateRoom
      security: [{ token: [] }]
      requestBody: { $ref: '#/components/requestBodies/Room' }
      responses:
        '200': { $ref: '#/components/responses/Room' }
  /rooms:
    get:
      operationId: listRooms
      parameters:
        - { name: limit, in: query, schema: { type: integer, format: int32, minimum: 0, exclusiveMinimum: true } }
      responses: { '200': { description: ok } }
components:
  securitySchemes:
    token: { type: apiKey, in: header, name: X-Room-Token }
  parameters:
    RoomId: { name: roomId, in: path, required: true, schema: { type: string, minLength: 3 } }
  requestBodies:
    Room:
      required: true
      content:
        application/json:
          schema: { $ref: '#/components/schemas/Room' }
  responses:
    Room:
      description: The room
      content: { application/json: { schema: { $ref: '#/components/schemas/Room' } } }
  schemas:
    Room:
      type: object
      required: [name]
      x-internal: true
      properties:
        name: { type: string, example: Aurora, maxLength: 20 }
        topic: { type: string, nullable: true }
        capacity: { type: number, maximum: 100, exclusiveMaximum: true }
        kind: { type: string, enum: [small, large], nullable: true }
        owner: { $ref: '#/components/schemas/Person' }
    Person:
      type: object
      properties:
        email: { type: string, format: email }
`;

describe('user catalog: OpenAPI 3.0 converted faithfully to JSON Schema 2020-12', () => {
  const rooms = loaded(loadUserCatalog('rooms', OPENAPI_30_YAML, 'rooms.yaml'));
  const catalog = catalogWith([rooms, 'rooms']);
  const put = (body: unknown) =>
    problems(catalog, { operation: 'rooms.updateRoom', pathParams: { roomId: 'r-1' }, body });

  test('references to parameters, request bodies and responses are followed; server variables filled in', () => {
    const op = catalog.get('rooms.updateRoom')!;
    assert.deepEqual(
      op.params.map((p) => [p.in, p.name, p.required]),
      [['path', 'roomId', true]],
    );
    assert.equal(op.body?.required, true);
    assert.deepEqual(op.servers, ['https://eu.rooms.example.com/api']);
    assert.deepEqual(op.credentials, [{ scheme: 'token', header: 'X-Room-Token', prefix: '', label: 'token' }]);
    assert.ok(op.responses.find((r) => r.status === '200')?.schema);
  });

  test('nullable, boolean exclusive bounds and example become their 2020-12 forms', () => {
    const room = (rooms.schemaDoc.$defs as Record<string, Record<string, Record<string, unknown>>>).Room;
    const props = room.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(props.topic, { type: ['string', 'null'] });
    assert.deepEqual(props.kind, { type: ['string', 'null'], enum: ['small', 'large', null] });
    assert.deepEqual(props.capacity, { type: 'number', exclusiveMaximum: 100 });
    assert.deepEqual(props.name, { type: 'string', maxLength: 20, examples: ['Aurora'] });
    assert.equal(room['x-internal'], true);
    const limit = catalog.get('rooms.listRooms')!.params[0].schema;
    assert.deepEqual(limit, { type: 'integer', format: 'int32', exclusiveMinimum: 0, maximum: 2147483647 });
  });

  test('the converted schemas validate request files', () => {
    assert.deepEqual(put({ name: 'Aurora', topic: null, kind: null, capacity: 99.5 }), []);
    assert.deepEqual(put({ name: 'A'.repeat(21), capacity: 100, kind: 'huge', owner: { email: 'not an email' } }), [
      'error maxLength@"AAAAAAAAAAAAAAAAAAAAA"',
      'error range@100',
      'error enum@"huge"',
      'error format@"not an email"',
    ]);
    assert.deepEqual(problems(catalog, { operation: 'rooms.listRooms', query: { limit: 0 } }), ['error range@0']);
    assert.deepEqual(problems(catalog, { operation: 'rooms.updateRoom', pathParams: { roomId: 'r' }, body: {} }), [
      'error minLength@"r"',
      'error required@"body"',
    ]);
  });
});

describe('user catalog: OpenAPI 3.1 in JSON', () => {
  test('is used as is', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 'x', version: '1' },
      servers: [{ url: 'https://api.example.com/v2/' }],
      paths: {
        '/things': {
          post: {
            operationId: 'createThing',
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { n: { type: ['integer', 'null'], exclusiveMinimum: 0 } },
                    required: ['n'],
                  },
                },
              },
            },
            responses: { '201': { description: 'created' } },
          },
        },
      },
    };
    const things = loaded(loadUserCatalog('things', JSON.stringify(doc), 'things.json'));
    const catalog = catalogWith([things, 'things']);
    assert.deepEqual(catalog.get('things.createThing')!.servers, ['https://api.example.com/v2']);
    assert.deepEqual(problems(catalog, { operation: 'things.createThing', body: { n: null } }), []);
    assert.deepEqual(problems(catalog, { operation: 'things.createThing', body: { n: 0 } }), ['error range@0']);
  });
});

function doc30(schema: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    openapi: '3.0.1',
    info: { title: 't', version: '1' },
    paths: {
      '/t': {
        put: {
          operationId: 'put',
          requestBody: { content: { 'application/json': { schema } } },
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    ...extra,
  });
}

describe('user catalog: what cannot be used is cut out with a warning, the rest still works', () => {
  test('a pattern with catastrophic backtracking is dropped; safe ones are kept', () => {
    const text = doc30({
      type: 'object',
      properties: {
        evil: { type: 'string', pattern: '^(a+)+$' },
        nested: { type: 'string', pattern: '^(\\w+\\s?)*$' },
        pin: { type: 'string', pattern: '^[0-9]{4,16}$' },
        slug: { type: 'string', pattern: '^[a-z]+(-[a-z]+)*$' },
        broken: { type: 'string', pattern: '[\\w-.]' },
      },
    });
    const t = loaded(loadUserCatalog('t', text, 't.json'));
    const joined = t.warnings.join('\n');
    assert.match(joined, /properties\/evil\/pattern: "\^\(a\+\)\+\$" can take exponential time/);
    assert.match(joined, /properties\/nested\/pattern: .* can take exponential time/);
    assert.match(joined, /properties\/broken\/pattern: .* is not a valid regular expression/);
    assert.doesNotMatch(joined, /pin|slug/);
    const catalog = catalogWith([t, 't']);
    const start = cpuNow();
    const hostile = 'a'.repeat(100_000) + '!';
    assert.deepEqual(problems(catalog, { operation: 't.put', body: { evil: hostile, nested: hostile } }), []);
    assert.ok(cpuNow() - start < 500, 'the hostile value validates at once');
    assert.deepEqual(problems(catalog, { operation: 't.put', body: { pin: '12a', slug: 'a--b' } }), [
      'error pattern@"12a"',
      'error pattern@"a--b"',
    ]);
  });

  test('a pattern without plain words gets a readable message: what is expected, an example, then the pattern', () => {
    const text = doc30({
      type: 'object',
      properties: {
        slug: { type: 'string', pattern: '^[a-z]+(-[a-z]+)*$', example: 'team-sync' },
        code: { type: 'string', pattern: '^[A-Z]{3}$' },
        pin: { type: 'string', pattern: '^[0-9]{4,16}$' },
        room: { type: 'string', pattern: '^R[0-9]+$', 'x-patternDescription': 'R followed by the room number' },
      },
    });
    const catalog = catalogWith([loaded(loadUserCatalog('t', text, 't.json')), 't']);
    const file = JSON.stringify(
      { operation: 't.put', body: { slug: 'A--b', code: 'ab', pin: '12', room: 'x' } },
      null,
      2,
    );
    assert.deepEqual(
      analyze(file, catalog, DEFAULT_SERVER_SETTINGS).problems.map((p) => [p.severity, p.code, p.message]),
      [
        [
          'error',
          'pattern',
          'slug is not in the expected format (like "team-sync"): it must match the pattern ^[a-z]+(-[a-z]+)*$.',
        ],
        ['error', 'pattern', 'code is not in the expected format: it must match the pattern ^[A-Z]{3}$.'],
        ['error', 'pattern', 'pin must be 4 to 16 digits.'],
        ['error', 'pattern', 'room must be R followed by the room number.'],
      ],
    );
  });

  test('under not, oneOf or an if condition, the keyword holding an unsafe pattern is dropped (loosening, never tightening)', () => {
    const text = doc30({
      type: 'object',
      properties: {
        notRepeated: { type: 'string', not: { anyOf: [{ pattern: '^(a+)+$' }, { pattern: '^b+$' }] }, maxLength: 4 },
        either: { oneOf: [{ type: 'string', pattern: '^(\\w+\\s?)*$' }, { type: 'integer' }] },
        conditional: { type: 'string', if: { pattern: '(a|a)*b' }, then: { minLength: 3 } },
        plain: { type: 'string', pattern: '^[0-9]+$' },
      },
    });
    const t = loaded(loadUserCatalog('t', text, 't.json'));
    const joined = t.warnings.join('\n');
    assert.match(
      joined,
      /notRepeated\/not\/anyOf\/0\/pattern: .*; the "not" at .*notRepeated\/not that holds it is ignored/,
    );
    assert.match(joined, /either\/oneOf\/0\/pattern: .*; the "oneOf" at .*either\/oneOf that holds it is ignored/);
    assert.match(joined, /conditional\/if\/pattern: .*; the "if" at .*conditional\/if that holds it is ignored/);
    assert.equal(t.warnings.length, 3);
    const catalog = catalogWith([t, 't']);
    // Had the patterns alone been removed, `not` would reject every string and oneOf would reject every string.
    assert.deepEqual(
      problems(catalog, {
        operation: 't.put',
        body: { notRepeated: 'aaa', either: 'x y', conditional: 'b', plain: '7' },
      }),
      [],
    );
    assert.deepEqual(problems(catalog, { operation: 't.put', body: { notRepeated: 'aaaaa', plain: 'x' } }), [
      'error maxLength@"aaaaa"',
      'error pattern@"x"',
    ]);
  });

  test('obviously linear patterns skip the analysis; the rest get a verdict from recheck', () => {
    for (const p of ['^[0-9]{4,16}$', '^\\d+$', '^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{12}$', '[a-z0-9-]*', '^a*b$']) {
      assert.ok(obviouslyLinear(p), p);
    }
    for (const p of ['^a*a*$', '^(a|b)*$', '\\d+$', '^[a-z]*[a-z0-9]$', '^a*\\b']) assert.ok(!obviouslyLinear(p), p);
    assert.equal(patternSafety('^([0-9]{4,16})?$'), undefined);
    assert.match(patternSafety('(a|a)*b') ?? '', /exponential/);
  });

  test('references that lead nowhere or elsewhere become open schemas', () => {
    const text = doc30({
      type: 'object',
      properties: {
        ext: { $ref: 'other.yaml#/components/schemas/X' },
        missing: { $ref: '#/components/schemas/Nope' },
        outside: { $ref: '#/paths/~1t' },
        ok: { type: 'integer' },
      },
    });
    const t = loaded(loadUserCatalog('t', text, 't.json'));
    assert.equal(t.warnings.length, 3);
    assert.match(t.warnings[0], /ext: the reference other.yaml#\/components\/schemas\/X points to another file/);
    assert.match(t.warnings[1], /missing: the reference #\/components\/schemas\/Nope points to nothing/);
    assert.match(t.warnings[2], /outside: .* points outside components.schemas/);
    const catalog = catalogWith([t, 't']);
    assert.deepEqual(
      catalog.problems.filter((p) => p.message.includes('could not be loaded')),
      [],
    );
    assert.deepEqual(problems(catalog, { operation: 't.put', body: { ext: 1, missing: 'x', ok: 'no' } }), [
      'error type@"no"',
    ]);
  });

  test('keywords the meta-schema rejects are dropped one by one (e.g. the classic `required: true` on a property)', () => {
    const text = doc30({
      type: 'object',
      properties: { a: { type: 'string', required: true }, b: { type: 'integer', minimum: '1' }, c: { type: 'file' } },
    });
    const t = loaded(loadUserCatalog('t', text, 't.json'));
    assert.equal(t.warnings.length, 3, t.warnings.join('\n'));
    assert.match(t.warnings.join('\n'), /properties\/a\/required: must be array; this keyword is ignored/);
    const catalog = catalogWith([t, 't']);
    assert.deepEqual(problems(catalog, { operation: 't.put', body: { a: 1, b: 0, c: 'x' } }), ['error type@1']);
  });

  test('a "__proto__" property name pollutes nothing', () => {
    const text = doc30({ type: 'object', properties: {} }).replace(
      '"properties":{}',
      '"properties":{"__proto__":{"type":"string"},"n":{"type":"integer"}}',
    );
    const t = loaded(loadUserCatalog('t', text, 't.json'));
    assert.match(t.warnings.join(), /properties: a property named "__proto__" is not supported/);
    assert.equal(({} as Record<string, unknown>).type, undefined);
    const catalog = catalogWith([t, 't']);
    const file = JSON.parse('{"operation":"t.put","body":{"__proto__":7,"n":"x"}}') as unknown;
    // The body's "__proto__" itself may be reported (unknown property, reserved key); "n" is still checked.
    assert.ok(problems(catalog, file).includes('error type@"x"'));
    assert.equal(({} as Record<string, unknown>).type, undefined);
  });

  test('operations without security while the document declares schemes are pointed out', () => {
    const text = doc30({}, { components: { securitySchemes: { b: { type: 'http', scheme: 'bearer' } } } });
    assert.match(loaded(loadUserCatalog('t', text, 't.json')).warnings.join(), /1 of 1 operations declare no security/);
  });
});

describe('user catalog: references that cannot be followed are cut, never the whole catalog', () => {
  test('T35: a malformed % escape in a $ref cuts that reference only; the rest of the catalog loads and validates', () => {
    const text = doc30(
      {
        type: 'object',
        properties: {
          broken: { $ref: '#/components/schemas/A%zz' },
          spaced: { $ref: '#/components/schemas/With%20space' },
          n: { type: 'integer' },
        },
      },
      {
        components: { schemas: { 'With space': { type: 'string' } }, parameters: { P: { name: 'p', in: 'query' } } },
      },
    ).replace('"operationId":"put"', '"operationId":"put","parameters":[{"$ref":"#/components/parameters/%E0%A4%A"}]');
    const t = loaded(loadUserCatalog('t', text, 't.json'));
    assert.deepEqual(t.warnings, [
      '#/paths/~1t/put/requestBody/content/application~1json/schema/properties/broken: the reference #/components/schemas/A%zz has a malformed % escape; any value is accepted there.',
      'Cannot resolve #/components/parameters/%E0%A4%A',
    ]);
    const catalog = catalogWith([t, 't']);
    assert.deepEqual(
      catalog.problems.map((p) => p.message),
      t.warnings,
    );
    assert.deepEqual(problems(catalog, { operation: 't.put', body: { broken: 1, spaced: 2, n: 'x' } }), [
      'error type@2',
      'error type@"x"',
    ]);
  });

  test('T36: a remote or anchor $dynamicRef is cut with a warning and the rest of the body is still validated', () => {
    const text = JSON.stringify({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/t': {
          put: {
            operationId: 'put',
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      remote: { $dynamicRef: 'http://127.0.0.1:9/meta.json#meta' },
                      anchor: { $dynamicRef: '#meta' },
                      pointer: { $dynamicRef: '#/components/schemas/Name' },
                      nowhere: { $dynamicRef: '#/components/schemas/Nope' },
                      both: { $ref: '#/components/schemas/Name', $dynamicRef: '#/components/schemas/Digits' },
                      n: { type: 'integer' },
                    },
                  },
                },
              },
            },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
      components: {
        schemas: { Name: { $dynamicAnchor: 'meta', type: 'string', maxLength: 3 }, Digits: { pattern: '^[0-9]*$' } },
      },
    });
    const t = loaded(loadUserCatalog('t', text, 't.json'));
    const at = '#/paths/~1t/put/requestBody/content/application~1json/schema/properties';
    assert.deepEqual(t.warnings, [
      `${at}/remote: the dynamic reference http://127.0.0.1:9/meta.json#meta points to another file, which is not read; any value is accepted there.`,
      `${at}/anchor: the dynamic reference #meta names a dynamic anchor, which is not supported; any value is accepted there.`,
      `${at}/nowhere: the dynamic reference #/components/schemas/Nope points to nothing; any value is accepted there.`,
    ]);
    const catalog = catalogWith([t, 't']);
    // Before: ajv refused the whole body schema ("$dynamicRef only supports hash fragment reference"), so
    // nothing of the body was checked; a pointer $dynamicRef resolved to the wrong schema.
    assert.deepEqual(
      problems(catalog, {
        operation: 't.put',
        body: { remote: 1, anchor: 2, nowhere: 3, pointer: 'long', both: 'ab', n: 'x' },
      }),
      ['error maxLength@"long"', 'error pattern@"ab"', 'error type@"x"'],
    );
    assert.deepEqual(problems(catalog, { operation: 't.put', body: { pointer: 'abc', both: '12', n: 1 } }), []);
    assert.deepEqual(problems(catalog, { operation: 't.put', body: { both: 1234 } }), ['error type@1234']);
  });
});

describe('user catalog: built-in operations cannot be shadowed', () => {
  const EVIL_YAML = shadowCatalogYaml('https://api.meeting.huaweicloud.com');

  test('T34: a user operation with a built-in id is refused with an error at its operationId; the built-in stands', () => {
    const builtin = catalogWith().get('huawei.meeting.updateMemberVmr')!;
    const evil = loaded(loadUserCatalog('huawei', EVIL_YAML, 'evil.yaml'));
    const catalog = catalogWith([evil, 'huawei']);
    assert.deepEqual(catalog.problems, [
      {
        source: 'huawei',
        severity: 'error',
        at: ['paths', '/v1/usg/dcs/member/vmr/{id}', 'delete', 'operationId'],
        message:
          'DELETE /v1/usg/dcs/member/vmr/{id} is refused: its id huawei.meeting.updateMemberVmr is a built-in operation (PUT /v1/usg/dcs/member/vmr/{id}), which cannot be replaced. Rename its operationId or the catalog.',
      },
    ]);
    assert.deepEqual(catalog.get('huawei.meeting.updateMemberVmr'), builtin, 'the built-in operation, unchanged');
    assert.equal(builtin.method, 'PUT');
    assert.equal(builtin.source, 'builtin');
    assert.equal(catalog.get('huawei.meeting.listRooms')?.source, 'huawei', 'the rest of the catalog is kept');
    const place = catalogLocator(EVIL_YAML, 'evil.yaml')(catalog.problems[0].at)!;
    assert.equal(EVIL_YAML.slice(place.offset, place.offset + place.length), SHADOWED_ID);
    const json = JSON.stringify(parseYamlForTest(EVIL_YAML), null, 2);
    const inJson = catalogLocator(json, 'evil.json')(catalog.problems[0].at)!;
    assert.equal(json.slice(inJson.offset, inJson.offset + inJson.length), JSON.stringify(SHADOWED_ID));
  });

  test('T34: an id defined twice (in one catalog or by two) is refused the second time; the first stands', () => {
    const twice = JSON.stringify({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/a': { put: { operationId: 'op', responses: { '200': { description: 'ok' } } } },
        '/b': { delete: { operationId: 'op', responses: { '200': { description: 'ok' } } } },
      },
    });
    const first = loaded(loadUserCatalog('t', twice, 't.json'));
    const catalog = catalogWith([first, 't']);
    assert.deepEqual(
      catalog.problems.map((p) => [p.severity, p.message]),
      [
        [
          'error',
          'DELETE /b is refused: its id t.op is already defined by "t" (PUT /a), which cannot be replaced. Rename its operationId or the catalog.',
        ],
      ],
    );
    assert.equal(catalog.get('t.op')?.method, 'PUT');
  });

  test('T34: 4,000 refused operations are all placed in one parse of the catalog (not one parse each)', () => {
    // Found in review: every problem re-parsed the whole catalog text, 180 s for 4,000 of them.
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 4_000; i++) {
      paths[`/p${i}`] = { put: { operationId: 'same', responses: { '200': { description: 'ok' } } } };
    }
    const text = JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths }, null, 1);
    const started = cpuNow();
    const catalog = catalogWith([loaded(loadUserCatalog('t', text, 't.json')), 't']);
    const locate = catalogLocator(text, 't.json');
    const places = catalog.problems.map((p) => (p.at ? locate(p.at) : undefined));
    assert.ok(cpuNow() - started < 20_000, `took ${cpuNow() - started} ms of CPU`);
    assert.equal(places.length, 3_999);
    const last = places[places.length - 1]!;
    assert.equal(text.slice(last.offset, last.offset + last.length), '"same"');
    assert.ok(text.lastIndexOf('"same"') === last.offset, 'the last refusal points at the last operationId');
  });
});

describe('user catalog: broken files give a clear error, never a throw', () => {
  const error = (r: UserCatalogResult): { error: string; offset?: number } => {
    assert.ok('error' in r, 'expected an error');
    return r;
  };

  test('JSON and YAML syntax errors carry their position', () => {
    const json = '{\n  "openapi": "3.0.0",\n  "paths": {,}\n}';
    const e = error(loadUserCatalog('x', json, 'x.json'));
    assert.match(e.error, /^Invalid JSON: /);
    assert.equal(e.offset, json.indexOf(',}'));
    const yaml = 'openapi: 3.0.0\npaths:\n  /a: [1, 2\nx: 1\n';
    const y = error(loadUserCatalog('x', yaml, 'x.yaml'));
    assert.match(y.error, /^Invalid YAML: /);
    assert.equal(typeof y.offset, 'number');
    const bom = error(loadUserCatalog('x', '\uFEFF{"a":}', 'x.json'));
    assert.equal(bom.offset, 6, 'offsets count the byte-order mark');
  });

  test('what is not OpenAPI 3.0/3.1 is named', () => {
    assert.match(error(loadUserCatalog('x', '{"swagger":"2.0"}', 'x.json')).error, /Swagger 2.0 is not supported/);
    assert.match(error(loadUserCatalog('x', '{"openapi":"4.0.0"}', 'x.json')).error, /OpenAPI 4.0.0 is not supported/);
    assert.match(error(loadUserCatalog('x', '[1,2]', 'x.json')).error, /not an OpenAPI document/);
    assert.match(error(loadUserCatalog('x', 'just words', 'x.yaml')).error, /not an OpenAPI document/);
    assert.match(error(loadUserCatalog('x', '{"openapi":"3.1.0"}', 'x.json')).error, /no "paths"/);
    assert.match(
      error(loadUserCatalog('x', '{"openapi":"3.1.0","paths":{"/a":{"get":{}}}}', 'x.json')).error,
      /defines no operation with an operationId \(GET \/a has no operationId/,
    );
    assert.match(error(loadUserCatalog('bad name', '{}', 'x.json')).error, /must start with a letter/);
  });

  test('hostile shapes: deep nesting, alias cycles, alias bombs, huge files', () => {
    const deep = '{"openapi":"3.1.0","paths":' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_001);
    assert.match(error(loadUserCatalog('x', deep, 'x.json')).error, /nested more than 200 levels/);
    assert.match(error(loadUserCatalog('x', 'openapi: 3.1.0\npaths: &p\n  x: *p\n', 'x.yaml')).error, /cycle/);
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]'];
    for (const [prev, next] of ['ab', 'bc', 'cd', 'de', 'ef']) {
      bomb.push(`${next}: &${next} [${`*${prev},`.repeat(9)}]`);
    }
    assert.match(error(loadUserCatalog('x', bomb.join('\n'), 'x.yaml')).error, /resource exhaustion/);
    assert.match(error(loadUserCatalog('x', ' '.repeat(33 * 1024 * 1024), 'x.json')).error, /larger than 32 MB/);
  });

  test('garbage never throws', () => {
    const samples = [
      '',
      '{',
      '---\n- [',
      'openapi: [3',
      '{"openapi":"3.0.0","paths":{"/a":{"get":1}}}',
      '\u0000\uFFFF',
    ];
    for (let i = 0; i < 200; i++) {
      samples.push(Array.from({ length: 40 }, () => String.fromCharCode(32 + Math.floor(Math.random() * 95))).join(''));
    }
    for (const s of samples) {
      for (const name of ['x.json', 'x.yaml']) assert.doesNotThrow(() => loadUserCatalog('x', s, name), s);
    }
  });
});
