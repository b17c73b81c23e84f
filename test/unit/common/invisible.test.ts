/**
 * One list of invisible characters (`common/invisible.ts`) for every place that shows untrusted text: the send
 * dialogs write out every kind, the support bundle every kind but its own tab and line breaks, the terminal and CI
 * logs the control, bidi and line-separator kinds (keeping joiners and variation selectors, so emoji and scripts
 * read normally). Each is checked over every code point of the list, and no other file keeps a list of its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { INVISIBLE_RANGES, type InvisibleKind } from '../../../common/invisible';
import { visible } from '../../../client/src/send/texts';
import { fenced } from '../../../client/src/http/supportBundle';
import { terminalJson, terminalLine, terminalLines } from '../../../cli/terminal';

const ROOT = join(__dirname, '..', '..', '..');

function* listed(): Generator<[string, InvisibleKind]> {
  for (const [lo, hi, kind] of INVISIBLE_RANGES) {
    for (let cp = lo; cp <= hi; cp++) yield [String.fromCodePoint(cp), kind];
  }
}

test('the send dialogs write out every listed character', () => {
  for (const [ch] of listed()) assert.ok(!visible(`a${ch}b`).includes(ch), ch.codePointAt(0)?.toString(16));
});

test('the support bundle writes out every listed character but tab and line breaks', () => {
  for (const [ch] of listed()) {
    const body = fenced(`a${ch}b`).split('\n').slice(1, -1).join('\n');
    const kept = ch === '\r' ? '\n' : ch; // CR and CRLF become LF in a block
    assert.equal(body.includes(kept), '\t\n\r'.includes(ch), ch.codePointAt(0)?.toString(16));
  }
});

test('the terminal writes out control, bidi and line separators, and keeps the hidden kind', () => {
  for (const [ch, kind] of listed()) {
    const code = ch.codePointAt(0)?.toString(16);
    const written = kind !== 'hidden';
    assert.equal(!terminalLine(`a${ch}b`).includes(ch), written, `line ${code}`);
    if (!'\t\n\r'.includes(ch)) assert.equal(!terminalLines(`a${ch}b`).includes(ch), written, `lines ${code}`);
    assert.equal(!terminalJson(`a${ch}b`).trimEnd().includes(ch), written, `json ${code}`);
  }
  assert.equal(terminalLine('👩\u200d💻 ❤\ufe0f'), '👩\u200d💻 ❤\ufe0f', 'emoji sequences read normally');
});

test('no other source file keeps a list of invisible characters', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  for (const dir of ['client', 'server', 'cli', 'common']) walk(join(ROOT, dir));
  // Characters only an invisible-character list would name (the BOM, U+FEFF, is also read as a BOM elsewhere).
  const marker = /\\u\{?(200[b-f]|202[8-9a-e]|206[0-9a-f]|061c)|0x(200[b-f]|202[8-9a-e]|206[0-9a-f]|061c)/i;
  const offenders = files.filter(
    (f) => !f.endsWith(join('common', 'invisible.ts')) && marker.test(readFileSync(f, 'utf8')),
  );
  assert.deepEqual(
    offenders.map((f) => relative(ROOT, f)),
    [],
  );
});
