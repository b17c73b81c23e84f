/**
 * `--catalog` with a spec split across files (the real bundle, real files): relative $refs to JSON and YAML files
 * under the catalog's folder are followed, so its operations validate; a $ref that leaves the folder (`../`, an
 * absolute path, a symbolic link), a URL or a cycle is an error at its file:line:col on stderr, never a fetch;
 * a catalog left without operations stops the run (exit 2) after saying why.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Cli, scratchDir } from './cliHarness';
import { startServer, type TestServer } from '../http/helpers';

let cli: Cli;
let web: TestServer;
let webRef: string;
const files = scratchDir();
before(async () => {
  web = await startServer(undefined, (_req, res) => res.end('{}'));
  webRef = `${web.url}/room.json`;
  cli = await Cli.build();
});
after(async () => {
  cli.dispose();
  files.dispose();
  await web.close();
});

const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';
const PATH_ITEM = {
  put: {
    operationId: 'updateRoom',
    requestBody: { content: { 'application/json': { schema: { $ref: '../schemas/room.yaml#/Room' } } } },
    responses: { '200': { description: 'ok' } },
  },
};
const ROOM =
  'Room:\n  type: object\n  properties:\n    name: {type: string, minLength: 3}\n    parent: {$ref: "#/Room"}\n';

/** Line and column (1-based) of `needle` in `text`. */
function at(text: string, needle: string): string {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

describe('validate --catalog: a catalog split across files', () => {
  let entry: string;
  before(() => {
    files.write('outside.yaml', ROOM);
    entry = [
      'openapi: 3.0.3',
      "info: {title: Rooms, version: '1'}",
      'paths:',
      '  /rooms/{id}:',
      '    $ref: ./paths/room.json',
      '  /escape:',
      '    put:',
      '      operationId: escape',
      '      requestBody:',
      '        content:',
      '          application/json:',
      '            schema:',
      '              properties:',
      "                up: {$ref: '../outside.yaml#/Room'}",
      `                absolute: {$ref: '${join(files.dir, 'outside.yaml')}#/Room'}`,
      "                link: {$ref: './linked.yaml#/Room'}",
      `                web: {$ref: '${webRef}'}`,
      "                loop: {$ref: './schemas/loop.json#/a'}",
      "      responses: {'200': {description: ok}}",
      '',
    ].join('\n');
    files.write('catalog/api.yaml', entry);
    files.write('catalog/paths/room.json', json(PATH_ITEM));
    files.write('catalog/schemas/room.yaml', ROOM);
    files.write('catalog/schemas/loop.json', json({ a: { $ref: '#/b' }, b: { $ref: '#/a' } }));
    symlinkSync(join(files.dir, 'outside.yaml'), join(files.dir, 'catalog', 'linked.yaml'));
    files.write(
      'req/bad.meeting.json',
      json({ operation: 'rooms.updateRoom', body: { name: 'ab', parent: { name: 'x' } } }),
    );
    files.write('req/ok.meeting.json', json({ operation: 'rooms.escape', body: { up: 1, web: 'any' } }));
  });

  test('its operations validate; each refused $ref is an error at its place; nothing is fetched', async () => {
    const r = await cli.run(['validate', '--catalog', 'rooms=catalog/api.yaml', 'req'], { cwd: files.dir });
    assert.equal(r.code, 1, r.stderr);
    const folder = join(files.dir, 'catalog');
    const outside = join(files.dir, 'outside.yaml');
    assert.equal(
      r.stderr,
      [
        `catalog/api.yaml:${at(entry, "'../outside.yaml#/Room'")}: error: The $ref "../outside.yaml#/Room" leads outside the folder of the spec (${folder}); it is not followed.`,
        `catalog/api.yaml:${at(entry, `'${outside}#/Room'`)}: error: The $ref "${outside}#/Room" is an absolute path; only relative references to files under ${folder} are followed; it is not followed.`,
        `catalog/api.yaml:${at(entry, "'./linked.yaml#/Room'")}: error: The $ref "./linked.yaml#/Room" leads outside the folder of the spec (${folder}) through a symbolic link; it is not followed.`,
        `catalog/api.yaml:${at(entry, `'${webRef}'`)}: error: The $ref "${webRef}" is a URL; only files in the folder of the spec are read; it is not followed.`,
        `catalog/api.yaml:${at(entry, "'./schemas/loop.json#/a'")}: error: The $ref "./schemas/loop.json#/a" is part of a cycle of $refs that never reaches a value; it is not followed.`,
        '',
      ].join('\n'),
    );
    const bad = json({ operation: 'rooms.updateRoom', body: { name: 'ab', parent: { name: 'x' } } });
    assert.equal(
      r.stdout,
      [
        `req/bad.meeting.json:${at(bad, '"ab"')}: error: name must be at least 3 characters long. [minLength]`,
        `req/bad.meeting.json:${at(bad, '"x"')}: error: name must be at least 3 characters long. [minLength]`,
        '2 files checked: 2 errors, 0 warnings in 1 file.',
        '',
      ].join('\n'),
    );
    assert.equal(web.connections, 0, 'the URL was never fetched');
  });

  test('a referenced file that does not parse: the error in that file, the $ref refused, exit 2 when nothing is left', async () => {
    const text = "openapi: 3.1.0\ninfo: {title: b, version: '1'}\npaths:\n  /a: {$ref: './a.json'}\n";
    files.write('broken/api.yaml', text);
    files.write('broken/a.json', '{"put": [1,]}');
    const r = await cli.run(['validate', '--catalog', `b=${join(files.dir, 'broken', 'api.yaml')}`, 'req'], {
      cwd: files.dir,
    });
    assert.equal(r.code, 2, r.stderr);
    const a = join(files.dir, 'broken', 'a.json');
    const api = join(files.dir, 'broken', 'api.yaml');
    // Given as an absolute path, the catalog's files are named absolute too.
    assert.equal(
      r.stderr,
      [
        `${a}:1:12: error: Invalid JSON: ValueExpected.`,
        `${api}:${at(text, "'./a.json'")}: error: The $ref "./a.json" names a.json, which cannot be parsed; it is not followed.`,
        `meeting-payloads validate: ${api}: api.yaml defines no operation with an operationId.`,
        '',
      ].join('\n'),
    );
  });
});
