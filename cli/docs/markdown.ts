/**
 * Code blocks of Markdown and MDX pages, found with markdown-it (so a fence inside a list, a quote or an
 * indented block is what CommonMark says it is), and `<pre>` blocks written as HTML inside the page.
 */
import MarkdownIt from 'markdown-it';
import { parseInfo, type DocBlock } from './blocks';
import { htmlBlocks, type HtmlParser } from './html';
import { lineMap, sourceLines } from './offsetMap';

// html: true, so HTML blocks are tokens of their own (with their lines) instead of text.
const md = new MarkdownIt({ html: true });

/** `p5`: for HTML blocks; without it, a page's HTML is not looked into (it has no <pre>). */
export function markdownBlocks(text: string, p5?: HtmlParser): DocBlock[] {
  const lines = sourceLines(text);
  const blocks: DocBlock[] = [];
  for (const token of md.parse(text, {})) {
    if (!token.map) continue;
    const [first, end] = token.map;
    if (token.type === 'fence') {
      const opening = lines[first];
      const body = token.content.endsWith('\n') ? token.content.slice(0, -1) : token.content;
      const fenceAt = opening.text.indexOf(token.markup);
      const { lang, attrs } = parseInfo(token.info);
      blocks.push({
        kind: 'fence',
        lang,
        attrs,
        text: token.content,
        start: opening.start + Math.max(0, fenceAt),
        openLength: opening.text.length - Math.max(0, fenceAt),
        map: lineMap(lines, first + 1, body),
        closed: end - 1 > first && isClosingFence(lines[end - 1].text, token.markup),
      });
    } else if (p5 && token.type === 'html_block' && /<pre[\s>]/i.test(token.content)) {
      const content = token.content.endsWith('\n') ? token.content.slice(0, -1) : token.content;
      blocks.push(...htmlBlocks(p5, content, lineMap(lines, first, content), true));
    }
  }
  return blocks;
}

/** A closing fence: up to 3 spaces (after the container's prefix), at least as many of the same character. */
function isClosingFence(line: string, markup: string): boolean {
  const m = /(`{3,}|~{3,})[ \t]*$/.exec(line);
  return m !== null && m[1][0] === markup[0] && m[1].length >= markup.length;
}
