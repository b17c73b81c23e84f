/**
 * The characters that hide, reorder or break text, defined once. Whatever shows untrusted text (the send
 * dialogs, the support bundle, the terminal and CI logs) writes these out as escapes, choosing which kinds by
 * where the text goes: a terminal keeps joiners and variation selectors (emoji and many scripts need them), a
 * confirmation dialog shows every invisible character.
 */

/**
 * - `control`: C0, DEL and C1 (terminals act on ESC and C1; the others move or erase text);
 * - `bidi`: the bidi marks, embeddings, overrides and isolates (Trojan Source reordering);
 * - `line-separator`: U+2028/U+2029, line breaks JSON.stringify leaves raw;
 * - `hidden`: zero-width and other invisible format characters, fillers, variation selectors, tags, the BOM.
 */
export type InvisibleKind = 'control' | 'bidi' | 'line-separator' | 'hidden';

export const INVISIBLE_RANGES: ReadonlyArray<readonly [number, number, InvisibleKind]> = [
  [0x0000, 0x001f, 'control'],
  [0x007f, 0x009f, 'control'],
  [0x061c, 0x061c, 'bidi'],
  [0x200e, 0x200f, 'bidi'],
  [0x202a, 0x202e, 'bidi'],
  [0x2066, 0x2069, 'bidi'],
  [0x2028, 0x2029, 'line-separator'],
  [0x00ad, 0x00ad, 'hidden'],
  [0x115f, 0x1160, 'hidden'],
  [0x180e, 0x180e, 'hidden'],
  [0x200b, 0x200d, 'hidden'],
  [0x2060, 0x2065, 'hidden'],
  [0x206a, 0x206f, 'hidden'],
  [0x3164, 0x3164, 'hidden'],
  [0xfe00, 0xfe0f, 'hidden'],
  [0xfeff, 0xfeff, 'hidden'],
  [0xffa0, 0xffa0, 'hidden'],
  [0xfff0, 0xfffb, 'hidden'],
  [0xe0000, 0xe007f, 'hidden'],
];

export const ALL_INVISIBLE: readonly InvisibleKind[] = ['control', 'bidi', 'line-separator', 'hidden'];

const hex = (cp: number): string => `\\u{${cp.toString(16)}}`;

/**
 * The inside of a regular-expression character class (for a pattern with the `u` flag) matching the characters
 * of these kinds, except those in `keep` (e.g. tab and line breaks where lines are kept).
 */
export function invisibleClass(kinds: readonly InvisibleKind[], keep = ''): string {
  const kept = new Set([...keep].map((c) => c.codePointAt(0)));
  let out = '';
  for (const [lo, hi, kind] of INVISIBLE_RANGES) {
    if (!kinds.includes(kind)) continue;
    let start: number | undefined;
    for (let cp = lo; cp <= hi + 1; cp++) {
      const inside = cp <= hi && !kept.has(cp);
      if (inside && start === undefined) start = cp;
      if (!inside && start !== undefined) {
        out += start === cp - 1 ? hex(start) : `${hex(start)}-${hex(cp - 1)}`;
        start = undefined;
      }
    }
  }
  return out;
}

/** A global pattern (`u` flag) for the characters of these kinds, except those in `keep`. */
export function invisiblePattern(kinds: readonly InvisibleKind[] = ALL_INVISIBLE, keep = ''): RegExp {
  return new RegExp(`[${invisibleClass(kinds, keep)}]`, 'gu');
}

/** `\u{200B}`: how the dialogs and the support bundle write out an invisible character. */
export const braceEscape = (ch: string): string => `\\u{${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`;
