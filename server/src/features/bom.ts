/**
 * RFC 8259 §8.1 lets a parser ignore a UTF-8 byte-order mark at the start of a text; `JSON.parse` and jsonc-parser
 * do not. Parsers get a space in its place, so every offset (diagnostics, fixes, the body slice sent) stays right
 * and the mark itself is never edited away.
 */
export const BOM = '\ufeff';

export function blankBom(text: string): string {
  return text.startsWith(BOM) ? ' ' + text.slice(1) : text;
}
