/**
 * Import from cURL: the vendors' own examples (seeds 001 and 003), browsers' "Copy as cURL" in bash and cmd
 * flavours, quoting that trips importers up, and everything that must never reach a request file.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { commandWords, importCurl, type ImportCurlResult } from '../../../server/src/features/importCurl';
import { loadUserCatalog } from '../../../server/src/catalog/userCatalog';
import { Catalog } from '../../../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../../../server/src/catalog/builtin';
import { builtinCatalog, SCHEMAS_DIR } from '../../helpers/catalog';

// The cURL examples of the vendor pages in ../shared/seeds (sample tokens from the docs).
const SEED_001 =
  'curl -k -i -v -X PUT -H "content-type: application/json" -H "X-Access-Token:cnrR5zgAjyIhNeDpfa7iDr8bYmYvN0k8q4iZ" -d "{\\"vmrName\\":\\"test\\",\\"chairPwd\\":\\"123456\\",\\"gustPwd\\":\\"654321\\",\\"allowGustFirst\\":\\"false\\"}" https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/ff80808167ef1edf0167f33d650c0662';
const SEED_003 =
  "curl -k -i -H 'content-type: application/json' -X POST -d '{\"lockSharing\": 0}' https://api.meeting.huaweicloud.com/v1/mmc/control/conferences/updateStartedConfConfig?conferenceID=900244663";

type Ok = Extract<ImportCurlResult, { ok: true }>;
function ok(result: ImportCurlResult): Ok {
  if (!result.ok) assert.fail(`expected an import, got: ${result.reason}`);
  return result;
}
const body = (r: Ok): unknown => (JSON.parse(r.fileText) as { body: unknown }).body;
const PMR_BODY = {
  topic: "John's room",
  hostPin: '4928',
  enabledAutoLock: false,
  autoLockMinutes: 10,
  enabledNotifyHost: true,
  supportCoHost: false,
  coHosts: [],
};

describe('import from cURL: the vendor examples', () => {
  test('the seed constants are the cURL lines of the seed pages', { skip: !existsSync('/work/shared/seeds') }, () => {
    const line = (file: string) =>
      readFileSync(`/work/shared/seeds/${file}`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('curl '));
    assert.equal(line('001_f7ed5b7a8ae23820.txt'), SEED_001);
    assert.equal(line('003_eabbb181c142f78a.txt'), SEED_003);
  });

  test('seed 001: the request file keeps "false" as sent, and the import says it must be a boolean', () => {
    const r = ok(importCurl(SEED_001, builtinCatalog()));
    assert.equal(r.operationId, 'huawei.meeting.updateMemberVmr');
    assert.equal(
      r.fileText,
      [
        '{',
        '  "operation": "huawei.meeting.updateMemberVmr",',
        '  "pathParams": {',
        '    "id": "ff80808167ef1edf0167f33d650c0662"',
        '  },',
        '  "body": {',
        '    "vmrName": "test",',
        '    "chairPwd": "123456",',
        '    "gustPwd": "654321",',
        '    "allowGustFirst": "false"',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(r.notes, [
      'Dropped the X-Access-Token header: credentials are never imported; the token comes from your own token store when you send.',
      'Ignored -k: TLS certificates are always verified.',
      'Ignored -i, -v: output and transport options do not belong in a request file.',
      '10:23: error: allowGustFirst must be a boolean (true or false), not a string. (The Huawei doc page quotes it as a string in its cURL example, a mistake: its parameter table says Boolean and its example request sends false.)',
    ]);
    assert.doesNotMatch(JSON.stringify(r), /cnrR5zg/);
  });

  test('seed 003: POST for a PUT operation is pointed out; the file itself is valid', () => {
    const r = ok(importCurl(SEED_003, builtinCatalog()));
    assert.equal(r.operationId, 'huawei.meeting.updateStartedConfConfig');
    assert.deepEqual(JSON.parse(r.fileText), {
      operation: 'huawei.meeting.updateStartedConfConfig',
      query: { conferenceID: '900244663' },
      body: { lockSharing: 0 },
    });
    assert.deepEqual(r.notes, [
      'The command uses POST, but huawei.meeting.updateStartedConfConfig is PUT /v1/mmc/control/conferences/updateStartedConfConfig: the request file sends PUT.',
      'Ignored -k: TLS certificates are always verified.',
      'Ignored -i: output and transport options do not belong in a request file.',
    ]);
  });
});

/** Chrome DevTools' escaping for "Copy as cURL (cmd)" (escapeStringWin in its network panel). */
function chromeCmdQuote(s: string): string {
  return (
    '^"' +
    s
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/[^a-zA-Z0-9\s_\-:=+~'/.',?;()*`&]/g, '^$&')
      .replace(/%(?=[a-zA-Z0-9_])/g, '%^')
      .replace(/\r?\n/g, '^\n\n') +
    '^"'
  );
}
/** Chrome's "Copy as cURL (bash)" quoting (escapeStringPosix): $'…' with \uXXXX for control characters and "!". */
function chromeBashQuote(s: string): string {
  // eslint-disable-next-line no-control-regex
  const special = /[\0-\x1f\x7f-\x9f!]/;
  if (!special.test(s) && !s.includes("'")) return `'${s}'`;
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(new RegExp(special.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `$'${escaped}'`;
}
const posixSingleQuote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;
const posixDoubleQuote = (s: string): string => `"${s.replace(/["\\$`]/g, '\\$&')}"`;

const TRICKY = [
  'plain',
  'it\'s "quoted" \\ back\\slash',
  '50% off %PATH% ^caret^ & | < > ( ) !bang $HOME `tick`',
  'line one\nline two\ttab',
  'ünïcödé ✓ 会议 😀',
  '',
];

describe('import from cURL: quoting as browsers and shells produce it', () => {
  test("Chrome bash flavour ($'…' strings, \\ continuations, browser headers)", () => {
    const data = JSON.stringify({ ...PMR_BODY, topic: 'John\'s "room"\n😀' });
    const cmd = [
      "curl 'https://webexapis.com/v1/meetingPreferences/personalMeetingRoom?siteUrl=site4-example.webex.com' \\",
      "  -X 'PUT' \\",
      "  -H 'accept: */*' \\",
      "  -H 'accept-language: en-GB,en;q=0.9' \\",
      "  -H 'authorization: Bearer SECRET-WEBEX-TOKEN' \\",
      "  -H 'content-type: application/json' \\",
      "  -H 'origin: https://developer.webex.com' \\",
      '  -H \'sec-ch-ua: "Chromium";v="124"\' \\',
      `  --data-raw ${chromeBashQuote(data)} \\`,
      '  --compressed',
    ].join('\n');
    const r = ok(importCurl(cmd, builtinCatalog()));
    assert.equal(r.operationId, 'webex.meetings.updatePersonalMeetingRoomOptions');
    assert.deepEqual(body(r), JSON.parse(data));
    assert.deepEqual((JSON.parse(r.fileText) as { query: unknown }).query, { siteUrl: 'site4-example.webex.com' });
    assert.equal((JSON.parse(r.fileText) as { headers?: unknown }).headers, undefined);
    assert.ok(r.notes.includes('Dropped browser headers the API does not need: accept-language, origin, sec-ch-ua.'));
    assert.doesNotMatch(JSON.stringify(r), /SECRET/);
  });

  test('Chrome cmd flavour (^" quotes, ^ line ends, %^ escapes)', () => {
    for (const topic of TRICKY) {
      const data = JSON.stringify({ ...PMR_BODY, topic });
      const cmd = [
        'curl ^"https://webexapis.com/v1/meetingPreferences/personalMeetingRoom^" ^',
        '  -X ^"PUT^" ^',
        '  -H ^"authorization: Bearer SECRET-WEBEX-TOKEN^" ^',
        `  --data-raw ${chromeCmdQuote(data)} ^`,
        '  --compressed',
      ].join('\r\n');
      const r = ok(importCurl(cmd, builtinCatalog()));
      assert.deepEqual(body(r), JSON.parse(data), JSON.stringify(topic));
      assert.doesNotMatch(JSON.stringify(r), /SECRET/);
    }
  });

  test('a hand-written cmd command (C runtime quoting, ^ line ends)', () => {
    const cmd =
      'curl -X PUT ^\r\n "https://api.meeting.huaweicloud.com/v1/mmc/control/conferences/updateStartedConfConfig?conferenceID=9" ^\r\n -d "{\\"lockSharing\\": 1, \\"path\\": \\"C:\\\\x\\"}"';
    const r = ok(importCurl(cmd, builtinCatalog()));
    assert.deepEqual(body(r), { lockSharing: 1, path: 'C:\\x' });
  });

  test('every POSIX quoting of the same data gives the same body', () => {
    for (const topic of TRICKY) {
      const data = JSON.stringify({ ...PMR_BODY, topic });
      for (const quote of [posixSingleQuote, posixDoubleQuote, chromeBashQuote]) {
        const cmd = `curl -X PUT https://webexapis.com/v1/meetingPreferences/personalMeetingRoom -d ${quote(data)}`;
        assert.deepEqual(body(ok(importCurl(cmd, builtinCatalog()))), JSON.parse(data), `${quote.name} ${topic}`);
      }
    }
  });

  test("words: unquoted escapes, $'\\x\\u', comments, a copied prompt, what follows a pipe", () => {
    assert.deepEqual(commandWords(`curl a\\ b $'\\x41\\u00e9\\101\\n' "x\\y\\"z" # a comment`).words, [
      'curl',
      'a b',
      'Aé\u0041\n',
      'x\\y"z',
    ]);
    const r = ok(
      importCurl(`$ curl -X PUT '${SEED_003.split(' ').pop()!}' --json '{"lockSharing":1}' | jq .`, builtinCatalog()),
    );
    assert.equal(r.operationId, 'huawei.meeting.updateStartedConfConfig');
    assert.ok(r.notes.includes('Everything from "|" on was ignored: only the curl command itself is imported.'));
    assert.throws(() => commandWords("curl 'open"), /single quote is not closed/);
    assert.throws(() => commandWords('curl ^"open'), /double quote is not closed/);
  });

  test("short option clusters and attached values (-sSL, -XPUT, -H'…', --request=PUT)", () => {
    const r = ok(
      importCurl(
        `curl -sSLk -XPUT -H'X-Request-Id: 7f3c' --request=PUT https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/abc -d'{}'`,
        builtinCatalog(),
      ),
    );
    assert.deepEqual(JSON.parse(r.fileText), {
      operation: 'huawei.meeting.updateMemberVmr',
      pathParams: { id: 'abc' },
      headers: { 'X-Request-Id': '7f3c' },
      body: {},
    });
    assert.ok(r.notes.includes('Ignored -L: redirects are never followed.'));
  });
});

describe('import from cURL: the body keeps its exact text', () => {
  test('number literals, key order and duplicate keys survive; duplicates are reported', () => {
    const cmd = `curl -X PUT https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/abc -d '{"vmrName":"a","n":12345678901234567890,"f":1.50,"vmrName":"b","__proto__":{"x":1}}'`;
    const r = ok(importCurl(cmd, builtinCatalog()));
    assert.match(r.fileText, /"n": 12345678901234567890,\n {4}"f": 1\.50,/);
    assert.match(r.fileText, /"__proto__": \{/);
    assert.ok(r.notes.some((n) => /error: Duplicate key "vmrName"/.test(n)));
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  test('data that is not JSON is imported as a string, with a note', () => {
    const r = ok(
      importCurl(
        `curl -X PUT https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/abc -d 'a=1' -d 'b=2'`,
        builtinCatalog(),
      ),
    );
    assert.equal(body(r), 'a=1&b=2');
    assert.ok(r.notes.includes('The data is not valid JSON; it was imported as a string.'));
  });
});

describe('import from cURL: credentials and files never get in', () => {
  test('-u, cookies, bearer options, URL user info and token-like query parameters are dropped by name only', () => {
    const cmd = `curl -u admin:SECRET1 -b 'sid=SECRET2' --oauth2-bearer SECRET3 -X PUT 'https://me:SECRET4@api.meeting.huaweicloud.com/v1/mmc/control/conferences/updateStartedConfConfig?conferenceID=1&access_token=SECRET5' -H 'X-Conference-Authorization: SECRET6' -H 'X-Api-Key: SECRET7' -d '{}'`;
    const r = ok(importCurl(cmd, builtinCatalog()));
    assert.doesNotMatch(JSON.stringify(r), /SECRET/);
    assert.deepEqual((JSON.parse(r.fileText) as { query: unknown }).query, { conferenceID: '1' });
    assert.ok(
      r.notes.includes(
        'Credentials are never imported: dropped -u, -b, --oauth2-bearer, a user name and password in the URL. The token comes from your own token store when you send.',
      ),
    );
    assert.ok(r.notes.includes('Dropped the query parameter access_token: it looks like a credential.'));
    assert.ok(r.notes.some((n) => n.startsWith('Dropped the X-Conference-Authorization, X-Api-Key headers')));
  });

  test('T50: credential-like query and header names (jwt, pwd, credential, sessionid, code, X-Auth, X-Session) are dropped and named', () => {
    const query = 'conferenceID=1&jwt=SECRET1&pwd=SECRET2&credential=SECRET3&sessionid=SECRET4&code=SECRET5';
    const cmd = `curl -X PUT 'https://api.meeting.huaweicloud.com/v1/mmc/control/conferences/updateStartedConfConfig?${query}' -H 'X-Auth: SECRET6' -H 'X-Session: SECRET7' -H 'X-Request-Id: r1' -d '{"lockSharing": 0}'`;
    const r = ok(importCurl(cmd, builtinCatalog()));
    assert.doesNotMatch(JSON.stringify(r), /SECRET/);
    assert.deepEqual(JSON.parse(r.fileText), {
      operation: 'huawei.meeting.updateStartedConfConfig',
      query: { conferenceID: '1' },
      headers: { 'X-Request-Id': 'r1' },
      body: { lockSharing: 0 },
    });
    assert.deepEqual(r.notes, [
      'Dropped the query parameters jwt, pwd, credential, sessionid, code: they look like credentials.',
      'Dropped the X-Auth, X-Session headers: credentials are never imported; the token comes from your own token store when you send.',
    ]);
  });

  test('T48: the header rules decide what an import keeps; what they refuse is left out with their message', () => {
    const cmd = `curl -X PUT https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/abc -H 'X-HTTP-Method-Override: DELETE' -H 'X-Forwarded-Host: evil.test' -H 'X-Custom: 1' -H 'Host: api.meeting.huaweicloud.com' -H 'Content-Length: 2' -H 'TrackingID: T1' -H 'Accept-Language: en-US' -d '{}'`;
    const r = ok(importCurl(cmd, builtinCatalog()));
    assert.deepEqual(JSON.parse(r.fileText), {
      operation: 'huawei.meeting.updateMemberVmr',
      pathParams: { id: 'abc' },
      headers: { TrackingID: 'T1', 'Accept-Language': 'en-US' },
      body: {},
    });
    assert.deepEqual(r.notes, [
      `The header "X-HTTP-Method-Override" would make a gateway use another method than the operation's; a request file may not set it. It was not imported.`,
      `The header "X-Forwarded-Host" would make a gateway use another URL or host than the operation's; a request file may not set it. It was not imported.`,
      'The header "X-Custom" is not sent: huawei.meeting.updateMemberVmr documents no such header, and a request file may set only its documented headers (X-Request-Id, Accept-Language) and Accept, Content-Type, TrackingID. It was not imported.',
    ]);
  });

  test('files, forms and uploads are refused; non-curl text and broken commands say why', () => {
    const reason = (cmd: string): string => {
      const r = importCurl(cmd, builtinCatalog());
      assert.ok(!r.ok, cmd);
      return r.reason;
    };
    assert.match(reason('curl -X PUT https://x.test/a -d @/etc/passwd'), /reads its data from a file/);
    assert.match(reason('curl -X PUT https://x.test/a --data-binary @-'), /reads its data from a file/);
    assert.match(reason('curl -X PUT https://x.test/a --data-urlencode name@/etc/passwd'), /reads data from a file/);
    assert.match(reason('curl -F a=@/etc/passwd https://x.test/a'), /multipart form/);
    assert.match(reason('curl -T /etc/passwd https://x.test/a'), /uploads a file/);
    assert.match(reason('wget https://x.test'), /not a cURL command/);
    assert.match(reason('curl -X PUT'), /needs a value|no URL/);
    assert.match(reason('curl file:///etc/passwd'), /Only http and https/);
    assert.match(reason('curl -X PUT https://x.test/nothing/here'), /No catalog operation matches PUT \/nothing\/here/);
  });
});

describe('import from cURL: matching operations of user catalogs', () => {
  const spec = {
    openapi: '3.1.0',
    info: { title: 'm', version: '1' },
    servers: [{ url: 'https://api.example.com/v1' }],
    paths: {
      '/meetings': {
        get: {
          operationId: 'list',
          parameters: [
            { name: 'max', in: 'query', schema: { type: 'integer' } },
            { name: 'current', in: 'query', schema: { type: 'boolean' } },
            { name: 'q', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'ok' } },
        },
        post: {
          operationId: 'create',
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '200': { description: 'ok' } },
        },
      },
      '/meetings/{id}': {
        get: {
          operationId: 'get',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {},
        },
      },
      '/meetings/current': { get: { operationId: 'current', responses: {} } },
    },
  };
  const user = loadUserCatalog('m', JSON.stringify(spec), 'm.json');
  const catalog = new Catalog();
  addBuiltins(catalog, readBuiltinDocuments(SCHEMAS_DIR));
  if ('loaded' in user) catalog.add(user.loaded, 'm');

  test('-G puts the data in the query, typed as the parameters say', () => {
    const r = ok(
      importCurl(
        `curl -G https://api.example.com/v1/meetings -d max=10 --data-urlencode 'q=a b&c' -d current=true`,
        catalog,
      ),
    );
    assert.deepEqual(JSON.parse(r.fileText), { operation: 'm.list', query: { max: 10, q: 'a b&c', current: true } });
    assert.deepEqual(r.notes, []);
  });

  test('the method and the most literal template decide; path parameters are decoded', () => {
    assert.equal(ok(importCurl(`curl https://api.example.com/v1/meetings -d '{}'`, catalog)).operationId, 'm.create');
    assert.equal(ok(importCurl('curl https://api.example.com/v1/meetings/current', catalog)).operationId, 'm.current');
    const r = ok(importCurl('curl https://api.example.com/v1/meetings/a%2Fb%20c', catalog));
    assert.deepEqual(JSON.parse(r.fileText), { operation: 'm.get', pathParams: { id: 'a/b c' } });
  });

  test('another host (a mock, a proxy) still matches by path, with a note', () => {
    const r = ok(importCurl('curl http://127.0.0.1:4010/v1/meetings/42', catalog));
    assert.equal(r.operationId, 'm.get');
    assert.deepEqual(r.notes, [
      '127.0.0.1:4010 is not a documented server of m.get (api.example.com); it was matched by its path.',
    ]);
  });

  test('the caller can name the operation', () => {
    const r = ok(importCurl('curl -X PUT https://elsewhere.test/x/y -d "{}"', catalog, { operationId: 'm.create' }));
    assert.equal(r.operationId, 'm.create');
    assert.ok(r.notes.includes('The URL\'s path does not fit /meetings: fill in "pathParams" by hand.'));
    assert.ok(r.notes.includes('The command uses PUT, but m.create is POST /meetings: the request file sends POST.'));
  });
});
