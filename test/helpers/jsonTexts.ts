/** Generated JSON texts of every layout, and texts being typed, for the oracle tests of the scans. */

/** A small deterministic PRNG (mulberry32), so a failure names its seed. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', 'a', 'x y', 'é', 'quote " inside', 'back\\slash', 'tab\tand\nbreak', '\u2028', '{[,:]}', '"'];
const NUMBERS = ['0', '-1', '3.25', '1e5', '-0.5E-3', '12345678901234567890'];
const KEYS = ['a', 'name', 'role', '', 'x:y', 'é', '"q"'];

/** White space between tokens: none, the usual, or a mix of spaces, tabs and line breaks. */
export function space(r: () => number, eol: string): string {
  const k = r();
  if (k < 0.4) return '';
  if (k < 0.6) return ' ';
  if (k < 0.75) return eol + '  ';
  return Array.from({ length: 1 + Math.floor(r() * 4) }, () => [' ', '\t', eol, '    '][Math.floor(r() * 4)]).join('');
}

/** A JSON text written with {@link space} between tokens, so layouts of every kind come out. */
export function jsonText(r: () => number, eol: string, depth = 0): string {
  const ws = () => space(r, eol);
  const k = r();
  if (depth > 4 || k < 0.35) {
    const lit = r();
    if (lit < 0.4) return JSON.stringify(STRINGS[Math.floor(r() * STRINGS.length)]);
    if (lit < 0.8) return NUMBERS[Math.floor(r() * NUMBERS.length)];
    return ['true', 'false', 'null'][Math.floor(r() * 3)];
  }
  const n = Math.floor(r() * 4);
  if (k < 0.7) {
    const members = Array.from(
      { length: n },
      () => `${JSON.stringify(KEYS[Math.floor(r() * KEYS.length)])}${ws()}:${ws()}${jsonText(r, eol, depth + 1)}`,
    );
    return `{${ws()}${members.join(`${ws()},${ws()}`)}${ws()}}`;
  }
  const items = Array.from({ length: n }, () => jsonText(r, eol, depth + 1));
  return `[${ws()}${items.join(`${ws()},${ws()}`)}${ws()}]`;
}

const PIECES = [
  '"',
  '"',
  ':',
  ',',
  '{',
  '}',
  '[',
  ']',
  '\n',
  '\r\n',
  '\\',
  '//x',
  '/*y*/',
  '/*',
  '/',
  'a',
  '-',
  '1e',
  '\t',
  '\f',
  '\u00a0',
  '"na\n',
];

/** Text being typed: `text` with a few characters dropped, doubled or replaced by a piece of the above. */
export function typing(r: () => number, text: string): string {
  let out = text;
  const edits = 1 + Math.floor(r() * 4);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(r() * (out.length + 1));
    const what = r();
    if (what < 0.3) out = out.slice(0, at) + out.slice(at + 1);
    else if (what < 0.4) out = out.slice(0, at) + out.slice(at, at + 1).repeat(2) + out.slice(at + 1);
    else out = out.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + out.slice(at);
  }
  // Most often, a key being typed on its own line before a member.
  const comma = out.indexOf(',', Math.floor(r() * out.length));
  if (comma >= 0 && r() < 0.7) {
    out = out.slice(0, comma + 1) + ['\n"na\n', '\n"na"\n', '\n"\n'][Math.floor(r() * 3)] + out.slice(comma + 1);
  }
  return out;
}
