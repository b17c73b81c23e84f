/**
 * `x-read` in a user catalog (`server/src/catalog/readLink.ts`): a PUT's documented read is found under the
 * catalog's name prefix, the prepared PUT carries its read, and the read request is built from the PUT's own
 * parameters; a read of another catalog or a missing one is reported as no read, with the reason; a malformed
 * `x-read` is dropped with a warning, never trusted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog } from '../../../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../../../server/src/catalog/builtin';
import { loadUserCatalog } from '../../../server/src/catalog/userCatalog';
import { prepareRequest } from '../../../server/src/features/prepareRequest';
import { hasRead, readRequest } from '../../../common/readPlan';
import { DEFAULT_SERVER_SETTINGS } from '../../../common/settings';
import { doc, SCHEMAS_DIR } from '../../helpers/catalog';

const room = { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' } } };
const spec = (xRead: unknown, readOp: Record<string, unknown> | null = { operationId: 'getRoom' }) =>
  JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'Rooms', version: '1' },
    servers: [{ url: 'https://rooms.example.test' }],
    paths: {
      '/rooms/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        put: {
          operationId: 'putRoom',
          'x-read': xRead,
          requestBody: { content: { 'application/json': { schema: room } } },
          responses: { '204': { description: 'done' } },
        },
        ...(readOp
          ? {
              get: {
                ...readOp,
                'x-role': 'read',
                responses: { '200': { description: 'the room', content: { 'application/json': { schema: room } } } },
              },
            }
          : {}),
      },
    },
  });

function load(text: string): { catalog: Catalog; warnings: string[] } {
  const result = loadUserCatalog('rooms', text, 'rooms.openapi.json');
  if ('error' in result) assert.fail(result.error);
  const catalog = new Catalog();
  addBuiltins(catalog, readBuiltinDocuments(SCHEMAS_DIR));
  catalog.add(result.loaded, 'rooms');
  return { catalog, warnings: result.loaded.warnings };
}

const FILE = JSON.stringify({ operation: 'rooms.putRoom', pathParams: { id: 'r1' }, body: { name: 'A', size: 4 } });

function prepared(catalog: Catalog) {
  const r = prepareRequest(doc(FILE), catalog, DEFAULT_SERVER_SETTINGS);
  assert.ok(r.ok, JSON.stringify(r));
  return r.request;
}

test('a user catalog’s x-read: the read under the catalog’s prefix, built from the PUT’s parameters', () => {
  const { catalog, warnings } = load(
    spec({ operationId: 'getRoom', description: 'The room itself.', params: { 'path.id': 'path.id' } }),
  );
  assert.deepEqual(warnings, []);
  assert.equal(catalog.get('rooms.getRoom'), undefined, 'a read is no request-file operation');
  assert.equal(catalog.read('rooms.getRoom')?.path, '/rooms/{id}');
  const put = prepared(catalog);
  assert.ok(hasRead(put.read), JSON.stringify(put.read));
  assert.equal(put.read.operationId, 'rooms.getRoom');
  assert.deepEqual(put.read.shape, { fields: { name: {}, size: {} } });
  const read = readRequest(put);
  assert.ok(read.ok, JSON.stringify(read));
  assert.equal(read.value.method, 'GET');
  assert.equal(read.value.pathTemplate, '/rooms/{id}');
  assert.deepEqual(read.value.pathParams, { id: 'r1' });
  assert.equal(read.value.body, undefined);
});

test('x-read naming a read the catalog lacks: no read, and the reason names it', () => {
  const { catalog } = load(spec({ operationId: 'getRoom', params: { 'path.id': 'path.id' } }, null));
  assert.deepEqual(prepared(catalog).read, { none: 'its documented read rooms.getRoom is not in the catalog.' });
  // A read of the built-in catalog is another family: not this PUT's.
  const other = load(spec({ operationId: '../huawei.meeting.searchMemberVmr' }, null)).catalog;
  assert.equal(hasRead(prepared(other).read), false);
});

test('x-read stating there is none, and malformed ones dropped with a warning', () => {
  assert.deepEqual(prepared(load(spec({ none: 'No read returns the room.' })).catalog).read, {
    none: 'No read returns the room.',
  });
  for (const [xRead, why] of [
    ['getRoom', 'it is not an object'],
    [{ params: {} }, 'it names no operationId'],
    [{ operationId: 'getRoom', params: { id: 'path.id' } }, 'param id is not path.<name> or query.<name>'],
    [{ operationId: 'getRoom', select: { pointer: 'data' } }, 'select.pointer is not a JSON pointer'],
  ] as const) {
    const { catalog, warnings } = load(spec(xRead));
    assert.deepEqual(warnings, [`x-read of putRoom is ignored: ${why}`], JSON.stringify(xRead));
    assert.equal(prepared(catalog).read, undefined);
  }
});
