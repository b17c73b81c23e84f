/**
 * T29 — Markdown injection through hover and completion.
 *
 * Document keys and values are untrusted. Wherever hover or completion echoes them, they must stay inert:
 * inside a code span the text cannot close, or backslash-escaped. The test puts hostile strings in every
 * position of a request file, asks for hover and completion inside every string of it over a real LSP
 * connection, strips code spans and escapes from every Markdown answer, and checks that nothing active is
 * left. The client side of the same threat (VS Code renders our Markdown untrusted, without HTML) is pinned
 * by reading the client's options.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { parse } from 'jsonc-parser';
import { Catalog } from '../../../server/src/catalog/catalog';
import { loadOpenApi } from '../../../server/src/catalog/openapi';
import { complete } from '../../../server/src/features/completion';
import { hover } from '../../../server/src/features/hover';
import { doc } from '../../helpers/catalog';
import { ROOT, outsideCodeSpans, positionAt, startLogged, type LoggedHarness } from './helpers';

const PAYLOADS = [
  '[click](command:workbench.action.terminal.new)',
  '[x](command:meetingPayloads.sendRequest?%7B%7D "t")',
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '`code` ``two`` ```three```',
  '` [y](command:z) `',
  '![i](https://127.0.0.1:9/beacon.png)',
  '<a href="javascript:alert(1)">a</a>',
];

/** Markup that must never survive outside a code span or an escape: active links, images, raw HTML. */
const ACTIVE = [
  /\]\(\s*<?\s*(command|javascript|data|vbscript):/i,
  /!\[[^\]]*\]\(/,
  /\]\(\s*<?https?:\/\/127\./i,
  /<[a-z!?/]/i,
];

function markdownOf(value: Hover | CompletionItem): string[] {
  const out: string[] = [];
  const collect = (c: unknown) => {
    if (typeof c === 'string') out.push(c);
    else if (Array.isArray(c)) c.forEach(collect);
    else if (c && typeof c === 'object' && 'value' in c) out.push(String((c as MarkupContent).value));
  };
  if ('contents' in value) collect(value.contents);
  else collect(value.documentation);
  return out;
}

/** Offsets just inside every string token of a JSON text. */
function insideStrings(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue;
    out.push(i + 1);
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    out.push(Math.max(i + 1, j - 1));
    i = j;
  }
  return out;
}

describe('T29: Markdown injection through hover and completion', () => {
  let h: LoggedHarness;
  before(async () => {
    h = await startLogged();
  });
  after(() => h.lsp.dispose());

  const files: Array<[string, (p: string) => unknown]> = [
    [
      'body values',
      (p) => ({
        operation: 'huawei.meeting.updateRecurringMeeting',
        query: { conferenceID: p },
        body: { subject: p, mediaTypes: p, cycleParams: { cycle: p }, attendees: [{ name: p, type: p }] },
      }),
    ],
    [
      'body and envelope keys',
      (p) => ({
        operation: 'huawei.meeting.updateMemberVmr',
        [p]: 1,
        pathParams: { id: 'x', [p]: p },
        query: { [p]: p },
        headers: { [p]: p },
        body: { [p]: p, vmrName: p },
      }),
    ],
    ['the operation id', (p) => ({ operation: p, body: { [p]: p } })],
    [
      'a Webex body with nested arrays',
      (p) => ({
        operation: 'webex.meetings.updatePersonalMeetingRoomOptions',
        query: { siteUrl: p },
        body: { topic: p, hostPin: p, coHosts: [{ email: p, displayName: p, [p]: p }] },
      }),
    ],
  ];

  for (const [where, make] of files) {
    test(`T29: hostile strings in ${where} are echoed only inside code spans or escaped`, async (t) => {
      let answers = 0;
      let echoed = 0;
      for (const [i, payload] of PAYLOADS.entries()) {
        const text = JSON.stringify(make(payload), null, 2);
        const uri = `file:///t29-${where.replace(/\W+/g, '-')}-${i}.meeting.json`;
        await h.lsp.open(uri, text);
        for (const offset of insideStrings(text)) {
          const position = positionAt(text, offset);
          const hover = await h.lsp.hover(uri, position);
          const items = await h.lsp.completion(uri, position);
          const markdown = [...(hover ? markdownOf(hover) : []), ...items.flatMap(markdownOf)];
          for (const md of markdown) {
            answers++;
            if (md.includes('command:') || md.includes('onerror')) echoed++;
            const rest = outsideCodeSpans(md);
            for (const active of ACTIVE) {
              assert.ok(!active.test(rest), `${active} outside a code span in:\n${md}\n(payload ${payload})`);
            }
          }
        }
        await h.lsp.close(uri);
      }
      assert.ok(answers > 0, 'some Markdown was produced and checked');
      t.diagnostic(`${answers} Markdown answers checked, ${echoed} echoing a payload`);
      assert.deepEqual(h.errors, []);
    });
  }

  test('T29: where a document key is echoed (a map-like body schema), it is escaped', () => {
    // The bundled catalog never echoes document text (every hovered name comes from the catalog); a user
    // catalog with `additionalProperties` schemas does: the hovered key is the document's.
    const catalog = new Catalog();
    catalog.add(
      loadOpenApi(
        {
          openapi: '3.1.0',
          servers: [{ url: 'https://example.test' }],
          paths: {
            '/x': {
              put: {
                operationId: 'test.put',
                requestBody: {
                  content: {
                    'application/json': {
                      schema: {
                        type: 'object',
                        additionalProperties: { type: 'string', description: 'A free-form entry.' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        { family: 'test', docId: 'urn:meeting-payloads:test', source: 'test' },
      ),
      'test.json',
    );
    let echoed = 0;
    for (const payload of PAYLOADS) {
      const text = JSON.stringify({ operation: 'test.put', body: { [payload]: payload } });
      for (const offset of insideStrings(text)) {
        const h = hover(doc(text), offset, parse(text), catalog);
        const items = complete(doc(text), offset, parse(text), catalog);
        for (const md of [...(h ? markdownOf(h) : []), ...items.flatMap(markdownOf)]) {
          if (md.includes('command:') || md.includes('onerror') || md.includes('javascript:')) echoed++;
          const rest = outsideCodeSpans(md);
          for (const active of ACTIVE) assert.ok(!active.test(rest), `${active} outside a code span in:\n${md}`);
        }
      }
    }
    assert.ok(echoed >= 3, `the hostile keys were echoed (escaped) ${echoed} times`);
  });

  test('T29: the checker itself: a raw payload is caught, a fenced or escaped one is not', () => {
    assert.ok(ACTIVE[0].test(outsideCodeSpans('see [click](command:x)')));
    assert.ok(!ACTIVE[0].test(outsideCodeSpans('see `[click](command:x)`')));
    assert.ok(!ACTIVE[0].test(outsideCodeSpans('see ``a`[click](command:x)``')));
    assert.ok(!ACTIVE[0].test(outsideCodeSpans('see \\[click\\]\\(command:x\\)')));
    assert.ok(ACTIVE[0].test(outsideCodeSpans('``a` [click](command:x)')), 'an unclosed fence protects nothing');
    assert.ok(ACTIVE[3].test(outsideCodeSpans('x <img src=x onerror=alert(1)>')));
    assert.ok(!ACTIVE[3].test(outsideCodeSpans('x \\<img src=x onerror=alert\\(1\\)\\>')));
  });

  test('T29: the language client renders server Markdown untrusted and without HTML', () => {
    // VS Code executes command links only in trusted Markdown and renders HTML only when supportHtml is set.
    const source = readFileSync(join(ROOT, 'client', 'src', 'languageClient.ts'), 'utf8');
    assert.match(source, /markdown:\s*\{\s*isTrusted:\s*false,\s*supportHtml:\s*false\s*\}/);
  });
});
