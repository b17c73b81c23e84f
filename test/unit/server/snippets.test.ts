import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinCatalog, underlined } from '../../helpers/catalog';

const snippets = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'snippets', 'meeting-json.json'), 'utf8'),
) as Record<string, { prefix: string[]; body: string[] }>;

/** What the user gets when accepting every placeholder's default. */
const expand = (body: string[]) =>
  body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\\$/g, '$');

test('there is a new-request snippet for every built-in operation', () => {
  const ops = builtinCatalog()
    .all()
    .map((o) => o.id)
    .sort();
  const covered = Object.values(snippets)
    .map((s) => (JSON.parse(expand(s.body)) as { operation: string }).operation)
    .sort();
  assert.deepEqual(covered, ops);
});

for (const [name, snippet] of Object.entries(snippets)) {
  test(`snippet "${name}" expands to a request file with no errors`, () => {
    const errors = underlined(expand(snippet.body)).filter((p) => p.severity === 'error');
    assert.deepEqual(errors, []);
  });
}
