/**
 * The command line's offset → line/column mapping (`cli/lineIndex.ts`), held to the LSP's (the editor's) over
 * generated texts with every kind of line ending: LF, CRLF and a lone CR each end a line, so `validate` and
 * `check-docs` place a problem on the line the editor shows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, lastAtOrBefore } from '../../../cli/lineIndex';

test('every offset is placed where the editor places it, whatever the line endings', () => {
  const pieces = ['a', 'bc', '\n', '\r\n', '\r', '\r\r', '\n\r', ' ', '{"k": 1}'];
  let x = 3;
  for (let round = 0; round < 200; round++) {
    let text = '';
    for (let i = 0; i < round % 17; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      text += pieces[(x >> 8) % pieces.length];
    }
    const doc = TextDocument.create('file:///x', 'json', 1, text);
    const index = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      // Inside a CRLF the editor has no position of its own; offsets there are never a problem's.
      if (text[o - 1] === '\r' && text[o] === '\n') continue;
      const p = doc.positionAt(o);
      assert.deepEqual(
        index.position(o),
        { line: p.line + 1, column: p.character + 1 },
        JSON.stringify(text) + ` @${o}`,
      );
    }
  }
});

test('offsets asked in any order are placed alike (the index reads the text only as far as it is asked)', () => {
  const text = 'a\r\nbb\rccc\n\nd\r\r\n{"k": 1}\n';
  const doc = TextDocument.create('file:///x', 'json', 1, text);
  const offsets = [...text].map((_, o) => o).filter((o) => !(text[o - 1] === '\r' && text[o] === '\n'));
  offsets.push(text.length);
  let x = 7;
  for (let round = 0; round < 20; round++) {
    const index = new LineIndex(text);
    const order = [...offsets].sort(() => ((x = (x * 1103515245 + 12345) & 0x7fffffff) % 3) - 1);
    for (const o of order) {
      const p = doc.positionAt(o);
      assert.deepEqual(index.position(o), { line: p.line + 1, column: p.character + 1 }, `@${o}`);
    }
  }
});

test('lastAtOrBefore finds the last start at or before an offset', () => {
  const starts = [0, 4, 4, 9];
  assert.deepEqual(
    [0, 3, 4, 8, 9, 100].map((o) => lastAtOrBefore(starts, o)),
    [0, 0, 2, 2, 3, 3],
  );
});
