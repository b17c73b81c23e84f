import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { panelPlacement } from '../../../client/src/panel/placement';

void describe('where the response panel goes', () => {
  test('its own column, when that is not the column of the file being sent', () => {
    assert.deepEqual(panelPlacement(1, 2, [1, 2]), { column: 2 });
    assert.deepEqual(panelPlacement(3, 1, [1, 2, 3]), { column: 1 });
  });
  test('another existing group when it would cover the file, or when it is new', () => {
    assert.deepEqual(panelPlacement(2, 2, [1, 2]), { column: 1 });
    assert.deepEqual(panelPlacement(1, undefined, [1, 2]), { column: 2 });
  });
  test('beside only when the file is alone in the only group', () => {
    assert.equal(panelPlacement(1, undefined, [1]), 'beside');
    assert.equal(panelPlacement(1, 1, [1]), 'beside');
  });
  test('oracle: never a new group while another exists, never the file column', () => {
    for (let groups = 1; groups <= 4; groups++) {
      const all = Array.from({ length: groups }, (_, i) => i + 1);
      for (const file of [undefined, ...all]) {
        for (const own of [undefined, ...all]) {
          const p = panelPlacement(file, own, all);
          if (p === 'beside') {
            assert.ok(
              all.every((c) => c === file),
              `${file} ${own} ${groups}`,
            );
          } else {
            assert.ok(all.includes(p.column));
            assert.notEqual(p.column, file);
          }
        }
      }
    }
  });
});
