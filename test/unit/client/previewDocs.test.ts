/**
 * The texts of Preview Changes and Fetch Current State (#15 §2) from a real read plan: the summary on top of both
 * sides, current on the left, after the PUT on the right, and a fetched request file that previews as no change.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'jsonc-parser';
import { previewPut, type PutPreview } from '../../../common/readPlan';
import type { PreparedRequest } from '../../../common/requestSpec';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { currentStateFile, previewTexts } from '../../../client/src/preview/previewDocs';
import { prepareRequest } from '../../../server/src/features/prepareRequest';
import { builtinCatalog, doc } from '../../helpers/catalog';
import { sharedLineMember as line } from '../../helpers/sharedLine';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

function prepared(text: string): PreparedRequest {
  const r = prepareRequest(doc(text), builtinCatalog(), DEFAULT_SERVER_SETTINGS);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.request;
}

const calling = prepared(readFileSync(join(EXAMPLES, 'webex-calling-shared-line-members.meeting.json'), 'utf8'));
const current = {
  model: 'Business Communicator - PC',
  members: [
    { ...line('p1', 1), firstName: 'Ada', lastName: 'Lovelace' },
    { ...line('p2', 2), firstName: 'Alan', lastName: 'Turing' },
  ],
};

function preview(put: PreparedRequest, resource: unknown): PutPreview {
  const p = previewPut(put, resource);
  assert.ok(p.ok, p.ok ? '' : p.reason);
  return p.value;
}

void describe('previewTexts', () => {
  it('the same summary on top of both sides; current left, after right; both JSONC', () => {
    const put = { ...calling, body: JSON.stringify({ members: [line('p1', 1)] }) };
    const texts = previewTexts(put, 'webex.calling.getSharedLineAppearanceMembers', preview(put, current));
    const top = (t: string) => t.split('\n').filter((l) => l.startsWith('//'));
    assert.deepEqual(top(texts.left), top(texts.right), 'the summary is not itself a difference');
    assert.ok(top(texts.left).some((l) => l.includes('1 member(s) lose their line: Alan Turing')));
    assert.ok(top(texts.left).some((l) => l.includes('not taken by the PUT') && l.includes('members[].firstName')));
    assert.deepEqual(parse(texts.left), { members: [line('p1', 1), line('p2', 2)] });
    assert.deepEqual(parse(texts.right), { members: [line('p1', 1)] });
    assert.match(texts.title, /removes or resets/);
  });

  it('a value holding a line separator cannot end the comment of the summary', () => {
    const put = { ...calling, body: JSON.stringify({ members: [line('p1', 1), line('p2', 2)], note: 'a\u2028} b' }) };
    const p = preview(put, current);
    const texts = previewTexts(put, 'read', p);
    const lines = texts.right.split(/\r\n|\r|\n|\u2028|\u2029/);
    const comments = lines.filter((l) => l.startsWith('//'));
    assert.equal(comments.length, 1 + p.summary.length + 1, 'title, summary lines, dropped fields');
    assert.deepEqual((parse(texts.right) as { note: string }).note, 'a\u2028} b');
  });
});

void describe('currentStateFile', () => {
  it('a request file of the same operation and parameters with the current state; dropped fields in the note', () => {
    const p = preview(calling, current);
    const { text, note } = currentStateFile(calling, p);
    const file = JSON.parse(text) as { operation: string; pathParams: unknown; body: unknown };
    assert.equal(file.operation, calling.operationId);
    assert.deepEqual(file.pathParams, calling.pathParams);
    assert.deepEqual(file.body, { members: [line('p1', 1), line('p2', 2)] });
    assert.equal(
      note,
      'Fields returned by the read that the PUT does not take were left out: model, members[].firstName, members[].lastName.',
    );
    // Fetch then preview: the fetched file changes nothing.
    const again = prepared(text);
    assert.deepEqual(preview(again, current).diff.changes, []);
    assert.equal(again.validation.errorCount, 0, again.validation.messages.join('\n'));
  });

  it('repeated query parameters stay a list', () => {
    const put = {
      ...calling,
      query: [
        ['a', '1'],
        ['a', '2'],
        ['b', 'x'],
      ] as Array<[string, string]>,
    };
    const file = JSON.parse(currentStateFile(put, preview(put, current)).text) as { query: unknown };
    assert.deepEqual(file.query, { a: ['1', '2'], b: 'x' });
  });
});
