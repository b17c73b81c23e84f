import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatDocument } from '../../../server/src/features/formatting';

function formatted(text: string, tabSize: number, insertSpaces: boolean): string {
  const doc = TextDocument.create('file:///f.meeting.json', 'meeting-json', 1, text);
  return TextDocument.applyEdits(doc, formatDocument(doc, { tabSize, insertSpaces }));
}

/** `{"a":{"a":…{"a":[1,{"b":true}]}…}}`, nested `depth` objects deep, on one line. */
function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '[1,{"b":true}]' + '}'.repeat(depth);
}

test('formatting never changes a value, at every depth up to the limit, with spaces or tabs (JSON.parse as the oracle)', () => {
  // jsonc-parser 3.3.1 wrote "undefined" into the file where an indentation is exactly 200 characters.
  for (const [tabSize, insertSpaces] of [
    [2, true],
    [4, true],
    [8, true],
    [4, false],
  ] as const) {
    for (let depth = 1; depth <= 254; depth++) {
      const text = nested(depth);
      const out = formatted(text, tabSize, insertSpaces);
      assert.doesNotThrow(() => JSON.parse(out), `depth ${depth}, tabSize ${tabSize}, spaces ${insertSpaces}`);
      assert.deepEqual(JSON.parse(out), JSON.parse(text), `depth ${depth}, tabSize ${tabSize}, spaces ${insertSpaces}`);
      assert.equal(out.replace(/\s/g, ''), text, `only whitespace changes (depth ${depth})`);
    }
  }
});

test('the 200-character indentation is written as 200 spaces (or tabs), like its neighbours', () => {
  const out = formatted(nested(101), 2, true);
  const lines = out.split('\n');
  const indents = new Set(lines.map((l) => l.length - l.trimStart().length));
  for (let i = 0; i <= 101; i++) assert.ok(indents.has(2 * i), `an indentation of ${2 * i}`);
  const tabs = formatted(nested(201), 4, false).split('\n');
  assert.ok(tabs.some((l) => l.startsWith('\t'.repeat(200) + '"') || l.startsWith('\t'.repeat(200) + '{')));
});
