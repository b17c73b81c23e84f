/**
 * T43: secrets in request and response bodies (PINs, passwords, host keys, join links) never reach a support
 * bundle. The server prepares each request over a real LSP connection, so the secret fields come from the catalog
 * (`x-secret`); the HTTP core sends it to a loopback server that answers with those secrets again — behind a
 * byte-order mark, before trailing text, in a body cut at the size limit, in plain text — and the bundle is
 * searched for every planted value in every echoed form.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { sendRequest, toSupportBundle, type SendOutcome } from '../../../client/src/http/index';
import type { PreparedRequest } from '../../../common/requestSpec';
import { echoedForms, reveals, settings, startServer, type TestServer } from '../http/helpers';
import { startLogged, type LoggedHarness } from './helpers';

/** Digits that pass the catalog's PIN and password rules (no repeated or sequential runs). */
function canaryDigits(length: number): string {
  for (;;) {
    const digits = Array.from({ length }, () => randomInt(10)).join('');
    if (
      !/(\d)\1/.test(digits) &&
      !/0123|1234|2345|3456|4567|5678|6789|9876|8765|7654|6543|5432|4321|3210/.test(digits)
    ) {
      return digits;
    }
  }
}

// Eight characters or more: base64 of a shorter secret cannot be masked at every alignment (SECURITY.md).
const HOST_PIN = canaryDigits(8);
const CHAIR_PWD = canaryDigits(8);
const GUEST_PWD = canaryDigits(9);
const HOST_KEY = canaryDigits(8);
const JOIN_TOKEN = `join-${canaryDigits(12)}`;
const CANARIES = { HOST_PIN, CHAIR_PWD, GUEST_PWD, HOST_KEY, JOIN_TOKEN };
/** The secrets only a response carries, in fields of JSON. */
const RESPONSE_ONLY = { HOST_KEY, JOIN_TOKEN };

const PMR_FILE = JSON.stringify({
  operation: 'webex.meetings.updatePersonalMeetingRoomOptions',
  query: { siteUrl: 'site4-example.webex.com' },
  body: {
    topic: 'Room 3F',
    hostPin: HOST_PIN,
    enabledAutoLock: false,
    enabledNotifyHost: true,
    supportCoHost: false,
    coHosts: [],
  },
});
const VMR_FILE = JSON.stringify({
  operation: 'huawei.meeting.updateMemberVmr',
  pathParams: { id: 'ff80808167ef1edf0167f33d650c0662' },
  body: { vmrName: 'Project room 3F', chairPwd: CHAIR_PWD, gustPwd: GUEST_PWD, allowGustFirst: false },
});

let h: LoggedHarness;
let server: TestServer;
let n = 0;

/** Answers by path: the request's body repeated in JSON with extras, in text, or long enough to be cut. */
function answer(path: string, body: string): { type: string; text: string } {
  const echoed = JSON.parse(body) as Record<string, unknown>;
  const extras = {
    hostKey: HOST_KEY,
    chairJoinUri: `https://meeting.example/join?token=${JOIN_TOKEN}`,
    trackingId: 'ROUTER_1',
  };
  const json = JSON.stringify({ ...echoed, ...extras }, null, 1);
  if (path.includes('bom')) return { type: 'application/json', text: `\ufeff${json}` };
  if (path.includes('trailing')) return { type: 'application/json', text: `${json}\n<!-- node 7 -->\n${json}` };
  if (path.includes('text')) {
    return { type: 'text/plain', text: `hostPin ${HOST_PIN} / chairPwd ${CHAIR_PWD} / ${GUEST_PWD} rejected` };
  }
  if (path.includes('forms')) {
    const forms = Object.values(CANARIES).flatMap((c) => Object.values(echoedForms(c)));
    return { type: 'text/plain', text: forms.join('\n') };
  }
  // Cut inside the secret's value by the 1024-byte limit.
  const cut = `{"note":"${'x'.repeat(1024 - 36)}","chairPwd":"${CHAIR_PWD}${GUEST_PWD}"}`;
  return { type: 'application/json', text: cut };
}

before(async () => {
  h = await startLogged();
  server = await startServer(undefined, (req, res, body) => {
    const { type, text } = answer(req.url ?? '', body);
    res.writeHead(200, { 'Content-Type': type }).end(text);
  });
});
after(async () => {
  await server.close();
  await h.lsp.dispose();
});

async function prepare(text: string): Promise<PreparedRequest> {
  const uri = `file:///exports-${n++}.meeting.json`;
  await h.lsp.open(uri, text);
  const prepared = await h.lsp.prepare(uri, text);
  await h.lsp.close(uri);
  assert.ok(prepared.ok, prepared.ok ? '' : prepared.reason);
  return prepared.request;
}

async function sendTo(req: PreparedRequest, path: string): Promise<SendOutcome> {
  return sendRequest(
    { ...req, pathTemplate: `/${path}` },
    { baseUrl: server.url, settings: settings({ maxResponseBytes: 1024 }) },
  );
}

function assertNone(bundle: string, canaries: Record<string, string>): void {
  for (const [name, value] of Object.entries(canaries)) {
    assert.equal(reveals(bundle, value), undefined, `${name} (${value}) is in the bundle:\n${bundle}`);
  }
}

describe('T43: secret fields are redacted by the catalog, in requests and responses alike', () => {
  test('T43: meeting/prepareRequest names the fields the catalog marks x-secret (body and responses)', async () => {
    assert.deepEqual((await prepare(PMR_FILE)).secretFields, ['hostPin']);
    assert.deepEqual((await prepare(VMR_FILE)).secretFields, ['chairPwd', 'gustPwd']);
    const recurring = await prepare(
      JSON.stringify({ operation: 'huawei.meeting.updateRecurringMeeting', query: { conferenceID: '1' }, body: {} }),
    );
    assert.deepEqual(recurring.secretFields, [
      'audienceJoinUri',
      'chairJoinUri',
      'guestJoinUri',
      'guestPwd',
      'password',
    ]);
  });

  const cases: Array<{ name: string; file: string; sent: Record<string, string>; kept: string; field: string }> = [
    { name: 'PMR', file: PMR_FILE, sent: { HOST_PIN }, kept: '"topic":"Room 3F"', field: '`hostPin`' },
    {
      name: 'VMR',
      file: VMR_FILE,
      sent: { CHAIR_PWD, GUEST_PWD },
      kept: '"vmrName":"Project room 3F"',
      field: '`gustPwd`',
    },
  ];
  for (const { name, file, sent, kept, field } of cases) {
    for (const path of ['bom', 'trailing', 'text', 'cut', 'forms']) {
      test(`T43: ${name}: a response (${path}) repeating the secrets leaves none of them in the support bundle`, async () => {
        const req = await prepare(file);
        const outcome = await sendTo(req, path);
        assert.equal(outcome.kind, 'response', JSON.stringify(outcome));
        const bundle = toSupportBundle({ outcome, operationId: req.operationId, secretFields: req.secretFields });
        // The request's secrets, in every form the response may echo them in.
        assertNone(bundle, sent);
        if (path === 'bom' || path === 'trailing') assertNone(bundle, RESPONSE_ONLY);
        if (path === 'cut') assertNone(bundle, { CHAIR_PWD });
        // What is not secret is kept as written; what was redacted is listed.
        assert.ok(bundle.includes(kept), bundle);
        const listed = /^Redacted fields: (.*)\.$/m.exec(bundle)?.[1] ?? '';
        assert.ok(listed.includes(field), bundle);
        if (path === 'bom' || path === 'trailing') {
          for (const f of ['`hostKey`', '`chairJoinUri`']) assert.ok(listed.includes(f), listed);
        }
        if (path === 'bom') assert.match(bundle, /Tracking id \(Webex body `trackingId`\): `ROUTER_1`/);
      });
    }
  }
});
