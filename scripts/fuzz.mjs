// `npm run fuzz`: the language-server fuzzer (scripts/fuzz/main.ts, run with tsx). Every option is passed on:
// --seed N --count N --start I --stdio --heavy-every N --max-ms N --json --quiet (see scripts/fuzz/main.ts).
// The default is 100,000 documents in process; `--stdio` fuzzes the bundled dist/server.js instead.
// `--differential` runs the differential oracle instead (scripts/fuzz/differentialMain.ts): schema-generated
// bodies checked against an independent JSON Schema validator; --seed N --count N --start I --mutations N.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const entry = args.includes('--differential') ? 'differentialMain.ts' : 'main.ts';
const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'fuzz', entry), ...args], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(r.status ?? 1);
