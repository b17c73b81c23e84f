/**
 * The command line's glob matcher (`cli/glob.ts`) against a regular expression built from the same pattern, over
 * generated patterns and names: the string matching of star-and-literal segments and the general matcher (classes,
 * `?`, characters outside the BMP) agree with it, one code point per `?`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob } from '../../../cli/glob';
import { Rng } from '../../../scripts/fuzz/prng';

const PATTERN_PIECES = ['a', 'b', '.', 'ab', '*', '*', '?', '[ab]', '[!a]', '😀'];
const NAME_PIECES = ['a', 'b', '.', 'ab', 'ba', '😀', ''];

/** The pattern as a regular expression (code points, `u`), the reading the matcher must give. */
function reference(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length;) {
    if (pattern.startsWith('[!a]', i)) {
      source += '[^a/]';
      i += 4;
    } else if (pattern.startsWith('[ab]', i)) {
      source += '[ab]';
      i += 4;
    } else {
      const c = String.fromCodePoint(pattern.codePointAt(i)!);
      source += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c === '.' ? '\\.' : c;
      i += c.length;
    }
  }
  return new RegExp(`^${source}$`, 'u');
}

test('segments of stars and literals, classes and ? match as the regular expression does', () => {
  const rng = new Rng(20261204);
  let matched = 0;
  let compared = 0;
  for (let p = 0; p < 400; p++) {
    const pattern = Array.from({ length: rng.range(1, 6) }, () => rng.pick(PATTERN_PIECES)).join('');
    const glob = compileGlob(`dir/${pattern}`);
    const re = reference(pattern);
    for (let n = 0; n < 25; n++) {
      const name = Array.from({ length: rng.range(0, 6) }, () => rng.pick(NAME_PIECES)).join('');
      const expected = re.test(name);
      assert.equal(glob.test(`dir/${name}`), expected, `${pattern} on ${JSON.stringify(name)}`);
      if (expected) matched++;
      compared++;
    }
  }
  // Both answers are common, so each side is held.
  assert.ok(matched > compared / 20 && matched < compared / 2, `${matched} of ${compared} matched`);
});

test('the usual patterns', () => {
  const { test: matches } = compileGlob('requests/*.meeting.json');
  assert.equal(matches('requests/a.meeting.json'), true);
  assert.equal(matches('requests/.meeting.json'), true);
  assert.equal(matches('requests/a.meeting.json.bak'), false);
  assert.equal(matches('requests/sub/a.meeting.json'), false);
  assert.equal(compileGlob('a*b*a').test('aba'), true);
  assert.equal(compileGlob('a*b*a').test('ab'), false);
  assert.equal(compileGlob('ab*ba').test('aba'), false);
});
