/**
 * Offsets inside an extracted code block → offsets in the docs file. A block's text is not a slice of the page:
 * Markdown strips the indentation of list items and the `>` of quotes from every line (and turns a tab it cuts
 * through into spaces), CRLF becomes LF, and HTML decodes entities. Each map keeps, per piece of the block, where
 * it is written, so a problem is shown where the writer sees it.
 */
import { lastAtOrBefore } from '../lineIndex';

export type OffsetMap = (blockOffset: number) => number;

export interface SourceLine {
  /** Offset of the line's first character in the file. */
  start: number;
  /** Without its line break. */
  text: string;
}

/** The file's lines: LF, CRLF and a lone CR end a line, as CommonMark says. */
export function sourceLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ start, text: text.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  lines.push({ start, text: text.slice(start) });
  return lines;
}

/**
 * A block whose line i is the end of source line `first + i` (what a fence or an HTML block in Markdown is: each
 * line with its container prefix removed). A line the parser changed at its start (a tab cut into spaces) is
 * matched by what follows the whitespace.
 */
export function lineMap(lines: SourceLine[], first: number, blockText: string): OffsetMap {
  const starts: number[] = [];
  const bases: Array<{ lead: number; at: number; end: number }> = [];
  let offset = 0;
  for (const [i, line] of blockText.split('\n').entries()) {
    const source = lines[Math.min(first + i, lines.length - 1)];
    starts.push(offset);
    offset += line.length + 1;
    const end = source.start + source.text.length;
    if (source.text.endsWith(line)) {
      bases.push({ lead: 0, at: end - line.length, end });
      continue;
    }
    const rest = line.trimStart();
    const at = source.text.endsWith(rest) ? end - rest.length : source.start;
    bases.push({ lead: line.length - rest.length, at, end });
  }
  return (o) => {
    const lo = lastAtOrBefore(starts, o);
    const { lead, at, end } = bases[lo];
    const column = o - starts[lo];
    // The whitespace a tab became stands at the tab; the line break after the line at the line's end.
    return Math.min(at + Math.max(0, column - lead), end);
  };
}

/**
 * Decoded text of raw HTML character data (`raw` as written, from offset `rawStart` of the file) → file offsets:
 * an entity's characters all stand at its `&`, CRLF at its LF.
 */
export function entityMap(
  raw: string,
  rawStart: number,
  decode: (entity: string) => string,
): { text: string; map: OffsetMap } {
  let text = '';
  const at: number[] = [];
  const re = /&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)|\r\n?/g;
  let last = 0;
  const plain = (upTo: number): void => {
    for (let i = last; i < upTo; i++) at.push(rawStart + i);
    text += raw.slice(last, upTo);
  };
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    plain(m.index);
    const piece = m[0].startsWith('\r') ? '\n' : decode(m[0]);
    const where = rawStart + m.index + (m[0] === '\r\n' ? 1 : 0);
    for (let i = 0; i < piece.length; i++) at.push(where);
    text += piece;
    last = m.index + m[0].length;
  }
  plain(raw.length);
  const end = rawStart + raw.length;
  return { text, map: (o) => (o < at.length ? at[Math.max(0, o)] : end) };
}
