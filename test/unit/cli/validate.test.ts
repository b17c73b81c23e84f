/**
 * `meeting-payloads validate` as a user runs it: files, directories and globs; text, JSON and SARIF output;
 * --strict and --unknown-fields; user catalogs; exit codes 0, 1 and 2.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Cli, scratchDir, WEBEX_SPEC } from './cliHarness';
import { MEMBER, sharedLine } from '../../helpers/trustCases';
import { PMR_BODY, VMR_REQUEST } from '../../helpers/requestFiles';

const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';
const VMR = VMR_REQUEST;
const CONF = {
  operation: 'huawei.meeting.updateStartedConfConfig',
  query: { conferenceID: '900244663' },
  body: { lockSharing: 0 },
};
// Seed 001's body: the string "false" where a boolean belongs.
const SEED_001_FILE = json({ ...VMR, body: { vmrName: 'test', chairPwd: '123456', allowGustFirst: 'false' } });
const PMR = {
  operation: 'webex.meetings.updatePersonalMeetingRoomOptions',
  body: { ...PMR_BODY, nickname: 'not documented' },
};

let cli: Cli;
const files = scratchDir();
before(async () => {
  cli = await Cli.build();
  files.write('good/a.meeting.json', json(VMR));
  files.write('good/sub/b.meeting.json', json(CONF));
  files.write('bad/c.meeting.json', SEED_001_FILE);
  files.write('warn/d.meeting.json', json(PMR));
  files.write('good/notes.json', '{ "not": "a request file" }');
  files.write('node_modules/pkg/x.meeting.json', '{ broken');
  files.write('.git/y.meeting.json', '{ broken');
  symlinkSync(join(files.dir, 'nowhere.meeting.json'), join(files.dir, 'dangling.meeting.json'));
});
after(() => {
  cli.dispose();
  files.dispose();
});

const validate = (args: string[]) => cli.run(['validate', ...args], { cwd: files.dir });

describe('validate: results and exit codes', () => {
  test('valid files: exit 0 and a summary', async () => {
    const r = await validate(['good']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '2 files checked: no problems.\n');
  });

  test("seed 001's body: exit 1, one compiler-style line at the value", async () => {
    const r = await validate(['bad/c.meeting.json']);
    assert.equal(r.code, 1);
    const line = SEED_001_FILE.split('\n').findIndex((l) => l.includes('"false"')) + 1;
    const column = SEED_001_FILE.split('\n')[line - 1].indexOf('"false"') + 1;
    assert.equal(
      r.stdout,
      `bad/c.meeting.json:${line}:${column}: error: allowGustFirst must be a boolean (true or false), not a string. (The Huawei doc page quotes it as a string in its cURL example, a mistake: its parameter table says Boolean and its example request sends false.) [type]\n` +
        '1 file checked: 1 error, 0 warnings in 1 file.\n',
    );
  });

  test('#9 §1: a shared-line member without "port" gets the missing property only, no false undocumented keys', async () => {
    const { port: _port, ...member } = MEMBER;
    // Its own folder: the other tests list the shared one.
    const own = scratchDir();
    own.write('shared-line.meeting.json', sharedLine(member));
    const r = await cli.run(['validate', 'shared-line.meeting.json'], { cwd: own.dir });
    own.dispose();
    assert.equal(r.code, 1);
    // Every line, warnings included: the deprecation of the operation and the one real error.
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 3, r.stdout);
    assert.match(lines[0], /: warning: .*deprecated.* \[deprecated-operation\]$/);
    assert.match(lines[1], /: error: Missing required property "port" in members\[0\]\. \[required\]$/);
    assert.doesNotMatch(r.stdout, /not documented|Did you mean/);
  });

  test('warnings pass, unless --strict; --unknown-fields changes what an undocumented property is', async () => {
    const plain = await validate(['warn/d.meeting.json']);
    assert.equal(plain.code, 0);
    assert.match(plain.stdout, /warn\/d\.meeting\.json:\d+:\d+: warning: .*nickname.* \[unknown-property\]/);
    const strict = await validate(['--strict', 'warn/d.meeting.json']);
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /: error: .*nickname.* \[unknown-property\]/);
    assert.equal(
      (await validate(['--unknown-fields', 'off', 'warn/d.meeting.json'])).stdout,
      '1 file checked: no problems.\n',
    );
    assert.equal((await validate(['--unknown-fields=error', 'warn/d.meeting.json'])).code, 1);
  });

  test('usage and I/O problems exit 2, after validating what could be read', async () => {
    const missing = await validate(['good/a.meeting.json', 'nope.meeting.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.meeting\.json: no such file/);
    assert.match(missing.stdout, /1 file checked: no problems/);
    assert.equal((await validate(['dangling.meeting.json'])).code, 2);
    const noMatch = await validate(['nothing/**/*.meeting.json']);
    assert.equal(noMatch.code, 2);
    assert.match(noMatch.stderr, /nothing\/\*\*\/\*\.meeting\.json: no files match/);
    for (const args of [[], ['--format', 'xml', 'good'], ['--bogus', 'good'], ['--unknown-fields', 'loud', 'good']]) {
      const r = await validate(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /Run "meeting-payloads help validate" for usage/);
    }
  });
});

describe('validate: files, directories and globs', () => {
  const listed = async (args: string[]): Promise<string[]> => {
    const r = await validate(['--format', 'json', ...args]);
    return (JSON.parse(r.stdout) as { files: Array<{ file: string }> }).files.map((f) => f.file);
  };

  test('a directory means its *.meeting.json files, without node_modules and .git', async () => {
    assert.deepEqual(await listed(['.']), [
      'bad/c.meeting.json',
      'good/a.meeting.json',
      'good/sub/b.meeting.json',
      'warn/d.meeting.json',
    ]);
  });

  test('globs: **, {a,b}, ?, [ab], and explicit files of any name', async () => {
    assert.deepEqual(await listed(['**/*.meeting.json']), [
      'bad/c.meeting.json',
      'good/a.meeting.json',
      'good/sub/b.meeting.json',
      'warn/d.meeting.json',
    ]);
    assert.deepEqual(await listed(['{good,bad}/*.meeting.json']), ['bad/c.meeting.json', 'good/a.meeting.json']);
    assert.deepEqual(await listed(['good/?.meeting.json', 'good/**/[ab].meeting.json']), [
      'good/a.meeting.json',
      'good/sub/b.meeting.json',
    ]);
    assert.deepEqual(await listed(['good/**']), ['good/a.meeting.json', 'good/notes.json', 'good/sub/b.meeting.json']);
    assert.deepEqual(await listed([join(files.dir, 'good', '**', '*.meeting.json')]), [
      join(files.dir, 'good', 'a.meeting.json'),
      join(files.dir, 'good', 'sub', 'b.meeting.json'),
    ]);
    assert.deepEqual(await listed(['good/notes.json', 'good/a.meeting.json', 'good/*.meeting.json']), [
      'good/notes.json',
      'good/a.meeting.json',
    ]);
  });
});

describe('validate: JSON and SARIF output', () => {
  test('JSON lists every file with its problems and the totals; the summary goes to stderr', async () => {
    const r = await validate(['--format', 'json', 'good', 'bad']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as {
      files: Array<{ file: string; problems: Array<Record<string, unknown>> }>;
      summary: Record<string, number>;
    };
    assert.deepEqual(
      report.files.map((f) => [f.file, f.problems.length]),
      [
        ['good/a.meeting.json', 0],
        ['good/sub/b.meeting.json', 0],
        ['bad/c.meeting.json', 1],
      ],
    );
    const p = report.files[2].problems[0];
    assert.deepEqual(Object.keys(p).sort(), [
      'code',
      'column',
      'endColumn',
      'endLine',
      'length',
      'line',
      'message',
      'offset',
      'severity',
    ]);
    assert.equal(SEED_001_FILE.slice(p.offset as number, (p.offset as number) + (p.length as number)), '"false"');
    assert.deepEqual(report.summary, {
      files: 3,
      errors: 1,
      warnings: 0,
      infos: 0,
      filesWithProblems: 1,
      unreadable: 0,
    });
    assert.equal(r.stderr, '3 files checked: 1 error, 0 warnings in 1 file.\n');
  });

  test('SARIF 2.1.0: valid structure, rules, results with regions that point at the problem', async () => {
    const r = await validate(['--format', 'sarif', 'bad', 'warn', 'good']);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as SarifLog;
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const valid = ajv.validate(SARIF_SUBSET, log);
    assert.ok(valid, ajv.errorsText(ajv.errors));
    const run = log.runs[0];
    assert.deepEqual(
      run.tool.driver.rules.map((rule) => rule.id),
      ['type', 'unknown-property'],
    );
    assert.equal(run.results.length, 2);
    for (const result of run.results) {
      assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    }
    const [typeResult, unknownResult] = run.results;
    assert.equal(typeResult.level, 'error');
    assert.equal(unknownResult.level, 'warning');
    const location = typeResult.locations[0].physicalLocation;
    assert.deepEqual(location.artifactLocation, { uri: 'bad/c.meeting.json', uriBaseId: '%SRCROOT%' });
    const { charOffset, charLength, startLine, startColumn } = location.region;
    assert.equal(SEED_001_FILE.slice(charOffset, charOffset + charLength), '"false"');
    const lineText = SEED_001_FILE.split('\n')[startLine - 1] ?? '';
    assert.ok(lineText.slice(startColumn - 1).startsWith('"false"'));
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${files.dir}/`);
    assert.equal(run.invocations[0].executionSuccessful, true);
  });
});

describe('validate: user catalogs', () => {
  const ROOMS = [
    'openapi: 3.0.3',
    'info: { title: Rooms, version: "1" }',
    'paths:',
    '  /rooms/{roomId}:',
    '    put:',
    '      operationId: updateRoom',
    '      parameters: [{ name: roomId, in: path, required: true, schema: { type: string } }]',
    '      requestBody:',
    '        content:',
    '          application/json:',
    '            schema:',
    '              type: object',
    '              properties: { capacity: { type: integer, nullable: true, maximum: 10, exclusiveMaximum: true } }',
    '      responses: { "200": { description: ok } }',
    '',
  ].join('\n');

  test('--catalog name=path adds its operations under the name', async () => {
    files.write('rooms.yaml', ROOMS);
    files.write(
      'rooms/ok.meeting.json',
      json({ operation: 'rooms.updateRoom', pathParams: { roomId: 'r1' }, body: { capacity: null } }),
    );
    files.write(
      'rooms/bad.meeting.json',
      json({ operation: 'rooms.updateRoom', pathParams: { roomId: 'r1' }, body: { capacity: 10 } }),
    );
    const r = await validate(['--catalog', 'rooms=rooms.yaml', 'rooms']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^rooms\/bad\.meeting\.json:\d+:\d+: error: capacity must be < 10\. \[range\]$/m);
    assert.doesNotMatch(r.stdout, /ok\.meeting\.json/);
    const without = await validate(['rooms/ok.meeting.json']);
    assert.match(without.stdout, /Unknown operation "rooms\.updateRoom"/);
  });

  test('a catastrophic pattern in a catalog is cut (recheck runs in the bundle too), so a hostile value cannot hang', async () => {
    files.write(
      'evil.yaml',
      [
        'openapi: 3.1.0',
        'info: { title: e, version: "1" }',
        'paths:',
        '  /e:',
        '    put:',
        '      operationId: put',
        '      requestBody:',
        '        content:',
        '          application/json:',
        '            schema: { type: object, properties: { a: { type: string, pattern: "^(a+)+$" } } }',
        '      responses: { "200": { description: ok } }',
        '',
      ].join('\n'),
    );
    files.write('evil/e.meeting.json', json({ operation: 'evil.put', body: { a: 'a'.repeat(50_000) + '!' } }));
    const start = Date.now();
    const r = await validate(['--catalog', 'evil=evil.yaml', 'evil']);
    assert.equal(r.code, 0, r.stdout);
    assert.match(
      r.stderr,
      // At the pattern (line 10), which the warning names by its pointer.
      /evil\.yaml:10:\d+: warning: .*\/properties\/a\/pattern: "\^\(a\+\)\+\$" can take exponential time/,
    );
    assert.ok(Date.now() - start < 15_000);
  });

  test('a broken catalog stops the run with its position (exit 2)', async () => {
    files.write('broken.yaml', 'openapi: 3.0.3\npaths:\n  /a: [1, 2\n');
    const r = await validate(['--catalog', 'x=broken.yaml', 'good']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^meeting-payloads validate: broken\.yaml:\d+:\d+: Invalid YAML: /m);
    assert.equal((await validate(['--catalog', 'no-equals-sign', 'good'])).code, 2);
  });

  test(
    "Webex's published Meetings spec as a catalog",
    { skip: existsSync(WEBEX_SPEC) ? false : `${WEBEX_SPEC} absent` },
    async () => {
      files.write(
        'webex/create.meeting.json',
        json({ operation: 'webex.createMeeting', body: { title: 'Sync', start: '2026-05-15T20:30:00Z', end: 42 } }),
      );
      const r = await validate(['--catalog', `webex=${WEBEX_SPEC}`, 'webex']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /warning: 166 of 166 operations declare no security requirement/);
      assert.match(
        r.stdout,
        /webex\/create\.meeting\.json:\d+:\d+: error: end must be a string, not a whole number\. \[type\]/,
      );
    },
  );
});

interface SarifLog {
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: Array<{
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId?: string };
          region: { startLine: number; startColumn: number; charOffset: number; charLength: number };
        };
      }>;
    }>;
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: Array<{ executionSuccessful: boolean }>;
  }>;
}

/**
 * The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json, OASIS) this tool emits, with their constraints,
 * closed so a misspelt property fails.
 */
const SARIF_SUBSET = {
  $defs: {
    message: {
      type: 'object',
      required: ['text'],
      properties: { text: { type: 'string', minLength: 1 } },
      additionalProperties: false,
    },
    artifactLocation: {
      type: 'object',
      required: ['uri'],
      properties: { uri: { type: 'string', format: 'uri-reference' }, uriBaseId: { type: 'string' } },
      additionalProperties: false,
    },
    region: {
      type: 'object',
      required: ['startLine'],
      properties: {
        startLine: { type: 'integer', minimum: 1 },
        startColumn: { type: 'integer', minimum: 1 },
        endLine: { type: 'integer', minimum: 1 },
        endColumn: { type: 'integer', minimum: 1 },
        charOffset: { type: 'integer', minimum: 0 },
        charLength: { type: 'integer', minimum: 0 },
      },
      additionalProperties: false,
    },
    physicalLocation: {
      type: 'object',
      required: ['artifactLocation'],
      properties: { artifactLocation: { $ref: '#/$defs/artifactLocation' }, region: { $ref: '#/$defs/region' } },
      additionalProperties: false,
    },
    location: {
      type: 'object',
      properties: { physicalLocation: { $ref: '#/$defs/physicalLocation' } },
      additionalProperties: false,
    },
  },
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool'],
        additionalProperties: false,
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            additionalProperties: false,
            properties: {
              driver: {
                type: 'object',
                required: ['name'],
                additionalProperties: false,
                properties: {
                  name: { type: 'string', minLength: 1 },
                  version: { type: 'string' },
                  semanticVersion: { type: 'string' },
                  informationUri: { type: 'string', format: 'uri' },
                  rules: {
                    type: 'array',
                    uniqueItems: true,
                    items: {
                      type: 'object',
                      required: ['id'],
                      additionalProperties: false,
                      properties: { id: { type: 'string' }, shortDescription: { $ref: '#/$defs/message' } },
                    },
                  },
                },
              },
            },
          },
          originalUriBaseIds: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              required: ['uri'],
              // An originalUriBaseIds URI is absolute and ends with a slash (SARIF §3.14.14).
              properties: { uri: { type: 'string', format: 'uri', pattern: '/$' } },
              additionalProperties: false,
            },
          },
          columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
          invocations: {
            type: 'array',
            items: {
              type: 'object',
              required: ['executionSuccessful'],
              additionalProperties: false,
              properties: {
                executionSuccessful: { type: 'boolean' },
                toolExecutionNotifications: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['message'],
                    additionalProperties: false,
                    properties: {
                      level: { enum: ['none', 'note', 'warning', 'error'] },
                      message: { $ref: '#/$defs/message' },
                      locations: { type: 'array', items: { $ref: '#/$defs/location' } },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['message'],
              additionalProperties: false,
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: 0 },
                level: { enum: ['none', 'note', 'warning', 'error'] },
                message: { $ref: '#/$defs/message' },
                locations: { type: 'array', minItems: 1, items: { $ref: '#/$defs/location' } },
              },
            },
          },
        },
      },
    },
  },
  additionalProperties: false,
};
