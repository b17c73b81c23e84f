/** Test text with a `|` cursor marker: returns the text without it and the marker's offset. */
export function withCursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('No | cursor marker in test text');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** Offset of the n-th occurrence of `needle` (0-based) in `text`; throws when absent. */
export function offsetOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} not found in test text`);
  }
  return at;
}
