/**
 * `meeting-payloads send` against real node:http servers on 127.0.0.1: the token comes from the environment,
 * goes only to the origin it is for, is never printed (even when the server echoes it), and does not follow a
 * redirect to another origin; invalid files are refused; statuses, timeouts and refusals map to exit codes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { builtinSchemeOrigins, SCHEME_VARIABLES } from '../../../cli/send/token';
import { builtinCatalog } from '../../helpers/catalog';
import { shadowCatalogYaml } from '../../helpers/shadowCatalog';
import { Cli, scratchDir } from './cliHarness';

const TOKEN = 'tok-SECRET-5f1c2e9a';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

class RecordingServer {
  readonly seen: Seen[] = [];
  readonly connects: string[] = [];
  private readonly server: Server;

  constructor(
    handle: (req: Seen, respond: (status: number, headers: Record<string, string>, body?: string) => void) => void,
  ) {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (d: string) => (body += d));
      req.on('end', () => {
        const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
        this.seen.push(seen);
        handle(seen, (status, headers, text) => {
          res.writeHead(status, headers);
          res.end(text);
        });
      });
    });
    // As a proxy: record where the tunnel should go, and refuse it (nothing leaves this machine).
    this.server.on('connect', (req, socket) => {
      this.connects.push(req.url ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
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

let cli: Cli;
const files = scratchDir();
let api: RecordingServer;
let elsewhere: RecordingServer;
let apiUrl: string;
let elsewhereUrl: string;

const vmrFile = (id: string, body: unknown = { vmrName: 'Project room', allowGustFirst: false }) =>
  files.write(
    `${id}.meeting.json`,
    JSON.stringify({ operation: 'huawei.meeting.updateMemberVmr', pathParams: { id }, body }, null, 2),
  );

before(async () => {
  cli = await Cli.build();
  elsewhere = new RecordingServer((_req, respond) => respond(200, { 'content-type': 'text/plain' }, 'stolen'));
  elsewhereUrl = await elsewhere.listen();
  api = new RecordingServer((req, respond) => {
    const id = req.url.split('/').pop() ?? '';
    if (id === 'redirect') respond(302, { location: `${elsewhereUrl}/collect` });
    else if (id === 'fail') respond(500, { 'content-type': 'application/json' }, '{"error_code":"MMC.111070005"}');
    else if (id === 'hang') {
      return;
    } // never answers
    else {
      // Echoes the token back, as careless servers do: the command must still never print it.
      const echoed = String(req.headers['x-access-token'] ?? '');
      respond(200, { 'content-type': 'application/json', 'x-echo': echoed }, JSON.stringify({ echoed }));
    }
  });
  apiUrl = await api.listen();
  for (const id of ['ok', 'redirect', 'fail', 'hang']) vmrFile(id);
  vmrFile('invalid', { vmrName: 'test', allowGustFirst: 'false' });
});
after(async () => {
  await api.close();
  await elsewhere.close();
  cli.dispose();
  files.dispose();
});

const send = (args: string[], env: Record<string, string> = {}) =>
  cli.run(['send', ...args], { cwd: files.dir, env, timeoutMs: 20_000 });

describe('send: the token', () => {
  test('T33: each variable is bound to the origins the built-in environments send its scheme to, read from the catalog', () => {
    const byScheme = builtinSchemeOrigins(builtinCatalog().all());
    const huawei = ['https://api.meeting.huaweicloud.com', 'https://api-intl.meeting.huaweicloud.com'];
    assert.deepEqual(Object.fromEntries(byScheme), {
      webexBearer: ['https://webexapis.com'],
      huaweiAccessToken: huawei,
      huaweiConferenceAuthorization: huawei,
    });
    // Every built-in scheme has its own variable; none is left to the generic MEETING_PAYLOADS_TOKEN_<SCHEME>.
    assert.deepEqual([...byScheme.keys()].sort(), Object.keys(SCHEME_VARIABLES).sort());
  });

  test('comes from HUAWEI_ACCESS_TOKEN, goes to the origin allowed for it, and is never printed', async () => {
    const before = api.seen.length;
    const r = await send(['ok.meeting.json', '--base-url', apiUrl], {
      HUAWEI_ACCESS_TOKEN: TOKEN,
      MEETING_PAYLOADS_TOKEN_ORIGIN: apiUrl,
    });
    assert.equal(r.code, 0, r.stderr);
    const seen = api.seen.slice(before);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].method, 'PUT');
    assert.equal(seen[0].url, '/v1/usg/dcs/member/vmr/ok');
    assert.equal(seen[0].headers['x-access-token'], TOKEN);
    assert.deepEqual(JSON.parse(seen[0].body), { vmrName: 'Project room', allowGustFirst: false });
    assert.match(r.stdout, /^HTTP 200 OK\n/);
    assert.match(r.stdout, /^x-echo: ••••••$/m);
    assert.match(r.stdout, /\{"echoed":"••••••"\}\n$/);
    assert.match(r.stderr, /^note: X-Access-Token from HUAWEI_ACCESS_TOKEN$/m);
    assert.match(r.stderr, /^> PUT http:\/\/127\.0\.0\.1:\d+\/v1\/usg\/dcs\/member\/vmr\/ok$/m);
    assert.match(r.stderr, /^> X-Access-Token: ••••••$/m);
    assert.ok(!(r.stdout + r.stderr).includes(TOKEN));
    assert.ok(!(r.stdout + r.stderr).includes('5f1c2e9a'));
  });

  test('is not sent to an origin it is not for: the request goes without it, and says why', async () => {
    const before = api.seen.length;
    const r = await send(['ok.meeting.json', '--base-url', apiUrl], { HUAWEI_ACCESS_TOKEN: TOKEN });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(api.seen[before].headers['x-access-token'], undefined);
    assert.match(
      r.stderr,
      /note: The token in HUAWEI_ACCESS_TOKEN is for https:\/\/api\.meeting\.huaweicloud\.com, https:\/\/api-intl\.meeting\.huaweicloud\.com; it is not sent to http:\/\/127\.0\.0\.1:\d+\. Give --token-origin http:\/\/127\.0\.0\.1:\d+ to allow it\.$/m,
    );
    assert.ok(!(r.stdout + r.stderr).includes(TOKEN));
  });

  test("MEETING_PAYLOADS_TOKEN serves any operation; another scheme's variable does not", async () => {
    const before = api.seen.length;
    await send(['ok.meeting.json', '--base-url', apiUrl], {
      MEETING_PAYLOADS_TOKEN: TOKEN,
      MEETING_PAYLOADS_TOKEN_ORIGIN: apiUrl,
    });
    assert.equal(api.seen[before].headers['x-access-token'], TOKEN);
    const r = await send(['ok.meeting.json', '--base-url', apiUrl], {
      WEBEX_TOKEN: TOKEN,
      MEETING_PAYLOADS_TOKEN_ORIGIN: apiUrl,
    });
    assert.equal(api.seen[before + 1].headers['x-access-token'], undefined);
    assert.match(r.stderr, /note: No token: set HUAWEI_ACCESS_TOKEN or MEETING_PAYLOADS_TOKEN to send/);
  });

  test('an operation without a security requirement gets no token, and the command says so', async () => {
    files.write(
      'things.yaml',
      [
        'openapi: 3.1.0',
        'info: { title: things, version: "1" }',
        'servers: [{ url: "https://things.example.com/api" }]',
        'paths:',
        '  /things/{id}:',
        '    put:',
        '      operationId: putThing',
        '      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]',
        '      requestBody: { content: { application/json: { schema: { type: object } } } }',
        '      responses: { "200": { description: ok } }',
        '',
      ].join('\n'),
    );
    files.write(
      'thing.meeting.json',
      JSON.stringify({ operation: 'things.putThing', pathParams: { id: 'ok' }, body: {} }),
    );
    const before = api.seen.length;
    const r = await send(['thing.meeting.json', '--catalog', 'things=things.yaml', '--base-url', `${apiUrl}/api`], {
      MEETING_PAYLOADS_TOKEN: TOKEN,
      MEETING_PAYLOADS_TOKEN_ORIGIN: apiUrl,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(api.seen[before]?.url, '/api/things/ok');
    assert.deepEqual(
      Object.keys(api.seen[before]?.headers ?? {}).filter((h) => /token|authorization/i.test(h)),
      [],
    );
    assert.match(r.stderr, /note: things\.putThing declares no security requirement, so no token is sent\./);
  });

  test('a redirect to another origin is not followed: nothing reaches it', async () => {
    const r = await send(['redirect.meeting.json', '--base-url', apiUrl], {
      HUAWEI_ACCESS_TOKEN: TOKEN,
      MEETING_PAYLOADS_TOKEN_ORIGIN: apiUrl,
    });
    assert.equal(r.code, 1, 'a 302 is not a success');
    assert.match(r.stdout, /^HTTP 302 Found\n/);
    assert.match(r.stderr, /note: the redirect to http:\/\/127\.0\.0\.1:\d+\/collect was not followed/);
    assert.equal(elsewhere.seen.length, 0);
    assert.ok(!(r.stdout + r.stderr).includes(TOKEN));
  });

  test('cannot be given as an argument', async () => {
    const r = await send(['ok.meeting.json', '--base-url', apiUrl, '--token', TOKEN]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown option '--token'/);
  });
});

describe('send: a user catalog decides neither where a token goes nor what a built-in id means', () => {
  // The attacker's server: a user catalog lists it; it must never see a token or a request meant for a built-in.
  let attacker: RecordingServer;
  let attackerUrl: string;
  before(async () => {
    attacker = new RecordingServer((_req, respond) => respond(200, { 'content-type': 'text/plain' }, 'stolen'));
    attackerUrl = await attacker.listen();
    files.write(
      'collect.yaml',
      [
        'openapi: 3.1.0',
        "info: { title: collect, version: '1' }",
        `servers: [{ url: '${attackerUrl}/api' }]`,
        'paths:',
        '  /webex:',
        '    put: { operationId: webex, security: [{ webexBearer: [] }], responses: { "200": { description: ok } } }',
        '  /huawei:',
        '    put: { operationId: huawei, security: [{ huaweiAccessToken: [] }], responses: { "200": { description: ok } } }',
        '  /own:',
        '    put: { operationId: own, security: [{ collectKey: [] }], responses: { "200": { description: ok } } }',
        'components:',
        '  securitySchemes:',
        '    webexBearer: { type: http, scheme: bearer }',
        '    huaweiAccessToken: { type: apiKey, in: header, name: X-Access-Token }',
        '    collectKey: { type: apiKey, in: header, name: X-Collect-Key }',
        '',
      ].join('\n'),
    );
    for (const op of ['webex', 'huawei', 'own']) {
      files.write(`collect-${op}.meeting.json`, JSON.stringify({ operation: `collect.${op}` }));
    }
    files.write('shadow.yaml', shadowCatalogYaml(`${attackerUrl}/evil`));
  });
  after(() => attacker.close());

  const credentialHeaders = (seen: Seen | undefined) =>
    Object.keys(seen?.headers ?? {}).filter((h) => /token|authorization|key/i.test(h));

  test('T33: a catalog naming its schemes like the built-ins gets no WEBEX_TOKEN or HUAWEI_ACCESS_TOKEN at its servers', async () => {
    for (const [op, variable, bound] of [
      ['webex', 'WEBEX_TOKEN', 'https://webexapis\\.com'],
      [
        'huawei',
        'HUAWEI_ACCESS_TOKEN',
        'https://api\\.meeting\\.huaweicloud\\.com, https://api-intl\\.meeting\\.huaweicloud\\.com',
      ],
    ] as const) {
      const before = attacker.seen.length;
      const r = await send([`collect-${op}.meeting.json`, '--catalog', 'collect=collect.yaml', '--env', 'production'], {
        [variable]: TOKEN,
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(attacker.seen.length, before + 1, 'the request itself still goes where the user sent it');
      assert.equal(attacker.seen[before].url, `/api/${op}`);
      assert.deepEqual(credentialHeaders(attacker.seen[before]), [], `${variable} reached the catalog's server`);
      assert.match(
        r.stderr,
        new RegExp(
          `^note: The token in ${variable} is for ${bound}; it is not sent to http://127\\.0\\.0\\.1:\\d+\\. Give --token-origin http://127\\.0\\.0\\.1:\\d+ to allow it\\.$`,
          'm',
        ),
      );
      assert.ok(!(r.stdout + r.stderr).includes(TOKEN));
    }
  });

  test('T33: a scheme of its own is bound to no origin until the user names one with --token-origin', async () => {
    const before = attacker.seen.length;
    const refused = await send(
      ['collect-own.meeting.json', '--catalog', 'collect=collect.yaml', '--env', 'production'],
      {
        MEETING_PAYLOADS_TOKEN: TOKEN,
      },
    );
    assert.equal(refused.code, 0, refused.stderr);
    assert.deepEqual(credentialHeaders(attacker.seen[before]), []);
    assert.match(
      refused.stderr,
      /^note: The token in MEETING_PAYLOADS_TOKEN is for no built-in origin \(a catalog’s servers never count\); it is not sent to http:\/\/127\.0\.0\.1:\d+\./m,
    );
    // Named explicitly, the origin gets it: the user's decision, not the catalog's.
    const named = await send(
      [
        'collect-own.meeting.json',
        '--catalog',
        'collect=collect.yaml',
        '--env',
        'production',
        '--token-origin',
        attackerUrl,
      ],
      { MEETING_PAYLOADS_TOKEN_COLLECTKEY: TOKEN },
    );
    assert.equal(named.code, 0, named.stderr);
    assert.equal(attacker.seen[before + 1].headers['x-collect-key'], TOKEN);
    assert.match(named.stderr, /^note: X-Collect-Key from MEETING_PAYLOADS_TOKEN_COLLECTKEY$/m);
    assert.ok(!(named.stdout + named.stderr).includes(TOKEN));
  });

  test('T34: a catalog cannot replace a built-in operation: refused at its operationId, the built-in PUT is sent', async () => {
    const before = api.seen.length;
    const attacked = attacker.seen.length;
    const r = await send(['ok.meeting.json', '--catalog', 'huawei=shadow.yaml', '--env', 'mock'], {
      http_proxy: apiUrl,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^shadow\.yaml:7:20: error: DELETE \/v1\/usg\/dcs\/member\/vmr\/\{id\} is refused: its id huawei\.meeting\.updateMemberVmr is a built-in operation \(PUT \/v1\/usg\/dcs\/member\/vmr\/\{id\}\), which cannot be replaced\. Rename its operationId or the catalog\.$/m,
    );
    // Seen at the proxy: the built-in method, path and base path (the shadow's would be DELETE …/evil/…).
    assert.equal(api.seen[before].method, 'PUT');
    assert.equal(api.seen[before].url, 'http://127.0.0.1:4010/v1/usg/dcs/member/vmr/ok');
    assert.equal(attacker.seen.length, attacked);
  });
});

describe('send: what is sent, where, and the exit code', () => {
  test('an invalid file is refused unless --force', async () => {
    const before = api.seen.length;
    const refused = await send(['invalid.meeting.json', '--base-url', apiUrl]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^invalid\.meeting\.json:\d+:\d+: error: allowGustFirst must be a boolean/m);
    assert.match(refused.stderr, /not sent \(--force sends it anyway\)/);
    assert.equal(api.seen.length, before);
    const forced = await send(['invalid.meeting.json', '--base-url', apiUrl, '--force']);
    assert.equal(forced.code, 0);
    assert.equal(api.seen.length, before + 1);
    assert.match(api.seen[before].body, /"allowGustFirst": "false"/);
  });

  test('T48/T49: validate reports a method-override header at its place; send --force refuses it with the same words', async () => {
    const file = files.write(
      'override.meeting.json',
      JSON.stringify(
        {
          operation: 'huawei.meeting.updateMemberVmr',
          pathParams: { id: 'ok' },
          headers: { 'X-HTTP-Method-Override': 'DELETE' },
          body: { vmrName: 'Project room' },
        },
        null,
        2,
      ),
    );
    const message = `The header "X-HTTP-Method-Override" would make a gateway use another method than the operation's; a request file may not set it.`;
    const validated = await cli.run(['validate', file], { cwd: files.dir });
    assert.equal(validated.code, 1);
    assert.ok(
      validated.stdout.includes(`override.meeting.json:7:5: error: ${message} [header-routing]`),
      validated.stdout,
    );
    const before = api.seen.length;
    const forced = await send([file, '--base-url', apiUrl, '--force'], {
      HUAWEI_ACCESS_TOKEN: TOKEN,
      MEETING_PAYLOADS_TOKEN_ORIGIN: apiUrl,
    });
    assert.equal(forced.code, 1);
    assert.match(forced.stderr, /:7:5: error: The header "X-HTTP-Method-Override" would make/);
    assert.ok(forced.stderr.includes(`meeting-payloads send: ${message}\n`), forced.stderr);
    assert.equal(api.seen.length, before, 'nothing reached the server');
  });

  test('a 500 exits 1 and still shows the response', async () => {
    const r = await send(['fail.meeting.json', '--base-url', apiUrl]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^HTTP 500 Internal Server Error\n[\s\S]*\n\n\{"error_code":"MMC\.111070005"\}\n$/);
  });

  test('--timeout bounds a server that never answers; a refused connection fails fast', async () => {
    const start = Date.now();
    const slow = await send(['hang.meeting.json', '--base-url', apiUrl, '--timeout', '400']);
    assert.equal(slow.code, 1);
    assert.ok(Date.now() - start < 10_000);
    assert.match(slow.stderr, /meeting-payloads send: .*(time|took)/i);
    const headers = await send(['hang.meeting.json', '--base-url', apiUrl, '--headers-timeout', '300']);
    assert.equal(headers.code, 1);
    const closed = await send(['ok.meeting.json', '--base-url', 'http://127.0.0.1:9']);
    assert.equal(closed.code, 1);
    assert.match(closed.stderr, /meeting-payloads send: /);
  });

  test('--env production goes to the documented server (seen at the proxy), --env mock to 127.0.0.1:4010', async () => {
    const prod = await send(['ok.meeting.json', '--env', 'production'], {
      https_proxy: apiUrl,
      HUAWEI_ACCESS_TOKEN: TOKEN,
    });
    assert.equal(prod.code, 1, 'the proxy refuses the tunnel');
    assert.deepEqual(api.connects, ['api.meeting.huaweicloud.com:443']);
    assert.ok(!(prod.stdout + prod.stderr).includes(TOKEN));
    const intl = await send(['ok.meeting.json', '--env', 'production-intl'], { https_proxy: apiUrl });
    assert.equal(intl.code, 1);
    assert.equal(api.connects[1], 'api-intl.meeting.huaweicloud.com:443');
    const before = api.seen.length;
    const mock = await send(['ok.meeting.json', '--env', 'mock'], { http_proxy: apiUrl });
    assert.equal(mock.code, 0, mock.stderr);
    assert.equal(api.seen[before].url, 'http://127.0.0.1:4010/v1/usg/dcs/member/vmr/ok');
  });

  test('--format json prints the whole outcome, token masked', async () => {
    const r = await send(['ok.meeting.json', '--base-url', apiUrl, '--format', 'json'], {
      HUAWEI_ACCESS_TOKEN: TOKEN,
      MEETING_PAYLOADS_TOKEN_ORIGIN: apiUrl,
    });
    assert.equal(r.code, 0);
    const outcome = JSON.parse(r.stdout) as {
      kind: string;
      status: number;
      sent: { headers: string[][] };
      attempts: number;
    };
    assert.equal(outcome.kind, 'response');
    assert.equal(outcome.status, 200);
    assert.equal(outcome.attempts, 1);
    assert.deepEqual(
      outcome.sent.headers.find(([name]) => name === 'X-Access-Token'),
      ['X-Access-Token', '••••••'],
    );
    assert.ok(!r.stdout.includes(TOKEN));
  });

  test('usage errors exit 2', async () => {
    for (const args of [
      ['ok.meeting.json'],
      ['ok.meeting.json', '--env', 'staging'],
      ['ok.meeting.json', '--env', 'mock', '--base-url', apiUrl],
      ['ok.meeting.json', '--base-url', 'ftp://example.com'],
      ['ok.meeting.json', '--base-url', apiUrl, '--timeout', 'soon'],
      ['ok.meeting.json', '--base-url', apiUrl, '--token-origin', 'ftp://example.com'],
      ['missing.meeting.json', '--base-url', apiUrl],
      [],
    ]) {
      const r = await send(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
  });
});
