/**
 * What Send from the preview checks before it sends (#15 §2: exactly the previewed text, else say so), the paths of
 * the preview's sides, and the one edit of Fetch Current State (the body replaced, the rest as written).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits, parse } from 'jsonc-parser';
import {
  fetchedMessage,
  fillBodyEdits,
  previewIdOf,
  previewPaths,
  previewStaleReason,
  type Previewed,
} from '../../../client/src/preview/previewState';

const previewed: Previewed = {
  id: '0123456789abcdef0123456789abcdef',
  documentUri: 'file:///w/members.meeting.json',
  version: 4,
  text: '{"operation":"x","body":{}}',
  environment: 'lab',
  baseUrl: 'http://127.0.0.1:9/v1',
  fileLabel: 'members.meeting.json',
};
const target = { environment: 'lab', baseUrl: 'http://127.0.0.1:9/v1' };

void describe('previewStaleReason', () => {
  it('nothing in the way when the file, its version, the environment and its base URL are as previewed', () => {
    assert.equal(previewStaleReason(previewed, { version: 4, text: previewed.text }, target), undefined);
  });

  it('refuses, saying why, when the text, the version, the environment or its base URL moved on, or the file closed', () => {
    const cases: Array<[Parameters<typeof previewStaleReason>[1], Parameters<typeof previewStaleReason>[2], RegExp]> = [
      [{ version: 5, text: `${previewed.text} ` }, target, /members\.meeting\.json changed after it was previewed/],
      [
        { version: 6, text: previewed.text },
        target,
        /changed after it was previewed; the previewed request is not sent/,
      ],
      [undefined, target, /members\.meeting\.json was closed after it was previewed/],
      [{ version: 4, text: previewed.text }, { ...target, environment: 'prod' }, /from "lab" to "prod"/],
      [
        { version: 4, text: previewed.text },
        { ...target, baseUrl: 'http://127.0.0.1:10/v1' },
        /base URL of "lab" changed after the preview \(it was http:\/\/127\.0\.0\.1:9\/v1\)/,
      ],
      [{ version: 4, text: previewed.text }, { ...target, baseUrl: undefined }, /base URL of "lab" changed/],
    ];
    for (const [now, t, expected] of cases) assert.match(previewStaleReason(previewed, now, t) ?? '', expected);
  });
});

void describe('previewPaths / previewIdOf', () => {
  it('two .jsonc sides named after the file, under the preview id, which is found again', () => {
    const { left, right } = previewPaths(previewed.id, 'shared line.meeting.json');
    assert.equal(left, `/${previewed.id}/shared-line.current.jsonc`);
    assert.equal(right, `/${previewed.id}/shared-line.after-put.jsonc`);
    assert.equal(previewIdOf(left), previewed.id);
    assert.equal(previewIdOf(right), previewed.id);
    assert.equal(previewIdOf('/not-an-id/x.jsonc'), undefined);
    assert.equal(previewPaths('abcdef0123', '.meeting.json').left, '/abcdef0123/request.current.jsonc');
  });

  it('Compare with Before is named apart, and only a preview matches the `when` of Send Previewed Request', () => {
    const compare = previewPaths(previewed.id, 'shared line.meeting.json', 'compare');
    assert.equal(compare.left, `/${previewed.id}/shared-line.before-send.jsonc`);
    assert.equal(compare.right, `/${previewed.id}/shared-line.after-send.jsonc`);
    assert.equal(previewIdOf(compare.right), previewed.id);
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { menus: Record<string, Array<{ command: string; when?: string }>> };
    };
    const whens = ['editor/title', 'commandPalette'].map(
      (menu) => pkg.contributes.menus[menu]?.find((m) => m.command === 'meetingPayloads.sendPreviewed')?.when ?? '',
    );
    for (const when of whens) {
      // `resourceScheme == meeting-preview && resourceFilename =~ /…/`: the scheme, then the names of a preview's sides.
      assert.match(when, /^resourceScheme == meeting-preview && resourceFilename =~ \//, when);
      const source = /=~ \/(.*)\/$/.exec(when)?.[1] ?? '';
      const test = (path: string) => new RegExp(source).test(path.split('/').pop() ?? '');
      const preview = previewPaths(previewed.id, 'shared line.meeting.json');
      assert.deepEqual([test(preview.left), test(preview.right)], [true, true], `${when}: a preview's sides`);
      assert.deepEqual([test(compare.left), test(compare.right)], [false, false], `${when}: Compare with Before`);
    }
  });
});

void describe('fillBodyEdits', () => {
  const fill = (text: string, body: unknown): string => {
    const edits = fillBodyEdits(text, body);
    assert.ok(edits, 'edits');
    return applyEdits(text, edits);
  };

  it('replaces the body only; operation, parameters and comments stay as written', () => {
    const text = `{\n    "operation": "webex.calling.putSharedLineAppearanceMembers",\n    // the device\n    "pathParams": { "personId": "p", "applicationId": "a" },\n    "body": { "members": [] }\n}\n`;
    const out = fill(text, { members: [{ id: 'p1', port: 1 }] });
    assert.ok(
      out.startsWith(`{\n    "operation": "webex.calling.putSharedLineAppearanceMembers",\n    // the device\n`),
    );
    assert.deepEqual(parse(out), {
      operation: 'webex.calling.putSharedLineAppearanceMembers',
      pathParams: { personId: 'p', applicationId: 'a' },
      body: { members: [{ id: 'p1', port: 1 }] },
    });
    assert.match(out, /\n {4}"body": \{\n {8}"members"/, 'indented like the file (4 spaces)');
  });

  it('adds a body the file does not have, keeps CRLF line ends', () => {
    const out = fill('{\r\n  "operation": "x"\r\n}\r\n', { a: 1 });
    assert.deepEqual(parse(out), { operation: 'x', body: { a: 1 } });
    assert.ok(!/[^\r]\n/.test(out), 'every line break is CRLF');
  });

  it('a key named __proto__ in the current state is written as a key', () => {
    const body = JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as unknown;
    const out = fill('{"operation":"x","body":{}}', body);
    assert.deepEqual(Object.keys((JSON.parse(out) as { body: object }).body), ['__proto__', 'a']);
  });

  it('no edit for a text that is not a JSON object', () => {
    assert.equal(fillBodyEdits('[1, 2]', {}), undefined);
    assert.equal(fillBodyEdits('', {}), undefined);
  });
});

void describe('fetchedMessage', () => {
  it('names what was left out, or nothing more', () => {
    assert.equal(
      fetchedMessage('Filled the body of a.meeting.json', 'read.op', 'Fields … were left out: model.'),
      'Filled the body of a.meeting.json with the current state from read.op. Fields … were left out: model.',
    );
    assert.equal(fetchedMessage('Opened b', 'read.op', undefined), 'Opened b with the current state from read.op.');
  });
});
