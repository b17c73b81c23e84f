/** `isObj` (`common/json.ts`) is the one JSON-object test: what it accepts, and no file keeps a copy of its own. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isObj } from '../../../common/json';

const ROOT = join(__dirname, '..', '..', '..');

test('isObj: objects only, not null or arrays', () => {
  assert.deepEqual([{}, { a: 1 }, Object.create(null), [], null, 'x', 1, true, undefined].map(isObj), [
    true,
    true,
    true,
    false,
    false,
    false,
    false,
    false,
    false,
  ]);
});

test('no source or test file keeps its own copy of isObj', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (name === 'node_modules' || name === 'fixtures') continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  for (const dir of ['client', 'server', 'cli', 'common', 'scripts', 'test']) walk(join(ROOT, dir));
  const copy = /typeof \w+ === 'object' && \w+ !== null && !Array\.isArray\(\w+\)/;
  const offenders = files.filter((f) => !f.endsWith(join('common', 'json.ts')) && copy.test(readFileSync(f, 'utf8')));
  assert.deepEqual(
    offenders.map((f) => relative(ROOT, f)),
    [],
  );
});
