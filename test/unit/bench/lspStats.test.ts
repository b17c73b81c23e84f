/** The language-server bench's pure helpers: figures, turn order, tables, verdicts, options, section placement. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allMet,
  column,
  fmt,
  fmtRatio,
  fmtSpread,
  interleavedRounds,
  markdownTable,
  median,
  ratio,
  spreadOf,
  turnOrder,
  verdict,
} from '../../../scripts/bench/lspStats';
import { LSP_SECTIONS, parseLspOptions } from '../../../scripts/bench/lspOptions';
import { replaceSection } from '../../../scripts/bench/markdown';

describe('bench figures', () => {
  test('median of odd and even counts, unsorted input left alone', () => {
    const xs = [5, 1, 3];
    assert.equal(median(xs), 3);
    assert.deepEqual(xs, [5, 1, 3]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
    assert.ok(Number.isNaN(median([])));
  });

  test('spread and its text: median [min–max]', () => {
    assert.deepEqual(spreadOf([3, 9, 1]), { median: 3, min: 1, max: 9, n: 3 });
    assert.equal(fmtSpread([0.571, 0.46, 0.69]), '0.57 [0.46–0.69]');
    assert.equal(fmtSpread([16.1, 12.5, 17.34]), '16.1 [12.5–17.3]');
    assert.equal(fmtSpread([705, 644.2, 774.6]), '705 [644–775]');
    assert.equal(fmtSpread([42]), '42.0');
    assert.equal(fmtSpread([]), '–');
  });

  test('number and ratio formats', () => {
    assert.equal(fmt(0.004), '0.00');
    assert.equal(fmt(9.999), '10.00');
    assert.equal(fmt(12.34), '12.3');
    assert.equal(fmt(1263.4), '1263');
    assert.equal(fmt(NaN), '–');
    assert.equal(ratio([1, 2, 3], [10, 20, 30]), 0.1);
    assert.equal(fmtRatio(0.1), '0.10×');
    assert.equal(fmtRatio(16.94), '16.9×');
    assert.equal(fmtRatio(Infinity), '–');
  });

  test('column takes one figure from every round that has it', () => {
    const rounds: Array<Partial<Record<'a' | 'b', number>>> = [{ a: 1, b: 2 }, { a: 3 }, { b: 4 }];
    assert.deepEqual(column(rounds, 'a'), [1, 3]);
    assert.deepEqual(column(rounds, 'b'), [2, 4]);
  });
});

describe('turn order', () => {
  test('the sides swap every step, so neither always goes first', () => {
    const sides = ['ours', 'engine', 'parse'];
    assert.deepEqual(turnOrder(sides, 0), ['ours', 'engine', 'parse']);
    assert.deepEqual(turnOrder(sides, 1), ['parse', 'engine', 'ours']);
    assert.deepEqual(turnOrder(sides, 2), ['ours', 'engine', 'parse']);
    assert.deepEqual(sides, ['ours', 'engine', 'parse']);
    const firsts = [0, 1, 2, 3].map((i) => turnOrder(['a', 'b'], i)[0]);
    assert.deepEqual(firsts, ['a', 'b', 'a', 'b']);
  });

  test('rounds are outermost: every variant once before any twice', () => {
    assert.deepEqual(
      interleavedRounds(['1 MB', '10 MB'], 3).map(({ variant, round }) => `${variant}#${round}`),
      ['1 MB#0', '10 MB#0', '1 MB#1', '10 MB#1', '1 MB#2', '10 MB#2'],
    );
    assert.deepEqual(interleavedRounds(['x'], 0), []);
  });
});

describe('tables and verdicts', () => {
  test('a Markdown table with the first column left-aligned, the figures right-aligned', () => {
    assert.deepEqual(
      markdownTable(
        ['size', 'ours'],
        [
          ['1 MB', '9.30'],
          ['10 MB', '62.0'],
        ],
      ),
      ['| size | ours |', '|---|---:|', '| 1 MB | 9.30 |', '| 10 MB | 62.0 |'],
    );
  });

  test('a row of the wrong width is refused, not printed shifted', () => {
    assert.throws(() => markdownTable(['a', 'b'], [['1']]), /a row has 1 cells, the header 2/);
  });

  test('met when at or under the target, not met above it, not measured without a figure', () => {
    assert.equal(verdict(0.08, 0.08), 'met');
    assert.equal(verdict(0.0801, 0.08), 'not met');
    assert.equal(verdict(NaN, 1), 'not measured');
    assert.equal(allMet(['met', 'met']), 'met');
    assert.equal(allMet(['met', 'not met']), 'not met');
    assert.equal(allMet(['met', 'not measured']), 'not measured');
    assert.equal(allMet([]), 'not measured');
  });
});

describe('bench options', () => {
  test('by default every section, 3 rounds, written', () => {
    assert.deepEqual(parseLspOptions([]), { quick: false, sections: [...LSP_SECTIONS], rounds: 3, write: true });
  });

  test('--quick: fewer rounds and nothing written', () => {
    assert.deepEqual(parseLspOptions(['--quick']), {
      quick: true,
      sections: [...LSP_SECTIONS],
      rounds: 2,
      write: false,
    });
  });

  test('--only picks sections (repeated or comma-separated) in the bench order; lsp means all', () => {
    assert.deepEqual(parseLspOptions(['--only', 'memory,diagnostics']).sections, ['diagnostics', 'memory']);
    assert.deepEqual(parseLspOptions(['--only', 'give-way', '--only', 'code-actions']).sections, [
      'code-actions',
      'give-way',
    ]);
    assert.deepEqual(parseLspOptions(['--only', 'lsp']).sections, [...LSP_SECTIONS]);
  });

  test('unknown sections and bad counts are refused; fewer than 3 rounds is never written', () => {
    assert.throws(() => parseLspOptions(['--only', 'cli']), /unknown section "cli"; the language server's are: lsp/);
    assert.throws(() => parseLspOptions(['--only']), /--only needs a section/);
    assert.throws(() => parseLspOptions(['--rounds', 'two']), /--rounds needs a whole number/);
    assert.equal(parseLspOptions(['--rounds', '2']).write, false);
    assert.equal(parseLspOptions(['--rounds', '5']).write, true);
    assert.equal(parseLspOptions(['--no-write']).write, false);
  });
});

describe('BENCHMARKS.md sections', () => {
  const withFile = (text: string, fn: (file: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-md-'));
    const file = join(dir, 'BENCHMARKS.md');
    writeFileSync(file, text);
    try {
      fn(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const doc = '# Benchmarks\n\n## A\n\nold a\n\n## B\n\nold b\n\n## CLI\n\ncli\n';

  test('a section present is replaced in place, the others kept', () =>
    withFile(doc, (file) => {
      replaceSection(file, 'B', 'new b');
      assert.equal(readFileSync(file, 'utf8'), '# Benchmarks\n\n## A\n\nold a\n\n## B\n\nnew b\n\n## CLI\n\ncli\n');
    }));

  test('a new section goes after the first of its predecessors the file has', () =>
    withFile(doc, (file) => {
      replaceSection(file, 'C', 'c', { after: ['missing', 'B', 'A'] });
      assert.equal(
        readFileSync(file, 'utf8'),
        '# Benchmarks\n\n## A\n\nold a\n\n## B\n\nold b\n\n## C\n\nc\n\n## CLI\n\ncli\n',
      );
    }));

  test('with no predecessor there, or the predecessor last, it goes at the end', () =>
    withFile(doc, (file) => {
      replaceSection(file, 'D', 'd', { after: ['CLI'] });
      replaceSection(file, 'E', 'e');
      assert.equal(
        readFileSync(file, 'utf8'),
        '# Benchmarks\n\n## A\n\nold a\n\n## B\n\nold b\n\n## CLI\n\ncli\n\n## D\n\nd\n\n## E\n\ne\n',
      );
    }));
});
