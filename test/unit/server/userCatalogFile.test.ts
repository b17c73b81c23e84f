/**
 * A user catalog read from its file (userCatalogFile.ts), the one loader of the editor and the command line:
 * problems of a catalog split across files are placed in the file where they are written (a refused operation
 * id in a referenced path item, a refused $ref inside an array of a JSON file); the files to watch include those
 * a $ref names that do not exist yet; a single-file catalog loads as before. Real files in a scratch folder.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Catalog } from '../../../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../../../server/src/catalog/builtin';
import { addUserCatalogFile, type PlacedCatalogProblem } from '../../../server/src/catalog/userCatalogFile';
import { SCHEMAS_DIR } from '../../helpers/catalog';

const scratch = mkdtempSync(join(tmpdir(), 'mp-catalog-file-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
function folder(files: Record<string, string>): string {
  const dir = join(scratch, `c${n++}`);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}
function catalog(): Catalog {
  const c = new Catalog();
  addBuiltins(c, readBuiltinDocuments(SCHEMAS_DIR));
  return c;
}
/** Each problem with the text it points at in its file. */
const shown = (problems: PlacedCatalogProblem[], texts: ReadonlyMap<string, string>, dir: string) =>
  problems.map((p) => ({
    file: p.file.slice(dir.length + 1),
    severity: p.severity,
    at: p.offset === undefined ? undefined : texts.get(p.file)!.slice(p.offset, p.offset + p.length),
    message: p.message,
  }));

const ENTRY = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /vmr/{id}: {$ref: './paths/vmr.json'}\n";
const PATH_ITEM = JSON.stringify(
  {
    delete: {
      operationId: 'meeting.updateMemberVmr',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { $ref: 'https://example.test/id.json' } }],
      responses: { '200': { description: 'ok' } },
    },
    get: {
      operationId: 'meeting.getVmr',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { $ref: '../schemas/id.yaml' } }],
      responses: { '200': { description: 'ok' } },
    },
  },
  null,
  2,
);

describe('addUserCatalogFile', () => {
  test('problems of a split catalog are placed where they are written; missing files are watched', () => {
    const dir = folder({ 'api.yaml': ENTRY, 'paths/vmr.json': PATH_ITEM });
    const c = catalog();
    const r = addUserCatalogFile(c, 'huawei', join(dir, 'api.yaml'), ENTRY);
    assert.equal(r.error, undefined);
    assert.deepEqual(shown(r.problems, r.texts, dir), [
      {
        file: join('paths', 'vmr.json'),
        severity: 'error',
        at: '"https://example.test/id.json"',
        message:
          'The $ref "https://example.test/id.json" is a URL; only files in the folder of the spec are read; it is not followed.',
      },
      {
        file: join('paths', 'vmr.json'),
        severity: 'error',
        at: '"../schemas/id.yaml"',
        message: `The $ref "../schemas/id.yaml" names ${join('schemas', 'id.yaml')}, which does not exist or cannot be read; it is not followed.`,
      },
      {
        file: join('paths', 'vmr.json'),
        severity: 'error',
        at: '"meeting.updateMemberVmr"',
        message:
          'DELETE /vmr/{id} is refused: its id huawei.meeting.updateMemberVmr is a built-in operation (PUT /v1/usg/dcs/member/vmr/{id}), which cannot be replaced. Rename its operationId or the catalog.',
      },
    ]);
    // The catalog's own list has them too (the status the client shows), and its own operation is in.
    assert.equal(c.problems.filter((p) => p.source === 'huawei' && p.severity === 'error').length, 3);
    assert.equal(c.get('huawei.meeting.getVmr')?.method, 'GET');
    assert.deepEqual(
      r.watch.map((f) => f.slice(dir.length + 1)),
      ['api.yaml', join('paths', 'vmr.json'), join('schemas', 'id.yaml')],
    );
    const source = c.sourceOf(c.get('huawei.meeting.getVmr')!);
    assert.deepEqual([...source!.split!.files.keys()], [join(dir, 'api.yaml'), join(dir, 'paths', 'vmr.json')]);
  });

  test('a warning that names its value by a pointer is shown where that value is written', () => {
    const entry = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /r: {$ref: './r.yaml'}\n";
    const item = [
      'put:',
      '  operationId: putR',
      '  requestBody:',
      '    content:',
      '      application/json:',
      '        schema: {type: object, properties: {name: {type: string, minLength: -1}}}',
      "  responses: {'200': {description: ok}}",
      '',
    ].join('\n');
    const dir = folder({ 'api.yaml': entry, 'r.yaml': item });
    const r = addUserCatalogFile(catalog(), 'r', join(dir, 'api.yaml'), entry);
    assert.deepEqual(shown(r.problems, r.texts, dir), [
      {
        file: 'r.yaml',
        severity: 'warning',
        at: '-1',
        message:
          'r.yaml#/put/requestBody/content/application~1json/schema/properties/name/minLength: must be >= 0; this keyword is ignored.',
      },
    ]);
  });

  test('the warning names the file and pointer where the value is written, once however often it is inlined', () => {
    const entry = [
      'openapi: 3.1.0',
      "info: {title: t, version: '1'}",
      'paths:',
      '  /r:',
      '    put:',
      '      operationId: putR',
      "      requestBody: {content: {application/json: {schema: {$ref: './schemas/room.yaml#/Room'}}}}",
      "      responses: {'200': {description: ok}}",
      'components:',
      '  schemas:',
      "    Same: {$ref: './schemas/room.yaml#/Room'}",
      '    Local: {type: string, minLength: -2}',
      '',
    ].join('\n');
    const room = 'Room:\n  type: object\n  properties:\n    name: {type: string, minLength: -1}\n';
    const dir = folder({ 'api.yaml': entry, 'schemas/room.yaml': room });
    const c = catalog();
    const before = c.problems.length;
    const r = addUserCatalogFile(c, 'r', join(dir, 'api.yaml'), entry);
    const inRoom = 'schemas/room.yaml#/Room/properties/name/minLength: must be >= 0; this keyword is ignored.';
    const inEntry = '#/components/schemas/Local/minLength: must be >= 0; this keyword is ignored.';
    assert.deepEqual(
      shown(r.problems, r.texts, dir).sort((a, b) => a.file.localeCompare(b.file)),
      [
        { file: 'api.yaml', severity: 'warning', at: '-2', message: inEntry },
        { file: join('schemas', 'room.yaml'), severity: 'warning', at: '-1', message: inRoom },
      ],
    );
    // The catalog's own list (the status and the log) words them the same, once each.
    assert.deepEqual(
      c.problems
        .slice(before)
        .map((p) => p.message)
        .sort(),
      [inEntry, inRoom],
    );
  });

  test('the keyword dropped for a value in a referenced file is named by its written place too', () => {
    const entry = [
      'openapi: 3.1.0',
      "info: {title: t, version: '1'}",
      'paths:',
      '  /r:',
      '    put:',
      '      operationId: putR',
      "      requestBody: {content: {application/json: {schema: {$ref: './room.yaml#/Room'}}}}",
      "      responses: {'200': {description: ok}}",
      '',
    ].join('\n');
    const room = "Room:\n  oneOf:\n    - {type: string, pattern: '^[a-z'}\n    - {type: integer}\n";
    const dir = folder({ 'api.yaml': entry, 'room.yaml': room });
    const r = addUserCatalogFile(catalog(), 'r', join(dir, 'api.yaml'), entry);
    assert.deepEqual(shown(r.problems, r.texts, dir), [
      {
        file: 'room.yaml',
        severity: 'warning',
        at: "'^[a-z'",
        message:
          'room.yaml#/Room/oneOf/0/pattern: "^[a-z" is not a valid regular expression (ajv compiles patterns with the u flag); the "oneOf" at room.yaml#/Room/oneOf that holds it is ignored.',
      },
    ]);
  });

  test('a single-file catalog: no bundle kept, warnings without a place stay unplaced, errors at their place', () => {
    const text =
      "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://{site}.example.test'}]\npaths:\n  /a:\n    get: {operationId: a, responses: {'200': {description: ok}}}\n";
    const dir = folder({ 'one.yaml': text });
    const c = catalog();
    const r = addUserCatalogFile(c, 'one', join(dir, 'one.yaml'), text);
    assert.deepEqual(shown(r.problems, r.texts, dir), [
      {
        file: 'one.yaml',
        severity: 'warning',
        at: undefined,
        message: 'The server URL https://{site}.example.test uses {site}, which has no default; it is kept as is.',
      },
    ]);
    assert.equal(c.sourceOf(c.get('one.a')!)!.split, undefined);
    assert.deepEqual(r.watch, [join(dir, 'one.yaml')]);
    const broken = addUserCatalogFile(catalog(), 'one', join(dir, 'one.yaml'), 'openapi: [');
    assert.equal(broken.error?.file, join(dir, 'one.yaml'));
    assert.match(broken.error.message, /^Invalid YAML: /);
    assert.equal(typeof broken.error.offset, 'number');
    assert.equal(
      addUserCatalogFile(catalog(), '1bad', join(dir, 'one.yaml'), text).error?.message.includes('1bad'),
      true,
    );
  });
});
