/**
 * The language-server bench's figures, pure: medians and spreads over fresh processes, the order the sides take
 * turns in, Markdown tables and target verdicts. No I/O, so it is unit-tested (test/unit/bench/).
 */

/** The median (the mean of the two middle values for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spreadOf(xs: readonly number[]): Spread {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** Three significant figures at most, two decimals for small values: 0.57, 16.1, 139, 1263. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  return a < 10 ? x.toFixed(2) : a < 100 ? x.toFixed(1) : x.toFixed(0);
}

/** `median [min–max]`, or just the value when there is one. */
export function fmtSpread(xs: readonly number[]): string {
  if (xs.length === 0) return '–';
  const s = spreadOf(xs);
  return xs.length === 1 ? fmt(s.median) : `${fmt(s.median)} [${fmt(s.min)}–${fmt(s.max)}]`;
}

/** The ratio of two sides' medians over the same rounds, as `0.12×`. */
export function ratio(ours: readonly number[], theirs: readonly number[]): number {
  return median(ours) / median(theirs);
}

export function fmtRatio(r: number): string {
  if (!Number.isFinite(r)) return '–';
  return r < 10 ? `${r.toFixed(2)}×` : `${r.toFixed(1)}×`;
}

/**
 * The order of the sides at step `i`: the given order on even steps, reversed on odd ones (A B, B A, A B…), so
 * neither side always runs first on a fresh version or right after the other's garbage.
 */
export function turnOrder<T>(sides: readonly T[], i: number): T[] {
  return i % 2 === 0 ? [...sides] : [...sides].reverse();
}

/**
 * Every (variant, round) pair, rounds outermost: round 1 of every variant, then round 2…, so a slow spell of the
 * machine spreads over all variants instead of landing on one.
 */
export function interleavedRounds<T>(variants: readonly T[], rounds: number): Array<{ variant: T; round: number }> {
  const out: Array<{ variant: T; round: number }> = [];
  for (let round = 0; round < rounds; round++) for (const variant of variants) out.push({ variant, round });
  return out;
}

/** The values of `key` across rounds (each round a record of one process's figures). */
export function column<K extends string>(rounds: ReadonlyArray<Partial<Record<K, number>>>, key: K): number[] {
  return rounds.map((r) => r[key]).filter((x): x is number => typeof x === 'number');
}

/** A Markdown table: first column left-aligned, the others right-aligned (figures). */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  for (const row of rows) {
    if (row.length !== header.length) {
      throw new Error(`a row has ${row.length} cells, the header ${header.length}: ${row.join(' | ')}`);
    }
  }
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)];
}

/** `met` when `value` ≤ `limit`, else `not met`; `not measured` when there is no value. */
export function verdict(value: number, limit: number): string {
  if (!Number.isFinite(value)) return 'not measured';
  return value <= limit ? 'met' : 'not met';
}

/** `met` only when every check is. */
export function allMet(verdicts: readonly string[]): string {
  if (verdicts.length === 0 || verdicts.includes('not measured')) return 'not measured';
  return verdicts.every((v) => v === 'met') ? 'met' : 'not met';
}
