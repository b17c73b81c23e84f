/**
 * Text from files, catalogs and servers made safe to print on a terminal or into a CI log. A terminal acts on
 * control characters: ESC and the C1 controls start sequences that write the clipboard (OSC 52), draw spoofed
 * links (OSC 8), set the window title or clear the screen; a line break lets a file key start a line of its own
 * (a CI workflow command such as `::error::`); bidi controls reorder what is shown. These are written out as
 * `\xHH` (C0, DEL) or `\uHHHH` (C1, bidi, line separators), which is also how JSON and JavaScript would write
 * them. Everything else, emoji, joiners and variation selectors included, stays as it is: ordinary text in any
 * script keeps reading normally. Backslashes are not doubled, so escaped JSON bodies stay readable.
 */
import { invisibleClass } from '../common/invisible';

// DEL, C1, the bidi embedding, override and isolate controls and marks (Trojan Source), and the Unicode line
// and paragraph separators: JSON.stringify leaves these raw.
// The kinds are defined once, in common/invisible.ts; JSON.stringify already escapes C0 itself.
const C0 = String.fromCharCode(...Array.from({ length: 0x20 }, (_, i) => i));
const RAW_IN_JSON = invisibleClass(['control', 'bidi', 'line-separator'], C0);
// Plus C0 but tab, LF and CR, which depend on the mode.
const UNSAFE = invisibleClass(['control', 'bidi', 'line-separator'], '\t\n\r');
const UNSAFE_IN_LINE = new RegExp(`[${UNSAFE}\\t\\n\\r]`, 'gu');
// In multi-line text a tab, a line feed and a CR that ends a line (CRLF) are kept; a lone CR would overwrite it.
const UNSAFE_IN_LINES = new RegExp(`[${UNSAFE}]|\\r(?!\\n)`, 'gu');

const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : unicodeEscape(c);
}

/** One line of text: every control character, line breaks and tabs included, is written out. */
export function terminalLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, escapeChar);
}

/** Text of several lines (a response body, an error's detail): line breaks and tabs are kept. */
export function terminalLines(text: string): string {
  return text.replace(UNSAFE_IN_LINES, escapeChar);
}

const RAW_IN_JSON_PATTERN = new RegExp(`[${RAW_IN_JSON}]`, 'gu');

/** JSON for standard output: the same value, with the characters a terminal would act on as `\u` escapes. */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(RAW_IN_JSON_PATTERN, unicodeEscape) + '\n';
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`): the runner reads them line by line and
 * decodes `%25`, `%0D`, `%0A` (and `%3A`, `%2C` in properties). Encoding `%` first keeps a literal `%0A` literal;
 * encoding line breaks keeps every annotation on its line, so a file key cannot start a workflow command of its
 * own; in a property `:` and `,` would end it early. What is left is made terminal-safe like any other line.
 */
export function githubMessage(text: string): string {
  return terminalLine(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

export function githubProperty(text: string): string {
  return githubMessage(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// XML 1.0 allows tab, LF, CR and U+0020–U+D7FF, U+E000–U+FFFD and paired surrogates; terminalLine(s) already
// wrote out the C0 controls, so what is left to write out is lone surrogates and U+FFFE/U+FFFF.
const NOT_XML = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** XML character data or an attribute value: entities for markup, and no character XML 1.0 forbids. */
export function xmlText(text: string, multiline = false): string {
  return (multiline ? terminalLines(text) : terminalLine(text))
    .replace(NOT_XML, unicodeEscape)
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c]);
}
