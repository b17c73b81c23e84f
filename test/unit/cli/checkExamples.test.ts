/**
 * `meeting-payloads check-examples`: our own catalog must be clean; a small OpenAPI 3.0 document written here
 * has one broken example of every kind; Webex's published spec (when present) has real failures.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Cli, REPO_ROOT, scratchDir, WEBEX_SPEC } from './cliHarness';

let cli: Cli;
const files = scratchDir();
before(async () => {
  cli = await Cli.build();
});
after(() => {
  cli.dispose();
  files.dispose();
});

/** OpenAPI 3.0 with one failing example per place examples live, and valid ones that need the 3.0 conversion. */
const BROKEN_30 = {
  openapi: '3.0.3',
  info: { title: 'Broken examples', version: '1' },
  paths: {
    '/rooms/{roomId}': {
      parameters: [
        { name: 'roomId', in: 'path', required: true, schema: { type: 'string', minLength: 3 }, example: 'r' },
      ],
      put: {
        operationId: 'updateRoom',
        parameters: [{ $ref: '#/components/parameters/Limit' }],
        requestBody: {
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Room' },
              example: { name: 'Aurora', capacity: 0 },
              examples: {
                good: { value: { name: 'Borealis', topic: null, capacity: 20 } },
                shared: { $ref: '#/components/examples/BadRoom' },
                remote: { externalValue: 'https://example.com/room.json' },
              },
            },
            'application/xml': { schema: { type: 'string' }, example: '<room/>' },
          },
        },
        responses: {
          '200': {
            description: 'ok',
            headers: { 'X-Rate-Limit': { schema: { type: 'integer' }, example: 'many' } },
            content: { 'application/json;charset=UTF-8': { schema: { $ref: '#/components/schemas/Room' } } },
          },
        },
      },
    },
  },
  components: {
    parameters: {
      Limit: { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100 }, example: 100 },
    },
    examples: { BadRoom: { value: { name: 42 } } },
    schemas: {
      Room: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', example: 'Aurora', default: 'Room' },
          topic: { type: 'string', nullable: true, example: null },
          capacity: { type: 'integer', minimum: 0, exclusiveMinimum: true, example: 5 },
          // A default must satisfy its schema too (Spectral's oas3-valid-schema-example checks it).
          kind: { type: 'string', enum: ['small', 'large'], example: 'huge', default: 'medium' },
        },
      },
    },
  },
};

describe('check-examples', () => {
  test("our catalog's examples all validate", async () => {
    const docs = ['huawei-meeting', 'webex-calling', 'webex-meetings'].map((n) =>
      join(REPO_ROOT, 'schemas', `${n}.openapi.json`),
    );
    const r = await cli.run(['check-examples', ...docs]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // (A "could not be proven safe in time" warning may precede them on a busy machine: patterns are cut, never
    // examples failed, so it cannot change the verdict.)
    assert.doesNotMatch(r.stdout, /: error: /);
    const lines = r.stdout
      .trim()
      .split('\n')
      // The token endpoints' form examples are notes (not JSON); test/unit/catalog.test.ts validates them.
      .filter((l) => !/: (warning|note): /.test(l));
    assert.equal(lines.length, 3);
    for (const line of lines) {
      assert.match(
        line,
        /: OpenAPI 3\.1, \d+ operations?: \d+ examples( and \d+ schema defaults)? checked \(.*\), all valid(, 3 not checked)?\.$/,
      );
    }
  });

  test('a broken OpenAPI 3.0 document: each failure with its operation, pointer, line and path inside', async () => {
    const path = files.write('broken.json', JSON.stringify(BROKEN_30, null, 2));
    const r = await cli.run(['check-examples', path]);
    assert.equal(r.code, 1, r.stderr);
    const text = JSON.stringify(BROKEN_30, null, 2);
    const lineOf = (needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;
    const at = (needle: string): string => `${path}:${lineOf(needle)}:`;
    const expected = [
      `${at('"example": "r"')}\\d+: error: updateRoom \\(PUT /rooms/\\{roomId\\}\\), path parameter "roomId" example \\(#/paths/~1rooms~1\\{roomId\\}/parameters/0/example\\): \\$: must NOT have fewer than 3 characters, not "r"`,
      `error: updateRoom \\(PUT /rooms/\\{roomId\\}\\), request body example \\(#/paths/~1rooms~1\\{roomId\\}/put/requestBody/content/application~1json/example\\): \\$\\.capacity: must be > 0, not 0`,
      `${at('"value": {\n          "name": 42')}\\d+: error: updateRoom \\(PUT /rooms/\\{roomId\\}\\), request body example "shared" \\(#/components/examples/BadRoom/value\\): \\$\\.name: must be string, not integer`,
      `error: updateRoom \\(PUT /rooms/\\{roomId\\}\\), 200 response header "X-Rate-Limit" example \\(#/paths/.*/headers/X-Rate-Limit/example\\): \\$: must be integer, not string`,
      `error: schemas\\.Room, schema example \\(#/components/schemas/Room/properties/kind/example\\): \\$: must be one of "small", "large", not "huge"`,
      `${at('"default": "medium"')}\\d+: error: schemas\\.Room, schema default \\(#/components/schemas/Room/properties/kind/default\\): \\$: must be one of "small", "large", not "medium"`,
    ];
    for (const e of expected) assert.match(r.stdout, new RegExp(`^${e.startsWith('error') ? '.*: ' : ''}${e}$`, 'm'));
    assert.match(r.stdout, /note: not checked \(externalValue \(another file\) is not read\): .*\/examples\/remote/);
    assert.match(r.stdout, /note: not checked \(application\/xml is not JSON\)/);
    assert.match(
      r.stdout,
      /broken\.json: OpenAPI 3\.0, 1 operation: 10 examples and 2 schema defaults checked \(3 request\/response, 3 parameter\/header, 4 in schemas\), 6 failed, 2 not checked\.$/m,
    );
    // What the 3.0 conversion must accept: null for a nullable string, 5 above an exclusive minimum of 0, 100 = maximum.
    assert.doesNotMatch(r.stdout, /\$\.topic|query parameter "limit"|not 5$|example "good"|name\/default/m);
  });

  test('JSON output and YAML documents', async () => {
    const yaml = [
      'openapi: 3.1.0',
      'info: { title: y, version: "1" }',
      'paths:',
      '  /a:',
      '    post:',
      '      operationId: makeA',
      '      requestBody:',
      '        content:',
      '          application/json:',
      '            schema: { type: object, properties: { n: { type: [integer, "null"] } } }',
      '            examples:',
      '              bad: { value: { n: "one" } }',
      '      responses: { "204": { description: none } }',
      '',
    ].join('\n');
    const path = files.write('a.yaml', yaml);
    const r = await cli.run(['check-examples', '--format', 'json', path]);
    assert.equal(r.code, 1);
    const [report] = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(report, {
      file: path,
      openapi: '3.1',
      operations: 1,
      examples: { total: 1, media: 1, parameter: 0, schema: 0, default: 0 },
      failed: 1,
      failures: [
        {
          operation: 'makeA (POST /a)',
          example: 'request body example "bad"',
          pointer: '#/paths/~1a/post/requestBody/content/application~1json/examples/bad/value',
          schema: '#/paths/~1a/post/requestBody/content/application~1json/schema',
          line: 12,
          column: 29,
          errors: [{ path: '$.n', message: 'must be integer or null, not string', keyword: 'type' }],
        },
      ],
      skipped: [],
      warnings: [],
    });
  });

  test('unreadable or non-OpenAPI input exits 2 with the reason', async () => {
    const notOpenApi = files.write('x.json', '{"swagger":"2.0"}');
    const broken = files.write('y.json', '{\n  "openapi": "3.0.0",\n  "paths": {,}\n}');
    const r = await cli.run(['check-examples', notOpenApi, broken, join(files.dir, 'missing.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /x\.json: error: Swagger 2\.0 is not supported/);
    assert.match(r.stderr, /y\.json:3:13: error: Invalid JSON: /);
    assert.match(r.stderr, /missing\.json: no such file/);
    assert.equal((await cli.run(['check-examples'])).code, 2);
  });

  test(
    "Webex's published Meetings spec: the known inconsistencies are found",
    { skip: existsSync(WEBEX_SPEC) ? false : `${WEBEX_SPEC} absent` },
    async () => {
      const r = await cli.run(['check-examples', WEBEX_SPEC]);
      assert.equal(r.code, 1);
      // telephony.links is declared an object but every example gives an array (api-research.md, 1.4 #1).
      assert.match(
        r.stdout,
        /Update Personal Meeting Room Options \(PUT \/meetingPreferences\/personalMeetingRoom\), 200 response example .*: \$\.telephony\.links: must be object, not array/,
      );
      assert.match(r.stdout, /\$\.items\[0\]\.participantType: must be one of "host", "attendee", not "ATTENDEE"/);
      // The one failure only a default shows (Spectral's oas3-valid-schema-example finds it too).
      assert.match(
        r.stdout,
        /:1279:26: error: Delete a Meeting Invitee \(DELETE \/meetingInvitees\/\{meetingInviteeId\}\), schema default \(#\/paths\/~1meetingInvitees~1\{meetingInviteeId\}\/delete\/parameters\/2\/schema\/default\): \$: must be boolean, not string$/m,
      );
      assert.match(
        r.stdout,
        /OpenAPI 3\.0, 166 operations: 2685 examples and 73 schema defaults checked \(214 request\/response, 434 parameter\/header, 2037 in schemas\), 30 failed, 2 not checked\.$/m,
      );
    },
  );
});
