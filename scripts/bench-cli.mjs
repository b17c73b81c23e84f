// Benchmark of `meeting-payloads validate` against ajv-cli on the same bodies and schemas.
//
// Generates request files (realistic Huawei "modify a recurring meeting series" and Webex "update personal meeting
// room" bodies, a share of them invalid) in the system's temporary folder, builds the CLI bundle from cli/main.ts
// (so the figures do not depend on the rest of the tree building), then times whole processes: start, catalog
// load and compile, reading every file, output. ajv-cli validates the bare bodies against standalone schemas
// cut from the same catalog. Prints a Markdown section and replaces it in BENCHMARKS.md.
//
//   node scripts/bench-cli.mjs [--files 10000] [--invalid 0.1] [--runs 3] [--no-write]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const HEADING = '## Command line: validate vs ajv-cli';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const FILES = option('files', 10_000);
const INVALID_SHARE = option('invalid', 0.1);
const RUNS = option('runs', 3);
const WRITE = !args.includes('--no-write');

// ---------------------------------------------------------------------------------------------------------------
// Deterministic data

let seed = 0x5eed1234;
const random = () => {
  // mulberry32: the same files on every run, so runs compare.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const pad = (n) => String(n).padStart(2, '0');
const FIRST = ['Li', 'Wang', 'Zhang', 'Maria', 'John', 'Aiko', 'Priya', 'Lars', 'Fatima', 'Diego', 'Chen', 'Sofia'];
const LAST = ['Lei', 'Fang', 'Wei', 'Garcia', 'Andersen', 'Tanaka', 'Sharma', 'Nilsson', 'Haddad', 'Lopez', 'Jie'];

function attendee(i) {
  const name = `${pick(FIRST)} ${pick(LAST)}`;
  if (random() < 0.15)
    return { name: `Room ${int(1, 9)}F-${pad(int(1, 30))}`, type: 'terminal', phone: `+9911${int(1000000, 9999999)}` };
  return {
    name,
    role: i === 0 ? 1 : 0,
    email: `${name.toLowerCase().replace(/\W+/g, '.')}${i}@example.com`,
    phone: `+8613${int(100000000, 999999999)}`,
    type: 'normal',
    isMute: pick([0, 1]),
  };
}

function huaweiSeries(invalid) {
  const cycle = pick(['Day', 'Week', 'Month']);
  const month = int(1, 9);
  const body = {
    subject: `${pick(['Weekly', 'Daily', 'Monthly'])} ${pick(['project sync', 'standup', 'review', 'planning'])} ${int(1, 999)}`,
    startTime: `2027-${pad(month)}-${pad(int(1, 28))} ${pad(int(0, 23))}:${pick(['00', '15', '30', '45'])}`,
    length: pick([30, 45, 60, 90, 120]),
    mediaTypes: pick(['HDVideo', 'Voice']),
    timeZoneID: String(int(1, 80)),
    language: pick(['en-US', 'zh-CN']),
    attendees: Array.from({ length: int(2, 20) }, (_, i) => attendee(i)),
    cycleParams: {
      startDate: `2027-${pad(month)}-01`,
      endDate: `2027-${pad(month + 2)}-28`,
      cycle,
      interval: cycle === 'Day' ? int(1, 15) : cycle === 'Week' ? int(1, 5) : int(1, 3),
      ...(cycle === 'Day' ? {} : { point: cycle === 'Week' ? [1, 3, 5].slice(0, int(1, 3)) : [int(1, 28)] }),
      preRemindDays: int(0, 3),
    },
    confConfigInfo: {
      isSendNotify: true,
      isSendSms: random() < 0.5,
      callInRestriction: pick([0, 2, 3]),
      prolongLength: pick([0, 15, 30]),
    },
    recordType: pick([0, 2]),
  };
  if (invalid) {
    const mistake = int(0, 3);
    if (mistake === 0) body.attendees[0].role = '1';
    else if (mistake === 1) body.cycleParams.cycle = 'Weekly';
    else if (mistake === 2) body.length = 5;
    else body.confConfigInfo.callInRestriction = 1;
  }
  return {
    operation: 'huawei.meeting.updateRecurringMeeting',
    query: { conferenceID: String(int(900000000, 999999999)) },
    body,
  };
}

function hostPin() {
  for (;;) {
    const digits = Array.from({ length: pick([4, 4, 4, 6]) }, () => int(0, 9)).join('');
    if (/^(\d)\1+$/.test(digits) || '0123456789'.includes(digits) || '9876543210'.includes(digits)) continue;
    return digits;
  }
}

function webexRoom(invalid) {
  const owner = `${pick(FIRST)} ${pick(LAST)}`;
  const body = {
    topic: `${owner}'s Personal Room`,
    hostPin: hostPin(),
    enabledAutoLock: random() < 0.5,
    autoLockMinutes: pick([0, 5, 10, 15, 20]),
    enabledNotifyHost: random() < 0.5,
    supportCoHost: random() < 0.5,
    supportAnyoneAsCoHost: false,
    allowFirstUserToBeCoHost: false,
    allowAuthenticatedDevices: random() < 0.5,
    coHosts: Array.from({ length: int(0, 4) }, (_, i) => ({
      email: `cohost${i}.${owner.toLowerCase().replace(/\W+/g, '.')}@example.com`,
      displayName: `${pick(FIRST)} ${pick(LAST)}`,
    })),
  };
  if (invalid) {
    const mistake = int(0, 2);
    if (mistake === 0) body.autoLockMinutes = 7;
    else if (mistake === 1) body.hostPin = '1234';
    else body.enabledAutoLock = 'true';
  }
  return {
    operation: 'webex.meetings.updatePersonalMeetingRoomOptions',
    query: { siteUrl: 'site4-example.webex.com' },
    body,
  };
}

/** A standalone JSON Schema for one operation's body, cut from the catalog document (what ajv-cli needs). */
function standaloneBodySchema(file, operationId) {
  const doc = JSON.parse(readFileSync(join(REPO, 'schemas', file), 'utf8'));
  const rewrite = (node) => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', '#/$defs/') : rewrite(v),
      ]),
    );
  };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      if (op?.operationId !== operationId) continue;
      return {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `urn:bench:${operationId}`,
        $defs: rewrite(doc.components.schemas),
        ...rewrite(op.requestBody.content['application/json'].schema),
      };
    }
  }
  throw new Error(`${operationId} is not in ${file}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Running

function timed(command, commandArgs, cwd) {
  const start = performance.now();
  const r = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (r.error) throw r.error;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n) => n.toLocaleString('en-US');

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'meeting-payloads-bench-cli-'));
  try {
    // The CLI bundle, laid out as in the package: dist/cli.js beside schemas/.
    await build({
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      mainFields: ['module', 'main'],
      entryPoints: { cli: join(REPO, 'cli', 'main.ts') },
      outdir: join(root, 'pkg', 'dist'),
      banner: { js: '#!/usr/bin/env node' },
      logLevel: 'error',
    });
    cpSync(join(REPO, 'schemas'), join(root, 'pkg', 'schemas'), { recursive: true });
    writeFileSync(join(root, 'pkg', 'package.json'), readFileSync(join(REPO, 'package.json')));
    const cli = join(root, 'pkg', 'dist', 'cli.js');

    const requests = join(root, 'requests');
    const bodies = { huawei: join(root, 'bodies', 'huawei'), webex: join(root, 'bodies', 'webex') };
    for (const dir of [requests, ...Object.values(bodies)]) mkdirSync(dir, { recursive: true });
    let bytes = 0;
    let invalidWritten = 0;
    for (let i = 0; i < FILES; i++) {
      const invalid = random() < INVALID_SHARE;
      if (invalid) invalidWritten++;
      const huawei = i % 2 === 0;
      const file = huawei ? huaweiSeries(invalid) : webexRoom(invalid);
      const name = `${String(i).padStart(5, '0')}-${huawei ? 'series' : 'room'}`;
      const text = JSON.stringify(file, null, 2) + '\n';
      bytes += text.length;
      writeFileSync(join(requests, `${name}.meeting.json`), text);
      writeFileSync(
        join(huawei ? bodies.huawei : bodies.webex, `${name}.json`),
        JSON.stringify(file.body, null, 2) + '\n',
      );
    }
    const schemas = {
      huawei: join(root, 'huawei.schema.json'),
      webex: join(root, 'webex.schema.json'),
    };
    writeFileSync(
      schemas.huawei,
      JSON.stringify(standaloneBodySchema('huawei-meeting.openapi.json', 'huawei.meeting.updateRecurringMeeting')),
    );
    writeFileSync(
      schemas.webex,
      JSON.stringify(
        standaloneBodySchema('webex-meetings.openapi.json', 'webex.meetings.updatePersonalMeetingRoomOptions'),
      ),
    );

    const ajvCli = join(REPO, 'node_modules', 'ajv-cli', 'dist', 'index.js');
    const ajvArgs = (family) => [
      ajvCli,
      'validate',
      '--spec=draft2020',
      '--strict=false',
      '--all-errors',
      '--errors=text',
      '-c',
      'ajv-formats',
      '-s',
      schemas[family],
      '-d',
      join(bodies[family], '*.json'),
    ];

    const ours = [];
    const theirs = [];
    let ourResult;
    let theirInvalid = 0;
    for (let run = 0; run < RUNS; run++) {
      // Alternate, so neither tool always runs on a warmer file cache.
      const r = timed(process.execPath, [cli, 'validate', join(requests, '*.meeting.json')], root);
      if (r.status !== 1) throw new Error(`validate exited ${r.status}: ${r.stderr.slice(0, 500)}`);
      ours.push(r.ms);
      ourResult = r;
      let ms = 0;
      theirInvalid = 0;
      for (const family of ['huawei', 'webex']) {
        const a = timed(process.execPath, ajvArgs(family), REPO);
        if (a.status !== 0 && a.status !== 1) throw new Error(`ajv-cli exited ${a.status}: ${a.stderr.slice(0, 500)}`);
        ms += a.ms;
        theirInvalid += (a.stderr.match(/ invalid$/gm) ?? []).length;
      }
      theirs.push(ms);
    }

    const lines = ourResult.stdout.trim().split('\n');
    const problemLines = lines.filter((l) => /^.+:\d+:\d+: (error|warning): /.test(l));
    const ourInvalid = new Set(
      problemLines.filter((l) => /: error: /.test(l)).map((l) => l.replace(/:\d+:\d+: .*$/, '')),
    ).size;
    const errors = problemLines.filter((l) => /: error: /.test(l)).length;
    const ourMs = median(ours);
    const theirMs = median(theirs);
    const rate = (ms) => Math.round(FILES / (ms / 1000));
    const cpu = cpus();
    const section = [
      HEADING,
      '',
      `Measured by \`node scripts/bench-cli.mjs\` on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, commit ${process.env.BENCH_COMMIT ?? 'not recorded (run through npm run bench)'}, ` +
        `${new Date().toISOString().slice(0, 10)}. ${fmt(FILES)} generated request files (${fmt(FILES / 2)} Huawei "modify a recurring ` +
        `meeting series" bodies with 2–20 attendees, ${fmt(FILES / 2)} Webex "update personal meeting room" bodies; ` +
        `${fmt(invalidWritten)} made invalid), pretty-printed, ${(bytes / 1024 / 1024).toFixed(1)} MB in all. Each time is the median of ` +
        `${RUNS} runs of the whole command: process start, catalog load and schema compile, reading every file, output.`,
      '',
      '- **meeting-payloads validate**: the CLI bundle on one glob of request files (envelope and body checked, body ' +
        'properties the schema does not document reported as warnings); every problem is printed as ' +
        '`file:line:col: severity: message`.',
      '- **ajv-cli 5** (ajv 8, `--spec=draft2020 --all-errors -c ajv-formats`) on the bare bodies against standalone ' +
        'schemas cut from the same catalog, one run per schema (it takes one schema per run); it names invalid ' +
        'files and prints errors without positions.',
      '',
      '| tool | files | invalid files found | errors, with line and column | time (s) | files/s |',
      '|---|---:|---:|---:|---:|---:|',
      `| meeting-payloads validate | ${fmt(FILES)} | ${fmt(ourInvalid)} | ${fmt(errors)} | ${(ourMs / 1000).toFixed(2)} | ${fmt(rate(ourMs))} |`,
      `| ajv-cli validate | ${fmt(FILES)} | ${fmt(theirInvalid)} | – | ${(theirMs / 1000).toFixed(2)} | ${fmt(rate(theirMs))} |`,
      '',
      `meeting-payloads validate is ${(theirMs / ourMs).toFixed(1)}× as fast as ajv-cli here (target: faster, while placing every error).`,
      '',
    ].join('\n');
    process.stdout.write(section);
    if (WRITE) writeSection(section);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Replaces this script's section of BENCHMARKS.md (up to the next `## `), or appends it; creates the file if needed. */
function writeSection(section) {
  const path = join(REPO, 'BENCHMARKS.md');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(`${HEADING}\n`);
  let next;
  if (start < 0) next = current.replace(/\n*$/, '\n\n') + section;
  else {
    const after = current.indexOf('\n## ', start + HEADING.length);
    next = current.slice(0, start) + section + (after < 0 ? '' : '\n' + current.slice(after + 1));
  }
  writeFileSync(path, next);
}

await main();
