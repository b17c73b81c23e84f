/**
 * The mock answers errors with the catalog's documented examples (#12 §3): `npm start`'s Prism mock of the whole
 * catalog (scripts/e2e/mockCatalog.mjs, on a free port) serves every error example of every request-file operation
 * when asked for it (`Prefer: code=…, example=…`), and the first one by itself where Prism answers an error on its
 * own (a body it refuses: 400; no token: 401). Each request is a documented request file prepared by the server's
 * prepareRequest and sent by the HTTP core; the panel's "What the server said" (common/serverSaid.ts) reads each
 * answer back into the example's fields, with the meaning of the codes we know.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sendRequest, type SendOutcome } from '../../../client/src/http/index';
import { HUAWEI_INVALID_TOKEN, huaweiCodeMeaning, knownErrorCode } from '../../../common/errorCodes';
import type { PreparedRequest } from '../../../common/requestSpec';
import { serverSaid, type ServerSaidItem } from '../../../common/serverSaid';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { prepareRequest } from '../../../server/src/features/prepareRequest';
import { builtinCatalog, doc } from '../../helpers/catalog';
import { errorExamples } from '../../helpers/errorExamples';
import { catalogRequests } from '../../helpers/documentedExamples';
import { tooling } from '../../e2e/harness/tooling';
import { closedPort, settings } from './helpers';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});

/** What "What the server said" must list for a documented envelope: its fields, in the panel's order. */
function expectedItems(value: Json): ServerSaidItem[] {
  if ('error_code' in value) {
    const code = String(value.error_code);
    const msg = String(value.error_msg);
    const msgMeaning = knownErrorCode('error_msg', msg)?.meaning;
    return [
      { label: 'Error code', text: code, meaning: huaweiCodeMeaning(code) ?? assert.fail(`no meaning for ${code}`) },
      { label: 'Error message', text: msg, ...(msgMeaning !== undefined ? { meaning: msgMeaning } : {}) },
    ];
  }
  const errors = (Array.isArray(value.errors) ? value.errors : []).map(obj);
  return [
    { label: 'Message', text: String(value.message) },
    ...errors.map((e) => ({ label: 'Error', text: String(e.description) })),
    { label: 'Tracking ID', text: String(value.trackingId) },
  ];
}

const header = (o: SendOutcome & { kind: 'response' }, name: string) =>
  o.headers.find(([k]) => k.toLowerCase() === name)?.[1];

void describe('the mock answers errors with the documented examples, and the panel reads them', () => {
  let mock: { origin: string; baseUrls: Record<string, string>; stop(): Promise<void> };
  let dir: string;
  /** The first documented request file of each request-file operation, as the server prepares it. */
  const requests = new Map<string, PreparedRequest>();
  for (const r of catalogRequests()) {
    const result = prepareRequest(doc(r.text), builtinCatalog(), DEFAULT_SERVER_SETTINGS);
    assert.ok(result.ok, `${r.source}: ${result.ok ? '' : result.reason}`);
    if (!requests.has(result.request.operationId)) requests.set(result.request.operationId, result.request);
  }
  const examples = errorExamples();
  let refusals: Record<string, Record<string, unknown>> = {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mp-mock-errors-'));
    const { startMockCatalog, MOCK_REFUSALS } = await tooling();
    refusals = MOCK_REFUSALS;
    mock = await startMockCatalog({ port: await closedPort(), dir, logFile: join(dir, 'prism.log') });
  });
  after(async () => {
    await mock?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function send(req: PreparedRequest, extraHeaders: Array<[string, string]>, withToken = true) {
    const slot = req.credentials[0];
    // Prism's `Prefer` is no header of the catalog: it is added to the documented ones, so the sender lets it by.
    const documentedHeaders = [...req.documentedHeaders, ...extraHeaders.map(([name]) => name)];
    const outcome = await sendRequest(
      { ...req, headers: [...req.headers, ...extraHeaders], documentedHeaders },
      {
        baseUrl: mock.baseUrls[req.family],
        ...(withToken && slot ? { token: { value: 'tok-mock-errors', slot, origin: mock.origin } } : {}),
        settings: settings(),
      },
    );
    assert.equal(outcome.kind, 'response', JSON.stringify(outcome));
    return outcome;
  }

  test('every error example of every request-file operation is served as documented and read back', async () => {
    let served = 0;
    const vendors = new Set<string>();
    for (const [id, req] of requests) {
      for (const ex of examples.get(id) ?? []) {
        const outcome = await send(req, [['Prefer', `code=${ex.status}, example=${ex.name}`]]);
        const where = `${id} ${ex.status} "${ex.name}"`;
        assert.equal(header(outcome, 'sl-violations'), undefined, `${where}: the documented request is valid`);
        assert.equal(outcome.status, ex.status, where);
        assert.deepEqual(JSON.parse(outcome.bodyText), ex.value, where);
        const said = serverSaid(outcome.status, outcome.headers, outcome.bodyText);
        assert.deepEqual(said?.items, expectedItems(ex.value), where);
        assert.deepEqual(said?.violations, [], where);
        vendors.add(said.vendor);
        served++;
      }
    }
    // 15 statuses each for the two Webex PUTs, 401 for the Huawei room, 400 and 401 for the Huawei series.
    assert.equal(served, 33);
    assert.deepEqual([...vendors].sort(), ['huawei', 'webex']);
  });

  test("a body the mock refuses: the mock's own refusal, or the status's documented meaning, beside the violations", async () => {
    const series = requests.get('huawei.meeting.updateRecurringMeeting') ?? assert.fail('no series request');
    // The documented body with one mistake: a duration as text. The series' documented 400 is of another
    // condition (a meeting already started), so the mock answers in its own words, never with that one's.
    const body = JSON.stringify({ ...(JSON.parse(series.body ?? '{}') as Json), length: '30' });
    const outcome = await send({ ...series, body }, []);
    assert.equal(outcome.status, 400);
    assert.deepEqual(JSON.parse(outcome.bodyText), refusals['huawei-meeting']);
    const said = serverSaid(outcome.status, outcome.headers, outcome.bodyText);
    assert.deepEqual(said?.items, [
      { label: 'Error code', text: 'MOCK.REFUSED' },
      {
        label: 'Error message',
        text: 'The local mock refused this request: its sl-violations header says why. Not an answer of Huawei.',
      },
    ]);
    assert.deepEqual(
      said.violations.map((v) => [v.where, v.message]),
      [['body › length', 'Request body property length must be integer']],
    );
    // A Huawei 400 with no documented example gets the same words, not placeholder strings.
    const room = requests.get('huawei.meeting.updateMemberVmr') ?? assert.fail('no room request');
    const refused = await send({ ...room, body: '{"vmrName":5}' }, []);
    assert.equal(refused.status, 400);
    assert.deepEqual(JSON.parse(refused.bodyText), refusals['huawei-meeting']);

    const pmr = requests.get('webex.meetings.updatePersonalMeetingRoomOptions') ?? assert.fail('no PMR request');
    const webex = await send({ ...pmr, body: '{"topic":5}' }, []);
    assert.equal(webex.status, 400);
    const words =
      'The request was invalid or cannot be otherwise served. An accompanying error message will explain further.';
    assert.deepEqual(serverSaid(webex.status, webex.headers, webex.bodyText)?.items, [
      { label: 'Message', text: words },
      { label: 'Error', text: words },
      { label: 'Tracking ID', text: '4A78EB66D02E4C78B9955AA504ECFC3D_1572666592909' },
    ]);
  });

  test("a body an OAuth endpoint refuses: the mock's own words in the OAuth error shape, not Webex's API one", async () => {
    const response = await fetch(`${mock.origin}/v1/device/authorize`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: 'scope=spark%3Aall', // no client_id
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as Json;
    assert.deepEqual(body, refusals.oauth);
    assert.equal(body.error, 'invalid_request');
  });

  test("no token: the documented 401, Huawei's invalid-token code with its meaning", async () => {
    const room = requests.get('huawei.meeting.updateMemberVmr') ?? assert.fail('no room request');
    const outcome = await send(room, [], false);
    assert.equal(outcome.status, 401);
    const said = serverSaid(outcome.status, outcome.headers, outcome.bodyText);
    assert.deepEqual(said?.items, [
      {
        label: 'Error code',
        text: HUAWEI_INVALID_TOKEN,
        meaning: 'The access token is invalid: it expired, was logged out, or a newer login replaced it.',
      },
      { label: 'Error message', text: 'The token is invalid.' },
    ]);
    assert.deepEqual(
      said.violations.map((v) => [v.where, v.message]),
      [['request', 'Invalid security scheme used']],
    );
  });
});
