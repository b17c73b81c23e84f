/**
 * #14 §1: `meeting-payloads check-docs` on real pages: a body tied by a request line, a response tied by
 * status= or by a status label ("### 400 Bad Request"), a whole request file, a block tied by its attribute,
 * untied blocks (listed; errors with --strict), an unclosed fence; every problem at its line and column in the
 * page (LF, CRLF, lone CR), in every report format.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJunit } from '../../helpers/junitSchema';
import { Cli, scratchDir } from './cliHarness';

const VMR = 'huawei.meeting.updateMemberVmr';
const PMR = 'webex.meetings.updatePersonalMeetingRoomOptions';
const PAGE = [
  '# Huawei cloud meeting rooms',
  '',
  '## Update a VMR',
  '',
  'Send `PUT /v1/usg/dcs/member/vmr/{id}` with:',
  '',
  '```json',
  '{',
  '  "vmrName": "",',
  '  "allowGustFirst": "false"',
  '}',
  '```',
  '',
  'A whole request file:',
  '',
  '```json',
  `{"operation": "${VMR}", "pathParams": {"id": "x"}, "body": {"chairPwd": 12}}`,
  '```',
  '',
  '# Personal rooms',
  '',
  '1. Step one:',
  '',
  `   \`\`\`json operation=${PMR} status=200`,
  '   {"topic": 5}',
  '   ```',
  '',
  '# Elsewhere',
  '',
  '```json',
  '{"free": 1}',
  '```',
  '',
  '```python',
  'print("not an example")',
  '```',
  '',
].join('\n');
const CLEAN = `# Fine\n\nPUT /v1/usg/dcs/member/vmr/{id}\n\n\`\`\`json\n{"vmrName": "Room"}\n\`\`\`\n`;

/** 1-based line and column of the first `needle` at or after line `from` of `text` (any line ending). */
function at(text: string, needle: string, from = 1): { line: number; column: number } {
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = from - 1; i < lines.length; i++) {
    const c = lines[i].indexOf(needle);
    if (c >= 0) return { line: i + 1, column: c + 1 };
  }
  throw new Error(`no ${needle}`);
}
const where = (text: string, needle: string, from = 1): string => {
  const p = at(text, needle, from);
  return `${p.line}:${p.column}`;
};

let cli: Cli;
const files = scratchDir();
const run = (args: string[]) => cli.run(['check-docs', ...args], { cwd: files.dir });

before(async () => {
  cli = await Cli.build();
  files.write('docs/page.md', PAGE);
  files.write('docs/crlf.mdx', PAGE.replace(/\n/g, '\r\n'));
  files.write('cr.md', PAGE.replace(/\n/g, '\r'));
  files.write('docs/clean.md', CLEAN);
  files.write('docs/empty.md', '# Nothing here\n\n```yaml\na: 1\n```\n');
});
after(() => {
  cli.dispose();
  files.dispose();
});

function expectedText(file: string, text: string): string[] {
  return [
    `${file}:${where(text, '""')}: error: ${VMR}: $.vmrName: vmrName must be 1 to 128 characters long. [minLength]`,
    `${file}:${where(text, '"false"')}: error: ${VMR}: $.allowGustFirst: allowGustFirst must be a boolean (true or false), not a string. (The Huawei doc page quotes it as a string in its cURL example, a mistake: its parameter table says Boolean and its example request sends false.) [type]`,
    `${file}:${where(text, '12}')}: error: ${VMR}: $.body.chairPwd: chairPwd must be a string, not a whole number. [type]`,
    `${file}:${where(text, '5}')}: error: ${PMR}: Wrong type: $.topic: documented as a string, got a whole number [wrong-type]`,
    `${file}:${where(text, '```json', at(text, '# Elsewhere').line)}: warning: Not tied to an operation: add operation=<id> to the fence (or data-operation to <pre>), or put the request line (e.g. PUT /path) above it. [untied-block]`,
  ];
}

describe('check-docs', () => {
  test('text: every problem at its place in the page, LF, CRLF and lone CR alike, with operation and JSON path', async () => {
    for (const [file, text] of [
      ['docs/page.md', PAGE],
      ['docs/crlf.mdx', PAGE.replace(/\n/g, '\r\n')],
      ['cr.md', PAGE.replace(/\n/g, '\r')], // old Mac line endings: a lone CR ends a line too
    ] as const) {
      const r = await run([file]);
      const lines = r.stdout.trimEnd().split('\n');
      const problems = lines.slice(0, -1).filter((l) => !l.includes('Missing required property'));
      assert.deepEqual(problems, expectedText(file, text), r.stdout);
      assert.match(
        lines[lines.length - 1],
        /^1 page: 3 examples checked, 1 not tied to an operation, 1 other code block skipped: \d+ errors, 1 warning\.$/,
      );
      assert.equal(r.code, 1);
    }
  });

  test('a clean page exits 0; untied blocks only warn, and --strict makes them errors', async () => {
    const clean = await run(['docs/clean.md']);
    assert.equal(clean.code, 0, clean.stdout);
    assert.equal(clean.stdout, '1 page: 1 example checked: no problems.\n');
    const untied = 'A.md';
    files.write(untied, '```json\n{"a": 1}\n```\n');
    assert.equal((await run([untied])).code, 0);
    const strict = await run(['--strict', untied]);
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /^A\.md:1:1: error: Not tied to an operation/);
  });

  test('a directory means its pages; pages without examples are listed; a missing file is exit 2', async () => {
    const r = await run(['-f', 'json', 'docs']);
    const report = JSON.parse(r.stdout) as {
      pages: Array<{
        file: string;
        blocks: Array<{ line: number; operation: string | null; tiedBy: string | null; status?: number }>;
      }>;
    };
    assert.deepEqual(
      report.pages.map((p) => p.file),
      ['docs/clean.md', 'docs/crlf.mdx', 'docs/empty.md', 'docs/page.md'],
    );
    const page = report.pages[3];
    assert.deepEqual(
      page.blocks.map((b) => [b.line, b.operation, b.tiedBy, b.status]),
      [
        [7, VMR, 'request-line', undefined],
        [16, VMR, 'request-file', undefined],
        [24, PMR, 'attribute', 200],
        [30, null, null, undefined],
      ],
    );
    assert.deepEqual(report.pages[2].blocks, []);
    const missing = await run(['docs/none.md']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /docs\/none\.md/);
  });

  test('an unclosed fence is an error at its opening', async () => {
    files.write('open.md', `PUT /v1/usg/dcs/member/vmr/{id}\n\n- item\n\n  \`\`\`json\n  {"vmrName": "Room"}\n`);
    const r = await run(['open.md']);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^open\.md:5:3: error: huawei\.meeting\.updateMemberVmr: This code block has no closing fence/,
    );
  });

  test('junit: one case per example, pages without examples skipped; github: annotations on the lines; sarif', async () => {
    const junit = await run(['-f', 'junit', 'docs/page.md', 'docs/empty.md']);
    assert.equal(junit.code, 1);
    const report = await parseJunit(junit.stdout);
    assert.equal(report.name, 'meeting-payloads check-docs');
    assert.deepEqual(
      report.suites.map((s) => [s.name, s.tests, s.failures, s.skipped]),
      [
        ['docs/page.md', 4, 3, 0],
        ['docs/empty.md', 1, 0, 1],
      ],
    );
    assert.deepEqual(
      report.suites[0].cases.map((c) => [c.name, c.failure !== undefined]),
      [
        [`line 7: json block, ${VMR} request`, true],
        [`line 16: json block, ${VMR} request`, true],
        [`line 24: json block, ${PMR} 200 response`, true],
        ['line 30: json block, not tied to an operation', false],
      ],
    );
    const github = await run(['-f', 'github', 'docs/page.md']);
    const first = at(PAGE, '""');
    assert.ok(
      github.stdout.startsWith(
        `::error file=docs/page.md,line=${first.line},col=${first.column},endLine=${first.line},endColumn=${first.column + 2},title=line 7%3A json block%2C ${VMR} request::${VMR}: $.vmrName: vmrName must be 1 to 128 characters long. [minLength]\n`,
      ),
      github.stdout,
    );
    assert.match(github.stdout, /::warning file=docs\/page\.md,line=30,col=1,/);
    const sarif = JSON.parse((await run(['-f', 'sarif', 'docs/page.md'])).stdout) as {
      runs: Array<{
        results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }>;
      }>;
    };
    const results = sarif.runs[0].results.filter((x) => x.ruleId !== 'missing-member');
    assert.deepEqual(
      results.map((x) => [x.ruleId, x.locations[0].physicalLocation.region.startLine]),
      [
        ['minLength', 9],
        ['type', 10],
        ['type', 17],
        ['wrong-type', 25],
        ['untied-block', 30],
      ],
    );
  });
  test('response blocks tied to a status by a heading or a label line, under the request line of their section', async () => {
    const page = [
      '# Rooms',
      '',
      '## Update a VMR',
      '',
      'PUT /v1/usg/dcs/member/vmr/{id}',
      '',
      '### Request',
      '',
      '```json',
      '{"vmrName": "Room"}',
      '```',
      '',
      '### Response 200',
      '',
      '```json',
      '{"unexpected": true}',
      '```',
      '',
      '### 400 Bad Request',
      '',
      '```json',
      '{"error_code": 5, "error_msg": "bad"}',
      '```',
      '',
      '## Personal room options',
      '',
      'PUT https://webexapis.com/v1/meetingPreferences/personalMeetingRoom',
      '',
      '**Example response (200 OK):**',
      '',
      '```json',
      '{"topic": 5}',
      '```',
      '',
      '## A section without a request line',
      '',
      'Response 200',
      '',
      '```json',
      '{"a": 1}',
      '```',
      '',
      '## Top 100 rooms',
      '',
      '```json',
      '{"b": 1}',
      '```',
      '',
    ].join('\n');
    const missing = ['hostPin', 'personalMeetingRoomLink', 'enabledAutoLock', 'enabledNotifyHost', 'supportCoHost'];
    const expected = (file: string, text: string): string[] => [
      `${file}:${where(text, '{"unexpected"')}: error: ${VMR}: No body is documented for 200; nothing to compare. [response-not-compared]`,
      `${file}:${where(text, '5,')}: error: ${VMR}: Wrong type: $.error_code: documented as a string, got a whole number [wrong-type]`,
      ...[...missing, 'sipAddress', 'dialInIpAddress', 'telephony'].map(
        (m) => `${file}:${where(text, '{"topic"')}: error: ${PMR}: Missing required property: $.${m} [missing-member]`,
      ),
      `${file}:${where(text, '5}')}: error: ${PMR}: Wrong type: $.topic: documented as a string, got a whole number [wrong-type]`,
      `${file}:${where(text, '```json', 39)}: warning: A 200 response example (line 37), but of which operation: add operation=<id> to the fence (or data-operation to <pre>), or put the request line (e.g. PUT /path) above it. [untied-block]`,
      // "100" alone is no status label: a plain untied block.
      `${file}:${where(text, '```json', 45)}: warning: Not tied to an operation: add operation=<id> to the fence (or data-operation to <pre>), or put the request line (e.g. PUT /path) above it. [untied-block]`,
      '1 page: 4 examples checked, 2 not tied to an operation: 11 errors, 2 warnings.',
    ];
    for (const [file, text] of [
      ['status.md', page],
      ['status-crlf.md', page.replace(/\n/g, '\r\n')],
    ] as const) {
      files.write(file, text);
      const r = await run([file]);
      assert.equal(r.code, 1);
      assert.deepEqual(r.stdout.trimEnd().split('\n'), expected(file, text));
    }
    const json = JSON.parse((await run(['-f', 'json', 'status.md'])).stdout) as {
      pages: Array<{ blocks: Array<Record<string, unknown>> }>;
    };
    assert.deepEqual(
      json.pages[0].blocks.map((b) => [b.line, b.operation, b.status, b.statusLine, b.tiedBy]),
      [
        [9, VMR, undefined, undefined, 'request-line'],
        [15, VMR, 200, 13, 'request-line'],
        [21, VMR, 400, 19, 'request-line'],
        [31, PMR, 200, 29, 'request-line'],
        [39, null, undefined, undefined, null],
        [45, null, undefined, undefined, null],
      ],
    );
    // HTML: the label in a paragraph, under a "Response" subheading of the heading that names the path.
    const html = [
      '<html><body>',
      '<h2>PUT /v1/usg/dcs/member/vmr/{id}</h2>',
      '<h3>Response</h3>',
      '<p>HTTP/1.1 400 Bad Request</p>',
      '<pre><code class="language-json">{"error_code": 5}</code></pre>',
      '</body></html>',
      '',
    ].join('\n');
    files.write('status.html', html);
    const h = await run(['status.html']);
    assert.equal(h.code, 1);
    assert.deepEqual(h.stdout.trimEnd().split('\n'), [
      `status.html:${where(html, '{"error_code"')}: error: ${VMR}: Missing required property: $.error_msg [missing-member]`,
      `status.html:${where(html, '5}')}: error: ${VMR}: Wrong type: $.error_code: documented as a string, got a whole number [wrong-type]`,
      '1 page: 1 example checked: 2 errors, 0 warnings.',
    ]);
  });

  test('lists nested two deep, tabs, HTML <pre> with entities (in a list and in a page), CRLF: exact places', async () => {
    const page = [
      '# Rooms',
      '',
      'PUT /v1/usg/dcs/member/vmr/{id}',
      '',
      '1. Open the room settings.',
      '   - Then send:',
      '',
      '     ```json',
      '     {',
      '     \t"vmrName": "",',
      '     \t"allowGustFirst": "false"',
      '     }',
      '     ```',
      '',
      '- With HTML:',
      '',
      `  <pre data-operation="${VMR}">`,
      '  {&quot;vmrName&quot;: &quot;&quot;, &quot;chairPwd&quot;: 12}',
      '  </pre>',
      '',
      '- Indented by a tab:',
      '',
      `\t\`\`\`json operation=${VMR}`,
      '\t{"vmrName":\t""}',
      '\t```',
      '',
    ].join('\n');
    const MIN = `${VMR}: $.vmrName: vmrName must be 1 to 128 characters long. [minLength]`;
    const BOOL = `${VMR}: $.allowGustFirst: allowGustFirst must be a boolean (true or false), not a string. (The Huawei doc page quotes it as a string in its cURL example, a mistake: its parameter table says Boolean and its example request sends false.) [type]`;
    const PWD = `${VMR}: $.chairPwd: chairPwd must be a string, not a whole number. [type]`;
    // A tab is one column; a value written as entities is at its first "&".
    for (const [file, text] of [
      ['nested.md', page],
      ['nested-crlf.md', page.replace(/\n/g, '\r\n')],
    ] as const) {
      files.write(file, text);
      const r = await run([file]);
      assert.equal(r.code, 1);
      assert.deepEqual(r.stdout.trimEnd().split('\n'), [
        `${file}:10:18: error: ${MIN}`,
        `${file}:11:25: error: ${BOOL}`,
        `${file}:18:25: error: ${MIN}`,
        `${file}:18:61: error: ${PWD}`,
        `${file}:24:14: error: ${MIN}`,
        '1 page: 3 examples checked: 5 errors, 0 warnings.',
      ]);
      // The oracle of those numbers: where the values stand in the page.
      assert.deepEqual(
        [
          where(text, '""'),
          where(text, '"false"'),
          where(text, '&quot;&quot;'),
          where(text, '12}'),
          where(text, '""', 23),
        ],
        ['10:18', '11:25', '18:25', '18:61', '24:14'],
      );
    }
    const html = [
      '<html><body>',
      '<h2>PUT /v1/usg/dcs/member/vmr/{id}</h2>',
      '<pre><code class="language-json">',
      '{&quot;vmrName&quot;: &quot;&quot;,',
      '\t&quot;allowGustFirst&quot;: &#34;false&#x22;}</code></pre>',
      '</body></html>',
      '',
    ].join('\r\n');
    files.write('crlf.html', html);
    const h = await run(['crlf.html']);
    assert.equal(h.code, 1);
    assert.deepEqual(h.stdout.trimEnd().split('\n'), [
      `crlf.html:${where(html, '&quot;&quot;')}: error: ${MIN}`,
      `crlf.html:${where(html, '&#34;')}: error: ${BOOL}`,
      '1 page: 1 example checked: 2 errors, 0 warnings.',
    ]);
    assert.deepEqual([where(html, '&quot;&quot;'), where(html, '&#34;')], ['4:23', '5:30']);
    // The same places in the annotations, each spanning the value as written (entities and all).
    const github = await run(['-f', 'github', 'crlf.html']);
    assert.deepEqual(
      github.stdout
        .trimEnd()
        .split('\n')
        .map((l) => /^::error file=crlf\.html,line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),/.exec(l)?.slice(1)),
      [
        ['4', '23', '4', String(23 + '&quot;&quot;'.length)],
        ['5', '30', '5', String(30 + '&#34;false&#x22;'.length)],
      ],
    );
  });

  test('cURL blocks: method mismatch, a credential in the page (never echoed), body problems at their place', async () => {
    const secret = 'cnr1a2b3c4d5e6f7g8h9i0jklmnopqrst';
    const page = [
      '# cURL',
      '',
      '```bash',
      "curl -X POST 'https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/ff80808167ef1edf0167f33d650c0662' \\",
      `  -H 'X-Access-Token: ${secret}' \\`,
      `  -d '{"vmrName": "Room", "allowGustFirst": "false"}'`,
      '```',
      '',
      '```sh',
      `curl -X PUT https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/abc -H "X-Access-Token: <your token>" -d '{"vmrName": "Room"}'`,
      '```',
      '',
    ].join('\n');
    files.write('curl.md', page);
    for (const format of ['text', 'json', 'sarif', 'junit', 'github']) {
      const r = await run(['-f', format, 'curl.md']);
      assert.equal(r.code, 1);
      assert.ok(!(r.stdout + r.stderr).includes(secret), `${format} echoes the credential`);
    }
    const r = await run(['curl.md']);
    assert.equal(
      r.stdout,
      [
        `curl.md:${where(page, 'POST')}: error: ${VMR}: The command uses POST, but ${VMR} is PUT /v1/usg/dcs/member/vmr/{id}: the example sends the wrong method. [method-mismatch]`,
        `curl.md:${where(page, 'X-Access-Token')}: error: ${VMR}: The X-Access-Token header holds what looks like a real credential (${secret.length} characters) in the page: write a placeholder such as <token>. [credential-in-page]`,
        `curl.md:${where(page, '"false"')}: error: ${VMR}: $.allowGustFirst: allowGustFirst must be a boolean (true or false), not a string. (The Huawei doc page quotes it as a string in its cURL example, a mistake: its parameter table says Boolean and its example request sends false.) [type]`,
        '1 page: 2 examples checked: 3 errors, 0 warnings.',
        '',
      ].join('\n'),
    );
  });
});
