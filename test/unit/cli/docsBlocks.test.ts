/**
 * #14 §1: the code blocks check-docs finds in Markdown, MDX and HTML pages, and where each character of a block
 * is written in the page. Oracle: every character of a block's text maps to the same character of the page (an
 * entity's characters to its `&`, a line break to the end of its line), whatever the page does around it —
 * CRLF, tabs, nested lists, quotes, HTML entities in <pre>.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocBlock } from '../../../cli/docs/blocks';
import { parseInfo } from '../../../cli/docs/blocks';
import { htmlBlocks, htmlParser } from '../../../cli/docs/html';
import { markdownBlocks } from '../../../cli/docs/markdown';
import { statusLabel } from '../../../cli/docs/tie';

/** Asserts the oracle for every character of the block; returns the page offset of block offset 0. */
function assertMapped(page: string, block: DocBlock): void {
  for (let i = 0; i < block.text.length; i++) {
    const c = block.text[i];
    const at = block.map(i);
    if (c === '\n') {
      assert.ok(page[at] === '\r' || page[at] === '\n' || at === page.length, `line break ${i} maps to ${at}`);
    } else if (page[at] === '&') {
      assert.match(page.slice(at), /^&[#\w]+;/, `character ${i} (${c}) maps to an entity`);
    } else if (page[at] !== c) {
      // A tab the list's indentation cut through became spaces: they stand at the tab.
      assert.ok(
        c === ' ' && page[at] === '\t',
        `character ${i} ${JSON.stringify(c)} maps to ${JSON.stringify(page[at])}`,
      );
    }
  }
}

const position = (page: string, offset: number): string => {
  const before = page.slice(0, offset).split(/\r\n|\n/);
  return `${before.length}:${before[before.length - 1].length + 1}`;
};

describe('check-docs blocks', () => {
  test('info strings: language and attributes, quoted or in braces', () => {
    assert.deepEqual(parseInfo('json operation=huawei.meeting.updateMemberVmr status=200'), {
      lang: 'json',
      attrs: { operation: 'huawei.meeting.updateMemberVmr', status: '200' },
    });
    assert.deepEqual(parseInfo('JSON {operation="a.b" title=\'x y\'}'), {
      lang: 'json',
      attrs: { operation: 'a.b', title: 'x y' },
    });
    assert.deepEqual(parseInfo(''), { lang: '', attrs: {} });
  });

  test('CRLF, nested lists, quotes and a tab in a list: every character maps to its place', () => {
    const page = [
      '# Title',
      '',
      '1. First',
      '   - nested',
      '',
      '     ```json operation=a.b',
      '     {',
      '       "x": 1',
      '     }',
      '     ```',
      '',
      '> ```bash',
      '> curl -X PUT https://x/y',
      '> ```',
      '',
      '- item',
      '',
      '\t```json',
      '\t{"t":\t1}',
      '\t```',
      '',
      '~~~~',
      '```',
      '~~~~',
    ].join('\r\n');
    const blocks = markdownBlocks(page);
    assert.deepEqual(
      blocks.map((b) => [b.kind, b.lang, b.attrs, b.text, b.closed, position(page, b.start)]),
      [
        ['fence', 'json', { operation: 'a.b' }, '{\n  "x": 1\n}\n', true, '6:6'],
        ['fence', 'bash', {}, 'curl -X PUT https://x/y\n', true, '12:3'],
        ['fence', 'json', {}, '{"t":\t1}\n', true, '18:2'],
        ['fence', '', {}, '```\n', true, '22:1'],
      ],
    );
    for (const b of blocks) assertMapped(page, b);
    assert.equal(position(page, blocks[0].map(blocks[0].text.indexOf('1'))), '8:13');
    assert.equal(position(page, blocks[2].map(blocks[2].text.indexOf('1'))), '19:8');
  });

  test('an unclosed fence runs to the end of its container and says so', () => {
    const page = '- item\n\n  ```json\n  {"a": 1\n\nafter the list\n';
    const [block] = markdownBlocks(page);
    assert.equal(block.closed, false);
    assert.equal(block.text, '{"a": 1\n\n');
    assertMapped(page, block);
    const atEnd = markdownBlocks('```json\n{"a": 1}\n');
    assert.equal(atEnd[0].closed, false);
    assert.equal(markdownBlocks('````json\n{}\n```\n')[0].closed, false, 'a shorter fence does not close');
  });

  test('MDX: imports and JSX around a fence do not move it', () => {
    const page = 'import Tabs from \'@theme/Tabs\';\n\n<Tabs>\n\n```json operation=a.b\n{"k": true}\n```\n\n</Tabs>\n';
    const [block] = markdownBlocks(page);
    assert.equal(block.text, '{"k": true}\n');
    assert.equal(position(page, block.start), '5:1');
    assertMapped(page, block);
  });

  test('HTML <pre>: entities decoded, the line break after <pre> dropped, data- attributes and language class', async () => {
    const p5 = await htmlParser();
    const page =
      '<html><body>\r\n<h2>PUT /v1/x</h2>\r\n<pre data-operation="a.b" data-status="200"><code class="language-json">\r\n' +
      '{&quot;a&quot;: &#34;&lt;b&gt;&#x22;,\r\n &quot;c&quot;:\t2}</code></pre>\r\n<pre>\r\nplain</pre></body></html>';
    const blocks = htmlBlocks(p5, page, (o) => o, false);
    assert.deepEqual(
      blocks.map((b) => [b.kind, b.lang, b.attrs, b.text, b.closed]),
      [
        ['pre', 'json', { operation: 'a.b', status: '200' }, '\n{"a": "<b>",\n "c":\t2}', true],
        ['pre', '', {}, 'plain', true],
      ],
    );
    for (const b of blocks) assertMapped(page, b);
    assert.equal(position(page, blocks[0].map(blocks[0].text.indexOf('2'))), '5:17');
    assert.equal(page.slice(blocks[1].start, blocks[1].start + blocks[1].openLength), '<pre>');
  });

  test('HTML <pre> written inside Markdown, in a list', async () => {
    const p5 = await htmlParser();
    const page = '- step\n\n  <pre data-operation="a.b">\n  {&quot;n&quot;: 1}\n  </pre>\n';
    const blocks = markdownBlocks(page, p5);
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0].text, '{"n": 1}\n');
    assertMapped(page, blocks[0]);
    assert.equal(position(page, blocks[0].map(blocks[0].text.indexOf('1'))), '4:19');
    assert.deepEqual(markdownBlocks(page), [], 'without the HTML parser, HTML is not looked into');
  });
});

describe('status labels that make a block a response example', () => {
  test('"response" or "status" before the number, or its reason phrase after it; a number alone is none', () => {
    const cases: Array<[string, number | undefined]> = [
      ['Response 200', 200],
      ['### 400 Bad Request', 400],
      ['#### 200 OK ###', 200],
      ['**Example response (201 Created):**', 201],
      ['HTTP/1.1 200 OK', 200],
      ['Status: 404', 404],
      ['Status code 500', 500],
      ['- Responses: 204', 204],
      ['<h4>Response 204</h4>', 204],
      ['404 Not found', 404],
      ['## Top 100 rooms', undefined],
      ['100 rooms', undefined],
      ['200 Okay fine', undefined],
      ['The response is 200', undefined],
      ['Response 600', undefined],
      ['PUT /v1/usg/dcs/member/vmr/{id}', undefined],
    ];
    assert.deepEqual(
      cases.map(([line]) => [line, statusLabel(line)]),
      cases,
    );
  });
});
