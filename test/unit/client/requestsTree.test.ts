import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryItem } from '../../../common/webviewMessages';
import {
  UNKNOWN_GROUP_LABEL,
  buildRequestsTree,
  findSend,
  sendTime,
} from '../../../client/src/requestsView/requestsTree';
import type { OperationSummary, RequestFileInput } from '../../../client/src/requestsView/requestsTree';

const NOW = new Date(2026, 11, 4, 18, 30, 0).getTime();
const OPS: OperationSummary[] = [
  { id: 'huawei.meeting.updateMemberVmr', summary: 'Modify a cloud meeting room', method: 'put', path: '/v1/vmr/{id}' },
  { id: 'webex.meetings.update', summary: 'Update a meeting', method: 'put', path: '/v1/meetings/{id}' },
];

function send(id: string, at: number, extra: Partial<HistoryItem> = {}): HistoryItem {
  return {
    id,
    at,
    method: 'PUT',
    url: `http://127.0.0.1:9/v1/vmr/${id}`,
    environment: 'e2e',
    outcome: 'response',
    status: 200,
    statusText: 'OK',
    totalMs: 12.4,
    ...extra,
  };
}

const FILES: RequestFileInput[] = [
  {
    uri: 'file:///w/rooms/b.meeting.json',
    path: 'rooms/b.meeting.json',
    operationId: 'huawei.meeting.updateMemberVmr',
  },
  { uri: 'file:///w/a.meeting.json', path: 'a.meeting.json', operationId: 'huawei.meeting.updateMemberVmr' },
  { uri: 'file:///w/m.meeting.json', path: 'm.meeting.json', operationId: 'webex.meetings.update' },
  { uri: 'file:///w/broken.meeting.json', path: 'broken.meeting.json', problem: 'The file is not valid JSON (1:2).' },
  { uri: 'file:///w/typo.meeting.json', path: 'typo.meeting.json', problem: 'Unknown operation "x". Did you mean y?' },
];

void describe('the Requests view tree', () => {
  void it('groups files by operation (id and summary), sorted, with the files naming none in a last group', () => {
    const tree = buildRequestsTree({ files: FILES, operations: OPS, history: () => [], now: NOW });
    assert.deepEqual(
      tree.map((g) => [g.label, g.description, g.files.map((f) => f.label)]),
      [
        ['huawei.meeting.updateMemberVmr', 'Modify a cloud meeting room', ['a.meeting.json', 'b.meeting.json']],
        ['webex.meetings.update', 'Update a meeting', ['m.meeting.json']],
        [UNKNOWN_GROUP_LABEL, '2 files', ['broken.meeting.json', 'typo.meeting.json']],
      ],
    );
    const [vmr, , unknown] = tree;
    assert.equal(vmr?.operationId, 'huawei.meeting.updateMemberVmr');
    assert.equal(vmr?.tooltip, 'Modify a cloud meeting room\nPUT /v1/vmr/{id}\n2 files');
    assert.equal(unknown?.operationId, undefined);
    // A file's folder is its description; why a file names no operation is in its tooltip.
    assert.deepEqual(
      vmr?.files.map((f) => [f.description, f.tooltip]),
      [
        ['', 'a.meeting.json\nnot sent yet'],
        ['rooms', 'rooms/b.meeting.json\nnot sent yet'],
      ],
    );
    assert.equal(unknown?.files[0]?.tooltip, 'broken.meeting.json\nThe file is not valid JSON (1:2).\nnot sent yet');
    assert.deepEqual(
      tree.flatMap((g) => g.files.map((f) => f.invalid)),
      [false, false, false, false, false],
    );
  });

  void it('keeps a momentarily invalid file under the operation it last named, saying so', () => {
    const tree = buildRequestsTree({
      files: [{ ...FILES[1], problem: 'The file is not valid JSON (3:7: Expected comma).' }],
      operations: OPS,
      history: () => [],
      now: NOW,
    });
    assert.equal(tree.length, 1);
    const file = tree[0]?.files[0];
    assert.equal(tree[0]?.label, 'huawei.meeting.updateMemberVmr');
    assert.equal(file?.invalid, true);
    assert.equal(file?.description, 'invalid now');
    assert.equal(
      file?.tooltip,
      'a.meeting.json\nThe file is not valid JSON (3:7: Expected comma).\nGrouped under the operation it last named.\nnot sent yet',
    );
  });

  void it('an operation the catalog does not list (yet) keeps its id and says so', () => {
    const tree = buildRequestsTree({
      files: [{ uri: 'file:///w/u.meeting.json', path: 'u.meeting.json', operationId: 'rooms.renameRoom' }],
      operations: OPS,
      history: () => [],
      now: NOW,
    });
    assert.deepEqual(
      tree.map((g) => [g.label, g.description, g.tooltip]),
      [['rooms.renameRoom', 'not in the catalog', 'rooms.renameRoom is not in the loaded catalog.\n1 file']],
    );
  });

  void it('joins each file with its recent sends: newest first, at most five, status, time and environment', () => {
    const at = (minutesAgo: number) => NOW - minutesAgo * 60_000;
    const sends: Record<string, HistoryItem[]> = {
      'file:///w/a.meeting.json': [
        send('s1', at(1)),
        send('s3', at(30), { outcome: 'error', errorCode: 'ECONNREFUSED', status: undefined, statusText: undefined }),
        send('s2', at(10), { status: 401, statusText: 'Unauthorized', environment: 'prod' }),
        send('s4', at(40), { outcome: 'cancelled', status: undefined, statusText: undefined }),
        send('s5', at(50), { status: 302, statusText: 'Found' }),
        send('s6', at(60)),
      ],
    };
    const tree = buildRequestsTree({ files: FILES, operations: OPS, history: (uri) => sends[uri] ?? [], now: NOW });
    const file = tree[0]?.files[0];
    assert.equal(file?.label, 'a.meeting.json');
    assert.match(file?.tooltip ?? '', /6 recent sends$/);
    assert.deepEqual(
      file?.sends.map((s) => [s.id, s.label, s.description, s.tone]),
      [
        ['s1', '200 OK', '18:29:00 · e2e', 'ok'],
        ['s2', '401 Unauthorized', '18:20:00 · prod', 'fail'],
        ['s3', 'Error ECONNREFUSED', '18:00:00 · e2e', 'fail'],
        ['s4', 'Cancelled', '17:50:00 · e2e', 'cancelled'],
        ['s5', '302 Found', '17:40:00 · e2e', 'redirect'],
      ],
    );
    assert.equal(
      file?.sends[0]?.tooltip,
      'PUT http://127.0.0.1:9/v1/vmr/s1\nSent 2026-12-04 18:29:00 · environment e2e\n12 ms\nClick to open it in the response panel.',
    );
    // Other files have no sends; every send is keyed by its file and id.
    assert.deepEqual(tree[0]?.files[1]?.sends, []);
    assert.equal(file?.sends[0]?.key, 'send:file:///w/a.meeting.json#s1');
  });

  void it('a send of an earlier day shows its date', () => {
    assert.equal(sendTime(new Date(2026, 11, 3, 9, 5, 7).getTime(), NOW), '2026-12-03 09:05');
    assert.equal(sendTime(new Date(2026, 11, 4, 9, 5, 7).getTime(), NOW), '09:05:07');
  });

  void it('writes out invisible characters of file names and history entries', () => {
    const tree = buildRequestsTree({
      files: [
        { uri: 'file:///w/x.meeting.json', path: 'evil\u202e.meeting.json', operationId: 'webex.meetings.update' },
      ],
      operations: OPS,
      history: () => [send('s1', NOW, { environment: 'e\u200b2e' })],
      now: NOW,
    });
    const file = tree[0]?.files[0];
    assert.equal(file?.label, 'evil\\u{202E}.meeting.json');
    assert.equal(file?.sends[0]?.description, '18:30:00 · e\\u{200B}2e');
  });

  void it('findSend accepts only a (file, id) pair the tree lists', () => {
    const sends = { 'file:///w/a.meeting.json': [send('s1', NOW)] } as Record<string, HistoryItem[]>;
    const tree = buildRequestsTree({ files: FILES, operations: OPS, history: (uri) => sends[uri] ?? [], now: NOW });
    assert.equal(findSend(tree, 'file:///w/a.meeting.json', 's1')?.key, 'send:file:///w/a.meeting.json#s1');
    assert.equal(findSend(tree, 'file:///w/m.meeting.json', 's1'), undefined, 'another file');
    assert.equal(findSend(tree, 'file:///w/a.meeting.json', 's2'), undefined, 'an id not listed');
    assert.equal(findSend(tree, { toString: () => 'file:///w/a.meeting.json' }, 's1'), undefined, 'not a string');
    assert.equal(findSend(tree, 'file:///w/a.meeting.json', ['s1']), undefined);
  });
});
