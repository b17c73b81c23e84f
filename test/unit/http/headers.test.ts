import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HeaderError, MASK, assembleHeaders, attachCredential, decideCredential } from '../../../client/src/http/index';
import type { TokenInput } from '../../../client/src/http/index';
import { SLOTS } from './helpers';

function assemble(fileHeaders: Array<[string, string]>, hasBody = true) {
  return assembleHeaders({
    fileHeaders,
    hasBody,
    userAgent: 'meeting-payloads-test',
    credentialSlots: [SLOTS.huaweiAccessToken],
    operationId: 'huawei.meeting.updateMemberVmr',
    documentedHeaders: ['X-Request-Id', 'Accept-Language'],
  });
}

describe('assembleHeaders', () => {
  test('adds Content-Type with a body, Accept and User-Agent; keeps file headers in order', () => {
    const { headers, ignored } = assemble([
      ['X-Request-Id', 'abc'],
      ['Accept-Language', 'en-US'],
    ]);
    assert.deepEqual(headers, [
      ['X-Request-Id', 'abc'],
      ['Accept-Language', 'en-US'],
      ['Content-Type', 'application/json'],
      ['Accept', 'application/json'],
      ['User-Agent', 'meeting-payloads-test'],
    ]);
    assert.deepEqual(ignored, []);
  });

  test('no Content-Type without a body; the file may set its own Content-Type', () => {
    assert.ok(!assemble([], false).headers.some(([k]) => k === 'Content-Type'));
    const own = assemble([['content-type', 'application/json;charset=UTF-8']]).headers.filter(
      ([k]) => k.toLowerCase() === 'content-type',
    );
    assert.deepEqual(own, [['content-type', 'application/json;charset=UTF-8']]);
  });

  const injections: Array<[string, string]> = [
    ['X-Request-Id', 'a\r\nX-Injected: 1'],
    ['X-Request-Id', 'a\nX-Injected: 1'],
    ['X-Request-Id', 'a\rb'],
    ['X-Request-Id', 'a\0b'],
    ['X-Request\r\nX-Injected', '1'],
    ['X-Request-Id\n', '1'],
    ['X Request', '1'],
    ['', '1'],
  ];
  for (const [name, value] of injections) {
    test(`T17: header ${JSON.stringify(name)}: ${JSON.stringify(value)} is rejected, naming the header`, () => {
      assert.throws(
        () => assemble([[name, value]]),
        (e: unknown) => e instanceof HeaderError && e.message.includes(JSON.stringify(name).slice(1, 12)),
      );
    });
  }

  test('T17: control characters, non-ASCII and > 8 KB values are rejected', () => {
    assert.throws(() => assemble([['X-Request-Id', 'a\x07b']]), /control character/);
    assert.throws(() => assemble([['X-Request-Id', 'café']]), /non-ASCII/);
    assert.throws(() => assemble([['X-Request-Id', 'a'.repeat(8 * 1024 + 1)]]), /longer than/);
    assert.doesNotThrow(() => assemble([['X-Request-Id', 'tab\there']]));
  });

  for (const name of [
    'Host',
    'content-length',
    'Content-Length',
    'Transfer-Encoding',
    'Connection',
    'Upgrade',
    'Keep-Alive',
    'TE',
    'Expect',
    'Accept-Encoding',
  ]) {
    test(`T17: managed header ${name} from the file is rejected`, () => {
      assert.throws(() => assemble([[name, '1']]), /set by the HTTP client/);
    });
  }

  test('T17: a header twice (differing case) is rejected', () => {
    assert.throws(
      () =>
        assemble([
          ['X-Request-Id', '1'],
          ['x-request-id', '2'],
        ]),
      /more than once/,
    );
  });

  test('T5: credential headers from the file are dropped and reported, never sent', () => {
    const { headers, ignored } = assemble([
      ['Authorization', 'Bearer CUSTOMER'],
      ['X-Access-Token', 'CUSTOMER'],
      ['x-conference-authorization', 'CUSTOMER'],
      ['Proxy-Authorization', 'Basic CUSTOMER'],
      ['Cookie', 'session=CUSTOMER'],
      ['X-Request-Id', 'keep'],
    ]);
    assert.deepEqual(ignored, [
      'Authorization',
      'X-Access-Token',
      'x-conference-authorization',
      'Proxy-Authorization',
      'Cookie',
    ]);
    assert.ok(!JSON.stringify(headers).includes('CUSTOMER'));
  });

  // What a name says by itself is kept per name (common/headerRules.ts); what the operation allows is not.
  test("a name judged once is still judged by each operation's documented headers and credential slots", () => {
    const judge = (documentedHeaders: string[], header = 'X-Session-Token') =>
      assembleHeaders({
        fileHeaders: [[header, 'v']],
        hasBody: false,
        userAgent: 'ua',
        credentialSlots: [SLOTS.huaweiAccessToken],
        operationId: 'op.test',
        documentedHeaders,
      });
    for (let round = 0; round < 2; round++) {
      assert.deepEqual(judge([]).ignored, ['X-Session-Token'], 'undocumented: a credential, dropped');
      assert.deepEqual(judge(['X-Session-Token']).ignored, [], 'documented: sent');
      assert.deepEqual(judge(['x-session-token']).headers[0], ['X-Session-Token', 'v']);
      assert.throws(() => judge([], 'X-Trace'), /X-Trace.*op\.test documents no such header/);
      assert.deepEqual(judge(['X-Trace'], 'X-Trace').headers[0], ['X-Trace', 'v']);
    }
    const slot = { ...SLOTS.huaweiAccessToken, header: 'X-Trace' };
    const asSlot = assembleHeaders({
      fileHeaders: [['X-Trace', 'v']],
      hasBody: false,
      userAgent: 'ua',
      credentialSlots: [slot],
      operationId: 'op.test',
      documentedHeaders: ['X-Trace'],
    });
    assert.deepEqual(asSlot.ignored, ['X-Trace'], "a scheme's credential header is dropped even when documented");
  });

  test("names of Object.prototype's members are headers like any other, not framing or routing", () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      const documented = assembleHeaders({
        fileHeaders: [[name, 'v']],
        hasBody: false,
        userAgent: 'ua',
        credentialSlots: [],
        operationId: 'op.test',
        documentedHeaders: [name],
      });
      assert.deepEqual(documented.headers[0], [name, 'v'], name);
      assert.throws(
        () =>
          assembleHeaders({
            fileHeaders: [[name, 'v']],
            hasBody: false,
            userAgent: 'ua',
            credentialSlots: [],
            operationId: 'op.test',
            documentedHeaders: [],
          }),
        (e: Error) => e.message.includes(`"${name}" is not sent: op.test documents no such header`),
        name,
      );
    }
  });

  test('headers added to a request after it was checked are checked when it is sent again', () => {
    const fileHeaders: Array<[string, string]> = [['X-Request-Id', 'abc']];
    assert.deepEqual(assemble(fileHeaders).ignored, []);
    fileHeaders.push(['X-Api-Key', 'CUSTOMER']);
    const again = assemble(fileHeaders);
    assert.deepEqual(again.ignored, ['X-Api-Key']);
    assert.ok(!JSON.stringify(again.headers).includes('CUSTOMER'));
    fileHeaders.push(['X-Forwarded-Host', 'evil.test']);
    assert.throws(() => assemble(fileHeaders), /X-Forwarded-Host/);
    fileHeaders.pop();
    fileHeaders.push(['X-Request-Id', 'twice']);
    assert.throws(() => assemble(fileHeaders), /more than once/);
  });
});

describe('attachCredential', () => {
  const token = (origin: string): TokenInput => ({ value: 'tkn_secret_value_123', slot: SLOTS.webexBearer, origin });

  test('T2: attaches prefix + value on the exact origin, replacing a same-named header', () => {
    const headers: Array<[string, string]> = [['authorization', 'stale']];
    const d = attachCredential(headers, new URL('https://webexapis.com/v1/meetings'), token('https://webexapis.com'));
    assert.equal(d.attached, true);
    assert.deepEqual(headers, [['Authorization', 'Bearer tkn_secret_value_123']]);
    assert.ok(d.attached && d.masked === `Bearer ${MASK}`);
  });

  test('T2: the token origin may be given with a path, default port or different case', () => {
    for (const origin of ['https://webexapis.com/v1', 'https://WEBEXAPIS.com:443', 'https://webexapis.com/']) {
      assert.equal(
        decideCredential(new URL('https://webexapis.com/v1/x'), token(origin), false).attached,
        true,
        origin,
      );
    }
  });

  const lookAlikes = [
    'https://webexapis.com.evil.test/v1/x',
    'https://evilwebexapis.com/v1/x',
    'https://webexapis.com@evil.test/v1/x',
    'https://webexapis.com:443@127.0.0.1/v1/x',
    'https://webexapis.com:444/v1/x',
    'http://webexapis.com/v1/x',
    'https://webexapis.com./v1/x',
    'https://WEBEXAPIS.COM./v1/x',
    'https://webexapıs.com/v1/x',
    'https://xn--webexaps-4cb.com/v1/x',
    'https://sub.webexapis.com/v1/x',
    'https://127.0.0.1/v1/x',
  ];
  for (const target of lookAlikes) {
    test(`T2: look-alike ${target} gets no token`, () => {
      const headers: Array<[string, string]> = [];
      const d = attachCredential(headers, new URL(target), token('https://webexapis.com'));
      assert.equal(d.attached, false);
      assert.deepEqual(headers, []);
      assert.ok(!d.attached && !d.reason.includes('tkn_secret_value_123'));
    });
  }

  test('T2: plain http only to loopback, and never through a proxy', () => {
    assert.equal(
      decideCredential(new URL('http://127.0.0.1:4010/x'), token('http://127.0.0.1:4010'), false).attached,
      true,
    );
    assert.equal(
      decideCredential(new URL('http://127.0.0.1:4010/x'), token('http://127.0.0.1:4010'), true).attached,
      false,
    );
    assert.equal(
      decideCredential(new URL('http://intranet.test/x'), token('http://intranet.test'), false).attached,
      false,
    );
    assert.equal(
      decideCredential(new URL('https://webexapis.com/x'), token('https://webexapis.com'), true).attached,
      true,
    );
  });

  test('T17: a stored token with CR/LF or spaces is refused without echoing it', () => {
    const bad: TokenInput = {
      value: 'abc\r\nX-Evil: 1',
      slot: SLOTS.huaweiAccessToken,
      origin: 'https://api.meeting.huaweicloud.com',
    };
    const d = decideCredential(new URL('https://api.meeting.huaweicloud.com/x'), bad, false);
    assert.equal(d.attached, false);
    assert.ok(!d.attached && !d.reason.includes('X-Evil'));
  });

  test('a token origin with userinfo is refused', () => {
    assert.equal(
      decideCredential(new URL('https://webexapis.com/x'), token('https://u:p@webexapis.com'), false).attached,
      false,
    );
  });
});
