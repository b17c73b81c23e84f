/**
 * The send path from file to wire: T19 (what is validated is what is sent), T5 (credentials in a file are
 * flagged and never sent), T10 (a file cannot steer transport or evaluate anything).
 *
 * The server prepares the request over a real LSP connection (`meeting/prepareRequest` with the exact text,
 * as the client does), then the HTTP core (`client/src/http`, the same code the extension and the command
 * line use) sends it to a loopback server that records the wire.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sendRequest, type TokenInput } from '../../../client/src/http/index';
import type { PreparedRequest } from '../../../common/requestSpec';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { prepareRequest } from '../../../server/src/features/prepareRequest';
import { builtinCatalog, doc } from '../../helpers/catalog';
import { SLOTS, settings, startServer } from '../http/helpers';
import { startLogged, type LoggedHarness, messageOf } from './helpers';

const VMR = '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "ff80808167ef1edf0167f33d650c0662"}';
const PMR =
  '{"operation": "webex.meetings.updatePersonalMeetingRoomOptions", "query": {"siteUrl": "site4-example.webex.com"}';
const PMR_BODY =
  '"topic": "Room", "hostPin": "4325", "enabledAutoLock": false, "enabledNotifyHost": true, "supportCoHost": false';

let h: LoggedHarness;
let n = 0;
before(async () => {
  h = await startLogged();
});
after(() => h.lsp.dispose());

/** Opens the text (diagnostics as the editor shows them) and prepares it from the exact text (as Send does). */
async function openAndPrepare(text: string) {
  const uri = `file:///send-path-${n++}.meeting.json`;
  const diagnostics = await h.lsp.open(uri, text);
  const prepared = await h.lsp.prepare(uri, text);
  await h.lsp.close(uri);
  return { diagnostics, prepared };
}

function ok(prepared: Awaited<ReturnType<typeof openAndPrepare>>['prepared']): PreparedRequest {
  assert.ok(prepared.ok, prepared.ok ? '' : prepared.reason);
  return prepared.request;
}

function token(origin: string, value = 'stored-token-0123456789'): TokenInput {
  return { value, slot: SLOTS.huaweiAccessToken, origin };
}

describe('T19: what is validated is what is sent', () => {
  test('T19: the prepared body is the exact text of the file’s body, and exactly that reaches the wire', async (t) => {
    // Odd spacing, escapes, key order and number spelling are kept: the body is a slice of the text,
    // never a re-serialisation of a parsed value.
    const body = '{ "vmrName" :\t"Room \\u00e9 3F",\n    "chairPwd":"123456" , "allowGustFirst": false }';
    const text = `${VMR},\n  "body": ${body}\n}\n`;
    const { diagnostics, prepared } = await openAndPrepare(text);
    assert.deepEqual(diagnostics, []);
    const req = ok(prepared);
    assert.equal(req.body, body);
    assert.equal(req.validation.valid, true);
    const server = await startServer(t, (_req, res) => res.writeHead(204).end());
    const outcome = await sendRequest(req, { baseUrl: server.url, token: token(server.origin), settings: settings() });
    assert.equal(outcome.kind, 'response');
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].body, body, 'the wire carries the file’s body text byte for byte');
    assert.equal(server.requests[0].method, 'PUT');
  });

  const refused: Array<[string, string]> = [
    ['a duplicate key', `${VMR}, "body": {"chairPwd": "123456", "chairPwd": "654321"}}`],
    // Found by the fuzzer: keys were compared as written, so an escaped spelling slipped past the check.
    ['a duplicate key spelled with an escape', `${VMR}, "body": {"chairPwd": "123456", "\\u0063hairPwd": "654321"}}`],
    [
      'two bodies, one spelled with an escape',
      `${VMR}, "b\\u006fdy": {"chairPwd": "12"}, "body": {"chairPwd": "123456"}}`,
    ],
    ['__proto__ in an open body', `${PMR}, "body": {${PMR_BODY}, "__proto__": {"isAdmin": true}}}`],
    ['constructor in an open body', `${PMR}, "body": {${PMR_BODY}, "constructor": {"prototype": {}}}}`],
    ['__proto__ spelled with an escape', `${PMR}, "body": {${PMR_BODY}, "\\u005f_proto__": {"isAdmin": true}}}`],
    ['prototype spelled with escapes', `${PMR}, "body": {${PMR_BODY}, "pr\\u006ft\\u006ftype": 1}}`],
    ['__proto__ in the envelope', `${VMR}, "__proto__": {"x": 1}, "body": {"vmrName": "a"}}`],
  ];
  for (const [what, text] of refused) {
    test(`T19: ${what} → the editor shows an error and the same message makes the file invalid for sending`, async () => {
      const { diagnostics, prepared } = await openAndPrepare(text);
      const errors = diagnostics.filter((d) => d.severity === 1);
      assert.ok(errors.length > 0, 'an error diagnostic');
      assert.ok(
        errors.some((d) => d.code === 'duplicate-key' || d.code === 'reserved-key'),
        JSON.stringify(errors.map((d) => messageOf(d))),
      );
      const req = ok(prepared);
      assert.equal(req.validation.valid, false);
      for (const d of errors) {
        assert.ok(
          req.validation.messages.some((m) => m.endsWith(`error: ${messageOf(d)}`)),
          `the send path says "${messageOf(d)}" too`,
        );
      }
    });
  }

  for (const [what, text, message] of [
    ['a trailing comma', `${VMR}, "body": {"vmrName": "a",}}`, 'Trailing comma: JSON allows no comma before }.'],
    [
      'a line comment',
      `${VMR}, "body": {"vmrName": "a"} // note\n}`,
      'Comments are not allowed in JSON request files.',
    ],
    ['a block comment', `${VMR}, /* c */ "body": {"vmrName": "a"}}`, 'Comments are not allowed in JSON request files.'],
  ] as const) {
    test(`T19: ${what} → not prepared at all, with the editor's message`, async () => {
      const { diagnostics, prepared } = await openAndPrepare(text);
      assert.ok(diagnostics.some((d) => d.severity === 1 && d.code === 'syntax'));
      assert.equal(prepared.ok, false);
      assert.ok(
        !prepared.ok && prepared.reason.startsWith('The file is not valid JSON'),
        !prepared.ok ? prepared.reason : '',
      );
      if (message) {
        assert.ok(diagnostics.some((d) => messageOf(d) === message));
        assert.ok(!prepared.ok && prepared.reason.includes(message), !prepared.ok ? prepared.reason : '');
      }
    });
  }

  test('T19: a byte-order mark is ignored (RFC 8259): validated and prepared like the file without it, never sent', async () => {
    const text = `\uFEFF${VMR}, "body": {"vmrName": "a"}}`;
    const { diagnostics, prepared } = await openAndPrepare(text);
    assert.deepEqual(diagnostics, []);
    const req = ok(prepared);
    assert.equal(req.body, '{"vmrName": "a"}');
    assert.equal(req.validation.valid, true);
    assert.equal(req.validation.warningCount, 0);
  });

  test('T19: with two "body" keys the prepared body is the one that was validated (the last), and it is invalid', async () => {
    const text = `${VMR}, "body": {"chairPwd": "1"}, "body": {"chairPwd": "123456"}}`;
    const { prepared } = await openAndPrepare(text);
    const req = ok(prepared);
    assert.equal(req.body, '{"chairPwd": "123456"}', 'JSON.parse and ajv see the last one; it is also the one sent');
    assert.equal(req.validation.valid, false);
  });
});

describe('T5: credentials in a file are flagged and never sent', () => {
  test('T5: credential headers in a file → warnings, never prepared; the wire carries only the stored token', async (t) => {
    const headers = {
      Authorization: 'Bearer CUSTOMER_TOKEN_A',
      'x-access-token': 'CUSTOMER_TOKEN_B',
      'X-CONFERENCE-AUTHORIZATION': 'CUSTOMER_TOKEN_C',
      Cookie: 'session=CUSTOMER_TOKEN_D',
      'Proxy-Authorization': 'Basic CUSTOMER_TOKEN_E',
      'Accept-Language': 'en-US',
    };
    const text = `${VMR}, "headers": ${JSON.stringify(headers)}, "body": {"vmrName": "a"}}`;
    const { diagnostics, prepared } = await openAndPrepare(text);
    const flagged = diagnostics.filter((d) => d.code === 'credential-header');
    assert.equal(flagged.length, 5);
    assert.ok(flagged.every((d) => d.severity === 2 && /is never sent from a file/.test(messageOf(d))));
    const req = ok(prepared);
    assert.deepEqual(req.headers, [['Accept-Language', 'en-US']]);
    assert.deepEqual(req.ignoredHeaders, Object.keys(headers).slice(0, 5));
    assert.ok(!JSON.stringify(req).includes('CUSTOMER_TOKEN'), 'no credential value in the prepared request');

    const server = await startServer(t, (_req, res) => res.writeHead(204).end());
    await sendRequest(req, { baseUrl: server.url, token: token(server.origin), settings: settings() });
    const got = server.requests[0];
    assert.equal(got.headers['x-access-token'], 'stored-token-0123456789');
    for (const name of ['authorization', 'x-conference-authorization', 'cookie', 'proxy-authorization']) {
      assert.equal(got.headers[name], undefined, name);
    }
    assert.ok(!JSON.stringify(got.headers).includes('CUSTOMER_TOKEN'));
  });

  test('T5: a look-alike header name ("Authorization ") is not a valid header: refused before any connection', async (t) => {
    const text = `${VMR}, "headers": {"Authorization ": "Bearer CUSTOMER_TOKEN"}, "body": {"vmrName": "a"}}`;
    const req = ok((await openAndPrepare(text)).prepared);
    const server = await startServer(t, (_req, res) => res.writeHead(204).end());
    const outcome = await sendRequest(req, { baseUrl: server.url, token: token(server.origin), settings: settings() });
    assert.equal(outcome.kind, 'error');
    assert.equal(server.connections, 0, 'no connection was opened');
  });
});

describe('T10: a file cannot steer transport or evaluate anything', () => {
  const TRANSPORT = {
    url: 'http://127.0.0.1:9/canary',
    baseUrl: 'http://127.0.0.1:9',
    host: '127.0.0.1:9',
    proxy: 'http://127.0.0.1:9',
    timeout: 0,
    strictSSL: false,
    followRedirects: true,
    insecure: true,
    tls: { rejectUnauthorized: false },
    method: 'DELETE',
    token: 'x',
  };

  test('T10: transport keys are errors and change nothing in the prepared request', async () => {
    const plain = `${VMR}, "body": {"vmrName": "a"}}`;
    const hostile = `${VMR}, ${JSON.stringify(TRANSPORT).slice(1, -1)}, "body": {"vmrName": "a"}}`;
    const { diagnostics, prepared } = await openAndPrepare(hostile);
    const unknown = diagnostics.filter((d) => d.code === 'unknown-envelope-key');
    assert.equal(unknown.length, Object.keys(TRANSPORT).length);
    assert.ok(unknown.every((d) => d.severity === 1));
    assert.ok(unknown.some((d) => /never from the file/.test(messageOf(d))));
    const req = ok(prepared);
    const base = ok((await openAndPrepare(plain)).prepared);
    assert.equal(req.validation.valid, false);
    const { validation: _a, ...hostileRest } = req;
    const { validation: _b, ...plainRest } = base;
    assert.deepEqual(hostileRest, plainRest, 'the prepared request is the same as without those keys');
    assert.equal(req.method, 'PUT');
    assert.deepEqual(req.serverUrls, [
      'https://api.meeting.huaweicloud.com',
      'https://api-intl.meeting.huaweicloud.com',
    ]);
  });

  test('T10: templates are prepared and sent verbatim; no file but the document is read', async (t) => {
    process.env.CANARY_SECRET_T10 = 'zz-canary-never-sent';
    t.after(() => delete process.env.CANARY_SECRET_T10);
    const templates = [
      '{{$processEnv CANARY_SECRET_T10}}',
      '{{$dotenv CANARY_SECRET_T10}}',
      "{{ range.constructor('return process.env')() }}",
      '${env:CANARY_SECRET_T10}',
      '< /etc/passwd',
    ];
    const body = JSON.stringify({ vmrName: templates.join(' ') });
    const text = `{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": ${JSON.stringify(templates[0])}}, "headers": {"X-Request-Id": ${JSON.stringify(templates[3])}}, "body": ${body}}`;

    // No file is read while preparing (the pure function, synchronously, with fs spied on).
    const catalog = builtinCatalog(); // loaded (and read) before the spy counts
    const reads: string[] = [];
    const spied = ['readFileSync', 'openSync', 'readFile', 'createReadStream', 'existsSync', 'statSync'] as const;
    const originals = spied.map((name) => [name, fs[name]] as const);
    for (const name of spied) {
      (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        reads.push(`${name}(${String(args[0])})`);
        return (originals.find(([n]) => n === name)![1] as (...a: unknown[]) => unknown)(...args);
      };
    }
    let pure;
    try {
      fs.existsSync(__filename);
      assert.equal(reads.length, 1, 'the spy sees reads');
      reads.length = 0;
      pure = prepareRequest(doc(text), catalog, DEFAULT_SERVER_SETTINGS);
    } finally {
      for (const [name, fn] of originals) (fs as unknown as Record<string, unknown>)[name] = fn;
    }
    assert.deepEqual(reads, []);
    assert.ok(pure.ok && pure.request.body === body);

    const req = ok((await openAndPrepare(text)).prepared);
    assert.equal(req.body, body);
    const server = await startServer(t, (_req, res) => res.writeHead(204).end());
    await sendRequest(req, { baseUrl: server.url, token: token(server.origin), settings: settings() });
    const got = server.requests[0];
    assert.equal(got.body, body);
    assert.equal(got.headers['x-request-id'], templates[3]);
    assert.equal(decodeURIComponent(got.url.split('/').pop()!), templates[0]);
    assert.ok(!JSON.stringify(got).includes('zz-canary-never-sent'));
  });
});
