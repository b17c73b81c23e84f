/**
 * The thread of big documents' queue (`worker/serve.ts`), driven over a real MessageChannel as the main thread
 * drives it: messages that arrive together are handled one per turn, in order; a validation that a queued change
 * makes stale is answered `stale`, never computed; cancelled work is never started nor answered; requests are
 * answered at the version they were sent at, as JSON text equal to `doWork` on the main thread.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { DocumentValues } from '../../../server/src/documentCache';
import { doWork } from '../../../server/src/work';
import type { FromWorker, ToWorker } from '../../../server/src/worker/protocol';
import { serve } from '../../../server/src/worker/serve';
import { builtinCatalog, SCHEMAS_DIR } from '../../helpers/catalog';

const { port1: main, port2: thread } = new MessageChannel();
const started: string[] = [];
serve(thread, { schemasDir: SCHEMAS_DIR, beforeWork: () => started.push('work') });
after(() => {
  main.close();
  thread.close();
});

const replies: FromWorker[] = [];
let waiting: { count: number; resolve: () => void } | undefined;
main.on('message', (m: FromWorker) => {
  replies.push(m);
  if (waiting && replies.length >= waiting.count) waiting.resolve();
});
/** Posts `messages` at once (they arrive together) and waits for `count` replies in all. */
function send(messages: ToWorker[], count: number): Promise<FromWorker[]> {
  for (const m of messages) main.postMessage(m);
  return new Promise((resolve) => {
    const done = () => resolve(replies.slice());
    if (replies.length >= count) done();
    else waiting = { count, resolve: done };
  });
}

const URI = 'file:///big.meeting.json';
const TEXT = '{\n  "operation": "huawei.meeting.updateStartedConfConfig",\n  "body": { "isLock": "1" }\n}\n';
const settings = DEFAULT_SERVER_SETTINGS;
const isLock = { start: { line: 2, character: 22 }, end: { line: 2, character: 25 } };

test('stale validations are dropped, cancelled work never starts, requests answer at their version', async () => {
  const got = await send(
    [
      { type: 'open', uri: URI, version: 1, text: TEXT },
      { type: 'work', id: 1, uri: URI, version: 1, work: { kind: 'validate', settings } },
      { type: 'change', uri: URI, version: 2, changes: [{ range: isLock, text: '1' }] },
      { type: 'work', id: 2, uri: URI, version: 2, work: { kind: 'hover', position: { line: 2, character: 14 } } },
      { type: 'work', id: 3, uri: URI, version: 2, work: { kind: 'symbols', maxItems: 5000 } },
      { type: 'cancel', id: 3 },
      { type: 'work', id: 4, uri: URI, version: 2, work: { kind: 'validate', settings } },
    ],
    3,
  );
  assert.deepEqual(
    got.map((r) => [r.type, r.id]),
    [
      ['stale', 1],
      ['done', 2],
      ['done', 4],
    ],
  );
  assert.deepEqual(started, ['work', 'work'], 'only the hover and the second validation were started');
  // The same answers as the main thread's, on the same version.
  const doc = TextDocument.create(URI, 'meeting-json', 2, TEXT.replace('"1"', '1'));
  const values = new DocumentValues();
  const catalog = builtinCatalog();
  const json = (r: FromWorker) => (r.type === 'done' ? (JSON.parse(r.json) as unknown) : r);
  assert.deepEqual(json(got[1]), doWork({ kind: 'hover', position: { line: 2, character: 14 } }, doc, values, catalog));
  const diagnostics = doWork({ kind: 'validate', settings }, doc, new DocumentValues(), catalog);
  assert.deepEqual(json(got[2]), diagnostics);
  // The change is in: no type error for "1" left, only the missing parameter.
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['missing-parameter'],
  );
  assert.match(JSON.stringify(json(got[1])), /isLock/);
});

test('work on a document it does not have, or at another version, is answered stale', async () => {
  const before = replies.length;
  const got = await send(
    [
      {
        type: 'work',
        id: 5,
        uri: 'file:///closed.meeting.json',
        version: 1,
        work: { kind: 'symbols', maxItems: 5000 },
      },
      { type: 'work', id: 6, uri: URI, version: 1, work: { kind: 'symbols', maxItems: 5000 } },
      { type: 'close', uri: URI },
      { type: 'work', id: 7, uri: URI, version: 2, work: { kind: 'symbols', maxItems: 5000 } },
    ],
    before + 3,
  );
  assert.deepEqual(
    got.slice(before).map((r) => [r.type, r.id]),
    [
      ['stale', 5],
      ['stale', 6],
      ['stale', 7],
    ],
  );
});
