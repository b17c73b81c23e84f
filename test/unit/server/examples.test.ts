import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { underlined } from '../../helpers/catalog';

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
  test(`examples/${file} ${file === 'broken.meeting.json' ? 'shows several problems' : 'has no errors'}`, () => {
    const problems = underlined(readFileSync(join(dir, file), 'utf8'));
    const errors = problems.filter((p) => p.severity === 'error');
    if (file === 'broken.meeting.json') {
      assert.ok(errors.length >= 3, JSON.stringify(problems));
      assert.ok(problems.some((p) => p.code === 'credential-header'));
    } else assert.deepEqual(errors, []);
  });
}
