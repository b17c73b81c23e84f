/**
 * Specs split across files (splitSpec.ts): relative $refs to JSON and YAML files under the entry's folder are
 * bundled into one document; cycles become local references; URLs, absolute paths, `../` and symbolic links out
 * of the folder are refused at the $ref's place; the limits hold. Real files in a scratch folder.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { loadSplitSpec, SPLIT_SPEC_LIMITS, type BundledSpec } from '../../../server/src/catalog/splitSpec';
import { catalogLocator, prepareOpenApiDocument } from '../../../server/src/catalog/userCatalog';

const scratch = mkdtempSync(join(tmpdir(), 'mp-split-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
/** A fresh folder holding `files` (path → text); returns the entry's path. */
function spec(files: Record<string, string>, entry = 'api.yaml'): string {
  const dir = join(scratch, `s${n++}`, 'spec');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return join(dir, entry);
}
function bundle(entry: string): BundledSpec {
  const r = loadSplitSpec(entry, readFileSync(entry, 'utf8'));
  assert.ok(!('error' in r), 'error' in r ? r.error : '');
  return r;
}
const ENTRY = (pathsRef: string) =>
  `openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /rooms:\n    $ref: '${pathsRef}'\n`;
const ROOMS_PATH = JSON.stringify({
  post: {
    operationId: 'createRoom',
    requestBody: { content: { 'application/json': { schema: { $ref: '../schemas/room.yaml#/Room' } } } },
    responses: { '200': { description: 'ok' } },
  },
});
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('split specs', () => {
  test('YAML entry, JSON path item, YAML schemas: one document, each value mapped back to its file', () => {
    const entry = spec({
      'api.yaml': ENTRY('./paths/rooms.json'),
      'paths/rooms.json': ROOMS_PATH,
      'schemas/room.yaml': 'Room:\n  type: object\n  properties:\n    name: {type: string, minLength: 2}\n',
    });
    const b = bundle(entry);
    assert.deepEqual(b.problems, []);
    assert.deepEqual(
      b.files.map((f) => f.path.slice(dirname(entry).length)),
      ['/api.yaml', '/paths/rooms.json', '/schemas/room.yaml'],
    );
    const doc = b.value as Obj;
    const schema = doc.paths['/rooms'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(schema, { type: 'object', properties: { name: { type: 'string', minLength: 2 } } });
    const at = [
      'paths',
      '/rooms',
      'post',
      'requestBody',
      'content',
      'application/json',
      'schema',
      'properties',
      'name',
    ];
    const o = b.origin(at);
    assert.equal(o.file, join(dirname(entry), 'schemas', 'room.yaml'));
    assert.deepEqual(o.path, ['Room', 'properties', 'name']);
    // …and that path is where the text has it.
    const text = b.files[2].text;
    const place = catalogLocator(text, o.file)(o.path)!;
    assert.equal(text.slice(place.offset, place.offset + place.length), '{type: string, minLength: 2}');
    assert.deepEqual(b.origin(['paths', '/rooms', 'post', 'operationId']).path, ['post', 'operationId']);
    assert.deepEqual(b.origin(['info', 'title']), { file: entry, path: ['info', 'title'] });
  });

  test('a $ref cycle across files becomes a local reference to one copy in components.schemas, and validates', () => {
    const entry = spec({
      'api.yaml': ENTRY('./paths/rooms.json'),
      'paths/rooms.json': ROOMS_PATH,
      'schemas/room.yaml':
        'Room:\n  type: object\n  properties:\n    name: {type: string}\n    parent: {$ref: "./room.yaml#/Room"}\n    owner: {$ref: "person.json"}\n',
      'schemas/person.json':
        '{"type": "object", "properties": {"rooms": {"type": "array", "items": {"$ref": "room.yaml#/Room"}}}}',
    });
    const b = bundle(entry);
    assert.deepEqual(b.problems, []);
    const doc = b.value as Obj;
    const room = doc.paths['/rooms'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(room.properties.parent, { $ref: '#/components/schemas/room_Room' });
    assert.deepEqual(room.properties.owner.properties.rooms.items, { $ref: '#/components/schemas/room_Room' });
    assert.deepEqual(doc.components.schemas.room_Room.properties.parent, { $ref: '#/components/schemas/room_Room' });
    assert.deepEqual(b.origin(['components', 'schemas', 'room_Room', 'properties']).path, ['Room', 'properties']);
    // The bundle is a schema ajv compiles and applies recursively.
    const prepared = prepareOpenApiDocument(structuredClone(doc));
    assert.ok(!('error' in prepared));
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(prepared.doc, 'urn:x:doc');
    const validate = ajv.compile({
      $ref: 'urn:x:doc#/paths/~1rooms/post/requestBody/content/application~1json/schema',
    });
    assert.equal(validate({ name: 'a', parent: { name: 'b', owner: { rooms: [{ name: 'c' }] } } }), true);
    assert.equal(validate({ name: 'a', parent: { owner: { rooms: [{ name: 3 }] } } }), false);
  });

  test('references that are nothing but references, in a cycle, are refused at their place', () => {
    const entry = spec({
      'api.yaml': ENTRY('./paths/rooms.json'),
      'paths/rooms.json': ROOMS_PATH,
      'schemas/room.yaml': 'Room: {$ref: "#/Alias"}\nAlias: {$ref: "other.yaml"}\n',
      'schemas/other.yaml': '$ref: "room.yaml#/Room"\n',
    });
    const b = bundle(entry);
    assert.equal(b.problems.length, 1);
    assert.equal(b.problems[0].file, join(dirname(entry), 'paths', 'rooms.json'));
    assert.match(b.problems[0].message, /cycle of \$refs that never reaches a value; it is not followed/);
    assert.deepEqual(b.problems[0].path, ['post', 'requestBody', 'content', 'application/json', 'schema', '$ref']);
  });

  test('URLs, absolute paths, ../ out of the folder and symbolic links out of it are refused, each at its $ref', () => {
    const entry = spec({
      'api.yaml':
        ENTRY('./paths/rooms.json') +
        'components:\n  schemas:\n' +
        '    Url: {$ref: "https://example.test/room.json"}\n' +
        '    FileUrl: {$ref: "file:///etc/passwd"}\n' +
        '    Schemeless: {$ref: "//example.test/room.json"}\n' +
        '    Absolute: {$ref: "/etc/passwd"}\n' +
        '    Up: {$ref: "../secret.json"}\n' +
        '    Linked: {$ref: "./link/secret.json"}\n' +
        '    Missing: {$ref: "./nowhere.json"}\n' +
        '    Anchor: {$ref: "./paths/rooms.json#post"}\n' +
        '    Nothing: {$ref: "./paths/rooms.json#/put"}\n',
      'paths/rooms.json': ROOMS_PATH.replace('../schemas/room.yaml#/Room', '../../secret.json'),
      '../secret.json': '{"type": "string", "description": "outside"}',
    });
    symlinkSync(dirname(dirname(entry)), join(dirname(entry), 'link'));
    const b = bundle(entry);
    const by = (name: string) => b.problems.find((p) => p.path?.[2] === name)?.message;
    assert.match(by('Url')!, /is a URL/);
    assert.match(by('FileUrl')!, /is a URL/);
    assert.match(by('Schemeless')!, /is a URL/);
    assert.match(by('Absolute')!, /is an absolute path/);
    assert.match(by('Up')!, /leads outside the folder of the spec/);
    assert.match(by('Linked')!, /outside the folder of the spec .* through a symbolic link/);
    assert.match(by('Missing')!, /nowhere\.json, which does not exist/);
    assert.match(by('Anchor')!, /not a JSON pointer/);
    assert.match(by('Nothing')!, /points to nothing in paths\/rooms\.json/);
    const fromPath = b.problems.find((p) => p.file.endsWith('rooms.json'))!;
    assert.match(fromPath.message, /"\.\.\/\.\.\/secret\.json" leads outside/);
    assert.equal(b.problems.length, 10);
    // Nothing from outside got in, and every refused reference is gone from the bundle (any value is accepted).
    assert.doesNotMatch(JSON.stringify(b.value), /outside|passwd/);
    assert.deepEqual((b.value as Obj).components.schemas.Up, {});
    assert.equal(b.files.length, 2);
  });

  test('a file that is not valid JSON or YAML is reported at its own line, and the $ref that names it too', () => {
    const entry = spec({
      'api.yaml': ENTRY('./paths/rooms.json'),
      'paths/rooms.json': '{"post": {"operationId": "x",, }}',
    });
    const b = bundle(entry);
    assert.equal(b.problems.length, 2);
    const parse = b.problems.find((p) => p.file.endsWith('rooms.json'))!;
    assert.equal(parse.offset, 29);
    assert.match(parse.message, /Invalid JSON/);
    assert.match(b.problems.find((p) => p.file === entry)!.message, /cannot be parsed; it is not followed/);
  });

  test('limits: files read, and values once inlined', () => {
    const many: Record<string, string> = { 'api.yaml': ENTRY('./p0.json') };
    for (let i = 0; i < 5; i++) many[`p${i}.json`] = JSON.stringify({ get: { $ref: `p${i + 1}.json#/get` } });
    many['p5.json'] = JSON.stringify({ get: { operationId: 'deep', responses: {} } });
    const saved = { ...SPLIT_SPEC_LIMITS };
    try {
      SPLIT_SPEC_LIMITS.maxFiles = 4;
      const b = bundle(spec(many));
      assert.equal(b.files.length, 4);
      assert.match(b.problems[0].message, /more than 4 files/);
      SPLIT_SPEC_LIMITS.maxFiles = saved.maxFiles;
      SPLIT_SPEC_LIMITS.maxNodes = 50;
      const wide: Record<string, string> = { 'api.yaml': ENTRY('./p.json') };
      wide['p.json'] = JSON.stringify({ get: { operationId: 'w', responses: { '200': { $ref: 'r.json' } } } });
      wide['r.json'] = JSON.stringify({
        description: 'x'.repeat(10),
        content: { a: { schema: { enum: [...Array(60).keys()] } } },
      });
      const entry = spec(wide);
      const r = loadSplitSpec(entry, readFileSync(entry, 'utf8'));
      assert.ok('error' in r);
      assert.match(r.error, /more than 50 values/);
    } finally {
      Object.assign(SPLIT_SPEC_LIMITS, saved);
    }
  });

  test('a $ref back into the entry document stays local; data that looks like a $ref is left alone', () => {
    const entry = spec({
      'api.yaml':
        ENTRY('./paths/rooms.json') +
        'components:\n  schemas:\n    Name: {type: string}\n    Room:\n      type: object\n',
      'paths/rooms.json': JSON.stringify({
        post: {
          operationId: 'createRoom',
          requestBody: {
            content: {
              'application/json': {
                schema: { $ref: '../api.yaml#/components/schemas/Room' },
                example: { $ref: 'https://not.followed.test/' },
              },
            },
          },
          responses: { '200': { description: 'ok' } },
        },
      }),
    });
    const b = bundle(entry);
    assert.deepEqual(b.problems, []);
    const media = (b.value as Obj).paths['/rooms'].post.requestBody.content['application/json'];
    assert.deepEqual(media.schema, { $ref: '#/components/schemas/Room' });
    assert.deepEqual(media.example, { $ref: 'https://not.followed.test/' });
  });
});
