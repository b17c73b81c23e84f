/**
 * Formatting a whole document `JSON.parse` accepted, by one pass over its tokens (jsonTokens.ts): the edits
 * jsonc-parser's `format` gives (3.3, MIT, `impl/format.ts`, with `keepLines` off and no comments, which valid JSON
 * cannot hold), without its scanner building a value for every token. test/unit/server/formatValid.test.ts holds it
 * to `format` over generated documents and layouts.
 */
import type { Edit } from 'jsonc-parser';
import { scanTokens } from './jsonTokens';

const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

export interface ValidFormatting {
  tabSize: number;
  insertSpaces: boolean;
  eol: string;
  insertFinalNewline: boolean;
}

/** The edits formatting `text` (valid JSON, no byte-order mark), in document order. */
export function formatValid(text: string, options: ValidFormatting): Edit[] {
  const unit = options.insertSpaces ? ' '.repeat(options.tabSize || 4) : '\t';
  const indents: string[] = [];
  const newline = (level: number) => (indents[level] ??= options.eol + unit.repeat(Math.max(0, level)));
  const edits: Edit[] = [];
  const replace = (content: string, start: number, end: number) => {
    if (end - start !== content.length || !text.startsWith(content, start)) {
      edits.push({ offset: start, length: end - start, content });
    }
  };
  let level = 0;
  // The previous token: its kind and end (none yet: -1).
  let first = -1;
  let firstEnd = 0;
  scanTokens(text, 0, (second, start, end) => {
    let content = '';
    if (first < 0) {
      // Before the first token: nothing.
    } else if (second === CLOSE_OBJECT || second === CLOSE_ARRAY) {
      if (first !== (second === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY)) {
        level--;
        content = newline(level);
      }
    } else if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
      level++;
      content = newline(level);
    } else if (first === COMMA) {
      content = newline(level);
    } else if (first === COLON) {
      content = ' ';
    }
    replace(content, firstEnd, start);
    first = second;
    firstEnd = end;
  });
  if (first >= 0) replace(options.insertFinalNewline ? options.eol : '', firstEnd, text.length);
  return edits;
}
