/**
 * `<pre>` blocks of HTML (pages, and HTML written inside Markdown), found with parse5 so that what counts as the
 * block's text is what a browser shows: entities decoded, the line break right after `<pre>` dropped.
 */
import type * as Parse5 from 'parse5' with { 'resolution-mode': 'import' };
import type { DocBlock } from './blocks';
import { entityMap, type OffsetMap } from './offsetMap';

/** parse5 is an ES module: loaded with import() (htmlParser), only for pages that have HTML blocks. */
export type HtmlParser = typeof Parse5;
export const htmlParser = (): Promise<HtmlParser> => import('parse5');

type Node = Parse5.DefaultTreeAdapterMap['node'];
type Element = Parse5.DefaultTreeAdapterMap['element'];

const isElement = (n: Node): n is Element => 'tagName' in n;

/** Blocks of `html`; `toFile` maps offsets of `html` to the file (identity for an HTML page). */
export function htmlBlocks(p5: HtmlParser, html: string, toFile: OffsetMap, fragment: boolean): DocBlock[] {
  const root = fragment
    ? p5.parseFragment(html, { sourceCodeLocationInfo: true })
    : p5.parse(html, { sourceCodeLocationInfo: true });
  const blocks: DocBlock[] = [];
  const visit = (node: Node): void => {
    if (isElement(node) && node.tagName === 'pre') {
      blocks.push(preBlock(p5, html, node, toFile));
      return;
    }
    // <template> keeps its children in `content`.
    const children = 'content' in node ? node.content.childNodes : 'childNodes' in node ? node.childNodes : [];
    for (const child of children) visit(child);
  };
  visit(root);
  return blocks;
}

function preBlock(p5: HtmlParser, html: string, pre: Element, toFile: OffsetMap): DocBlock {
  const pieces: Array<{ text: string; map: OffsetMap }> = [];
  let lang = '';
  const attrs: Record<string, string> = {};
  const readAttrs = (el: Element): void => {
    for (const a of el.attrs) {
      if (a.name.startsWith('data-')) attrs[a.name.slice(5)] = a.value;
      if (a.name === 'class') {
        const m = /(?:^|\s)(?:language|lang)-(\S+)/.exec(a.value);
        if (m) lang = m[1].toLowerCase();
      }
    }
  };
  readAttrs(pre);
  const walk = (node: Node): void => {
    if (node.nodeName === '#text' && 'value' in node && node.sourceCodeLocation) {
      const loc = node.sourceCodeLocation;
      let start = loc.startOffset;
      const raw = html.slice(start, loc.endOffset);
      // The browser drops one line break right after <pre>: the text node's location still covers it.
      const lead = node.value.startsWith('\n') ? '' : (/^\r?\n/.exec(raw)?.[0] ?? '');
      start += lead.length;
      const decoded = entityMap(html.slice(start, loc.endOffset), start, (e) => decodeEntity(p5, e));
      pieces.push(decoded.text === node.value ? decoded : { text: node.value, map: (o) => start + o });
      return;
    }
    if (isElement(node)) {
      if (node !== pre) readAttrs(node);
      for (const child of node.childNodes) walk(child);
    }
  };
  walk(pre);
  const text = pieces.map((p) => p.text).join('');
  const starts: number[] = [];
  let at = 0;
  for (const p of pieces) {
    starts.push(at);
    at += p.text.length;
  }
  const open = pre.sourceCodeLocation?.startTag;
  const openStart = open?.startOffset ?? 0;
  const end = pre.sourceCodeLocation?.endOffset ?? openStart;
  const map: OffsetMap = (o) => {
    let i = starts.length - 1;
    while (i > 0 && starts[i] > o) i--;
    return toFile(i < 0 ? end : pieces[i].map(o - starts[i]));
  };
  return {
    kind: 'pre',
    lang: lang || (attrs.lang ?? '').toLowerCase(),
    attrs,
    text,
    start: toFile(openStart),
    openLength: (open?.endOffset ?? openStart) - openStart,
    map,
    closed: pre.sourceCodeLocation?.endTag !== undefined,
  };
}

/** One entity's text, as the HTML parser decodes it (inside <pre>, like the blocks). */
function decodeEntity(p5: HtmlParser, entity: string): string {
  const pre = p5.parseFragment(`<pre>x${entity}</pre>`).childNodes[0];
  const text = pre && 'childNodes' in pre ? pre.childNodes[0] : undefined;
  return text && 'value' in text ? text.value.slice(1) : entity;
}
