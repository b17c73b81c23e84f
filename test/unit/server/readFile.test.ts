/**
 * The bounded read of request files (`server/src/util/readFile.ts`), held to `fs.readFileSync` on files around its
 * 64 KB buffer's edges, with multi-byte characters split across them, and to its limit, byte for byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileReadError, readRegularFile } from '../../../server/src/util/readFile';

const CHUNK = 64 * 1024;

test('every size around the buffer edges reads as readFileSync does, multi-byte characters included', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meeting-payloads-readfile-'));
  try {
    const sizes = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 3, 200_000];
    let n = 0;
    for (const size of sizes) {
      // ASCII, then a 3-byte and a 4-byte character at every offset near the edges: some straddle them.
      for (const shift of [0, 1, 2, 3]) {
        const bytes = Buffer.alloc(size, 'a');
        for (let at = shift; at + 4 <= size; at += CHUNK / 2 - 1) {
          Buffer.from('€').copy(bytes, at);
          if (at + 7 <= size) Buffer.from('😀').copy(bytes, at + 3);
        }
        const path = join(dir, `f${n++}.json`);
        writeFileSync(path, bytes);
        assert.equal(readRegularFile(path, 1024 * 1024), readFileSync(path, 'utf8'), `${size} bytes, shift ${shift}`);
      }
    }
    // Reads after a large file do not see its bytes.
    const small = join(dir, 'small.json');
    writeFileSync(small, '{}');
    assert.equal(readRegularFile(small, 1024), '{}');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file of exactly the limit is read; one byte more is refused as too large', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meeting-payloads-readfile-'));
  try {
    for (const limit of [10, CHUNK, CHUNK + 5]) {
      const path = join(dir, `limit-${limit}.json`);
      writeFileSync(path, Buffer.alloc(limit, 'b'));
      assert.equal(readRegularFile(path, limit).length, limit);
      assert.throws(
        () => readRegularFile(path, limit - 1),
        (e: unknown) => e instanceof FileReadError && e.kind === 'too-large',
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
