/**
 * Reports CI systems read (#14 §3): `--format junit` (one test case per file or example, checked against the
 * Jenkins xUnit schema, junit-10.xsd, by libxml2) and `--format github` (workflow commands on the exact lines) for `validate` and
 * `check-examples`; exit codes as with text. Hostile names and keys are in terminal.test.ts (T45).
 */
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJunit, schemaErrors } from '../../helpers/junitSchema';
import { PMR_BODY, VMR_REQUEST } from '../../helpers/requestFiles';
import { Cli, scratchDir } from './cliHarness';

const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';
const VMR = VMR_REQUEST;
// Two errors: seed 001's string "false", and a misspelt key whose right spelling is already set.
const BAD = { ...VMR, body: { vmrName: 'test', chairPwd: '123456', allowGustFirst: 'false', chairPwd2: '1' } };
// A warning only: a complete body with one undocumented property.
const WARN = {
  operation: 'webex.meetings.updatePersonalMeetingRoomOptions',
  body: { ...PMR_BODY, nickname: 'not documented' },
};
/** One valid request example, one failing response example, one example in a media type that is not JSON. */
const ROOMS = `{
  "openapi": "3.1.0",
  "info": { "title": "Rooms", "version": "1" },
  "paths": {
    "/rooms": {
      "put": {
        "operationId": "updateRoom",
        "requestBody": {
          "content": {
            "application/json": { "schema": { "$ref": "#/components/schemas/Room" }, "example": { "name": "Aurora" } },
            "application/xml": { "schema": { "type": "string" }, "example": "<room/>" }
          }
        },
        "responses": {
          "200": {
            "description": "ok",
            "content": {
              "application/json": { "schema": { "$ref": "#/components/schemas/Room" }, "example": { "name": 42 } }
            }
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Room": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" } } }
    }
  }
}
`;

let cli: Cli;
const files = scratchDir();
before(async () => {
  cli = await Cli.build();
  files.write('ok.meeting.json', json(VMR));
  files.write('bad.meeting.json', json(BAD));
  files.write('warn.meeting.json', json(WARN));
  files.write('rooms.openapi.json', ROOMS);
  // A FIFO is never read: the file is reported unreadable (exit 2).
  execFileSync('mkfifo', [`${files.dir}/pipe.meeting.json`]);
});
after(() => {
  cli.dispose();
  files.dispose();
});

const run = (args: string[]) => cli.run(args, { cwd: files.dir });
const ALL = ['ok.meeting.json', 'bad.meeting.json', 'warn.meeting.json'];
const SUMMARY = '3 files checked: 2 errors, 1 warning in 2 files.\n';
const TYPE_MESSAGE =
  'allowGustFirst must be a boolean (true or false), not a string. (The Huawei doc page quotes it as a string in its cURL example, a mistake: its parameter table says Boolean and its example request sends false.)';
const RENAME_MESSAGE = '"chairPwd2" is not allowed. Did you mean "chairPwd"? It is already set.';
const WARN_MESSAGE = '"nickname" is not documented for this operation.';
const PUT_200 =
  'updateRoom (PUT /rooms), 200 response example (#/paths/~1rooms/put/responses/200/content/application~1json/example)';
const PUT_BODY =
  'updateRoom (PUT /rooms), request body example (#/paths/~1rooms/put/requestBody/content/application~1json/example)';
const XML_POINTER = '#/paths/~1rooms/put/requestBody/content/application~1xml';

describe('validate --format junit', () => {
  test('one test case per file: errors fail it, warnings are its output; valid XML of the Jenkins schema', async () => {
    const r = await run(['validate', '-f', 'junit', ...ALL]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, SUMMARY);
    assert.equal(
      r.stdout,
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="meeting-payloads validate" tests="3" failures="1" errors="0" time="0">',
        '  <testsuite name="validate" tests="3" failures="1" errors="0" skipped="0" time="0">',
        '    <testcase name="ok.meeting.json" classname="validate" time="0"/>',
        '    <testcase name="bad.meeting.json" classname="validate" time="0">',
        `      <failure message="2 errors: ${TYPE_MESSAGE}" type="type">bad.meeting.json:9:23: error: ${TYPE_MESSAGE} [type]`,
        'bad.meeting.json:10:5: error: &quot;chairPwd2&quot; is not allowed. Did you mean &quot;chairPwd&quot;? It is already set. [additional-property]</failure>',
        '    </testcase>',
        '    <testcase name="warn.meeting.json" classname="validate" time="0">',
        '      <system-out>warn.meeting.json:11:5: warning: &quot;nickname&quot; is not documented for this operation. [unknown-property]</system-out>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
    const report = await parseJunit(r.stdout);
    assert.equal(report.name, 'meeting-payloads validate');
    assert.deepEqual(report.suites, [
      {
        name: 'validate',
        tests: 3,
        failures: 1,
        errors: 0,
        skipped: 0,
        cases: [
          { name: 'ok.meeting.json', classname: 'validate' },
          {
            name: 'bad.meeting.json',
            classname: 'validate',
            failure: {
              message: `2 errors: ${TYPE_MESSAGE}`,
              type: 'type',
              text:
                `bad.meeting.json:9:23: error: ${TYPE_MESSAGE} [type]\n` +
                `bad.meeting.json:10:5: error: ${RENAME_MESSAGE} [additional-property]`,
            },
          },
          {
            name: 'warn.meeting.json',
            classname: 'validate',
            systemOut: `warn.meeting.json:11:5: warning: ${WARN_MESSAGE} [unknown-property]`,
          },
        ],
      },
    ]);
  });

  test('--strict makes the warning a failure; an unreadable file is an error case and exits 2', async () => {
    const strict = await run(['validate', '-f', 'junit', '--strict', 'warn.meeting.json']);
    assert.equal(strict.code, 1);
    const [warnCase] = (await parseJunit(strict.stdout)).suites[0].cases;
    assert.deepEqual(warnCase.failure, {
      message: `1 error: ${WARN_MESSAGE}`,
      type: 'unknown-property',
      text: `warn.meeting.json:11:5: error: ${WARN_MESSAGE} [unknown-property]`,
    });

    const pipe = await run(['validate', '-f', 'junit', 'ok.meeting.json', 'pipe.meeting.json']);
    assert.equal(pipe.code, 2);
    assert.equal(pipe.stderr, '1 file checked, 1 unreadable: no problems.\n');
    const suite = (await parseJunit(pipe.stdout)).suites[0];
    assert.deepEqual([suite.tests, suite.failures, suite.errors], [2, 0, 1]);
    assert.deepEqual(suite.cases[1], {
      name: 'pipe.meeting.json',
      classname: 'validate',
      error: { message: 'cannot read: is a named pipe (FIFO), not a regular file', type: 'unreadable' },
    });
  });
});

describe('validate --format github', () => {
  test('one workflow command per problem, at its file, line and columns; the summary on stderr', async () => {
    const r = await run(['validate', '-f', 'github', ...ALL, 'pipe.meeting.json']);
    assert.equal(r.code, 2);
    assert.equal(
      r.stdout,
      `::error file=bad.meeting.json,line=9,col=23,endLine=9,endColumn=30::${TYPE_MESSAGE} [type]\n` +
        `::error file=bad.meeting.json,line=10,col=5,endLine=10,endColumn=16::${RENAME_MESSAGE} [additional-property]\n` +
        `::warning file=warn.meeting.json,line=11,col=5,endLine=11,endColumn=15::${WARN_MESSAGE} [unknown-property]\n` +
        '::error file=pipe.meeting.json::cannot read: is a named pipe (FIFO), not a regular file\n',
    );
    assert.equal(r.stderr, '3 files checked, 1 unreadable: 2 errors, 1 warning in 2 files.\n');
    assert.equal((await run(['validate', '-f', 'github', 'ok.meeting.json'])).stdout, '');
  });
});

describe('check-examples --format junit and github', () => {
  test('one test case per example: failures at the example, media types not JSON skipped, unreadable documents errors', async () => {
    const r = await run(['check-examples', '-f', 'junit', 'rooms.openapi.json', 'nope.json']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `meeting-payloads check-examples: ${files.dir}/nope.json: no such file\n`);
    const report = await parseJunit(r.stdout);
    assert.equal(report.name, 'meeting-payloads check-examples');
    assert.deepEqual(report.suites, [
      {
        name: 'rooms.openapi.json',
        tests: 3,
        failures: 1,
        errors: 0,
        skipped: 1,
        cases: [
          { name: PUT_BODY, classname: 'rooms.openapi.json' },
          {
            name: PUT_200,
            classname: 'rooms.openapi.json',
            failure: {
              message: '1 error: $.name: must be string, not integer',
              type: 'type',
              text: 'rooms.openapi.json:18:99: error: $.name: must be string, not integer [type]',
            },
          },
          {
            name: XML_POINTER,
            classname: 'rooms.openapi.json',
            skipped: { message: 'application/xml is not JSON' },
          },
        ],
      },
      {
        name: 'nope.json',
        tests: 1,
        failures: 0,
        errors: 1,
        skipped: 0,
        cases: [
          {
            name: 'nope.json',
            classname: 'nope.json',
            error: { message: `${files.dir}/nope.json: no such file`, type: 'unreadable' },
          },
        ],
      },
    ]);
  });

  test('annotations name the example in their title, at the line of the example', async () => {
    const r = await run(['check-examples', '-f', 'github', 'rooms.openapi.json']);
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      `::error file=rooms.openapi.json,line=18,col=99,endLine=18,endColumn=99,title=${PUT_200.replace(',', '%2C')}::$.name: must be string, not integer [type]\n` +
        // The media type not checked, at its line.
        `::notice file=rooms.openapi.json,line=11,title=${XML_POINTER}::Not checked: application/xml is not JSON\n`,
    );
    assert.equal(r.stderr, '');
  });

  test('text as before, SARIF at the example; an unknown format is a usage error', async () => {
    const text = await run(['check-examples', 'rooms.openapi.json']);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^rooms\.openapi\.json:18:99: error: updateRoom \(PUT \/rooms\), 200 response example/);
    const sarif = await run(['check-examples', '-f', 'sarif', 'rooms.openapi.json']);
    assert.equal(sarif.code, 1);
    const log = JSON.parse(sarif.stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; message: { text: string }; locations: unknown[] }> }>;
    };
    assert.deepEqual(
      log.runs[0].results.map((res) => [res.ruleId, res.message.text, res.locations]),
      [
        [
          'type',
          '$.name: must be string, not integer',
          [
            {
              physicalLocation: {
                artifactLocation: { uri: 'rooms.openapi.json', uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: 18,
                  startColumn: 99,
                  endLine: 18,
                  endColumn: 99,
                  charOffset: ROOMS.indexOf('{ "name": 42 }'),
                  charLength: 0,
                },
              },
            },
          ],
        ],
      ],
    );
    const bad = await run(['check-examples', '-f', 'xml', 'rooms.openapi.json']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be one of text, json, sarif, junit, github, not "xml"\./);
  });
});

describe('the JUnit schema check of these tests', () => {
  const doc = (inner: string, counts = 'tests="1" failures="0" errors="0"') =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="s" ${counts}>\n${inner}\n  </testsuite>\n</testsuites>\n`;
  const ok = '    <testcase name="a"/>';
  const invalid = (message: string): string[] => [`report.xml:4: Schemas validity error : ${message}`];

  test('libxml2 validates against junit-10.xsd: what the schema does not declare is rejected', async () => {
    assert.deepEqual(await schemaErrors(doc(ok)), []);
    assert.equal((await parseJunit(doc(ok))).suites[0].cases.length, 1);
    // The report as it was written before: `file` and `line` on a test case, `skipped` on the root.
    const before = doc('    <testcase name="a" file="a.json" line="3"/>').replace(
      '<testsuites>',
      '<testsuites skipped="0">',
    );
    assert.deepEqual(await schemaErrors(before), [
      "report.xml:2: Schemas validity error : Element 'testsuites', attribute 'skipped': The attribute 'skipped' is not allowed.",
      "report.xml:4: Schemas validity error : Element 'testcase', attribute 'file': The attribute 'file' is not allowed.",
      "report.xml:4: Schemas validity error : Element 'testcase', attribute 'line': The attribute 'line' is not allowed.",
    ]);
    await assert.rejects(parseJunit(before), /valid against junit-10\.xsd/);
    assert.deepEqual(
      await schemaErrors(doc('    <testcase name="a" severity="x"/>')),
      invalid("Element 'testcase', attribute 'severity': The attribute 'severity' is not allowed."),
    );
    assert.deepEqual(
      await schemaErrors(doc('    <testcase classname="a"/>')),
      invalid("Element 'testcase': The attribute 'name' is required but missing."),
    );
    assert.deepEqual(
      await schemaErrors(doc('    <testcase name="a"><warning/></testcase>')),
      invalid("Element 'warning': This element is not expected."),
    );
    assert.deepEqual(
      (await schemaErrors(doc(ok, 'tests="1"'))).map((m) => m.replace(/^report\.xml:3: Schemas validity error : /, '')),
      [
        "Element 'testsuite': The attribute 'failures' is required but missing.",
        "Element 'testsuite': The attribute 'errors' is required but missing.",
      ],
    );
    const notWellFormed = await schemaErrors(doc('    <testcase name="a">'));
    assert.match(
      notWellFormed[0],
      /^report\.xml:5: parser error : Opening and ending tag mismatch: testcase line 4 and testsuite/,
    );
    const control = await schemaErrors(doc('    <testcase name="a\x01"/>'));
    assert.match(control[0], /^report\.xml:4: parser error : invalid character in attribute value/);
  });

  test('what the schema leaves open: the root, the counts, one failure per case, the declaration', async () => {
    await assert.rejects(parseJunit(doc(ok, 'tests="2" failures="0" errors="0"')), /s: tests/);
    await assert.rejects(parseJunit(doc(ok, 'tests="1" failures="1" errors="0"')), /s: failures/);
    await assert.rejects(parseJunit(doc(ok, 'tests="1.0" failures="0" errors="0"')), /tests is a whole number/);
    await assert.rejects(parseJunit(doc(ok).replace('<testsuites>', '<testsuites tests="2">')), /testsuites tests/);
    const twice = doc('    <testcase name="a"><failure/><failure/></testcase>', 'tests="1" failures="1" errors="0"');
    assert.deepEqual(await schemaErrors(twice), []);
    await assert.rejects(parseJunit(twice), /one <failure> per test case/);
    const suiteRoot =
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="s" tests="0" failures="0" errors="0"/>\n';
    assert.deepEqual(await schemaErrors(suiteRoot), []);
    await assert.rejects(parseJunit(suiteRoot), /one root element, testsuites/);
    await assert.rejects(parseJunit(doc(ok).replace('encoding="UTF-8"', "encoding='UTF-8'")), /the XML declaration/);
  });
});
