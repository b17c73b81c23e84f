/**
 * `meeting-payloads import-curl`: the command from an argument, unquoted words or standard input; the request
 * file on stdout or in a file; notes and problems on stderr; tokens nowhere.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cli, scratchDir } from './cliHarness';

const SEED_001 =
  'curl -k -i -v -X PUT -H "content-type: application/json" -H "X-Access-Token:cnrR5zgAjyIhNeDpfa7iDr8bYmYvN0k8q4iZ" -d "{\\"vmrName\\":\\"test\\",\\"chairPwd\\":\\"123456\\",\\"gustPwd\\":\\"654321\\",\\"allowGustFirst\\":\\"false\\"}" https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/ff80808167ef1edf0167f33d650c0662';
const SEED_003 =
  "curl -k -i -H 'content-type: application/json' -X POST -d '{\"lockSharing\": 0}' https://api.meeting.huaweicloud.com/v1/mmc/control/conferences/updateStartedConfConfig?conferenceID=900244663";

let cli: Cli;
const files = scratchDir();
before(async () => {
  cli = await Cli.build();
});
after(() => {
  cli.dispose();
  files.dispose();
});

describe('import-curl', () => {
  test('seed 001 on standard input: the file on stdout, the problem on stderr, exit 1, no token anywhere', async () => {
    const r = await cli.run(['import-curl'], { input: SEED_001 + '\n', cwd: files.dir });
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout), {
      operation: 'huawei.meeting.updateMemberVmr',
      pathParams: { id: 'ff80808167ef1edf0167f33d650c0662' },
      body: { vmrName: 'test', chairPwd: '123456', gustPwd: '654321', allowGustFirst: 'false' },
    });
    assert.equal(
      r.stderr,
      [
        'note: Dropped the X-Access-Token header: credentials are never imported; the token comes from your own token store when you send.',
        'note: Ignored -k: TLS certificates are always verified.',
        'note: Ignored -i, -v: output and transport options do not belong in a request file.',
        '<stdout>:10:23: error: allowGustFirst must be a boolean (true or false), not a string. (The Huawei doc page quotes it as a string in its cURL example, a mistake: its parameter table says Boolean and its example request sends false.)',
        '',
      ].join('\n'),
    );
    assert.doesNotMatch(r.stdout + r.stderr, /cnrR5zg/);
  });

  test('seed 003 as one argument, written with --name: exit 0 and the method noted', async () => {
    const r = await cli.run(['import-curl', '--name', 'pause-sharing', SEED_003], { cwd: files.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^note: The command uses POST, but huawei\.meeting\.updateStartedConfConfig is PUT/m);
    assert.match(r.stderr, /^Wrote pause-sharing\.meeting\.json \(huawei\.meeting\.updateStartedConfConfig\)\.$/m);
    const written = join(files.dir, 'pause-sharing.meeting.json');
    assert.deepEqual(JSON.parse(readFileSync(written, 'utf8')), {
      operation: 'huawei.meeting.updateStartedConfConfig',
      query: { conferenceID: '900244663' },
      body: { lockSharing: 0 },
    });
    const again = await cli.run(['import-curl', '--name', 'pause-sharing', SEED_003], { cwd: files.dir });
    assert.equal(again.code, 2, 'an existing file is not overwritten');
    assert.match(again.stderr, /already exists; use --force/);
    assert.equal((await cli.run(['import-curl', '--force', '-o', written, SEED_003], { cwd: files.dir })).code, 0);
  });

  test('words the shell already split are read back exactly, quotes and all', async () => {
    const r = await cli.run([
      'import-curl',
      'curl',
      '-X',
      'PUT',
      'https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/abc',
      '-H',
      'Authorization: Bearer SECRET-1',
      '--data-raw',
      `{"vmrName":"it's \\"ours\\"","allowGustFirst":true}`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { body: unknown }).body, {
      vmrName: 'it\'s "ours"',
      allowGustFirst: true,
    });
    assert.doesNotMatch(r.stdout + r.stderr, /SECRET/);
  });

  test('what cannot be imported exits 1 with the reason; usage errors exit 2', async () => {
    const file = await cli.run([
      'import-curl',
      'curl -X PUT https://api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/a -d @/etc/passwd',
    ]);
    assert.equal(file.code, 1);
    assert.match(file.stderr, /reads its data from a file/);
    const none = await cli.run(['import-curl', 'curl https://example.com/not/an/api']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /No catalog operation matches GET \/not\/an\/api/);
    assert.equal((await cli.run(['import-curl'], { input: '' })).code, 2);
    assert.equal((await cli.run(['import-curl', '--name', '../escape', SEED_003])).code, 2);
    assert.equal((await cli.run(['import-curl', '-o', 'a', '--name', 'b', SEED_003])).code, 2);
    assert.equal(existsSync(join(files.dir, 'b.meeting.json')), false);
  });

  test('--operation picks the operation when the URL does not say', async () => {
    const r = await cli.run([
      'import-curl',
      '--operation',
      'huawei.meeting.updateMemberVmr',
      'curl -X PUT https://gateway.example.com/x -d {}',
    ]);
    assert.equal(r.code, 1, 'the path parameter is missing');
    assert.equal((JSON.parse(r.stdout) as { operation: string }).operation, 'huawei.meeting.updateMemberVmr');
    assert.match(r.stderr, /fill in "pathParams" by hand/);
  });
});
