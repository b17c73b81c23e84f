/** A code block found in a docs page, with where each of its characters is written. */
import type { OffsetMap } from './offsetMap';

export interface DocBlock {
  /** `fence` (Markdown, MDX) or `pre` (HTML, and HTML inside Markdown). */
  kind: 'fence' | 'pre';
  /** The language as written (`json`, `bash`…), lower case; '' when none. */
  lang: string;
  /** Attributes of the info string (`operation=…`, `status=200`) or of the element (`data-operation`…). */
  attrs: Record<string, string>;
  /** The block's text as the reader sees it (LF line ends, entities decoded, indentation removed). */
  text: string;
  /** File offset of the block's opening (its fence, or `<pre>`): where problems about the whole block stand. */
  start: number;
  /** Length of the opening line or tag, for underlining it. */
  openLength: number;
  map: OffsetMap;
  /** False for a fence that runs to the end of its container without a closing fence. */
  closed: boolean;
}

/** `json operation=x status="200" {title=a}` → language and attributes. */
export function parseInfo(info: string): { lang: string; attrs: Record<string, string> } {
  const attrs: Record<string, string> = {};
  const words = info.trim().match(/[^\s"'=]+=(?:"[^"]*"|'[^']*'|\S+)|\S+/g) ?? [];
  let lang = '';
  for (const [i, raw] of words.entries()) {
    const word = raw.replace(/^\{|\}$/g, '');
    const eq = word.indexOf('=');
    if (eq > 0) attrs[word.slice(0, eq).toLowerCase()] = word.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2');
    else if (i === 0) lang = word.toLowerCase();
  }
  return { lang, attrs };
}
