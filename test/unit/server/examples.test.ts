import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { underlined } from '../../helpers/catalog';
import { expectedDiagnostics } from '../../helpers/documentedExamples';

const dir = join(__dirname, '..', '..', '..', 'examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.meeting.json'));

test('the sample workspace has one file per operation and a broken one', () => {
  const ops = new Set(
    files
      .filter((f) => f !== 'broken.meeting.json')
      .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { operation: string }).operation),
  );
  assert.equal(ops.size, 5);
  assert.ok(files.includes('broken.meeting.json'));
});

for (const file of files) {
  const broken = file === 'broken.meeting.json';
  test(`examples/${file} ${broken ? 'shows several problems' : 'has no diagnostic of any severity but the reviewed'}`, () => {
    const text = readFileSync(join(dir, file), 'utf8');
    const problems = underlined(text);
    if (broken) {
      assert.ok(problems.filter((p) => p.severity === 'error').length >= 3, JSON.stringify(problems));
      assert.ok(problems.some((p) => p.code === 'credential-header'));
    } else {
      assert.deepEqual(
        problems.map((p) => `${p.severity} ${p.code}@${p.at}: ${p.message}`),
        expectedDiagnostics({ source: `examples/${file}`, text }),
      );
    }
  });
}
