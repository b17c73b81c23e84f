/**
 * `check-examples` on a spec split across files: every failure at its line and column in the file where the
 * example is written, refused $refs as warnings at their place, and the same failures as the same spec in one file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
    const messages = (text: string) =>
      text
        .split('\n')
        .filter((l) => /: error: /.test(l))
        .map((l) => l.replace(/^[^ ]+ error: /, ''))
        .sort();
    assert.deepEqual(messages(r.stdout), messages(one.stdout));
  });
});
