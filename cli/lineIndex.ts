/**
 * Offsets → 1-based line and column (UTF-16 code units, as LSP and SARIF's default `columnKind`). LF, CRLF and a
 * lone CR each end a line, as in LSP and CommonMark, so a page or file with old Mac line endings is placed right.
 */
export class LineIndex {
  /** The starts of the lines found so far: the text is read only as far as an asked offset needs. */
  private readonly starts = [0];
  private readonly breaks = /\r\n?|\n/g;
  private done = false;

  constructor(private readonly text: string) {}

  position(offset: number): { line: number; column: number } {
    const starts = this.starts;
    // A start past the offset, or the end of the text, settles which line holds it.
    while (!this.done && starts[starts.length - 1] <= offset) {
      const m = this.breaks.exec(this.text);
      if (m) starts.push(m.index + m[0].length);
      else this.done = true;
    }
    const line = lastAtOrBefore(starts, offset);
    return { line: line + 1, column: offset - starts[line] + 1 };
  }
}

/**
 * The index of the last of `starts` (ascending, `starts[0] <= offset`) that is at or before `offset`: which line,
 * piece or segment an offset falls in. The one binary search of the command line (also `docs/offsetMap.ts`).
 */
export function lastAtOrBefore(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
