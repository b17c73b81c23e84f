import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { Catalog } from '../../../server/src/catalog/catalog';
import { loadUserCatalog } from '../../../server/src/catalog/userCatalog';
import { sourceText } from '../../../server/src/catalog/sourceText';
import { definition, definitionPaths, documentLinks, writtenOperation } from '../../../server/src/features/definition';
import { parseTree } from 'jsonc-parser';
import { builtinCatalog, doc } from '../../helpers/catalog';

/** Every key path of a JSON value, objects' keys only (array items by index). */
function keyPaths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyPaths(v, [...prefix, i]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...keyPaths(v, [...prefix, k])]);
}

void describe('Go to Definition (pure)', () => {
  void it('oracle: every key of every documented example body leads to that key in the catalog file', () => {
    const catalog = builtinCatalog();
    let checked = 0;
    for (const op of catalog.all()) {
      const source = catalog.sourceOf(op);
      assert.ok(source, `${op.id} has a source file`);
      const text = sourceText(source);
      for (const example of op.body?.examples ?? []) {
        for (const path of keyPaths(example.value)) {
          const last = path[path.length - 1];
          if (typeof last !== 'string') continue;
          const found = definitionPaths(text.value, op, ['body', ...path]);
          assert.ok(found.length > 0, `${op.id} body.${path.join('.')} has a definition`);
          for (const p of found) {
            const at = text.keyAt(p);
            assert.ok(at, `${op.id} ${JSON.stringify(p)} is in the text`);
            const written = source.text.slice(at.offset, at.offset + at.length);
            // Declared by name, or by a pattern / additionalProperties (then the key is that keyword's).
            if (p[p.length - 2] === 'properties') {
              assert.equal(written, JSON.stringify(last), `${op.id} ${path.join('.')}`);
            }
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 50, `checked ${checked} keys`);
  });

  void it('leads from the operation, a parameter and a body key to their lines in schemas/', () => {
    const catalog = builtinCatalog();
    const text =
      '{\n  "operation": "huawei.meeting.updateMemberVmr",\n  "pathParams": { "id": "x" },\n  "body": { "vmrName": "a" }\n}\n';
    const d = doc(text);
    const lineOf = (needle: string, offset = 1) => {
      const locations = definition(d, text.indexOf(needle) + offset, JSON.parse(text), catalog, true);
      assert.equal(locations.length, 1, needle);
      const location = locations[0];
      assert.match(location.uri, /\/schemas\/huawei-meeting\.openapi\.json$/);
      const lines = readFileSync(fileURLToPath(location.uri), 'utf8').split('\n');
      return lines[location.range.start.line].trim();
    };
    assert.equal(lineOf('"huawei.meeting.updateMemberVmr"', 5), '"put": {');
    assert.equal(lineOf('"operation"'), '"put": {');
    assert.match(lineOf('"id"'), /^"name": "id",?$/);
    assert.equal(lineOf('"vmrName"'), '"vmrName": {');
    assert.equal(lineOf('"a"'), '"vmrName": {', 'from the value too');
    assert.match(lineOf('"body"'), /^"schema": \{/, 'the body key leads to the body schema');
    // Nothing to define between tokens.
    assert.deepEqual(definition(d, 0, JSON.parse(text), catalog, true), []);
  });

  void it('walks $ref, allOf/anyOf/oneOf, conditionals, items and pattern properties of a user catalog (YAML)', () => {
    const yaml = [
      'openapi: 3.1.0',
      'info: { title: t, version: "1" }',
      'paths:',
      '  /things/{thingId}:',
      '    parameters:',
      '      - $ref: "#/components/parameters/ThingId"',
      '    put:',
      '      operationId: putThing',
      '      requestBody:',
      '        $ref: "#/components/requestBodies/Thing"',
      '      responses: { "200": { description: ok } }',
      'components:',
      '  parameters:',
      '    ThingId: { name: thingId, in: path, required: true, schema: { type: string } }',
      '  requestBodies:',
      '    Thing:',
      '      content:',
      '        application/json:',
      '          schema: { $ref: "#/components/schemas/Thing" }',
      '  schemas:',
      '    Thing:',
      '      allOf:',
      '        - $ref: "#/components/schemas/Base"',
      '        - anyOf:',
      '            - properties:',
      '                color: { type: string }',
      '      if: { required: [kind] }',
      '      then:',
      '        properties:',
      '          extra: { type: string }',
      '      properties:',
      '        tags:',
      '          type: array',
      '          items: { $ref: "#/components/schemas/Tag" }',
      '        labels:',
      '          patternProperties:',
      '            "^x-": { type: string }',
      '    Base:',
      '      properties:',
      '        name: { type: string }',
      '    Tag:',
      '      properties:',
      '        label: { type: string }',
      '',
    ].join('\n');
    const result = loadUserCatalog('things', yaml, 'things.yaml');
    assert.ok('loaded' in result, JSON.stringify(result));
    const catalog = new Catalog();
    catalog.add(result.loaded, 'things');
    catalog.setSource(String(result.loaded.schemaDoc.$id), {
      uri: 'file:///w/things.yaml',
      text: yaml,
      fileName: 'things.yaml',
    });
    const op = catalog.get('things.putThing');
    assert.ok(op);
    const src = sourceText(catalog.sourceOf(op)!);
    const lineOf = (path: Array<string | number>) =>
      definitionPaths(src.value, op, path).map((p) => {
        const at = src.keyAt(p);
        assert.ok(at, JSON.stringify(p));
        return yaml.slice(0, at.offset).split('\n').length;
      });
    const line = (needle: string) => yaml.split('\n').findIndex((l) => l.includes(needle)) + 1;
    assert.deepEqual(lineOf(['operation']), [line('    put:')]);
    assert.deepEqual(lineOf(['pathParams', 'thingId']), [line('ThingId: { name')]);
    assert.deepEqual(lineOf(['body', 'name']), [line('        name: { type')]);
    assert.deepEqual(lineOf(['body', 'color']), [line('color: { type')]);
    assert.deepEqual(lineOf(['body', 'extra']), [line('extra: { type')]);
    assert.deepEqual(lineOf(['body', 'tags', 0]), [line('          items:')]);
    assert.deepEqual(lineOf(['body', 'tags', 0, 'label']), [line('label: { type')]);
    assert.deepEqual(lineOf(['body', 'labels', 'x-a']), [line('"^x-"')]);
    assert.deepEqual(lineOf(['body', 'nowhere']), []);
    assert.deepEqual(lineOf(['body', 'labels', 'y']), []);
  });

  void it('a $ref that leads nowhere or in a cycle ends the walk, never throws', () => {
    const raw = {
      paths: {
        '/a': {
          put: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } } } },
        },
      },
      components: {
        schemas: {
          A: { $ref: '#/components/schemas/B' },
          B: { $ref: '#/components/schemas/A' },
          C: { $ref: '#/nope/%ZZ' },
        },
      },
    };
    const op = { path: '/a', method: 'PUT' } as Parameters<typeof definitionPaths>[1];
    assert.deepEqual(definitionPaths(raw, op, ['body', 'x']), []);
  });
});

/** Where the operation is written, as the server finds it: by a scan of valid JSON, or in the tolerant tree. */
function written(text: string) {
  const d = doc(text);
  const bare = text.replace(/^\ufeff/, '');
  let value: unknown;
  let valid = true;
  try {
    value = JSON.parse(bare);
  } catch {
    valid = false;
  }
  return writtenOperation(d, { value, valid }, () => ({ root: parseTree(bare), shift: text.length - bare.length }));
}

void describe('document links', () => {
  void it('the operation value links to its vendor page, inside the quotes', () => {
    const catalog = builtinCatalog();
    const text = '{ "operation": "huawei.meeting.updateMemberVmr" }';
    const links = documentLinks(doc(text), written(text), catalog);
    assert.equal(links.length, 1);
    const op = catalog.get('huawei.meeting.updateMemberVmr');
    assert.equal(links[0].target, op?.docsUrl);
    assert.match(String(links[0].target), /^https:\/\//);
    assert.deepEqual(links[0].range, {
      start: { line: 0, character: text.indexOf('huawei') },
      end: { line: 0, character: text.indexOf('" }') },
    });
    // With a byte-order mark (the tree is parsed without it), the range still covers the id, valid JSON or not.
    const bom = `\ufeff${text}`;
    const shifted = documentLinks(doc(bom), written(bom), catalog);
    assert.equal(shifted[0].range.start.character, bom.indexOf('huawei'));
    assert.equal(shifted[0].range.end.character, bom.indexOf('" }'));
    const typing = `\ufeff${text.replace(' }', ', "body": { "x": }')}`;
    const typed = documentLinks(doc(typing), written(typing), catalog);
    assert.deepEqual(
      typed.map((l) => [l.range, l.target]),
      [[shifted[0].range, op?.docsUrl]],
    );
  });

  void it('a repeated operation key links the one JSON.parse reads (the last), found past the body if need be', () => {
    const catalog = builtinCatalog();
    const id = 'huawei.meeting.updateMemberVmr';
    const cases: Array<[string, 'first' | 'last']> = [
      [`{ "operation": "nope", "body": { "a": [1, {"operation": "x"}] }, "operation": "${id}" }`, 'last'],
      [`{ "body": { "operation": "nope" }, "operation": "${id}" }`, 'last'],
      // Both the same: the first is the value parsed.
      [`{ "operation": "${id}", "body": {}, "operation": "${id}" }`, 'first'],
    ];
    for (const [text, which] of cases) {
      const start = which === 'first' ? text.indexOf(id) : text.lastIndexOf(id);
      const links = documentLinks(doc(text), written(text), catalog);
      assert.deepEqual(
        links.map((l) => [l.range.start.character, l.range.end.character, l.target]),
        [[start, start + id.length, catalog.get(id)?.docsUrl]],
        text,
      );
    }
  });

  void it('no link for an unknown operation or a docs URL that is not http(s)', () => {
    const catalog = builtinCatalog();
    const unknown = '{ "operation": "nope" }';
    assert.deepEqual(documentLinks(doc(unknown), written(unknown), catalog), []);
    const yaml = [
      'openapi: 3.1.0',
      'info: { title: t, version: "1" }',
      'paths:',
      '  /a:',
      '    put:',
      '      operationId: a',
      '      externalDocs: { url: "command:workbench.action.terminal.new" }',
      '      responses: { "200": { description: ok } }',
      '',
    ].join('\n');
    const result = loadUserCatalog('evil', yaml, 'evil.yaml');
    assert.ok('loaded' in result);
    const user = new Catalog();
    user.add(result.loaded, 'evil');
    const text = '{ "operation": "evil.a" }';
    assert.deepEqual(documentLinks(doc(text), written(text), user), []);
  });
});
