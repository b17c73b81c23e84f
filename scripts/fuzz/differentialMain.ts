/**
 * `node scripts/fuzz.mjs --differential [--seed N] [--count N] [--start I] [--mutations N] [--json] [--quiet]`
 *
 * The differential oracle's long run (scripts/fuzz/differential.ts): `--count` bodies (default 20,000), each
 * checked as drawn and with `--mutations` known mutations (default 3), against an independent JSON Schema
 * 2020-12 validator. Prints every class of disagreement with its first case and the line that replays it;
 * exit code 1 when there is any.
 */
import { randomInt } from 'node:crypto';
import { loadTarget, report, runDifferential, type DifferentialOptions } from './differential';

const KNOWN = new Set(['--differential', '--seed', '--count', '--start', '--mutations', '--json', '--quiet']);

function parseArgs(argv: string[]): DifferentialOptions & { json: boolean; quiet: boolean } {
  for (const a of argv) {
    if (a.startsWith('--') && !KNOWN.has(a)) throw new Error(`unknown option ${a} (with --differential)`);
  }
  const int = (name: string, fallback: number): number => {
    const i = argv.indexOf(name);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new Error(`${name} must be a non-negative integer, not ${argv[i + 1]}`);
    }
    return n;
  };
  return {
    seed: int('--seed', randomInt(2 ** 31)),
    start: int('--start', 0),
    count: int('--count', 20_000),
    mutationsPerBody: int('--mutations', 3),
    json: argv.includes('--json'),
    quiet: argv.includes('--quiet'),
  };
}

function main(): void {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`fuzz: ${(err as Error).message}\n`);
    process.exit(2);
  }
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
