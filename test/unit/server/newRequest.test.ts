/**
 * New-request templates served by the language server: only where a whole request can start, one per catalog
 * operation (built-in and user), each inserting a request file with no errors.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import type { CompletionItem, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalog } from '../../../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../../../server/src/catalog/builtin';
import { loadUserCatalog } from '../../../server/src/catalog/userCatalog';
import { complete } from '../../../server/src/features/completion';
import { closestOperation } from '../../../server/src/features/envelope';
import { analyze } from '../../../server/src/features/analyze';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { builtinCatalog, doc, SCHEMAS_DIR, underlined } from '../../helpers/catalog';
import { snippetText } from '../../helpers/snippet';
import { withCursor } from '../../helpers/cursor';

const USER_CATALOG = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'rooms', version: '1' },
  servers: [{ url: 'https://rooms.example.test' }],
  paths: {
    '/rooms/{roomId}/seats/{block}': {
      put: {
        operationId: 'setSeats',
        summary: 'Set the seats of a room',
        parameters: [
          { name: 'roomId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'block', in: 'path', required: true, schema: { type: 'string', enum: ['north', 'south'] } },
          { name: 'site', in: 'query', required: true, schema: { type: 'string', enum: ['eu', 'us'] } },
          { name: 'note', in: 'query', required: false, schema: { type: 'string' } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['label'],
                properties: { label: { type: 'string', minLength: 1 }, wide: { type: 'boolean' } },
              },
            },
          },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
});

function catalogWithUserOps(): Catalog {
  const catalog = new Catalog();
  addBuiltins(catalog, readBuiltinDocuments(SCHEMAS_DIR));
  const result = loadUserCatalog('rooms', USER_CATALOG, 'rooms.json');
  if ('error' in result) assert.fail(result.error);
  catalog.add(result.loaded, 'rooms');
  return catalog;
}

const itemsIn = (text: string, catalog: Catalog = builtinCatalog(), offset = text.length) =>
  complete(doc(text), offset, parse(text), catalog);

/** The file after accepting an item whose edit replaces the whole document. */
function accepted(text: string, item: CompletionItem): string {
  const d = doc(text);
  const edit = item.textEdit as TextEdit;
  return TextDocument.applyEdits(d, [{ range: edit.range, newText: snippetText(edit.newText) }]);
}

describe('new-request templates', () => {
  test('an empty file offers one "New request" per operation, built-in and user, and nothing else', () => {
    const catalog = catalogWithUserOps();
    const items = itemsIn('', catalog);
    assert.deepEqual(
      items.map((i) => i.label),
      catalog.all().map((op) => `New request: ${op.summary || op.id} (${op.method} ${op.path})`),
    );
    assert.ok(
      items.some((i) => i.label === 'New request: Set the seats of a room (PUT /rooms/{roomId}/seats/{block})'),
    );
  });

  for (const text of ['   \n\t', '\n', 'mp-', '  new  ']) {
    test(`${JSON.stringify(text)}: templates replace the whole file`, () => {
      const items = itemsIn(text);
      assert.equal(items.length, builtinCatalog().all().length);
      for (const item of items) {
        const edit = item.textEdit as TextEdit;
        assert.deepEqual(edit.range, { start: { line: 0, character: 0 }, end: doc(text).positionAt(text.length) });
      }
    });
  }

  for (const marked of [
    '{|}',
    '{"operation": "|"}',
    '{"operation": "huawei.meeting.updateMemberVmr", "body": {"vmrName": "|"}}',
  ]) {
    test(`no template where a whole request cannot start: ${marked}`, () => {
      const { text, offset } = withCursor(marked);
      const items = complete(doc(text), offset, parse(text), builtinCatalog());
      assert.deepEqual(
        items.filter((i) => String(i.label).startsWith('New request')),
        [],
      );
    });
  }

  const catalog = catalogWithUserOps();
  for (const op of catalog.all()) {
    test(`the template of ${op.id} inserts a request with no errors, its parameters as tab stops`, () => {
      const item = itemsIn('', catalog).find((i) => (i.textEdit as TextEdit).newText.includes(`"${op.id}"`));
      assert.ok(item);
      const text = accepted('', item);
      const snippet = (item.textEdit as TextEdit).newText;
      // The only errors allowed are at the empty tab stops, strings no schema can fill (a name), left to type.
      const errors = analyze(text, catalog, DEFAULT_SERVER_SETTINGS)
        .problems.filter((p) => p.severity === 'error')
        .map((p) => text.slice(p.offset, p.offset + p.length));
      assert.ok(
        errors.every((at) => at === '""'),
        `errors only at empty tab stops: ${errors.join(', ')}`,
      );
      assert.ok(errors.length <= (snippet.match(/\$\{\d+\}/g) ?? []).length);
      const request = JSON.parse(text) as { operation: string; pathParams?: object; body?: unknown };
      assert.equal(request.operation, op.id);
      const stops = snippet.match(/\$\{\d+:/g) ?? [];
      const expected = op.params.filter((p) => p.in === 'path' || (p.in === 'query' && p.required)).length;
      assert.equal(stops.length, expected, 'one tab stop per path parameter and required query parameter');
      const example = op.body?.examples[0];
      if (example) assert.match(String(item.detail), /documented example/);
    });
  }

  test("a user operation's template fills typed placeholders: enum values and the required body member", () => {
    const item = itemsIn('', catalog).find((i) => String(i.label).includes('Set the seats'));
    assert.ok(item);
    assert.equal(
      (item.textEdit as TextEdit).newText,
      [
        '{',
        '  "operation": "rooms.setSeats",',
        '  "pathParams": {',
        '    "roomId": "${1:roomId}",',
        '    "block": "${2:north}"',
        '  },',
        '  "query": {',
        '    "site": "${3:eu}"',
        '  },',
        '  "body": {',
        '    "label": "${4}"',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  test('a built-in example body with its documented values, escaped for the snippet syntax', () => {
    const item = itemsIn('').find((i) => String(i.label).includes('PUT /v1/usg/dcs/member/vmr/{id}'));
    assert.ok(item);
    const request = JSON.parse(accepted('', item)) as { body: Record<string, unknown> };
    assert.equal(request.body.vmrName, "test's cloud meeting room");
  });
});

describe('operation completion and did-you-mean', () => {
  test('the operation list matches on the path and summary too', () => {
    const items = itemsIn('{"operation": ""}', builtinCatalog(), '{"operation": "'.length);
    const recurring = items.find((i) => i.label === 'huawei.meeting.updateRecurringMeeting');
    assert.ok(recurring);
    assert.match(String(recurring.filterText), /"\/v1\/mmc\/management\/cycleconferences"/);
    assert.match(String(recurring.filterText), /recurring meeting/i);
  });

  const ids = builtinCatalog()
    .all()
    .map((o) => o.id);
  for (const [typed, expected] of [
    ['updateMembrVmr', 'huawei.meeting.updateMemberVmr'],
    ['huawei.meeting.updateRecuringMeeting', 'huawei.meeting.updateRecurringMeeting'],
    ['putSharedLineAppearanceMember', 'webex.calling.putSharedLineAppearanceMembers'],
    ['updateMemberVmr', 'huawei.meeting.updateMemberVmr'],
    ['somethingElseEntirely', undefined],
  ] as const) {
    test(`"${typed}" → ${expected ?? 'no guess'}`, () => {
      assert.equal(closestOperation(typed, ids), expected);
    });
  }

  test('a short id with a typo gets a did-you-mean and a quick fix to the full id', () => {
    const problems = underlined('{"operation": "updateMembrVmr", "pathParams": {"id": "x"}}');
    assert.deepEqual(
      problems.filter((p) => p.code === 'unknown-operation').map((p) => p.message),
      ['Unknown operation "updateMembrVmr". Did you mean "huawei.meeting.updateMemberVmr"?'],
    );
  });
});
