/**
 * Fresh processes for the language-server bench: each round of a section is a child process (which starts
 * its own servers), rounds interleaved across variants; and the line naming what was measured, where.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { interleavedRounds } from './lspStats';
import { ROOT, engineBundle } from './lspServers';

/**
 * Runs `script` once per (variant, round), rounds outermost, each in a fresh `node --expose-gc` process that
 * prints its figures as one JSON line last; returns each variant's rounds in order.
 */
export function runRounds<V, R>(script: string, variants: readonly V[], rounds: number, argsOf: (v: V) => string[]) {
  const env = { ...process.env, BENCH_ENGINE_SERVER: engineBundle(), BENCH_ROOT: ROOT };
  const results = new Map<V, R[]>(variants.map((v) => [v, []]));
  for (const { variant, round } of interleavedRounds(variants, rounds)) {
    const args = argsOf(variant);
    const started = Date.now();
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 << 20,
      timeout: 15 * 60_000,
    });
    if (child.status !== 0) {
      throw new Error(`round ${round + 1} of ${script} ${args.join(' ')} failed (${child.status ?? child.signal})`);
    }
    const last = child.stdout.trim().split('\n').pop() ?? '';
    results.get(variant)?.push(JSON.parse(last) as R);
    console.log(`  round ${round + 1}/${rounds} ${args.join(' ')}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return results;
}

/** For a round's entry point: runs it on the command line's arguments and prints its figures as JSON. */
export function roundMain(run: (args: string[]) => Promise<unknown>): void {
  run(process.argv.slice(2))
    .then((r) => {
      console.log(JSON.stringify(r));
      process.exit(0);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}

/** A collection before a sample taken in the client process (run with --expose-gc). */
export const collect: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Measures the load average at the start; `line()` then says what, where and when was measured. */
export function measurement(): { line: () => string } {
  const before = loadavg()[0];
  return {
    line: () =>
      [
        `Measured by \`npm run bench\` on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}`,
        `(load average ${before.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end),`,
        `commit ${process.env.BENCH_COMMIT ?? 'not recorded (run through npm run bench)'}, ${new Date().toISOString().slice(0, 10)}.`,
      ].join(' '),
  };
}
