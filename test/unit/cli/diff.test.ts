/**
 * `meeting-payloads diff` (#15 §3, §4) against stand-in servers with state on 127.0.0.1: the GET answers what the
 * last PUT stored, so send → diff compares the real thing. A member list losing entries, read-only fields, a paged
 * read, a read that fails (401, 404, timeout, a redirect) and the token rules of send, applied to the read.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Cli, scratchDir } from './cliHarness';
import { MEMBER_NAMES as NAMES, sharedLineMember as member } from '../../helpers/sharedLine';

const TOKEN = 'tok-SECRET-diff-77aa';
const PERSON = 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS9wZXJzb24';
const APP = 'Y2lzY29zcGFyazovL3VzL0FQUExJQ0FUSU9OL2FwcA';
const MEMBERS_PATH = `/telephony/config/people/${PERSON}/applications/${APP}/members`;

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

type Route = (seen: Seen, body: string) => { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/** A stand-in API: what a PUT stores, the GET on the same path returns (with read-only extras added by `read`). */
class StatefulServer {
  readonly seen: Seen[] = [];
  readonly state = new Map<string, unknown>();
  route: Route | undefined;
  private readonly server: Server;

  constructor(read: (path: string, stored: unknown) => unknown = (_p, s) => s) {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (d: string) => (body += d));
      req.on('end', () => {
        const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
        this.seen.push(seen);
        const routed = this.route?.(seen, body);
        if (routed === 'hang') return; // never answers: the client's timeout ends it
        if (routed) {
          res.writeHead(routed.status, { 'content-type': 'application/json', ...routed.headers });
          res.end(routed.body ?? '');
          return;
        }
        const path = seen.url.split('?')[0];
        if (seen.method === 'PUT') {
          this.state.set(path, JSON.parse(body));
          res.writeHead(204).end();
        } else if (seen.method === 'GET' && this.state.has(path)) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(read(path, this.state.get(path))));
        } else res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The GET of the shared-line members adds what Webex adds: names, model, the line count. */
function readMembers(_path: string, stored: unknown): unknown {
  const members = (stored as { members: Array<{ id: string }> }).members;
  return {
    model: 'Business Communicator - PC',
    maxLineCount: 10,
    members: members.map((m) => ({ ...m, firstName: NAMES[m.id]?.[0], lastName: NAMES[m.id]?.[1], esn: '1234' })),
  };
}

const membersFile = (ids: string[]) =>
  JSON.stringify({
    operation: 'webex.calling.putSharedLineAppearanceMembers',
    pathParams: { personId: PERSON, applicationId: APP },
    body: { members: ids.map((id, i) => member(id, i + 1)) },
  });

let cli: Cli;
let api: StatefulServer;
let base: string;
const files = scratchDir();
const env = (origin = base) => ({ WEBEX_TOKEN: TOKEN, MEETING_PAYLOADS_TOKEN_ORIGIN: origin });

before(async () => {
  cli = await Cli.build();
  api = new StatefulServer(readMembers);
  base = await api.listen();
});
after(async () => {
  await api.close();
  cli.dispose();
  files.dispose();
});

void describe('diff: Webex Calling members against a stateful stand-in', () => {
  test('send stores three members; diff of a file with one names the two who lose their line, exit 1', async () => {
    api.route = undefined;
    const all = files.write('all.meeting.json', membersFile(['p1', 'p2', 'p3']));
    const sent = await cli.run(['send', all, '--base-url', base], { env: env() });
    assert.equal(sent.code, 0, sent.stderr);
    const one = files.write('one.meeting.json', membersFile(['p1']));
    const before = readFileSync(one, 'utf8');
    api.seen.length = 0;
    const r = await cli.run(['diff', one, '--base-url', base], { env: env() });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /2 member\(s\) lose their line: Alan Turing, Grace Hopper/);
    assert.match(
      r.stdout,
      /note: returned by the read, not taken by the PUT: model, maxLineCount, members\[\]\.firstName/,
    );
    assert.deepEqual(
      api.seen.map((s) => `${s.method} ${s.url}`),
      [`GET ${MEMBERS_PATH}`],
      'one read, nothing written',
    );
    assert.equal(api.seen[0].headers.authorization, `Bearer ${TOKEN}`, 'the token goes to its origin');
    assert.ok(!r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN), 'the token is never printed');
    assert.equal(readFileSync(one, 'utf8'), before, 'the file is untouched');
  });

  test('send then diff of the same file: nothing changes, exit 0; --format json says the same', async () => {
    api.route = undefined;
    const two = files.write('two.meeting.json', membersFile(['p1', 'p2']));
    assert.equal((await cli.run(['send', two, '--base-url', base], { env: env() })).code, 0);
    const r = await cli.run(['diff', two, '--base-url', base], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Nothing changes: the body matches the current state\./);
    const j = await cli.run(['diff', two, '--base-url', base, '--format', 'json'], { env: env() });
    assert.equal(j.code, 0, j.stderr);
    const out = JSON.parse(j.stdout) as { destructive: boolean; changes: unknown[]; read: string };
    assert.equal(out.destructive, false);
    assert.deepEqual(out.changes, []);
    assert.equal(out.read, 'webex.calling.getSharedLineAppearanceMembers');
    const three = files.write('three.meeting.json', membersFile(['p1', 'p2', 'p3']));
    const added = JSON.parse(
      (await cli.run(['diff', three, '--base-url', base, '-f', 'json'], { env: env() })).stdout,
    ) as {
      destructive: boolean;
      summary: string[];
    };
    assert.equal(added.destructive, false, 'adding a member removes nothing');
    assert.deepEqual(added.summary, ['1 item(s) added to members: p3']);
  });

  test('a read that fails leaves nothing changed and says why: 401, 404, a timeout', async () => {
    const file = files.write('fail.meeting.json', membersFile(['p1']));
    const text = readFileSync(file, 'utf8');
    api.seen.length = 0;
    api.route = () => ({
      status: 401,
      body: '{"message":"The request requires a valid access token set in the Authorization request header."}',
    });
    let r = await cli.run(['diff', file, '--base-url', base], { env: env() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the read webex\.calling\.getSharedLineAppearanceMembers answered 401 Unauthorized/);
    api.route = () => ({ status: 404, body: '{}' });
    r = await cli.run(['diff', file, '--base-url', base], { env: env() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /answered 404 Not Found/);
    api.route = () => 'hang';
    r = await cli.run(['diff', file, '--base-url', base, '--timeout', '300', '--headers-timeout', '300'], {
      env: env(),
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the read failed: /);
    assert.equal(r.stdout, '');
    assert.equal(readFileSync(file, 'utf8'), text);
    assert.ok(
      api.seen.every((s) => s.method === 'GET'),
      'diff never writes',
    );
    api.route = undefined;
  });

  test('token rules of send: no token to an origin it is not bound to; a redirect is not followed', async () => {
    api.route = undefined;
    const file = files.write('rules.meeting.json', membersFile(['p1']));
    api.seen.length = 0;
    const unbound = await cli.run(['diff', file, '--base-url', base], { env: { WEBEX_TOKEN: TOKEN } });
    assert.match(unbound.stderr, /note: .*not sent/i);
    assert.equal(api.seen[0]?.headers.authorization, undefined, 'no token to an unbound origin');
    const other = new StatefulServer();
    const otherBase = await other.listen();
    try {
      api.seen.length = 0;
      api.route = () => ({ status: 302, headers: { location: `${otherBase}${MEMBERS_PATH}` } });
      const r = await cli.run(['diff', file, '--base-url', base], { env: env() });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /answered 302/);
      assert.equal(other.seen.length, 0, 'the redirect target is never contacted');
    } finally {
      api.route = undefined;
      await other.close();
    }
  });
});

void describe('diff: other operations', () => {
  test('Webex PMR: the read-only fields of the GET are named, a changed field is reported', async () => {
    const pmr = new StatefulServer();
    const pmrBase = await pmr.listen();
    try {
      pmr.state.set('/meetingPreferences/personalMeetingRoom', {
        topic: 'Room',
        hostPin: '4325',
        enabledAutoLock: false,
        autoLockMinutes: 10,
        enabledNotifyHost: true,
        supportCoHost: true,
        coHosts: [{ email: 'bo@example.com', displayName: 'Bo' }],
        personalMeetingRoomLink: 'https://x.webex.com/meet/a',
        sipAddress: 'a@x.webex.com',
        dialInIpAddress: '192.0.2.1',
        telephony: { accessCode: '1' },
      });
      const file = files.write(
        'pmr.meeting.json',
        JSON.stringify({
          operation: 'webex.meetings.updatePersonalMeetingRoomOptions',
          body: {
            topic: 'Room',
            hostPin: '4325',
            enabledAutoLock: true,
            autoLockMinutes: 10,
            enabledNotifyHost: true,
            supportCoHost: true,
            coHosts: [],
          },
        }),
      );
      const r = await cli.run(['diff', file, '--base-url', pmrBase, '-f', 'json'], { env: env(pmrBase) });
      assert.equal(r.code, 1, r.stderr);
      const out = JSON.parse(r.stdout) as { summary: string[]; dropped: string[] };
      assert.deepEqual(out.summary, [
        '1 cohost(s) removed: Bo bo@example.com',
        'enabledAutoLock changes from false to true',
      ]);
      assert.deepEqual(out.dropped, ['personalMeetingRoomLink', 'sipAddress', 'dialInIpAddress', 'telephony']);
      assert.ok(
        !r.stdout.includes('4325') || out.summary.every((s) => !s.includes('4325')),
        'the PIN is not in the summary',
      );
    } finally {
      await pmr.close();
    }
  });

  test('Huawei VMR: the paged list is followed to the page holding the room; passwords are never printed', async () => {
    const rooms = Array.from({ length: 5 }, (_, i) => ({
      id: `room${i}`,
      vmrId: `9${i}`,
      vmrName: `Room ${i}`,
      chairPwd: `55500${i}`,
      allowGustFirst: false,
    }));
    const huawei = new StatefulServer();
    const huaweiBase = await huawei.listen();
    huawei.route = (seen) => {
      const q = new URL(seen.url, huaweiBase).searchParams;
      const offset = Number(q.get('offset'));
      // The service pages by 2 whatever is asked.
      return {
        status: 200,
        body: JSON.stringify({ offset, limit: 2, count: 5, data: rooms.slice(offset, offset + 2) }),
      };
    };
    try {
      const file = files.write(
        'vmr.meeting.json',
        JSON.stringify({
          operation: 'huawei.meeting.updateMemberVmr',
          pathParams: { id: 'room4' },
          body: { chairPwd: '123456', allowGustFirst: true },
        }),
      );
      const r = await cli.run(['diff', file, '--base-url', huaweiBase], {
        env: { HUAWEI_ACCESS_TOKEN: TOKEN, MEETING_PAYLOADS_TOKEN_ORIGIN: huaweiBase },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(
        huawei.seen.map((s) => s.url),
        [0, 2, 4].map((o) => `/v1/usg/dcs/member/vmr?offset=${o}&limit=100`),
      );
      assert.ok(huawei.seen.every((s) => s.headers['x-access-token'] === TOKEN));
      assert.match(r.stdout, /allowGustFirst changes from false to true/);
      assert.match(r.stdout, /chairPwd changes \(a secret, not shown\)/);
      assert.ok(!r.stdout.includes('555004') && !r.stdout.includes('123456'), 'no password printed');
      assert.doesNotMatch(r.stdout, /vmrName/, 'fields left out are kept by this call, not reported');
    } finally {
      await huawei.close();
    }
  });

  test('an operation without a documented read says why, exit 1, nothing sent', async () => {
    const huawei = new StatefulServer();
    const huaweiBase = await huawei.listen();
    try {
      const file = files.write(
        'started.meeting.json',
        JSON.stringify({
          operation: 'huawei.meeting.updateStartedConfConfig',
          query: { conferenceID: '900244663' },
          body: { isLock: 1 },
        }),
      );
      const r = await cli.run(['diff', file, '--base-url', huaweiBase], { env: { HUAWEI_CONFERENCE_TOKEN: TOKEN } });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /No documented read returns the in-meeting settings/);
      assert.equal(huawei.seen.length, 0);
    } finally {
      await huawei.close();
    }
  });
});
