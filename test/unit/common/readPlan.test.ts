/**
 * The read plan (#15 §1–2) over the real catalog: every PUT of the catalog gets its documented read (or the reason
 * there is none), the read's answer is shaped into the PUT body with every dropped field named, and the preview
 * says what the PUT changes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import {
  hasRead,
  noReadReason,
  previewPut,
  readRequest,
  selectResource,
  shapeForPut,
  type BodyShape,
} from '../../../common/readPlan';
import type { PreparedRequest } from '../../../common/requestSpec';
import { prepareRequest } from '../../../server/src/features/prepareRequest';
import { builtinCatalog, doc } from '../../helpers/catalog';
import { sharedLineMember } from '../../helpers/sharedLine';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

function prepared(text: string): PreparedRequest {
  const result = prepareRequest(doc(text), builtinCatalog(), DEFAULT_SERVER_SETTINGS);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.request;
}

const example = (name: string): PreparedRequest => prepared(readFileSync(join(EXAMPLES, name), 'utf8'));

function withBody(put: PreparedRequest, body: unknown): PreparedRequest {
  return { ...put, body: JSON.stringify(body) };
}

void describe('readRequest: the PUT request → the documented read', () => {
  it('Webex PMR: the GET on the same path with the same query', () => {
    const put = prepared(
      JSON.stringify({
        operation: 'webex.meetings.updatePersonalMeetingRoomOptions',
        query: { userEmail: 'ada@example.com', siteUrl: 'site.webex.com' },
        body: {},
      }),
    );
    const r = readRequest(put);
    assert.ok(r.ok);
    assert.equal(r.value.method, 'GET');
    assert.equal(r.value.pathTemplate, '/meetingPreferences/personalMeetingRoom');
    assert.deepEqual(r.value.query, [
      ['userEmail', 'ada@example.com'],
      ['siteUrl', 'site.webex.com'],
    ]);
    assert.equal(r.value.body, undefined);
    assert.deepEqual(
      r.value.credentials.map((c) => c.header),
      ['Authorization'],
      'the same token slot as the PUT',
    );
  });

  it('Webex Calling: the same path parameters', () => {
    const put = example('webex-calling-shared-line-members.meeting.json');
    const r = readRequest(put);
    assert.ok(r.ok);
    assert.deepEqual(r.value.pathParams, put.pathParams);
    assert.equal(r.value.pathTemplate, put.pathTemplate);
  });

  it('Huawei VMR: the paged list, with the page asked; the documented headers of the file go along', () => {
    const put = example('huawei-update-vmr.meeting.json');
    const first = readRequest(put);
    assert.ok(first.ok);
    assert.equal(first.value.pathTemplate, '/v1/usg/dcs/member/vmr');
    assert.deepEqual(first.value.pathParams, {});
    assert.deepEqual(first.value.query, [
      ['offset', '0'],
      ['limit', '100'],
    ]);
    assert.deepEqual(first.value.headers, [['Accept-Language', 'en-US']]);
    const second = readRequest(put, 100);
    assert.ok(second.ok);
    assert.deepEqual(second.value.query[0], ['offset', '100']);
  });

  it('Huawei recurring meeting: the meeting details of the same conferenceID', () => {
    const r = readRequest(example('huawei-update-recurring-meeting.meeting.json'));
    assert.ok(r.ok);
    assert.equal(r.value.pathTemplate, '/v1/mmc/management/conferences/confDetail');
    assert.deepEqual(r.value.query, [['conferenceID', '986256843']]);
  });

  it('Huawei in-meeting settings: no read, and the reason says so instead of guessing', () => {
    const put = example('huawei-update-started-conf-config.meeting.json');
    assert.equal(hasRead(put.read), false);
    const r = readRequest(put);
    assert.equal(r.ok, false);
    assert.match(noReadReason(put) ?? '', /No documented read .* cannot be shown/);
  });

  it('a read path parameter the file does not set is refused with the parameter named', () => {
    const put = example('webex-calling-shared-line-members.meeting.json');
    const r = readRequest({ ...put, pathParams: { personId: 'p' } });
    assert.deepEqual(r, { ok: false, reason: 'The read needs path.applicationId, which the file does not set.' });
  });
});

void describe('selectResource: the answer → the resource', () => {
  const vmr = example('huawei-update-vmr.meeting.json');
  const room = (id: string) => ({ id, vmrName: `room ${id}` });

  it('finds the list entry whose id is the path id', () => {
    const answer = { offset: 0, limit: 100, count: 2, data: [room('a'), room('ff80808167ef1edf0167f33d650c0662')] };
    assert.deepEqual(selectResource(vmr, answer), {
      kind: 'found',
      resource: room('ff80808167ef1edf0167f33d650c0662'),
    });
  });

  it('asks for the next page while entries remain, and stops at the total', () => {
    const page = { offset: 0, limit: 2, count: 5, data: [room('a'), room('b')] };
    assert.deepEqual(selectResource(vmr, page, 0, 0), { kind: 'next', offset: 2 });
    const last = { offset: 4, limit: 2, count: 5, data: [room('e')] };
    const out = selectResource(vmr, last, 4, 2);
    assert.equal(out.kind, 'missing');
    assert.match(out.kind === 'missing' ? out.reason : '', /listed every entry \(5\) and found no entry with id/);
  });

  it('an empty page, or the page bound, ends the search', () => {
    assert.equal(selectResource(vmr, { count: 50, data: [] }, 10, 1).kind, 'missing');
    const out = selectResource(vmr, { count: 5000, data: [room('x')] }, 1900, 19);
    assert.match(out.kind === 'missing' ? out.reason : '', /first 20 pages/);
  });

  it('a pointer selects the resource (meeting details), and an answer without it is named', () => {
    const cycle = example('huawei-update-recurring-meeting.meeting.json');
    assert.deepEqual(selectResource(cycle, { conferenceData: { subject: 's' } }), {
      kind: 'found',
      resource: { subject: 's' },
    });
    assert.deepEqual(selectResource(cycle, { data: {} }), {
      kind: 'missing',
      reason: 'The read answered without the resource at /conferenceData.',
    });
  });
});

void describe('shapeForPut: read answer → the PUT body, naming what is dropped', () => {
  it('drops read-only and undeclared fields at every level, each named once', () => {
    const shape: BodyShape = {
      fields: {
        a: {},
        link: { readOnly: true },
        list: { shape: { items: { fields: { id: {}, port: {} } } } },
      },
    };
    const out = shapeForPut(
      {
        a: 1,
        link: 'x',
        extra: true,
        list: [
          { id: 'p1', port: 1, firstName: 'Ada' },
          { id: 'p2', port: 2, firstName: 'Alan', esn: '1' },
        ],
      },
      shape,
    );
    assert.deepEqual(out.body, {
      a: 1,
      list: [
        { id: 'p1', port: 1 },
        { id: 'p2', port: 2 },
      ],
    });
    assert.deepEqual(out.dropped, ['link', 'extra', 'list[].firstName', 'list[].esn']);
  });

  it('a `__proto__` field of an answer stays data', () => {
    const out = shapeForPut(
      JSON.parse('{"__proto__": {"x": 1}, "a": 2}'),
      JSON.parse('{"fields": {"__proto__": {}, "a": {}}}') as BodyShape,
    );
    assert.deepEqual(Object.keys(out.body), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(out.body), Object.prototype);
  });

  it('Webex PMR: the four read-only fields of the GET answer are dropped, the rest is a valid PUT body', () => {
    const put = example('webex-update-personal-room.meeting.json');
    const read = builtinCatalog().read('webex.meetings.getPersonalMeetingRoomOptions')!;
    const answer = read.responses.find((r) => r.status === '200')!.examples[0].value;
    assert.ok(hasRead(put.read));
    const out = shapeForPut(answer, put.read.shape);
    assert.deepEqual(out.dropped, ['personalMeetingRoomLink', 'sipAddress', 'dialInIpAddress', 'telephony']);
    const op = builtinCatalog().get(put.operationId)!;
    const validate = builtinCatalog().bodyValidator(op)!;
    assert.ok(validate(out.body), JSON.stringify(validate.errors));
  });
});

void describe('previewPut: what the PUT changes', () => {
  const calling = example('webex-calling-shared-line-members.meeting.json');
  const member = (id: string, firstName: string, lastName: string, port: number) => ({
    ...sharedLineMember(id, port),
    firstName,
    lastName,
    extension: `10${port}`,
  });
  const current = {
    model: 'Business Communicator - PC',
    maxLineCount: 10,
    members: [
      member('p1', 'Ada', 'Lovelace', 1),
      member('p2', 'Alan', 'Turing', 2),
      member('p3', 'Grace', 'Hopper', 3),
    ],
  };
  const bodyOf = (...m: ReturnType<typeof member>[]) => ({
    members: m.map((x) => ({ ...x, firstName: undefined, lastName: undefined, extension: undefined })),
  });

  it('a member list losing entries: removals named with the read names, destructive', () => {
    const put = withBody(calling, JSON.parse(JSON.stringify(bodyOf(member('p1', 'Ada', 'Lovelace', 1)))));
    const p = previewPut(put, current);
    assert.ok(p.ok);
    assert.equal(p.value.destructive, true);
    assert.deepEqual(p.value.summary, ['2 member(s) lose their line: Alan Turing, Grace Hopper']);
    assert.deepEqual(p.value.dropped, [
      'model',
      'maxLineCount',
      'members[].firstName',
      'members[].lastName',
      'members[].extension',
    ]);
  });

  it('the current members sent back unchanged: nothing changes', () => {
    const all = current.members.map((m) => ({ ...m }));
    const p = previewPut(withBody(calling, JSON.parse(JSON.stringify(bodyOf(...all)))), current);
    assert.ok(p.ok);
    assert.deepEqual(p.value.summary, ['Nothing changes: the body matches the current state.']);
    assert.equal(p.value.destructive, false);
  });

  it('Fetch then preview: the shaped current state as the body changes nothing, for every operation with a read', () => {
    for (const file of [
      'webex-update-personal-room.meeting.json',
      'webex-calling-shared-line-members.meeting.json',
      'huawei-update-vmr.meeting.json',
      'huawei-update-recurring-meeting.meeting.json',
    ]) {
      const put = example(file);
      assert.ok(hasRead(put.read), file);
      const read = builtinCatalog().read(put.read.operationId)!;
      const answer = read.responses.find((r) => r.status === '200')!.examples[0].value;
      const found = selectResource(put, answer);
      assert.equal(found.kind, 'found', file);
      const resource = found.kind === 'found' ? found.resource : {};
      const fetched = shapeForPut(resource, put.read.shape).body;
      const p = previewPut(withBody(put, fetched), resource);
      assert.ok(p.ok, file);
      assert.deepEqual(p.value.diff.changes, [], file);
    }
  });

  it('Huawei VMR changes only what it is sent; secret values are never shown', () => {
    const put = withBody(example('huawei-update-vmr.meeting.json'), { chairPwd: '999999' });
    const p = previewPut(put, { id: 'x', vmrName: 'Room', chairPwd: '123456', allowGustFirst: true });
    assert.ok(p.ok);
    assert.equal(p.value.destructive, false, 'fields left out are kept');
    assert.deepEqual(p.value.summary, ['chairPwd changes (a secret, not shown)']);
    assert.ok(!p.value.summary.join('\n').includes('123456'));
  });

  it('Huawei recurring meeting: documented defaults reset, fields the read does not return are not compared', () => {
    const put = withBody(example('huawei-update-recurring-meeting.meeting.json'), {
      mediaTypes: 'HDVideo',
      length: 60,
      cycleParams: { startDate: '2027-03-01', endDate: '2027-05-26', cycle: 'Day', interval: 1 },
    });
    const p = previewPut(put, {
      mediaTypes: 'HDVideo',
      subject: 'Sync',
      recordType: 2,
      cycleParams: { startDate: '2027-03-01', endDate: '2027-05-26', cycle: 'Day', interval: 1 },
    });
    assert.ok(p.ok);
    assert.equal(p.value.destructive, true);
    assert.deepEqual(p.value.summary, [
      'recordType is reset to its documented default 0 (now 2): the body leaves it out',
      'subject is left out of the body (now "Sync"); the vendor documents no default, so the PUT may clear it',
      'Not compared (the read does not return them): length',
    ]);
  });

  it('a body that is not an object is refused with the reason', () => {
    const p = previewPut({ ...calling, body: '[1]' }, current);
    assert.deepEqual(p, { ok: false, reason: 'The body is not a JSON object, so it cannot be compared.' });
  });
});
