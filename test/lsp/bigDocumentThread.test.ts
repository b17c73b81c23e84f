/**
 * The thread of big documents answers exactly as the main thread does (#11), an oracle over generated request
 * files: one server sends every document to the thread (any size is "big"), the other has no thread; both get the
 * same documents, valid and cut short (text being typed), and every answer is compared: diagnostics, outline,
 * formatting, links, inlay hints, quick fixes and fix all, and completion, hover and definition at drawn places.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generatedCases } from '../helpers/generatedCases';
import { rng } from '../helpers/jsonTexts';
import { LspHarness } from '../helpers/lspHarness';
import { WorkerControl } from '../helpers/workerControl';

describe('the thread of big documents answers as the main thread does (#11)', () => {
  let inThread: LspHarness;
  let here: LspHarness;
  /** Big from 1,500 characters: a document edited past that is mirrored from then on. */
  let growing: LspHarness;
  const thread = new WorkerControl();
  const growingThread = new WorkerControl();

  before(async () => {
    inThread = await LspHarness.start({ bigDocument: 0, worker: thread });
    here = await LspHarness.start({ worker: false });
    growing = await LspHarness.start({ bigDocument: 1500, worker: growingThread });
  });
  after(async () => {
    await inThread.dispose();
    await here.dispose();
    await growing.dispose();
  });

  test('incremental edits reach the mirror: the same diagnostics after every edit, and a document grown big', async () => {
    const r = rng(20261207);
    const pieces = ['', 'x', '"', '1', ', ', '{', '}', '\n', '"role": 1, '];
    const texts = generatedCases(20261208, 8, 0).map((c) => c.text);
    let compared = 0;
    for (const [n, text] of texts.entries()) {
      const uri = `file:///edited-${n}.meeting.json`;
      const servers = [inThread, here, growing];
      // Small at first where big starts at 1,500 characters: it grows past that by edits.
      const start = text.length > 1200 ? text.slice(0, 1200) : text;
      const opened = await Promise.all(servers.map((h) => h.open(uri, start)));
      assert.deepEqual(opened[0], opened[1], `opened ${n}`);
      assert.deepEqual(opened[2], opened[1], `opened ${n}`);
      const local = TextDocument.create(uri, 'json', 1, start);
      for (let k = 0; k < 12; k++) {
        const at = Math.floor(r() * (local.getText().length + 1));
        const end = Math.min(local.getText().length, at + Math.floor(r() * 4));
        // Every third edit adds a chunk of the original text, so the document grows.
        const insert = k % 3 === 2 ? ' '.repeat(300) + text.slice(0, 150) : pieces[Math.floor(r() * pieces.length)];
        const range = { start: local.positionAt(at), end: local.positionAt(end) };
        TextDocument.update(local, [{ range, text: insert }], local.version + 1);
        const [a, b, c] = await Promise.all(servers.map((h) => h.edit(uri, range, insert)));
        assert.deepEqual(a, b, `edit ${k} of ${n}`);
        assert.deepEqual(c, b, `edit ${k} of ${n} (grown to ${local.getText().length})`);
        compared++;
      }
      assert.ok(local.getText().length > 1500, `document ${n} grew big`);
      await Promise.all(servers.map((h) => h.close(uri)));
    }
    assert.equal(compared, texts.length * 12);
    assert.equal(growingThread.workers.length, 1, 'the grown documents were worked on in the thread');
  });

  test('over generated documents, valid and being typed', async () => {
    const r = rng(20261206);
    // With mechanical mistakes too (a string number, a misspelled key), so that fix all has work.
    const mechanical =
      '{\n  "operation": "huawei.meeting.updateStartedConfConfig",\n  "body": { "isLock": "1", "isLok": 1 }\n}\n';
    const texts = [mechanical, ...generatedCases(20261206, 24, 1).map((c) => c.text)].flatMap((text) => [
      text,
      text.slice(0, 1 + Math.floor(r() * text.length)),
    ]);
    const answered: Record<string, number> = {};
    const same = (kind: string, a: unknown, b: unknown, source: string) => {
      assert.deepEqual(a, b, `${kind} of ${source}`);
      if (Array.isArray(a) ? a.length > 0 : a !== null && a !== undefined) answered[kind] = (answered[kind] ?? 0) + 1;
    };
    for (const [n, text] of texts.entries()) {
      const uri = `file:///case-${n}.meeting.json`;
      const source = `case ${n}: ${text.slice(0, 80)}`;
      const both = <T>(ask: (h: LspHarness) => Promise<T>) => Promise.all([ask(inThread), ask(here)]);
      const [diagnostics, expected] = await both((h) => h.open(uri, text));
      same('diagnostics', diagnostics, expected, source);
      const lines = TextDocument.create(uri, 'json', 1, text);
      const all = { start: lines.positionAt(0), end: lines.positionAt(text.length) };
      same('outline', ...(await both((h) => h.symbols(uri))), source);
      same('formatting', ...(await both((h) => h.format(uri))), source);
      same('links', ...(await both((h) => h.documentLinks(uri))), source);
      same('inlay hints', ...(await both((h) => h.inlayHints(uri, all))), source);
      same('quick fixes', ...(await both((h) => h.codeActions(uri, diagnostics))), source);
      same('fix all', ...(await both((h) => h.codeActionsOfKind(uri, ['source.fixAll']))), source);
      for (let i = 0; i < 3; i++) {
        const at = lines.positionAt(Math.floor(r() * (text.length + 1)));
        same('completion', ...(await both((h) => h.completion(uri, at))), source);
        same('hover', ...(await both((h) => h.hover(uri, at))), source);
        same('definition', ...(await both((h) => h.definition(uri, at))), source);
      }
      await both((h) => h.close(uri));
    }
    assert.equal(thread.workers.length, 1, 'one thread answered everything');
    // Every kind of answer was compared on real answers, not only on empty ones.
    assert.deepEqual(Object.keys(answered).sort(), [
      'completion',
      'definition',
      'diagnostics',
      'fix all',
      'formatting',
      'hover',
      'inlay hints',
      'links',
      'outline',
      'quick fixes',
    ]);
  });
});
