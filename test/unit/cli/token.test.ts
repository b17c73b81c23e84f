/**
 * `meeting-payloads token` and `send` with sign-in flows, the real bundle as a child process against the stand-in
 * token servers on 127.0.0.1 (test/unit/auth): the flows run from environment variables, only the expiry is
 * printed, --print is refused unless standard output is a terminal (a real one, through script(1)), credentials go
 * only to an origin their scheme allows, and the canary client secret, refresh token, App Key, account password
 * and host password appear in no output.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Cli, REPO_ROOT, scratchDir, type CliResult } from './cliHarness';
import {
  ACCESS_TOKEN,
  CLIENT_ID,
  CLIENT_SECRET,
  PERSONAL_EXP,
  PERSONAL_TOKEN,
  REFRESH_TOKEN,
  REFRESHED_ACCESS_TOKEN,
  startWebexStandIn,
  type StandIn,
} from '../auth/webexStandIn';
import {
  ACCOUNT,
  APP_ID,
  APP_KEY,
  HOST_PASSWORD,
  HUAWEI_TOKEN,
  LIVE_CONFERENCE,
  PASSWORD,
  startHuaweiStandIn,
  type HuaweiStandIn,
} from '../auth/huaweiStandIn';

const CANARIES = [CLIENT_SECRET, REFRESH_TOKEN, APP_KEY, PASSWORD, HOST_PASSWORD];

let cli: Cli;
const files = scratchDir();

before(async () => {
  cli = await Cli.build();
});
after(() => {
  cli?.dispose();
  files.dispose();
});

function assertNoCanary(r: CliResult, ...more: string[]): void {
  for (const secret of [...CANARIES, ...more]) {
    assert.ok(!r.stdout.includes(secret), `stdout holds ${secret}:\n${r.stdout}`);
    assert.ok(!r.stderr.includes(secret), `stderr holds ${secret}:\n${r.stderr}`);
  }
}

const originOf = (baseUrl: string): string => new URL(baseUrl).origin;

const webexEnv = { WEBEX_CLIENT_ID: CLIENT_ID, WEBEX_CLIENT_SECRET: CLIENT_SECRET, WEBEX_REFRESH_TOKEN: REFRESH_TOKEN };
const appIdEnv = { HUAWEI_APP_ID: APP_ID, HUAWEI_APP_KEY: APP_KEY };

describe('token webexBearer', () => {
  let webex: StandIn;
  before(async () => {
    webex = await startWebexStandIn({ polls: [], refresh: 'same' });
  });
  after(() => webex.close());

  test('refreshes with the integration from the environment and prints only the expiry', async () => {
    const before = Date.now();
    const r = await cli.run(
      ['token', 'webexBearer', '--base-url', webex.baseUrl, '--token-origin', originOf(webex.baseUrl)],
      {
        env: webexEnv,
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const m =
      /^webexBearer for (\S+): expires (\S+) \((\d+) d left\); from Webex integration refresh with WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET, WEBEX_REFRESH_TOKEN\n$/.exec(
        r.stdout,
      );
    assert.ok(m, r.stdout);
    assert.equal(m[1], originOf(webex.baseUrl));
    // The stand-in's expires_in is 1209599 s (~14 d).
    const exp = Date.parse(m[2] ?? '');
    assert.ok(exp >= before + 1209598_000 && exp <= Date.now() + 1209600_000, m[2]);
    assert.equal(m[3], '13');
    assertNoCanary(r, REFRESHED_ACCESS_TOKEN);
    assert.deepEqual(
      webex.seen.map((s) => `${s.method} ${s.path}`),
      ['POST /v1/access_token'],
    );
  });

  test('a rotated refresh token is mentioned, never printed', async () => {
    const rotating = await startWebexStandIn({ polls: [], refresh: 'rotate' });
    try {
      const r = await cli.run(
        ['token', 'webex', '--base-url', rotating.baseUrl, '--token-origin', originOf(rotating.baseUrl), '-f', 'json'],
        { env: webexEnv },
      );
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.equal(out.scheme, 'webexBearer');
      assert.equal(out.refreshTokenChanged, true);
      assert.ok(!('accessToken' in out));
      assert.equal(typeof out.expiresInSeconds, 'number');
      assert.match(r.stderr, /new refresh token; it is not printed/);
      assertNoCanary(r, REFRESHED_ACCESS_TOKEN, `${REFRESH_TOKEN}-rotated`);
    } finally {
      await rotating.close();
    }
  });

  test('a revoked refresh token fails in words (exit 1), secrets masked', async () => {
    const refusing = await startWebexStandIn({ polls: [], refresh: 'invalid_grant' });
    try {
      const r = await cli.run(
        ['token', 'webexBearer', '--base-url', refusing.baseUrl, '--token-origin', originOf(refusing.baseUrl)],
        {
          env: webexEnv,
        },
      );
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /Webex rejected the grant .*sign in again/);
      assertNoCanary(r);
    } finally {
      await refusing.close();
    }
  });

  test('the client secret never goes to an origin the scheme does not allow: nothing is sent', async () => {
    const seenBefore = webex.seen.length;
    const r = await cli.run(['token', 'webexBearer', '--base-url', webex.baseUrl], { env: webexEnv });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /is for https:\/\/webexapis\.com; it is not sent to http:\/\/127\.0\.0\.1:\d+\. Give --token-origin/,
    );
    assert.equal(webex.seen.length, seenBefore);
    assertNoCanary(r);
  });

  test('WEBEX_TOKEN alone: its real expiry from tokenExpiry', async () => {
    const r = await cli.run(
      ['token', 'webexBearer', '--base-url', webex.baseUrl, '--token-origin', originOf(webex.baseUrl)],
      {
        env: { WEBEX_TOKEN: PERSONAL_TOKEN },
      },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes(`expires ${new Date(PERSONAL_EXP).toISOString()}`), r.stdout);
    assert.match(r.stdout, /from WEBEX_TOKEN, its expiry asked from Webex/);
    assertNoCanary(r, PERSONAL_TOKEN);
  });

  test('a partly set integration is a usage error naming what is missing, and nothing is sent', async () => {
    const seenBefore = webex.seen.length;
    const r = await cli.run(
      ['token', 'webexBearer', '--base-url', webex.baseUrl, '--token-origin', originOf(webex.baseUrl)],
      {
        env: { WEBEX_CLIENT_ID: CLIENT_ID, WEBEX_CLIENT_SECRET: CLIENT_SECRET },
      },
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /WEBEX_REFRESH_TOKEN is not set/);
    assert.equal(webex.seen.length, seenBefore);
    assertNoCanary(r);
  });

  test('--device: the device grant, code and link on stderr, pending and Retry-After waited out, only the expiry printed', async () => {
    const device = await startWebexStandIn({ polls: ['authorization_pending', 429, 428], interval: 1 });
    try {
      const r = await cli.run(
        ['token', 'webex', '--device', '--base-url', device.baseUrl, '--token-origin', originOf(device.baseUrl)],
        // The refresh variable is ignored with --device: the sign-in needs only the integration.
        { env: { WEBEX_CLIENT_ID: CLIENT_ID, WEBEX_CLIENT_SECRET: CLIENT_SECRET } },
      );
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stdout,
        /^webexBearer for http:\/\/127\.0\.0\.1:\d+: expires \S+ \(13 d left\); from Webex integration device grant with WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET\n$/,
      );
      assert.equal(
        r.stderr,
        [
          'To sign in, open https://oauth-helper-r.wbx2.com/verify?userCode=123456 and enter the code 123456 (it works for 1 min). Waiting for approval; Ctrl+C cancels.',
          'Webex asked to wait 1 s before asking again.',
          'note: Webex also gave a refresh token; it is not printed and nothing is stored. Sign in again with --device when this token ends.',
          '',
        ].join('\n'),
      );
      const polls = device.seen.filter((x) => x.path === '/v1/device/token');
      assert.equal(polls.length, 4, 'pending, 429, 428, then approved');
      assertNoCanary(r, ACCESS_TOKEN);
    } finally {
      await device.close();
    }
  });

  // slow_down (5 s more per poll) is the shared flow's, tested with a short step in test/unit/auth/webexDevice.test.ts.
  test('--device fails in words when the code expires before approval (exit 1)', async () => {
    const device = await startWebexStandIn({ polls: ['expired_token'], interval: 1 });
    try {
      const r = await cli.run(
        ['token', 'webexBearer', '--device', '--base-url', device.baseUrl, '--token-origin', originOf(device.baseUrl)],
        { env: { WEBEX_CLIENT_ID: CLIENT_ID, WEBEX_CLIENT_SECRET: CLIENT_SECRET } },
      );
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^meeting-payloads token: .*expired/m);
      assert.equal(r.stdout, '');
      assertNoCanary(r);
    } finally {
      await device.close();
    }
  });

  test('--device needs the integration, and only for webexBearer (exit 2, nothing sent)', async () => {
    const seenBefore = webex.seen.length;
    const at = ['--base-url', webex.baseUrl, '--token-origin', originOf(webex.baseUrl)];
    const none = await cli.run(['token', 'webexBearer', '--device', ...at], { env: { WEBEX_CLIENT_ID: CLIENT_ID } });
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /The Webex device grant needs WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET; WEBEX_CLIENT_SECRET is not set/,
    );
    const huawei = await cli.run(['token', 'huawei', '--device', ...at], { env: webexEnv });
    assert.equal(huawei.code, 2);
    assert.match(huawei.stderr, /--device is the Webex device grant: use it with webexBearer/);
    assert.equal(webex.seen.length, seenBefore);
  });

  test('no credentials at all: exit 2 and what to set', async () => {
    const r = await cli.run(['token', 'webexBearer', '--env', 'production'], { env: {} });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /no credentials for webexBearer: set WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET and WEBEX_REFRESH_TOKEN/,
    );
  });

  test('--print is refused when standard output is a pipe, before anything is sent', async () => {
    const seenBefore = webex.seen.length;
    const r = await cli.run(
      ['token', 'webexBearer', '--print', '--base-url', webex.baseUrl, '--token-origin', originOf(webex.baseUrl)],
      { env: webexEnv },
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--print writes the token only to a terminal/);
    assert.equal(r.stdout, '');
    assert.equal(webex.seen.length, seenBefore);
    assertNoCanary(r, REFRESHED_ACCESS_TOKEN);
  });

  // script(1) gives the command a real terminal as standard output.
  void test(
    '--print on a terminal prints the token; in CI it is refused even there',
    { skip: !existsSync('/usr/bin/script') },
    async () => {
      const args = [
        'token',
        'webexBearer',
        '--print',
        '--base-url',
        webex.baseUrl,
        '--token-origin',
        originOf(webex.baseUrl),
      ];
      const onTerminal = await inTerminal(args, { ...webexEnv, CI: '' });
      assert.equal(onTerminal.code, 0, onTerminal.output);
      assert.ok(onTerminal.output.includes(REFRESHED_ACCESS_TOKEN), onTerminal.output);
      for (const secret of CANARIES) assert.ok(!onTerminal.output.includes(secret), secret);

      const inCi = await inTerminal(args, { ...webexEnv, CI: 'true' });
      assert.equal(inCi.code, 2, inCi.output);
      assert.match(inCi.output, /--print is refused in CI \(CI is set\)/);
      assert.ok(!inCi.output.includes(REFRESHED_ACCESS_TOKEN));
    },
  );
});

/** Runs the bundle with a pseudo-terminal as stdout (util-linux script), returning what the terminal showed. */
function inTerminal(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, cli.bin, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const base: Record<string, string | undefined> = { ...process.env };
    for (const key of Object.keys(base)) if (/TOKEN|_proxy$|_PROXY$/i.test(key)) delete base[key];
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { ...base, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
    child.stdin.end();
  });
}

describe('token huaweiAccessToken and huaweiConferenceAuthorization', () => {
  let huawei: HuaweiStandIn;
  before(async () => {
    huawei = await startHuaweiStandIn({ controlLifeSeconds: 1800 });
  });
  after(() => huawei.close());
  const at = (): string[] => ['--base-url', huawei.baseUrl, '--token-origin', huawei.baseUrl];

  test('App ID sign-in, signed here with the App Key from the environment', async () => {
    const r = await cli.run(['token', 'huaweiAccessToken', ...at()], { env: appIdEnv });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^huaweiAccessToken for http:\/\/127\.0\.0\.1:\d+: expires \S+ \((23|24) h left\); from Huawei App ID sign-in with HUAWEI_APP_ID, HUAWEI_APP_KEY\n$/,
    );
    assertNoCanary(r, HUAWEI_TOKEN);
    const call = huawei.seen.at(-1);
    assert.equal(call?.path, '/v2/usg/acs/auth/appauth');
    assert.ok(!JSON.stringify(call).includes(APP_KEY), 'the App Key itself never travels');
  });

  test('a wrong App Key: Huawei refuses the signature, exit 1, in words', async () => {
    const r = await cli.run(['token', 'huawei', ...at()], {
      env: { HUAWEI_APP_ID: APP_ID, HUAWEI_APP_KEY: 'canary-wrong-app-key' },
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Huawei refused the App ID sign-in: 401 USG\.201040001 \(Huawei said: signature mismatch\)/);
    assertNoCanary(r, 'canary-wrong-app-key');
  });

  test('account and password', async () => {
    const r = await cli.run(['token', 'huaweiAccessToken', ...at()], {
      env: { HUAWEI_ACCOUNT: ACCOUNT, HUAWEI_PASSWORD: PASSWORD },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /from Huawei account sign-in with HUAWEI_ACCOUNT, HUAWEI_PASSWORD/);
    assertNoCanary(r, HUAWEI_TOKEN, Buffer.from(`${ACCOUNT}:${PASSWORD}`).toString('base64'));
  });

  test('both Huawei pairs set is a usage error', async () => {
    const r = await cli.run(['token', 'huaweiAccessToken', ...at()], {
      env: { ...appIdEnv, HUAWEI_ACCOUNT: ACCOUNT, HUAWEI_PASSWORD: PASSWORD },
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unset the pair you do not mean/);
  });

  test('the control token for a meeting in progress, from the host password', async () => {
    const r = await cli.run(['token', 'huawei-control', '--conference-id', LIVE_CONFERENCE, ...at()], {
      env: { HUAWEI_HOST_PASSWORD: HOST_PASSWORD },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(
        `^huaweiConferenceAuthorization for \\S+ \\(meeting ${LIVE_CONFERENCE}\\): expires \\S+ \\((29|30) min left\\); from Huawei meeting-control token with HUAWEI_HOST_PASSWORD\\n$`,
      ),
    );
    assertNoCanary(r, ...huawei.controlTokens);
  });

  test('a refused control token says what Huawei said, without guessing why (exit 1)', async () => {
    const r = await cli.run(['token', 'huaweiConferenceAuthorization', '--conference-id', '123', ...at()], {
      env: { HUAWEI_HOST_PASSWORD: HOST_PASSWORD },
    });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'meeting-payloads token: No control token for meeting 123: Huawei answered 400 MMC.111070005: conference not started.\n',
    );
    assertNoCanary(r);
  });

  test('a control token needs its meeting', async () => {
    const r = await cli.run(['token', 'huaweiConferenceAuthorization', ...at()], {
      env: { HUAWEI_HOST_PASSWORD: HOST_PASSWORD },
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--conference-id/);
  });

  test('HUAWEI_ACCESS_TOKEN alone is reported as not checked, and sends nothing', async () => {
    const seenBefore = huawei.seen.length;
    const r = await cli.run(['token', 'huaweiAccessToken', ...at()], {
      env: { HUAWEI_ACCESS_TOKEN: 'some-huawei-token' },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /expiry unknown; from HUAWEI_ACCESS_TOKEN \(not checked\)/);
    assert.ok(!r.stdout.includes('some-huawei-token'));
    assert.equal(huawei.seen.length, seenBefore);
  });

  test('an unknown scheme is a usage error listing the schemes', async () => {
    const r = await cli.run(['token', 'bogus', '--env', 'production'], { env: {} });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /choose one of webexBearer, huaweiAccessToken, huaweiConferenceAuthorization/);
  });
});

/**
 * The API and its token endpoints on one origin, as in production: the PUT operations checked for the stand-in's
 * token; everything else forwarded to the token stand-in.
 */
async function apiWithTokens(
  tokens: { baseUrl: string },
  accepts: (headers: http.IncomingHttpHeaders) => boolean,
  refusal: { status: number; body: unknown },
): Promise<{ origin: string; puts: http.IncomingHttpHeaders[]; close(): Promise<void> }> {
  const puts: http.IncomingHttpHeaders[] = [];
  const target = new URL(tokens.baseUrl);
  const server = http.createServer((req, res) => {
    if (req.method === 'PUT') {
      puts.push(req.headers);
      req.resume();
      req.on('end', () => {
        const ok = accepts(req.headers);
        res.writeHead(ok ? 200 : refusal.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ok ? {} : refusal.body));
      });
      return;
    }
    const forward = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    puts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('send with sign-in flows', () => {
  let huawei: HuaweiStandIn;
  let webex: StandIn;
  before(async () => {
    huawei = await startHuaweiStandIn();
    webex = await startWebexStandIn({ polls: [], refresh: 'same' });
  });
  after(async () => {
    await huawei.close();
    await webex.close();
  });

  const vmr = (): string => join(REPO_ROOT, 'examples', 'huawei-update-vmr.meeting.json');
  const huaweiRefusal = { status: 401, body: { error_code: 'USG.000000004', error_msg: 'token invalid' } };

  test('no token variable: the App ID sign-in gives the token, which goes in X-Access-Token', async () => {
    const api = await apiWithTokens(huawei, (h) => h['x-access-token'] === HUAWEI_TOKEN, huaweiRefusal);
    try {
      const r = await cli.run(['send', vmr(), '--base-url', api.origin, '--token-origin', api.origin], {
        env: appIdEnv,
      });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /note: X-Access-Token from the Huawei App ID sign-in with HUAWEI_APP_ID, HUAWEI_APP_KEY/);
      assert.equal(api.puts.length, 1);
      assertNoCanary(r, HUAWEI_TOKEN);
    } finally {
      await api.close();
    }
  });

  test('a refused HUAWEI_ACCESS_TOKEN is renewed by the flow and the request sent once more', async () => {
    const api = await apiWithTokens(huawei, (h) => h['x-access-token'] === HUAWEI_TOKEN, huaweiRefusal);
    try {
      const r = await cli.run(['send', vmr(), '--base-url', api.origin, '--token-origin', api.origin], {
        env: { ...appIdEnv, HUAWEI_ACCESS_TOKEN: 'stale-huawei-token' },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /the token in HUAWEI_ACCESS_TOKEN was refused \(401\); obtaining a new one/);
      assert.deepEqual(
        api.puts.map((h) => h['x-access-token']),
        ['stale-huawei-token', HUAWEI_TOKEN],
      );
      assertNoCanary(r, HUAWEI_TOKEN);
    } finally {
      await api.close();
    }
  });

  test('a failing flow: not sent, exit 1, in words', async () => {
    const api = await apiWithTokens(huawei, () => true, huaweiRefusal);
    try {
      const r = await cli.run(['send', vmr(), '--base-url', api.origin, '--token-origin', api.origin], {
        env: { HUAWEI_APP_ID: APP_ID, HUAWEI_APP_KEY: 'canary-wrong-app-key' },
      });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /error: no token: Huawei refused the App ID sign-in.*\nNot sent\./);
      assert.equal(api.puts.length, 0);
      assertNoCanary(r, 'canary-wrong-app-key');
    } finally {
      await api.close();
    }
  });

  test('to an origin the scheme does not allow, the credentials stay home and the request goes without a token', async () => {
    const api = await apiWithTokens(huawei, (h) => h['x-access-token'] === undefined, huaweiRefusal);
    const seenBefore = huawei.seen.length;
    try {
      const r = await cli.run(['send', vmr(), '--base-url', api.origin], { env: appIdEnv });
      assert.match(
        r.stderr,
        /The Huawei App ID sign-in with HUAWEI_APP_ID, HUAWEI_APP_KEY is for https:\/\/api\.meeting\.huaweicloud\.com/,
      );
      assert.equal(huawei.seen.length, seenBefore);
      assert.equal(api.puts.length, 1);
      assert.equal(api.puts[0]?.['x-access-token'], undefined);
      assertNoCanary(r);
    } finally {
      await api.close();
    }
  });

  test('updateStartedConfConfig mints the control token for the file’s conferenceID from HUAWEI_HOST_PASSWORD', async () => {
    const issued = huawei.controlTokens.length;
    const api = await apiWithTokens(
      huawei,
      (h) =>
        typeof h['x-conference-authorization'] === 'string' &&
        huawei.controlTokens.includes(h['x-conference-authorization']),
      huaweiRefusal,
    );
    const file = files.write(
      'started.meeting.json',
      JSON.stringify({
        operation: 'huawei.meeting.updateStartedConfConfig',
        query: { conferenceID: LIVE_CONFERENCE },
        body: { isLock: 1 },
      }),
    );
    try {
      const r = await cli.run(['send', file, '--base-url', api.origin, '--token-origin', api.origin], {
        env: { HUAWEI_HOST_PASSWORD: HOST_PASSWORD },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(huawei.controlTokens.length, issued + 1);
      assert.match(
        r.stderr,
        /X-Conference-Authorization from the Huawei meeting-control token with HUAWEI_HOST_PASSWORD/,
      );
      assertNoCanary(r, ...huawei.controlTokens);
    } finally {
      await api.close();
    }
  });

  test('Webex: the integration refresh gives the Bearer token', async () => {
    const api = await apiWithTokens(webex, (h) => h.authorization === `Bearer ${REFRESHED_ACCESS_TOKEN}`, {
      status: 401,
      body: { message: 'bad token' },
    });
    const file = join(REPO_ROOT, 'examples', 'webex-update-personal-room.meeting.json');
    try {
      const r = await cli.run(['send', file, '--base-url', `${api.origin}/v1`, '--token-origin', api.origin], {
        env: { ...webexEnv, WEBEX_TOKEN: ACCESS_TOKEN },
      });
      // WEBEX_TOKEN is refused by this API, then renewed by the refresh.
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /the token in WEBEX_TOKEN was refused \(401\)/);
      assert.deepEqual(
        api.puts.map((h) => h.authorization),
        [`Bearer ${ACCESS_TOKEN}`, `Bearer ${REFRESHED_ACCESS_TOKEN}`],
      );
      assertNoCanary(r, REFRESHED_ACCESS_TOKEN, ACCESS_TOKEN);
    } finally {
      await api.close();
    }
  });
});
