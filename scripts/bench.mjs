// `npm run bench`: builds, then runs each benchmark; each writes its own section of BENCHMARKS.md.
// Speed and memory live here, never in timed tests.
//
// Usage: npm run bench [-- --only <sections>] [-- --quick]
//   --only <a,b>  run only these (repeatable): lsp (every language-server section) or one of diagnostics,
//                 requests, code-actions, give-way, memory (scripts/bench/lspOptions.ts); cli; spectral
//   --quick       the language server's sections on one size with fewer samples, printed, not written
//                 (for development; with --quick only the language server runs unless --only names more)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (args[i - 1] === '--only' ? a.split(',') : []));
const quick = args.includes('--quick');
const LSP = ['lsp', 'diagnostics', 'requests', 'code-actions', 'give-way', 'memory'];
const unknown = only.filter((name) => !LSP.includes(name) && name !== 'cli' && name !== 'spectral');
if (unknown.length) {
  console.error(`unknown section ${unknown.join(', ')}: one of ${[...LSP, 'cli', 'spectral'].join(', ')}`);
  process.exit(2);
}
const lspOnly = only.filter((name) => LSP.includes(name));
const wanted = (name) => (only.length ? only.includes(name) : !quick);

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
if (!only.length || lspOnly.length) {
  const lspArgs = [...(quick ? ['--quick'] : []), ...(lspOnly.length ? ['--only', lspOnly.join(',')] : [])];
  run(['--import', 'tsx', 'scripts/bench/lspBench.ts', ...lspArgs]);
}
if (wanted('cli') && existsSync('scripts/bench-cli.mjs')) run(['--import', 'tsx', 'scripts/bench-cli.mjs']);
// check-examples vs Spectral's example rules (installs Spectral into .bench-tools/ on first use).
if (wanted('spectral')) run(['--import', 'tsx', 'scripts/bench/spectral.ts']);
