/**
 * One rule set for the headers of a request file (T49): every rule of `common/headerRules.ts` is shown by the
 * editor at the header it concerns, with its code and severity, and the sender decides by the same rule with the
 * same message — refusing before any connection, or dropping the header. Also the method-override, target and
 * routing headers (T48) and header injection (T17).
 *
 * The editor side is the language server over a real LSP connection; the sender side is the HTTP core sending
 * what the server prepared (as "Send anyway" does) to a loopback server that records the wire.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { HEADER_RULES, checkHeaders, type HeaderRuleCode } from '../../../common/headerRules';
import { invisiblePattern } from '../../../common/invisible';
import { sendRequest, type TokenInput } from '../../../client/src/http/index';
import { SLOTS, prepared, settings, startServer } from '../http/helpers';
import { ROOT, messageOf, startLogged, type LoggedHarness } from './helpers';

const VMR = '{"operation": "huawei.meeting.updateMemberVmr", "pathParams": {"id": "ff80808167ef1edf0167f33d650c0662"}';

let h: LoggedHarness;
let n = 0;
before(async () => {
  h = await startLogged();
});
after(() => h.lsp.dispose());

/** The file's `headers` member as JSON text (pairs, so two spellings of one name can be given). */
function headersText(pairs: Array<[string, string]>): string {
  return `{${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
}

function fileWith(pairs: Array<[string, string]>): string {
  return `${VMR},\n  "headers": ${headersText(pairs)},\n  "body": {"vmrName": "Room"}\n}\n`;
}

async function openAndPrepare(text: string) {
  const uri = `file:///header-rules-${n++}.meeting.json`;
  const diagnostics = await h.lsp.open(uri, text);
  const result = await h.lsp.prepare(uri, text);
  await h.lsp.close(uri);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return { diagnostics, request: result.request };
}

/** What a diagnostic underlines. */
function underlined(text: string, d: Diagnostic): string {
  const doc = TextDocument.create('file:///x', 'meeting-json', 1, text);
  return text.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end));
}

function token(origin: string): TokenInput {
  return { value: 'stored-token-0123456789', slot: SLOTS.huaweiAccessToken, origin };
}

const many = Array.from({ length: 51 }, (_, i): [string, string] => [`X-Request-Id-${i}`, 'x']);

/** One file per rule: its headers, what the editor underlines for that rule, and the codes of any other problems. */
const CASES: Record<HeaderRuleCode, { headers: Array<[string, string]>; at: string; others?: string[] }> = {
  'too-many-headers': { headers: many, at: '"headers"', others: many.map(() => 'header-not-allowed') },
  'header-name': { headers: [['X Request', '1']], at: '"X Request"' },
  'credential-header': { headers: [['X-Session', 'CUSTOMER_SESSION']], at: '"X-Session"' },
  'header-framing': { headers: [['Content-Length', '0']], at: '"Content-Length"' },
  'header-routing': { headers: [['X-HTTP-Method-Override', 'DELETE']], at: '"X-HTTP-Method-Override"' },
  'header-not-allowed': { headers: [['X-Note', 'hello']], at: '"X-Note"' },
  'header-duplicate': {
    headers: [
      ['X-Request-Id', 'a'],
      ['x-request-id', 'b'],
    ],
    at: '"x-request-id"',
  },
  'header-line-break': { headers: [['X-Request-Id', 'a\r\nHost: evil.test']], at: '"a\\r\\nHost: evil.test"' },
  'header-control-character': { headers: [['X-Request-Id', 'a\u0007b']], at: '"a\\u0007b"' },
  'header-non-ascii': { headers: [['TrackingID', 'français']], at: '"français"' },
  'header-too-long': { headers: [['TrackingID', 'a'.repeat(8193)]], at: `"${'a'.repeat(8193)}"` },
  'header-content-type': { headers: [['Content-Type', 'text/plain']], at: '"text/plain"' },
};

describe('T49: one rule set, shared by the editor and the sender', () => {
  test('T49: every header rule has a case here (a new rule cannot go untested)', () => {
    assert.deepEqual(Object.keys(CASES).sort(), Object.keys(HEADER_RULES).sort());
  });

  for (const [code, rule] of Object.entries(HEADER_RULES) as Array<
    [HeaderRuleCode, (typeof HEADER_RULES)[HeaderRuleCode]]
  >) {
    test(`T49: ${code} — the editor's diagnostic and the sender's decision come from the same rule`, async (t) => {
      const { headers, at, others = [] } = CASES[code];
      const text = fileWith(headers);
      const { diagnostics, request } = await openAndPrepare(text);
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        [code, ...others],
        'nothing else is reported',
      );
      const d = diagnostics[0];
      assert.equal(d.severity, rule.severity === 'error' ? 1 : 2);
      assert.equal(underlined(text, d), at);
      assert.equal(d.source, 'meeting-payloads');

      const server = await startServer(t, (_req, res) => res.writeHead(204).end());
      const outcome = await sendRequest(request, {
        baseUrl: server.url,
        token: token(server.origin),
        settings: settings(),
      });
      if (rule.action === 'refuse') {
        assert.equal(request.validation.valid, false, 'the file is invalid for sending');
        assert.ok(request.validation.messages.some((m) => m.endsWith(`error: ${messageOf(d)}`)));
        assert.equal(outcome.kind, 'error');
        assert.ok(outcome.kind === 'error' && outcome.code === 'INVALID_REQUEST');
        assert.equal(outcome.kind === 'error' && outcome.message, messageOf(d), 'the sender says what the editor says');
        assert.equal(server.connections, 0, 'refused before any connection');
      } else {
        // Dropped: by the server when it prepares, and again by the sender when a request still carries it.
        assert.equal(outcome.kind, 'response');
        const name = headers[0][0];
        assert.deepEqual(request.ignoredHeaders, [name]);
        assert.equal(server.requests[0].headers[name.toLowerCase()], undefined);
        const direct = await sendRequest(prepared({ headers }), {
          baseUrl: server.url,
          token: token(server.origin),
          settings: settings(),
        });
        assert.ok(direct.kind === 'response' && direct.sent.ignoredHeaders.includes(name));
        assert.equal(server.requests[1].headers[name.toLowerCase()], undefined);
        assert.ok(!JSON.stringify(server.requests).includes('CUSTOMER_SESSION'));
      }
    });
  }

  test('T49: a file the rules accept gets no diagnostic and is sent as written', async (t) => {
    const headers: Array<[string, string]> = [
      ['X-Request-Id', 'fbbc91569f0efed914e0427fc2a9c4ac'],
      ['Accept-Language', 'en-US'],
      ['Accept', 'application/json'],
      ['Content-Type', 'application/json;charset=UTF-8'],
      ['TrackingID', 'SUPPORT_4711'],
    ];
    const text = fileWith(headers);
    const { diagnostics, request } = await openAndPrepare(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(request.headers, headers);
    const server = await startServer(t, (_req, res) => res.writeHead(204).end());
    const outcome = await sendRequest(request, {
      baseUrl: server.url,
      token: token(server.origin),
      settings: settings(),
    });
    assert.equal(outcome.kind, 'response');
    const got = server.requests[0].headers;
    for (const [name, value] of headers) assert.equal(got[name.toLowerCase()], value, name);
  });

  test('T49: X-Api-Key and X-Auth-Token, once dropped at send time only, are flagged where they stand', async () => {
    const text = fileWith([
      ['X-Api-Key', 'CUSTOMER_KEY'],
      ['X-Auth-Token', 'CUSTOMER_TOKEN'],
      ['X-Auth', 'CUSTOMER_AUTH'],
    ]);
    const { diagnostics, request } = await openAndPrepare(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, underlined(text, d)]),
      [
        ['credential-header', 2, '"X-Api-Key"'],
        ['credential-header', 2, '"X-Auth-Token"'],
        ['credential-header', 2, '"X-Auth"'],
      ],
    );
    assert.deepEqual(request.headers, []);
    assert.deepEqual(request.ignoredHeaders, ['X-Api-Key', 'X-Auth-Token', 'X-Auth']);
    assert.ok(!JSON.stringify(request).includes('CUSTOMER'));
  });

  test('T49: the complete diagnostic list of a file breaking several rules, in order, with quick fixes', async () => {
    const text = fileWith([
      ['Authorization', 'Bearer CUSTOMER'],
      ['Host', 'evil.test'],
      ['X-Forwarded-Host', 'evil.test'],
      ['X-Custom', '1'],
      ['X-Request-Id', 'ok'],
      ['X-REQUEST-ID', 'again'],
      ['TrackingID', 'a\nb'],
    ]);
    const uri = `file:///header-rules-${n++}.meeting.json`;
    const diagnostics = await h.lsp.open(uri, text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, underlined(text, d), messageOf(d)]),
      [
        [
          'credential-header',
          2,
          '"Authorization"',
          `The "Authorization" header is never sent from a file: tokens come from the token store (Meeting Payloads: Set Token, or the command line's token variables). Remove it, so no credential stays in the file.`,
        ],
        ['header-framing', 1, '"Host"', 'The header "Host" is set by the HTTP client and may not come from the file.'],
        [
          'header-routing',
          1,
          '"X-Forwarded-Host"',
          `The header "X-Forwarded-Host" would make a gateway use another URL or host than the operation's; a request file may not set it.`,
        ],
        [
          'header-not-allowed',
          1,
          '"X-Custom"',
          'The header "X-Custom" is not sent: huawei.meeting.updateMemberVmr documents no such header, and a request file may set only its documented headers (X-Request-Id, Accept-Language) and Accept, Content-Type, TrackingID.',
        ],
        [
          'header-duplicate',
          1,
          '"X-REQUEST-ID"',
          'The header "X-REQUEST-ID" appears more than once (header names ignore case).',
        ],
        [
          'header-line-break',
          1,
          '"a\\nb"',
          'The header "TrackingID" contains a line break or NUL character, which could inject other headers.',
        ],
      ],
    );
    const actions = await h.lsp.codeActions(uri, diagnostics);
    const titles = actions.map((a) => a.title);
    for (const title of [
      'Remove the "Authorization" header',
      'Remove the "Host" header',
      'Remove the "X-Forwarded-Host" header',
      'Remove the "X-Custom" header',
      'Remove this second "X-REQUEST-ID" (and its value)',
    ]) {
      assert.ok(titles.includes(title), `${title} in ${JSON.stringify(titles)}`);
    }
    await h.lsp.close(uri);
    assert.deepEqual(h.errors, []);
  });
});

describe('T48: headers that change the method, target or routing never go out beside the token', () => {
  const steering: Array<[string, string]> = [
    ['X-HTTP-Method-Override', 'DELETE'],
    ['X-HTTP-Method', 'DELETE'],
    ['X-Method-Override', 'DELETE'],
    ['X-Original-URL', '/v1/usg/dcs/member/delete'],
    ['X-Rewrite-URL', '/admin'],
    ['X-Original-Method', 'DELETE'],
    ['X-Forwarded-Host', 'evil.test'],
    ['X-Forwarded-For', '10.0.0.1'],
    ['X-Forwarded-Proto', 'http'],
    ['Forwarded', 'host=evil.test'],
    ['X-Host', 'evil.test'],
    ['X-Real-IP', '10.0.0.1'],
    ['True-Client-IP', '10.0.0.1'],
  ];
  for (const [name, value] of steering) {
    test(`T48: ${name} from a file is an error at its name and refused by the sender before any connection`, async (t) => {
      const text = fileWith([[name, value]]);
      const { diagnostics, request } = await openAndPrepare(text);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.severity, underlined(text, d)]),
        [['header-routing', 1, JSON.stringify(name)]],
      );
      const canary = await startServer(t, (_req, res) => res.writeHead(204).end());
      const outcome = await sendRequest(request, {
        baseUrl: canary.url,
        token: token(canary.origin),
        settings: settings(),
      });
      assert.ok(outcome.kind === 'error' && outcome.message === messageOf(diagnostics[0]));
      assert.equal(canary.connections, 0);
    });
  }

  test('T48: refused even when a catalog documents them; credentials are dropped even when documented', () => {
    const { problems, kept, dropped } = checkHeaders(
      [
        ['X-HTTP-Method-Override', 'DELETE'],
        ['Host', 'evil.test'],
        ['Authorization', 'Bearer x'],
        ['X-Tenant', 't1'],
      ],
      {
        operationId: 'acme.api.update',
        documented: ['X-HTTP-Method-Override', 'Host', 'Authorization', 'X-Tenant'],
        credentialHeaders: [],
      },
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.name]),
      [
        ['header-routing', 'X-HTTP-Method-Override'],
        ['header-framing', 'Host'],
        ['credential-header', 'Authorization'],
      ],
    );
    assert.deepEqual(dropped, ['Authorization']);
    assert.deepEqual(
      kept.map(([k]) => k),
      ['X-HTTP-Method-Override', 'Host', 'X-Tenant'],
    );
  });

  test('T48: an operation’s own documented header is allowed, and only on that operation', async () => {
    // The sample file of that operation, with a deprecated header it documents.
    const sample = JSON.parse(
      readFileSync(join(ROOT, 'examples', 'huawei-update-recurring-meeting.meeting.json'), 'utf8'),
    ) as Record<string, unknown>;
    const text = JSON.stringify({ ...sample, headers: { 'X-Site-Id': 's' } }, null, 2);
    const { diagnostics } = await openAndPrepare(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, underlined(text, d)]),
      [['deprecated', 2, '"X-Site-Id"']],
    );
    const other = fileWith([['X-Site-Id', 's']]);
    const { diagnostics: elsewhere } = await openAndPrepare(other);
    assert.deepEqual(
      elsewhere.map((d) => [d.code, underlined(other, d)]),
      [['header-not-allowed', '"X-Site-Id"']],
    );
  });
});

describe('header messages show untrusted names safely (values in messages are plain ASCII by then)', () => {
  const ctx = { operationId: 'op', documented: [], credentialHeaders: [] };
  test('bidi controls, line separators, zero-width and C1 characters are written out, quotes stay escaped', () => {
    const names = ['X-\u202eTrackingID\u2066', 'a\u2028b\u200bc\u009bd\u{e0041}"\\\x1b'];
    const { problems } = checkHeaders(
      names.map((n) => [n, 'v']),
      ctx,
    );
    const invalid = `is not valid (letters, digits and -_.!#$%&'*+^\`|~ only).`;
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        `The header name "X-\\u{202E}TrackingID\\u{2066}" ${invalid}`,
        `The header name "a\\u{2028}b\\u{200B}c\\u{9B}d\\u{E0041}\\"\\\\\\u001b" ${invalid}`,
      ],
    );
    for (const p of problems) assert.doesNotMatch(p.message, invisiblePattern());
  });

  test('a long name is cut after 64 characters without splitting a character', () => {
    const [p] = checkHeaders([['\u{1f600}'.repeat(70), 'v']], ctx).problems;
    assert.equal(
      p.message,
      `The header name "${'\u{1f600}'.repeat(64)}…" is not valid (letters, digits and -_.!#$%&'*+^\`|~ only).`,
    );
  });
});
