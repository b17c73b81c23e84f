/**
 * `node scripts/fuzz.mjs --differential [--seed N] [--count N] [--start I] [--mutations N] [--json] [--quiet]`
 *
 * The differential oracle's long run (scripts/fuzz/differential.ts): `--count` bodies (default 20,000), each
 * checked as drawn and with `--mutations` known mutations (default 3), against an independent JSON Schema
 * 2020-12 validator. Prints every class of disagreement with its first case and the line that replays it;
 * exit code 1 when there is any.
 */
import { randomInt } from 'node:crypto';
import { parsedOrExit, readArgs } from './args';
import { loadTarget, report, runDifferential, type DifferentialOptions } from './differential';

function parseArgs(argv: string[]): DifferentialOptions & { json: boolean; quiet: boolean } {
  const { int, has } = readArgs(argv, [
    '--differential',
    '--seed',
    '--count',
    '--start',
    '--mutations',
    '--json',
    '--quiet',
  ]);
  return {
    seed: int('--seed', randomInt(2 ** 31)),
    start: int('--start', 0),
    count: int('--count', 20_000),
    mutationsPerBody: int('--mutations', 3),
    json: has('--json'),
    quiet: has('--quiet'),
  };
}

function main(): void {
  const options = parsedOrExit(() => parseArgs(process.argv.slice(2)));
  if (!options.quiet) {
    process.stderr.write(`differential: seed ${options.seed}, ${options.count} bodies from ${options.start}\n`);
  }
  const summary = runDifferential(loadTarget(), options);
  process.stderr.write(report(summary) + '\n');
  if (options.json) {
    process.stdout.write(JSON.stringify({ ...summary, disagreements: summary.disagreements.slice(0, 200) }) + '\n');
  }
  process.exitCode = summary.disagreements.length > 0 ? 1 : 0;
}

main();
