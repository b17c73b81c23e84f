// `npm run bench`: builds, then runs each benchmark; each writes its own section of BENCHMARKS.md.
// Speed and memory live here, never in timed tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// The commit measured, written into every section: a figure from a working tree with changes says so.
const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'unknown';
const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout.trim();
const env = { ...process.env, BENCH_COMMIT: dirty ? `${head} with uncommitted changes` : head };

function run(args) {
  console.log(`\n> node ${args.join(' ')}`);
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status || 1);
}

run(['esbuild.mjs']);
run(['--import', 'tsx', 'scripts/bench/lspBench.ts']);
if (existsSync('scripts/bench-cli.mjs')) run(['scripts/bench-cli.mjs']);
// check-examples vs Spectral's example rules (installs Spectral into .bench-tools/ on first use).
run(['--import', 'tsx', 'scripts/bench/spectral.ts']);
