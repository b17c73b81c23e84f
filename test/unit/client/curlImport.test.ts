import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogOperationInfo } from '../../../common/protocol';
import {
  CurlParseError,
  matchOperations,
  parseCurl,
  requestFileText,
  shellWords,
} from '../../../client/src/curlImport';

const OPS: CatalogOperationInfo[] = [
  {
    id: 'huawei.meeting.updateMemberVmr',
    family: 'huawei-meeting',
    method: 'PUT',
    path: '/v1/usg/dcs/member/vmr/{id}',
    summary: '',
    deprecated: false,
  },
  {
    id: 'webex.meetings.update',
    family: 'webex-meetings',
    method: 'PUT',
    path: '/meetings/{meetingId}',
    summary: '',
    deprecated: false,
  },
  {
    id: 'webex.meetings.pmr',
    family: 'webex-meetings',
    method: 'PUT',
    path: '/meetings/personalRooms',
    summary: '',
    deprecated: false,
  },
];

void describe('import from cURL', () => {
  void it('splits shell words like a POSIX shell', () => {
    assert.deepEqual(
      shellWords(`curl -X PUT 'https://a/b c' -H "X-A: \\"q\\" \\$x" \\\n  -d $'{"a":"\\n"}' plain\\ word`),
      ['curl', '-X', 'PUT', 'https://a/b c', '-H', 'X-A: "q" $x', '-d', '{"a":"\n"}', 'plain word'],
    );
    assert.throws(() => shellWords("curl 'open"), CurlParseError);
  });

  void it('imports a Huawei request and drops every credential', () => {
    const cmd = `curl -k -i -X PUT -H 'content-type: application/json' -H 'X-Access-Token: stbVbWSIgSECRET' -H 'X-Request-Id: abc' --cookie 'sid=SECRET2' -u admin:SECRET3 'https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/ff80%2F01?x=1&x=2' -d '{"allowGustFirst": false, "__proto__": {"a": 1}}'`;
    const parsed = parseCurl(cmd);
    assert.equal(parsed.method, 'PUT');
    assert.deepEqual(parsed.headers, [['X-Request-Id', 'abc']]);
    assert.ok(parsed.dropped.some((d) => d.startsWith('X-Access-Token header')));
    assert.ok(parsed.dropped.some((d) => d.startsWith('-k')));
    const [best] = matchOperations(parsed, OPS);
    assert.equal(best?.operation.id, 'huawei.meeting.updateMemberVmr');
    assert.deepEqual(best?.pathParams, { id: 'ff80/01' });
    const { text, notes } = requestFileText(parsed, best);
    assert.deepEqual(notes, []);
    assert.ok(!/SECRET/.test(text));
    assert.deepEqual(JSON.parse(text), {
      operation: 'huawei.meeting.updateMemberVmr',
      pathParams: { id: 'ff80/01' },
      query: { x: ['1', '2'] },
      headers: { 'X-Request-Id': 'abc' },
      body: JSON.parse('{"allowGustFirst": false, "__proto__": {"a": 1}}') as unknown,
    });
    assert.match(text, /"__proto__": \{/);
    assert.equal(({} as Record<string, unknown>).a, undefined);
  });

  void it('matches Webex paths under the /v1 base path, most specific first', () => {
    const pmr = parseCurl(
      `curl -X PUT https://webexapis.com/v1/meetings/personalRooms -H 'Authorization: Bearer SECRET' --data-raw '{}'`,
    );
    assert.equal(matchOperations(pmr, OPS)[0]?.operation.id, 'webex.meetings.pmr');
    const m = parseCurl(`curl --request=PUT --url https://webexapis.com/v1/meetings/abc123 --json '{}'`);
    assert.equal(matchOperations(m, OPS)[0]?.operation.id, 'webex.meetings.update');
    assert.deepEqual(
      matchOperations(parseCurl('curl https://webexapis.com/v1/meetings/abc'), OPS),
      [],
      'GET does not match a PUT',
    );
  });

  void it('refuses bodies from files and non-JSON forms; never reads anything', () => {
    assert.throws(() => parseCurl('curl -X PUT https://x.test/a -d @/etc/passwd'), /file/);
    assert.throws(() => parseCurl('curl -F a=b https://x.test/a'), CurlParseError);
    assert.throws(() => parseCurl('wget https://x.test'), /not a cURL/);
    assert.throws(() => parseCurl('curl -X PUT'), /no URL/);
    assert.throws(() => parseCurl('curl file:///etc/passwd'), /http/);
  });

  void it('keeps template-looking text verbatim (no evaluation)', () => {
    const parsed = parseCurl(
      `curl -X PUT https://x.test/meetings/1 -d '{"a":"{{$processEnv HOME}}","b":"\${env:HOME}"}'`,
    );
    const { text } = requestFileText(parsed, undefined);
    assert.match(text, /\{\{\$processEnv HOME\}\}/);
    assert.match(text, /\$\{env:HOME\}/);
    assert.deepEqual(
      requestFileText(parseCurl(`curl -X PUT https://x.test/a -d 'not json'`), undefined).notes.length,
      2,
    );
  });
});
