// Benchmark of the command line (#11): `validate` against ajv-cli on a one-operation corpus and a mixed one,
// `validate` of one file against `node -e` reading and parsing it, and the client CPU of `send` against a bare
// keep-alive `undici.request`. Run through `npm run bench` (node --import tsx, for scripts/bench/*.ts).
//
// The CLI is built by scripts/cliBuild.mjs, the published layout (dist/cli.js launching dist/cli/*.mjs beside
// schemas/), so the figures are those of the command users run. Every figure: at least 3 fresh processes, the
// two sides interleaved (A B A B …, so neither always runs on a warmer cache), reported as median [min–max].
//
//   node --import tsx scripts/bench-cli.mjs [--files 10000] [--invalid 0.1] [--runs 3] [--starts 10]
//     [--requests 2000] [--only corpus,startup,send] [--quick] [--no-write]
//
// --only runs the named parts (a comma list: corpus, startup, send) and --quick takes fewer runs (1 per corpus
// and send, 3 starts, 500 requests; --runs/--starts/--requests still win), to measure one part while working on
// it. BENCHMARKS.md's section is written only by a full run (every part, not quick, without --no-write).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from './cliBuild.mjs';
import { bodySchema, requestFile, requestFileSchema, requestOperations } from './bench/cliCorpus.mjs';
import { replaceSection } from './bench/markdown.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const HEADING = 'Command line: validate vs ajv-cli, start-up, send';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const PARTS = ['corpus', 'startup', 'send'];
const onlyAt = args.indexOf('--only');
const ONLY = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean) : PARTS;
const unknownParts = ONLY.filter((p) => !PARTS.includes(p));
if (unknownParts.length > 0 || ONLY.length === 0) {
  process.stderr.write(`--only takes a comma list of ${PARTS.join(', ')}; got "${args[onlyAt + 1] ?? ''}"\n`);
  process.exit(2);
}
const runs = (part) => ONLY.includes(part);
const QUICK = args.includes('--quick');
const FILES = option('files', 10_000);
const INVALID_SHARE = option('invalid', 0.1);
// A full run keeps at least 3 fresh processes per figure (#11); a quick one takes what it is given.
const RUNS = QUICK ? Math.max(1, option('runs', 1)) : Math.max(3, option('runs', 3));
const STARTS = QUICK ? Math.max(1, option('starts', 3)) : Math.max(3, option('starts', 10));
const REQUESTS = option('requests', QUICK ? 500 : 2000);
const FULL = !QUICK && PARTS.every(runs);
const WRITE = FULL && !args.includes('--no-write');
const AJV_CLI = join(REPO, 'node_modules', 'ajv-cli', 'dist', 'index.js');

// ---------------------------------------------------------------------------------------------------------------
// Processes and figures

/**
 * CPU seconds (user + system) of this process's finished children, from /proc/self/stat (Linux; undefined
 * elsewhere): what a run cost, whatever else the machine was doing meanwhile. Clock ticks of 1/100 s.
 */
function childrenCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    // After "pid (comm) ": state is field 3, cutime and cstime fields 16 and 17.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

/** Runs a process to its end (asynchronously: the send server lives in this process); its wall and CPU time. */
function timed(command, commandArgs, cwd) {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpu();
    const start = performance.now();
    const child = spawn(command, commandArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      const ms = performance.now() - start;
      const cpuAfter = childrenCpu();
      const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
      resolve({ ms, cpu, status, stdout, stderr });
    });
  });
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n) => n.toLocaleString('en-US');
/** `median [min–max]` with `digits` decimals. */
const spread = (xs, digits = 0) =>
  `${median(xs).toFixed(digits)} [${sorted(xs)[0].toFixed(digits)}–${sorted(xs).at(-1).toFixed(digits)}]`;

/** Runs `a` and `b` alternately, `runs` times each; each returns a number (and may keep what it saw). */
async function interleaved(runs, a, b) {
  const as = [];
  const bs = [];
  for (let i = 0; i < runs; i++) {
    as.push(await a());
    bs.push(await b());
  }
  return [as, bs];
}

// ---------------------------------------------------------------------------------------------------------------
// validate vs ajv-cli

/** Writes `count` request files of `ops` (round robin) and their bare bodies; returns folders and counts. */
function writeCorpus(root, name, ops, count) {
  const requests = join(root, name, 'requests');
  const bodies = join(root, name, 'bodies');
  mkdirSync(requests, { recursive: true });
  mkdirSync(bodies, { recursive: true });
  let bytes = 0;
  let invalid = 0;
  for (let i = 0; i < count; i++) {
    const op = ops[i % ops.length];
    const wrong = corpusRandom() < INVALID_SHARE;
    if (wrong) invalid++;
    const file = requestFile(REPO, op, wrong);
    const text = JSON.stringify(file, null, 2) + '\n';
    bytes += text.length;
    const base = `${String(i).padStart(5, '0')}-${op.id.split('.').pop()}`;
    writeFileSync(join(requests, `${base}.meeting.json`), text);
    writeFileSync(join(bodies, `${base}.json`), JSON.stringify(file.body, null, 2) + '\n');
  }
  return { requests, bodies, bytes, invalid };
}

// The share of invalid files is drawn from its own seeded sequence (the generators draw from theirs).
let corpusSeed = 0x1bad5eed;
function corpusRandom() {
  corpusSeed = (corpusSeed + 0x6d2b79f5) | 0;
  let t = corpusSeed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const ajvArgs = (schema, data) => [
  AJV_CLI,
  'validate',
  '--spec=draft2020',
  '--strict=false',
  '--all-errors',
  '--errors=text',
  '-c',
  'ajv-formats',
  '-s',
  schema,
  '-d',
  data,
];

async function versusAjvCli(cli, root, name, ops, schemaFor) {
  const corpus = writeCorpus(root, name, ops, FILES);
  const schema = join(root, name, 'schema.json');
  writeFileSync(schema, JSON.stringify(schemaFor(corpus)));
  const ajvData = schemaFor.data(corpus);
  let ours;
  let theirs;
  const ourCpu = [];
  const theirCpu = [];
  const [ourMs, theirMs] = await interleaved(
    RUNS,
    async () => {
      const r = await timed(process.execPath, [cli, 'validate', join(corpus.requests, '*.meeting.json')], root);
      if (r.status !== 1) throw new Error(`validate exited ${r.status}: ${r.stderr.slice(0, 500)}`);
      ours = r;
      ourCpu.push(r.cpu);
      return r.ms;
    },
    async () => {
      const a = await timed(process.execPath, ajvArgs(schema, ajvData), REPO);
      if (a.status !== 0 && a.status !== 1) throw new Error(`ajv-cli exited ${a.status}: ${a.stderr.slice(0, 500)}`);
      theirs = a;
      theirCpu.push(a.cpu);
      return a.ms;
    },
  );
  const problems = ours.stdout.split('\n').filter((l) => /^.+:\d+:\d+: error: /.test(l));
  return {
    corpus,
    ourMs,
    theirMs,
    ourCpu,
    theirCpu,
    ourInvalid: new Set(problems.map((l) => l.replace(/:\d+:\d+: .*$/, ''))).size,
    ourErrors: problems.length,
    theirInvalid: (theirs.stderr.match(/ invalid$/gm) ?? []).length,
  };
}

/** `spread` of CPU figures, or – where the platform does not tell them. */
const cpuSpread = (xs, digits) => (xs.every((x) => x !== undefined) ? spread(xs, digits) : '–');

function validateRows(label, r) {
  const rate = (ms) => fmt(Math.round(FILES / (median(ms) / 1000)));
  const row = (tool, invalid, errors, ms, cpu) =>
    `| ${label}: ${tool} | ${fmt(FILES)} | ${fmt(invalid)} | ${errors} | ${spread(
      ms.map((m) => m / 1000),
      2,
    )} | ${cpuSpread(cpu, 2)} | ${rate(ms)} |`;
  return [
    row('meeting-payloads validate', r.ourInvalid, fmt(r.ourErrors), r.ourMs, r.ourCpu),
    row('ajv-cli validate', r.theirInvalid, '–', r.theirMs, r.theirCpu),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// send: client CPU per request

async function sendCpu() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const file = join(REPO, 'examples', 'huawei-update-recurring-meeting.meeting.json');
  let bodyBytes = 0;
  let warmUp = 0;
  const one = (mode) => async () => {
    const r = await timed(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'scripts', 'bench', 'sendCpu.ts'), mode, url, file, String(REQUESTS)],
      REPO,
    );
    if (r.status !== 0) throw new Error(`sendCpu ${mode} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    const got = JSON.parse(r.stdout);
    if (got.status !== 200) throw new Error(`sendCpu ${mode}: status ${got.status}`);
    bodyBytes = got.bodyBytes;
    warmUp = got.warmUp;
    return got.cpuUsPerRequest;
  };
  try {
    const [ours, undici] = await interleaved(RUNS, one('ours'), one('undici'));
    return { ours, undici, bodyBytes, warmUp };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const loadBefore = loadavg()[0];
  const root = mkdtempSync(join(tmpdir(), 'meeting-payloads-bench-cli-'));
  try {
    const pkg = join(root, 'pkg');
    await buildCli({ repo: REPO, dist: join(pkg, 'dist'), production: true });
    cpSync(join(REPO, 'schemas'), join(pkg, 'schemas'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), readFileSync(join(REPO, 'package.json')));
    const cli = join(pkg, 'dist', 'cli.js');

    const ops = requestOperations(REPO);
    const series = ops.filter((op) => op.id === 'huawei.meeting.updateRecurringMeeting');
    // One operation: ajv-cli validates the bare bodies against the body schema, one run (its natural use).
    const bodiesOfOne = Object.assign((c) => bodySchema(series[0]), { data: (c) => join(c.bodies, '*.json') });
    // All operations: one ajv-cli run over the same request files, one schema whose `if`/`then` per operation
    // picks the body's schema (ajv-cli takes one schema per run; one run per operation would count its start-up
    // five times).
    const filesOfAll = Object.assign(() => requestFileSchema(ops), { data: (c) => join(c.requests, '*.meeting.json') });
    const one = runs('corpus') ? await versusAjvCli(cli, root, 'one', series, bodiesOfOne) : undefined;
    const mixed = runs('corpus') ? await versusAjvCli(cli, root, 'mixed', ops, filesOfAll) : undefined;

    // Start-up: one valid file, the whole process, against node -e reading and parsing it.
    const single = join(REPO, 'examples', 'huawei-update-recurring-meeting.meeting.json');
    const startCpu = [];
    const nodeCpu = [];
    const [startMs, nodeMs] = await interleaved(
      runs('startup') ? STARTS : 0,
      async () => {
        const r = await timed(process.execPath, [cli, 'validate', single], root);
        if (r.status !== 0) throw new Error(`validate of one file exited ${r.status}: ${r.stdout}${r.stderr}`);
        startCpu.push(r.cpu === undefined ? undefined : r.cpu * 1000);
        return r.ms;
      },
      async () => {
        const script = `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(single)}, 'utf8'))`;
        const r = await timed(process.execPath, ['-e', script], root);
        nodeCpu.push(r.cpu === undefined ? undefined : r.cpu * 1000);
        return r.ms;
      },
    );

    const send = runs('send') ? await sendCpu() : undefined;

    const cpu = cpus();
    const load = `load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`;
    const x = (a, b) => (median(a) / median(b)).toFixed(2);
    const known = (xs) => xs.every((v) => v !== undefined);
    const cpuX = (a, b) => (known(a) && known(b) ? x(a, b) : '–');
    const cpuRatio = (a, b) => (known(a) && known(b) ? ` and ${x(a, b)}× its CPU` : '');
    const headerText = [
      `Measured by \`npm run bench\` (\`scripts/bench-cli.mjs\`) on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version} (${load}), commit ${process.env.BENCH_COMMIT ?? 'not recorded (run through npm run bench)'}, ${new Date().toISOString().slice(0, 10)}. ` +
        `The CLI as published (\`dist/cli.js\` and its chunks, built by \`scripts/cliBuild.mjs\`). Every figure is the median [min–max] of fresh processes, the two sides interleaved: ${RUNS} each for the corpora and send, ${STARTS} each for start-up. CPU is user + system of the whole process (Linux: \`/proc/self/stat\` of the benchmark, its children's share, 10 ms ticks): on a busy machine it is the steadier figure.`,
      '',
    ];
    const corpusText = () => [
      `**validate vs ajv-cli 5** (ajv 8, \`--spec=draft2020 --all-errors -c ajv-formats\`), whole processes (start, catalog or schema load and compile, reading every file, output). ${fmt(FILES)} pretty-printed request files in each corpus, about ${fmt(Math.round(INVALID_SHARE * 100))} % made invalid:`,
      '',
      `- *one operation*: ${fmt(FILES)} Huawei "modify a recurring meeting series" files (2–20 attendees, ${(one.corpus.bytes / 1024 / 1024).toFixed(1)} MB, ${fmt(one.corpus.invalid)} invalid). ajv-cli validates the bare bodies against the body schema cut from the catalog: one run, its natural use, less work than ours (no envelope).`,
      `- *all operations*: ${fmt(FILES)} files of the catalog's ${ops.length} request-file operations in turn (${(mixed.corpus.bytes / 1024 / 1024).toFixed(1)} MB, ${fmt(mixed.corpus.invalid)} invalid). ajv-cli takes one schema per run; so that its start-up is counted once, as ours is, it gets one schema for the same request files whose \`if\`/\`then\` per operation applies the body schema the file's \`operation\` names (bodies only: no parameters).`,
      '- meeting-payloads checks the envelope and the body, reports body properties the schema does not document as warnings, and prints every problem as `file:line:col: severity: message`; ajv-cli names invalid files and prints errors without positions.',
      '',
      '| corpus: tool | files | invalid files found | errors, with line and column | time (s) | CPU (s) | files/s |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...validateRows('one operation', one),
      ...validateRows('all operations', mixed),
      '',
      `meeting-payloads validate is ${x(one.theirMs, one.ourMs)}× as fast as ajv-cli on one operation and ${x(mixed.theirMs, mixed.ourMs)}× on all operations (target: ≥ 1.5×); in CPU, ${cpuX(one.theirCpu, one.ourCpu)}× and ${cpuX(mixed.theirCpu, mixed.ourCpu)}×.`,
      '',
    ];
    const startupText = () => [
      `**Start-up**: \`meeting-payloads validate\` of one valid file (\`examples/huawei-update-recurring-meeting.meeting.json\`), the whole process, against \`node -e\` reading and \`JSON.parse\`-ing the same file.`,
      '',
      '| process | time (ms) | CPU (ms) |',
      '|---|---:|---:|',
      `| meeting-payloads validate, one file | ${spread(startMs)} | ${cpuSpread(startCpu, 0)} |`,
      `| node -e JSON.parse(readFileSync(file)) | ${spread(nodeMs)} | ${cpuSpread(nodeCpu, 0)} |`,
      '',
      `validate of one file takes ${x(startMs, nodeMs)}× the time of the bare node process${cpuRatio(startCpu, nodeCpu)} (target: ≤ 2×).`,
      '',
    ];
    const sendText = () => [
      `**send**: client CPU (user + system) per request over ${fmt(REQUESTS)} sequential PUTs (after ${fmt(send.warmUp)} of warm-up, the same on both sides) of the same ${fmt(send.bodyBytes)}-byte JSON body to a node:http server on 127.0.0.1 (in the benchmark's own process), each side in its own process. *meeting-payloads send's path*: the run \`send\` sets up (\`cli/send/setup.ts\`), the request prepared once from the file, then \`sendRequest\` with the run's pool of connections (checks, masking, capped body reading). *undici*: \`undici.request\` on one keep-alive \`Agent\`, the same method, URL, headers and body, \`body.text()\`.`,
      '',
      '| client | CPU µs per request |',
      '|---|---:|',
      `| meeting-payloads send's path | ${spread(send.ours)} |`,
      `| undici.request, keep-alive | ${spread(send.undici)} |`,
      '',
      `send costs ${x(send.ours, send.undici)}× the CPU of a keep-alive undici.request (target: ≤ 1.2×).`,
      '',
    ];
    const section = [
      ...headerText,
      ...(one && mixed ? corpusText() : []),
      ...(runs('startup') ? startupText() : []),
      ...(send ? sendText() : []),
    ].join('\n');
    process.stdout.write(`## ${HEADING}\n\n${section}`);
    if (WRITE) replaceSection(join(REPO, 'BENCHMARKS.md'), HEADING, section);
    else if (!FULL) process.stderr.write('A partial or quick run: BENCHMARKS.md left as it is.\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
