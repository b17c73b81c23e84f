// `npm run bench`: builds, then runs each benchmark; each writes its own section of BENCHMARKS.md.
// Speed and memory live here, never in timed tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(args) {
  console.log(`\n> node ${args.join(' ')}`);
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
}

run(['esbuild.mjs']);
run(['--import', 'tsx', 'scripts/bench/lspBench.ts']);
if (existsSync('scripts/bench-cli.mjs')) run(['scripts/bench-cli.mjs']);
