/**
 * Oracle: formatting valid JSON by one token pass (features/formatValid.ts) gives exactly the edits jsonc-parser's
 * `format` gives for the whole document (with the 200-character indentation it writes as "undefined" repaired, as
 * formatDocument does), over generated documents, layouts and options.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, format, type Edit } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatValid, type ValidFormatting } from '../../../server/src/features/formatValid';
import { formatDocument } from '../../../server/src/features/formatting';
import { jsonText, rng, space } from '../../helpers/jsonTexts';

/** What formatDocument takes from jsonc-parser: `format`'s edits, an indentation of exactly 200 repaired. */
function oracle(text: string, options: ValidFormatting): Edit[] {
  return format(text, undefined, options).map((e) =>
    typeof e.content === 'string'
      ? e
      : { ...e, content: options.eol + (options.insertSpaces ? ' ' : '\t').repeat(200) },
  );
}

function options(r: () => number, text: string): ValidFormatting {
  return {
    tabSize: [2, 4, 8, 3, 0][Math.floor(r() * 5)],
    insertSpaces: r() < 0.75,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    insertFinalNewline: r() < 0.3,
  };
}

describe('formatting valid JSON by a token pass (oracle: jsonc-parser format)', () => {
  test('the same edits as format over 5,000 generated documents, layouts and options', () => {
    let edited = 0;
    for (let seed = 1; seed <= 5000; seed++) {
      const r = rng(seed);
      const eol = r() < 0.3 ? '\r\n' : '\n';
      const text = space(r, eol) + jsonText(r, eol) + space(r, eol);
      JSON.parse(text); // the generator writes valid JSON only
      const o = options(r, text);
      const expected = oracle(text, o);
      assert.deepEqual(formatValid(text, o), expected, `seed ${seed}: ${JSON.stringify(text)} ${JSON.stringify(o)}`);
      if (expected.length > 0) edited++;
    }
    assert.ok(edited > 4000, `only ${edited} documents needed edits`);
  });

  test('a document already formatted needs no edit; formatting twice changes nothing more', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = rng(seed);
      const text = jsonText(r, '\n');
      const o = options(r, text);
      const once = applyEdits(text, formatValid(text, o));
      assert.deepEqual(formatValid(once, o), [], `seed ${seed}`);
      assert.deepEqual(JSON.parse(once), JSON.parse(text), `seed ${seed}: values kept`);
    }
  });

  test('indentations of 200 characters and deeper are written out, as formatDocument repairs format’s', () => {
    for (const [tabSize, insertSpaces, depth] of [
      [2, true, 101],
      [4, true, 51],
      [4, false, 201],
    ] as const) {
      const text = '{"a":'.repeat(depth) + '[1,{"b":true}]' + '}'.repeat(depth);
      const o = { tabSize, insertSpaces, eol: '\n', insertFinalNewline: false };
      const edits = formatValid(text, o);
      assert.deepEqual(edits, oracle(text, o));
      assert.ok(edits.some((e) => e.content === '\n' + (insertSpaces ? ' ' : '\t').repeat(200)));
    }
  });

  test('formatDocument writes the line break format takes from the text: mixed breaks, lone CRs (other editors)', () => {
    const breaks = ['\n', '\r\n', '\r'];
    let checked = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const r = rng(seed);
      // Each line break drawn on its own; the first one is the one format writes everywhere.
      const text = (space(r, '\n') + jsonText(r, '\n') + space(r, '\n')).replace(
        /\n/g,
        () => breaks[Math.floor(r() * 3)],
      );
      if (!/[\r\n]/.test(text)) continue;
      const doc = TextDocument.create('file:///f.meeting.json', 'meeting-json', 1, text);
      const o = { tabSize: [2, 4][Math.floor(r() * 2)], insertSpaces: r() < 0.75, insertFinalNewline: r() < 0.3 };
      // format ignores options.eol when the text has a line break.
      const expected = applyEdits(text, format(text, undefined, { ...o, eol: '\u2028' }));
      assert.equal(
        TextDocument.applyEdits(doc, formatDocument(doc, o)),
        expected,
        `seed ${seed}: ${JSON.stringify(text)}`,
      );
      checked++;
    }
    assert.ok(checked > 300, `only ${checked} texts with line breaks`);
  });

  test('formatDocument takes the token pass for a whole valid document, and format for a range or other text', () => {
    const text = '\ufeff{"a":[1,2],\n"b":{}}';
    const doc = TextDocument.create('file:///f.meeting.json', 'meeting-json', 1, text);
    const options = { tabSize: 2, insertSpaces: true };
    const whole = TextDocument.applyEdits(doc, formatDocument(doc, options));
    assert.equal(whole, '\ufeff{\n  "a": [\n    1,\n    2\n  ],\n  "b": {}\n}');
    // Told it is valid or finding it out: the same edits.
    assert.deepEqual(formatDocument(doc, options, undefined, true), formatDocument(doc, options));
    const typing = TextDocument.create('file:///g.meeting.json', 'meeting-json', 1, '{"a":[1,2],\n"b":{');
    assert.equal(
      TextDocument.applyEdits(typing, formatDocument(typing, options)),
      '{\n  "a": [\n    1,\n    2\n  ],\n  "b": {',
    );
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } };
    // jsonc-parser's range formatting: only the lines of the range, indented from the line's own indentation.
    assert.equal(TextDocument.applyEdits(doc, formatDocument(doc, options, range)), '\ufeff{"a":[1,2],\n"b": {}\n}');
  });
});
