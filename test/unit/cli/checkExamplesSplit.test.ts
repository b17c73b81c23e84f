/**
 * `check-examples` on a spec split across files: every failure at its line and column in the file where the
 * example is written, refused $refs as warnings at their place, and the same failures as the same spec in one file;
 * every message names the file and pointer where its value is written, not the bundle's pointer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseJunit } from '../../helpers/junitSchema';
import { Cli, scratchDir } from './cliHarness';

let cli: Cli;
const files = scratchDir();
before(async () => {
  cli = await Cli.build();
});
after(() => {
  cli.dispose();
  files.dispose();
});

const ROOM = { type: 'object', properties: { name: { type: 'string', minLength: 2 } }, example: { name: 7 } };
const PATH_ITEM = {
  put: {
    operationId: 'updateRoom',
    requestBody: {
      content: {
        'application/json': {
          schema: { $ref: '../schemas/room.json' },
          examples: { short: { value: { name: 'a' } }, good: { value: { name: 'Aurora' } } },
        },
      },
    },
    responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/x-room' } } } } },
  },
};

describe('check-examples on a split spec', () => {
  test('failures placed in the referenced files; refused $refs warned at their place; same as one file', async () => {
    files.write(
      'split/api.yaml',
      [
        'openapi: 3.0.3',
        "info: {title: Rooms, version: '1'}",
        'paths:',
        '  /rooms/{id}:',
        '    $ref: ./paths/room.yaml',
        '  /escape:',
        '    get:',
        '      operationId: escape',
        '      responses:',
        "        '200':",
        '          description: ok',
        '          content:',
        '            application/json:',
        '              schema: {$ref: "../outside.json"}',
        '              example: {anything: true}',
        '  /link:',
        '    $ref: ./linked/paths.yaml',
        '  /web:',
        '    $ref: https://example.test/paths.yaml',
        '',
      ].join('\n'),
    );
    // A YAML path item with a local $ref of its own file, referring to a JSON schema.
    const roomYaml = [
      'x-room: {$ref: "../schemas/room.json"}',
      'put:',
      '  operationId: updateRoom',
      '  requestBody:',
      '    content:',
      '      application/json:',
      '        schema: {$ref: ../schemas/room.json}',
      '        examples:',
      '          short:',
      '            value: {name: a}',
      '          good: {value: {name: Aurora}}',
      '  responses:',
      "    '200':",
      '      description: ok',
      '      content: {application/json: {schema: {$ref: "#/x-room"}}}',
      '',
    ].join('\n');
    files.write('split/paths/room.yaml', roomYaml);
    const roomJson = JSON.stringify(ROOM, null, 2);
    files.write('split/schemas/room.json', roomJson);
    files.write('outside.json', '{"type": "string"}');
    symlinkSync(
      dirname(files.write('elsewhere/paths.yaml', 'get: {operationId: linked, responses: {}}')),
      join(files.dir, 'split', 'linked'),
    );

    const r = await cli.run(['check-examples', 'split/api.yaml'], { cwd: files.dir });
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    const errors = lines.filter((l) => /: error: /.test(l));
    // The request body example "short" is in paths/room.yaml; the schema's own example in schemas/room.json.
    const at = (text: string, needle: string) => {
      const before = text.slice(0, text.indexOf(needle)).split('\n');
      return `${before.length}:${before[before.length - 1].length + 1}`;
    };
    assert.ok(
      errors.some(
        (l) =>
          l.startsWith(`split/paths/room.yaml:${at(roomYaml, '{name: a}')}: error: `) &&
          /example "short".*\$\.name: must NOT have fewer than 2 characters/.test(l),
      ),
      errors.join('\n'),
    );
    assert.ok(
      errors.some(
        (l) =>
          l.startsWith(`split/schemas/room.json:${at(roomJson, '{\n    "name": 7')}: error: `) &&
          /\$\.name: must be string, not integer/.test(l),
      ),
      errors.join('\n'),
    );
    // The schema's example is written once, so it is checked (and fails) once, however often room.json is used.
    assert.equal(errors.filter((l) => l.startsWith('split/schemas/room.json:')).length, 1, errors.join('\n'));
    assert.equal(errors.length, 2, errors.join('\n'));
    const warnings = lines.filter((l) => /: warning: The \$ref/.test(l));
    assert.ok(
      warnings.some((l) => /^split\/api\.yaml:14:\d+: warning: The \$ref "\.\.\/outside\.json" leads outside/.test(l)),
      warnings.join('\n'),
    );
    assert.ok(
      warnings.some((l) => /^split\/api\.yaml:17:\d+: warning: .*through a symbolic link/.test(l)),
      warnings.join('\n'),
    );
    assert.ok(
      warnings.some((l) => /^split\/api\.yaml:19:\d+: warning: .*is a URL/.test(l)),
      warnings.join('\n'),
    );
    assert.equal(warnings.length, 3);
    assert.match(r.stdout, /: OpenAPI 3.0, 2 operations: /); // the operation behind the link was not read

    // JSON names the file of each failure; SARIF places it there.
    const json = JSON.parse(
      (await cli.run(['check-examples', '--format', 'json', 'split/api.yaml'], { cwd: files.dir })).stdout,
    ) as Array<{
      failures: Array<{ file?: string; line: number }>;
      refs: Array<{ file: string; line: number; message: string }>;
    }>;
    assert.deepEqual(json[0].failures.map((f) => f.file).sort(), ['split/paths/room.yaml', 'split/schemas/room.json']);
    assert.equal(json[0].refs.length, 3);
    const sarif = JSON.parse(
      (await cli.run(['check-examples', '--format', 'sarif', 'split/api.yaml'], { cwd: files.dir })).stdout,
    ) as {
      runs: Array<{
        results: Array<{
          level: string;
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
        }>;
      }>;
    };
    const uris = sarif.runs[0].results
      .filter((x) => x.level === 'error')
      .map((x) => x.locations[0].physicalLocation.artifactLocation.uri);
    assert.ok(
      uris.some((u) => u.endsWith('split/schemas/room.json')),
      JSON.stringify(uris),
    );

    // Oracle: the same spec written in one file fails the same examples with the same messages.
    const single = {
      openapi: '3.0.3',
      info: { title: 'Rooms', version: '1' },
      paths: {
        '/rooms/{id}': {
          put: {
            ...PATH_ITEM.put,
            requestBody: {
              content: {
                'application/json': { ...PATH_ITEM.put.requestBody.content['application/json'], schema: ROOM },
              },
            },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    };
    files.write('single.json', JSON.stringify(single, null, 2));
    const one = await cli.run(['check-examples', 'single.json'], { cwd: files.dir });
    // Each names the place where its example is written: the split spec's differ in that alone.
    const messages = (text: string) =>
      text
        .split('\n')
        .filter((l) => /: error: /.test(l))
        .map((l) => l.replace(/^[^ ]+ error: /, '').replace(/ \((?:[\w/.]+)?#\/[^)]*\)/, ''))
        .sort();
    assert.deepEqual(messages(r.stdout), messages(one.stdout));
    assert.equal(messages(r.stdout).length, 2);
  });

  test('messages name the file and the pointer where each value is written, never the bundle', async () => {
    const entry = [
      'openapi: 3.0.3',
      "info: {title: Rooms, version: '1'}",
      'paths:',
      '  /rooms/{id}:',
      '    $ref: ./paths/room.yaml',
      'components:',
      '  schemas:',
      "    Local: {type: string, pattern: '^[a-z', example: 5}",
      '',
    ].join('\n');
    const item = [
      'put:',
      '  operationId: updateRoom',
      '  requestBody:',
      '    content:',
      '      application/json:',
      '        schema: {$ref: ../schemas/room.json}',
      '        examples:',
      '          short: {value: {name: a}}',
      '      application/xml:',
      '        schema: {type: string}',
      '        example: <room/>',
      '  responses:',
      "    '200':",
      '      description: ok',
      '      content: {application/json: {schema: {$ref: ../schemas/room.json}}}',
      '',
    ].join('\n');
    // Inlined twice (request body and response): its pattern warning and its example are shown once.
    const room = [
      '{',
      '  "type": "object",',
      '  "properties": { "name": { "type": "string", "minLength": 2, "pattern": "^[a-z" } },',
      '  "example": { "name": 7 }',
      '}',
      '',
    ].join('\n');
    files.write('w/api.yaml', entry);
    files.write('w/paths/room.yaml', item);
    files.write('w/schemas/room.json', room);
    const at = (text: string, needle: string) => {
      const before = text.slice(0, text.indexOf(needle)).split('\n');
      return `${before.length}:${before[before.length - 1].length + 1}`;
    };
    const PATTERN =
      '"^[a-z" is not a valid regular expression (ajv compiles patterns with the u flag); the pattern is not checked.';
    const SHORT = 'paths/room.yaml#/put/requestBody/content/application~1json/examples/short/value';
    const OP = 'updateRoom (PUT /rooms/{id})';
    const r = await cli.run(['check-examples', 'w/api.yaml'], { cwd: files.dir });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      [
        `w/schemas/room.json:${at(room, '"^[a-z"')}: warning: schemas/room.json#/properties/name/pattern: ${PATTERN}`,
        // A value of the entry keeps its pointer, now placed at its line too.
        `w/api.yaml:${at(entry, "'^[a-z'")}: warning: #/components/schemas/Local/pattern: ${PATTERN}`,
        `w/paths/room.yaml:${at(item, '{name: a}')}: error: ${OP}, request body example "short" (${SHORT}): $.name: must NOT have fewer than 2 characters, not "a"`,
        `w/schemas/room.json:${at(room, '{ "name": 7 }')}: error: ${OP}, schema example (schemas/room.json#/example): $.name: must be string, not integer`,
        `w/api.yaml:${at(entry, '5}')}: error: schemas.Local, schema example (#/components/schemas/Local/example): $: must be string, not integer`,
        `w/paths/room.yaml:${at(item, 'schema: {type: string}')}: note: not checked (application/xml is not JSON): paths/room.yaml#/put/requestBody/content/application~1xml`,
        'w/api.yaml: OpenAPI 3.0, 1 operation: 3 examples checked (1 request/response, 0 parameter/header, 2 in schemas), 3 failed, 1 not checked.',
        '',
      ].join('\n'),
    );

    const json = JSON.parse(
      (await cli.run(['check-examples', '-f', 'json', 'w/api.yaml'], { cwd: files.dir })).stdout,
    ) as Array<{
      failures: Array<{ pointer: string; schema: string; file?: string }>;
      skipped: unknown[];
      warnings: string[];
    }>;
    assert.deepEqual(
      json[0].failures.map((f) => [f.pointer, f.schema, f.file]),
      [
        [SHORT, 'schemas/room.json#', 'w/paths/room.yaml'],
        ['schemas/room.json#/example', 'schemas/room.json#', 'w/schemas/room.json'],
        ['#/components/schemas/Local/example', '#/components/schemas/Local', undefined],
      ],
    );
    assert.deepEqual(json[0].skipped, [
      { pointer: 'paths/room.yaml#/put/requestBody/content/application~1xml', reason: 'application/xml is not JSON' },
    ]);
    assert.deepEqual(json[0].warnings, [
      `schemas/room.json#/properties/name/pattern: ${PATTERN}`,
      `#/components/schemas/Local/pattern: ${PATTERN}`,
    ]);

    const junit = await parseJunit(
      (await cli.run(['check-examples', '-f', 'junit', 'w/api.yaml'], { cwd: files.dir })).stdout,
    );
    assert.deepEqual(
      junit.suites[0].cases.map((c) => [c.name, c.failure?.text ?? c.systemOut ?? c.skipped?.message]),
      [
        [
          'w/api.yaml',
          `w/api.yaml:${at(entry, "'^[a-z'")}: warning: #/components/schemas/Local/pattern: ${PATTERN} [document]`,
        ],
        [
          'w/schemas/room.json',
          `w/schemas/room.json:${at(room, '"^[a-z"')}: warning: schemas/room.json#/properties/name/pattern: ${PATTERN} [document]`,
        ],
        [
          `${OP}, request body example "short" (${SHORT})`,
          `w/paths/room.yaml:${at(item, '{name: a}')}: error: $.name: must NOT have fewer than 2 characters, not "a" [minLength]`,
        ],
        [
          `${OP}, schema example (schemas/room.json#/example)`,
          `w/schemas/room.json:${at(room, '{ "name": 7 }')}: error: $.name: must be string, not integer [type]`,
        ],
        [
          'schemas.Local, schema example (#/components/schemas/Local/example)',
          `w/api.yaml:${at(entry, '5}')}: error: $: must be string, not integer [type]`,
        ],
        ['paths/room.yaml#/put/requestBody/content/application~1xml', 'application/xml is not JSON'],
      ],
    );
  });
});
