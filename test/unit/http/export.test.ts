/** Copy as cURL and the support bundle: safe to paste into a shell and into a ticket. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import {
  MASK,
  codeSpan,
  defaultPlaceholder,
  fenced,
  shellQuote,
  toCurl,
  toSupportBundle,
} from '../../../client/src/http/index';
import type { ResponseOutcome, SentRequest } from '../../../client/src/http/index';
import { redactSecretFields, secretFieldTest } from '../../../client/src/http/redactFields';

const hostileBody = `{"vmrName":"it's $(touch /tmp/pwned) \`id\` \\"x\\" ; rm -rf ~ #","chairPwd":"123456"}`;

const sent: SentRequest = {
  method: 'PUT',
  url: "https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/a'b?x=$(id)",
  headers: [
    ['X-Request-Id', "abc'; echo pwned; '"],
    ['Content-Type', 'application/json'],
    ['Authorization', `Bearer ${MASK}`],
  ],
  body: hostileBody,
  credential: { header: 'Authorization', prefix: 'Bearer ', scheme: 'webexBearer', label: 'Webex access token' },
  ignoredHeaders: [],
};

/** Runs the command in a POSIX shell with `curl` replaced by a function that prints its arguments. */
function argvOf(command: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync('sh', ['-c', `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${command}`], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

describe('toCurl', () => {
  test('shellQuote survives single quotes', () => {
    assert.deepEqual(argvOf(`curl ${shellQuote("a'b''c")}`), ["a'b''c"]);
  });

  test('the command is POSIX-shell safe: the shell sees exactly the values, nothing runs', () => {
    const argv = argvOf(toCurl(sent), { WEBEX_BEARER_TOKEN: 'from-env' });
    assert.deepEqual(argv, [
      '-X',
      'PUT',
      sent.url,
      '-H',
      "X-Request-Id: abc'; echo pwned; '",
      '-H',
      'Content-Type: application/json',
      '-H',
      'Authorization: Bearer from-env',
      '--data-raw',
      hostileBody,
    ]);
  });

  test('the credential becomes a placeholder, never the mask or a value', () => {
    const cmd = toCurl(sent);
    assert.ok(cmd.includes(`'Authorization: Bearer '"$WEBEX_BEARER_TOKEN"`), cmd);
    assert.ok(!cmd.includes(MASK));
    const literal = toCurl(sent, () => '<token>');
    assert.deepEqual(
      argvOf(literal).filter((a) => a.startsWith('Authorization')),
      ['Authorization: Bearer <token>'],
    );
  });

  test('default placeholders are environment variable names', () => {
    assert.equal(defaultPlaceholder('webexBearer'), '$WEBEX_BEARER_TOKEN');
    assert.equal(defaultPlaceholder('huaweiAccessToken'), '$HUAWEI_ACCESS_TOKEN');
    assert.equal(defaultPlaceholder('huaweiConferenceAuthorization'), '$HUAWEI_CONFERENCE_AUTHORIZATION_TOKEN');
    assert.equal(defaultPlaceholder('9x'), '$_9X_TOKEN');
  });

  test('HEAD uses --head and no body; --data-raw keeps a leading @ literal', () => {
    assert.match(toCurl({ ...sent, method: 'HEAD', body: undefined }), /^curl --head /);
    const argv = argvOf(toCurl({ ...sent, body: '@/etc/passwd' }));
    assert.deepEqual(argv.slice(-2), ['--data-raw', '@/etc/passwd']);
  });
});

describe('toSupportBundle', () => {
  const body = JSON.stringify({
    error_code: 'USG.000000001',
    error_msg: 'bad ``` fence ```` breakout\n# Heading <img src=x onerror=alert(1)>',
    request_id: 'd5b8f3a1c2e94f0b9a7c6e5d4c3b2a10',
    chairJoinUri: 'https://meeting.example/join?token=SECRETJOIN',
  });
  const outcome: ResponseOutcome = {
    kind: 'response',
    status: 400,
    statusText: 'Bad Request',
    headers: [
      ['X-Request-Id', 'd5b8f3a1c2e94f0b9a7c6e5d4c3b2a10'],
      ['Content-Type', 'application/json'],
    ],
    bodyText: body,
    bodyBytes: body.length,
    truncated: false,
    timing: { startedAt: '2026-03-01T12:00:00.000Z', totalMs: 42, ttfbMs: 40 },
    sent: { ...sent, body: '{"chairPwd":"123456","gustPwd":"654321","vmrName":"room"}' },
  };

  test('request (masked, secret fields redacted), status, headers, body, timing and the Huawei tracking id', () => {
    const md = toSupportBundle({ outcome, operationId: 'huawei.meeting.updateMemberVmr' });
    assert.match(md, /- Operation: `huawei\.meeting\.updateMemberVmr`/);
    assert.match(md, /- Outcome: HTTP 400 `Bad Request`/);
    assert.match(md, /- Timing: 42 ms total, first byte after 40 ms/);
    assert.match(md, /Tracking id \(Huawei header `X-Request-Id`\): `d5b8f3a1c2e94f0b9a7c6e5d4c3b2a10`/);
    assert.match(md, /Tracking id \(Huawei body `request_id`\)/);
    assert.ok(md.includes(`Authorization: Bearer ${MASK}`));
    for (const secret of ['123456', '654321', 'SECRETJOIN']) assert.ok(!md.includes(secret), secret);
    assert.match(md, /Redacted fields: `chairJoinUri`, `chairPwd`, `gustPwd`\./);
  });

  test('the body cannot break out of its fence', () => {
    const md = toSupportBundle({ outcome, operationId: 'x', redactFields: false });
    const responseSection = md.slice(md.indexOf('### Response body'));
    const fenceLine = responseSection.split('\n')[2] ?? '';
    assert.match(fenceLine, /^`{5,}json$/);
    const fence = fenceLine.replace('json', '');
    // The block closes only at the real end: exactly two fence lines in the section.
    assert.equal(responseSection.split('\n').filter((l) => l === fence || l === `${fence}json`).length, 2);
  });

  test('Webex tracking id from the body and the TrackingID header', () => {
    const webex: ResponseOutcome = {
      ...outcome,
      status: 403,
      headers: [['TrackingID', 'ROUTER_1']],
      bodyText: JSON.stringify({ message: 'no', errors: [{ description: 'x' }], trackingId: 'ROUTER_1' }),
    };
    const md = toSupportBundle({ outcome: webex, operationId: 'webex.meetings.x' });
    assert.match(md, /Tracking id \(Webex header `TrackingID`\): `ROUTER_1`/);
    assert.match(md, /Tracking id \(Webex body `trackingId`\): `ROUTER_1`/);
  });

  test('errors and cancellations', () => {
    const md = toSupportBundle({
      outcome: {
        kind: 'error',
        code: 'HEADERS_TIMEOUT',
        message: 'no answer',
        detail: 'HeadersTimeoutError',
        mayHaveReachedServer: true,
        timing: outcome.timing,
        sent,
      },
      operationId: 'x',
    });
    assert.match(md, /- Outcome: error `HEADERS_TIMEOUT`: `no answer`/);
    assert.match(md, /- May have reached the server: yes/);
    assert.match(md, /### Error detail/);
  });

  test('extra secrets are masked as a second line of defence', () => {
    const md = toSupportBundle({
      outcome: { ...outcome, bodyText: 'leaked tkn_abcdef' },
      operationId: 'x',
      secrets: ['tkn_abcdef'],
    });
    assert.ok(!md.includes('tkn_abcdef'));
  });

  test('code spans and fences escape invisible and bidi characters', () => {
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('`x'), '`` `x ``');
    assert.equal(codeSpan('evil\u202etxt.exe'), '`evil\\u{202E}txt.exe`');
    assert.equal(fenced('```'), '````\n```\n````');
  });
});

describe('redactSecretFields', () => {
  const isSecret = secretFieldTest(['meetingNumber']);

  test('T43: replaces the values of secret fields only, keeping everything else exactly as written', () => {
    const text = '{ "topic" :  "Room",\n  "hostPin":"4325", "n": 1.50, "meetingNumber": 123456789 }';
    const r = redactSecretFields(text, isSecret);
    assert.equal(r.text, `{ "topic" :  "Room",\n  "hostPin":"${MASK}", "n": 1.50, "meetingNumber": "${MASK}" }`);
    assert.deepEqual(r.names, ['hostPin', 'meetingNumber']);
    assert.deepEqual(r.values, ['4325', '123456789']);
  });

  test('T43: a byte-order mark, trailing text, several values and a body cut in a value are redacted too', () => {
    const cases: Array<[string, string]> = [
      ['\ufeff{"chairPwd":"123456"}', `\ufeff{"chairPwd":"${MASK}"}`],
      ['{"a":1} <!-- x --> {"hostKey": "998877"}', `{"a":1} <!-- x --> {"hostKey": "${MASK}"}`],
      ['{"a":1}\n{"gustPwd":"1"}\n', `{"a":1}\n{"gustPwd":"${MASK}"}\n`],
      ['{"x":[{"guestJoinUri":"https://j/?t=abc', `{"x":[{"guestJoinUri":"${MASK}"`],
      ['<html>"hostPin": "4321"</html>', `<html>"hostPin": "${MASK}"</html>`],
    ];
    for (const [text, expected] of cases) assert.equal(redactSecretFields(text, isSecret).text, expected, text);
  });

  test('T43: escaped key names are read as JSON reads them; keys and containers are kept', () => {
    const r = redactSecretFields('{"host\\u0050in":"4325","chairPwd":{"v":"1"},"list":["hostPin","x"]}', isSecret);
    assert.equal(r.text, `{"host\\u0050in":"${MASK}","chairPwd":{"v":"1"},"list":["hostPin","x"]}`);
    assert.deepEqual(r.names, ['hostPin']);
  });

  test('text without secret fields is returned unchanged', () => {
    const text = '{"vmrName":"room","note":"pin"}';
    assert.deepEqual(redactSecretFields(text, isSecret), { text, names: [], values: [] });
  });
});

describe('toSupportBundle: secret fields (T43)', () => {
  const response = (bodyText: string): ResponseOutcome => ({
    kind: 'response',
    status: 400,
    statusText: 'Bad Request',
    headers: [['Content-Type', 'application/json']],
    bodyText,
    bodyBytes: bodyText.length,
    truncated: false,
    timing: { startedAt: '2026-03-01T12:00:00.000Z', totalMs: 1 },
    sent: { ...sent, body: '{"meetingNumber":"246813579","vmrName":"room"}' },
  });

  test('T43: fields the catalog names are redacted in request and response, whatever their names', () => {
    const md = toSupportBundle({
      outcome: response('{"meetingNumber":"246813579","error_msg":"meeting 246813579 is locked"}'),
      operationId: 'x',
      secretFields: ['meetingNumber'],
    });
    assert.ok(!md.includes('246813579'), md);
    assert.match(md, /Redacted fields: `meetingNumber`\./);
    assert.ok(md.includes('"vmrName":"room"'));
    assert.ok(md.includes(`meeting ${MASK} is locked`), 'the value is masked where the response echoes it');
  });

  test('without the catalog, secret-looking names are still redacted (hostKey, chairPwd, joinUri)', () => {
    const md = toSupportBundle({
      outcome: response('\ufeff{"hostKey":"135792","chairPwd":"975310","meetingNumber":"246813579"} trailing'),
      operationId: 'x',
    });
    for (const v of ['135792', '975310']) assert.ok(!md.includes(v), v);
    assert.ok(md.includes('246813579'), 'not secret without the catalog');
    assert.match(md, /Redacted fields: `chairPwd`, `hostKey`\./);
  });
});
