/**
 * The mock answers the reads (#15 §4): `npm start`'s Prism mock of the whole catalog (scripts/e2e/mockCatalog.mjs)
 * serves every documented read with its example, so `diff` works against it for every example request file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tooling } from '../../e2e/harness/tooling';
import { closedPort } from '../http/helpers';
import { Cli, REPO_ROOT } from './cliHarness';

interface Mock {
  origin: string;
  baseUrls: Record<string, string>;
  stop(): Promise<void>;
}

const EXAMPLES = join(REPO_ROOT, 'examples');
const TOKENS = { WEBEX_TOKEN: 'tok-mock-webex', HUAWEI_ACCESS_TOKEN: 'tok-mock-huawei' };

void describe('diff against the Prism mock of the catalog', () => {
  let cli: Cli;
  let mock: Mock;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mp-diff-prism-'));
    cli = await Cli.build();
    const { startMockCatalog } = await tooling();
    mock = await startMockCatalog({ port: await closedPort(), dir, logFile: join(dir, 'prism.log') });
  });
  after(async () => {
    await mock?.stop();
    cli?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (file: string, family: string) =>
    cli.run(['diff', join(EXAMPLES, file), '--base-url', mock.baseUrls[family], '-f', 'json'], {
      env: { ...TOKENS, MEETING_PAYLOADS_TOKEN_ORIGIN: mock.origin },
    });

  test('Webex PMR: the documented GET answer, its read-only fields dropped', async () => {
    const r = await run('webex-update-personal-room.meeting.json', 'webex-meetings');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { compared: boolean; dropped: string[]; summary: string[] };
    assert.equal(out.compared, true);
    assert.deepEqual(out.dropped, ['personalMeetingRoomLink', 'sipAddress', 'dialInIpAddress', 'telephony']);
    assert.deepEqual(out.summary, ['enabledAutoLock changes from false to true']);
  });

  test('Webex Calling: the documented member is not in the example body: destructive, exit 1', async () => {
    const r = await run('webex-calling-shared-line-members.meeting.json', 'webex-calling');
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { destructive: boolean; summary: string[] };
    assert.equal(out.destructive, true);
    assert.match(out.summary[0], /^1 member\(s\) lose their line: John Doe$/);
  });

  test('Huawei: the room list and the meeting details answer; the room is found by its id', async () => {
    const vmr = await run('huawei-update-vmr.meeting.json', 'huawei-meeting');
    assert.equal(vmr.code, 0, vmr.stderr);
    assert.deepEqual((JSON.parse(vmr.stdout) as { summary: string[] }).summary, [
      'allowGustFirst changes from true to false',
      'gustFirstNotice changes from false to true',
    ]);
    const cycle = await run('huawei-update-recurring-meeting.meeting.json', 'huawei-meeting');
    assert.equal(cycle.code, 0, cycle.stderr);
    const out = JSON.parse(cycle.stdout) as { notCompared: string[] };
    assert.deepEqual(out.notCompared, ['length', 'attendees']);
  });
});
