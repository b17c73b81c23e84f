/**
 * `npm run bench` (check-examples part): `meeting-payloads check-examples` against Spectral's two example rules
 * (`oas3-valid-media-example`, `oas3-valid-schema-example`, nothing else) on Webex's published Meetings spec, in
 * the same run: which values each checks, which fail on each side (and every difference, with why), and the time
 * of whole fresh processes, interleaved. Spectral is installed on demand into `.bench-tools/` (ignored; it is
 * large), at a pinned version. Writes its section of BENCHMARKS.md.
 *
 *   node --import tsx scripts/bench/spectral.ts [--runs 5] [--spec path] [--no-write]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { replaceSection } from './markdown';

const ROOT = join(__dirname, '..', '..');
const HEADING = 'Command line: check-examples vs Spectral';
const SPECTRAL_VERSION = '6.16.3';
const SPECTRAL_DIR = join(ROOT, '.bench-tools', `spectral-${SPECTRAL_VERSION}`);
const SPECTRAL_MODULES = join(SPECTRAL_DIR, 'node_modules', '@stoplight');

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Math.max(3, Number(option('runs') ?? 5));
const SPEC = option('spec') ?? join(ROOT, '..', 'shared', 'fixtures', 'webex-meeting.openapi.json');
const WRITE = !args.includes('--no-write');

/** The timed ruleset: Spectral's OpenAPI rules all off but the two that validate examples. */
const RULESET = [
  'extends: [[spectral:oas, off]]',
  'rules:',
  '  oas3-valid-media-example: error',
  '  oas3-valid-schema-example: error',
  '',
].join('\n');

/**
 * For counting only (not timed): the two rules' own `given` paths, with a function that reports each value
 * Spectral's oasExample would validate there (a media type's `example`, else each `examples` entry with a value;
 * a schema's `example` and `default`), so "checked" is Spectral's own traversal of the resolved document.
 */
const COUNT_FUNCTION = `export default function countTargets(target, { type }, { path }) {
  if (target === null || typeof target !== 'object') return [];
  const out = [];
  if (type === 'media') {
    if ('example' in target) out.push([...path, 'example']);
    else if (target.examples && typeof target.examples === 'object') {
      for (const [k, v] of Object.entries(target.examples)) {
        if (v && typeof v === 'object' && !('externalValue' in v)) out.push([...path, 'examples', k, 'value']);
      }
    }
  } else for (const f of ['example', 'default']) if (f in target) out.push([...path, f]);
  return out.map((p) => ({ message: 'checked', path: p }));
}
`;

interface SpectralResult {
  code: string;
  message: string;
  path: Array<string | number>;
}
interface OurFailure {
  pointer: string;
  errors: Array<{ path: string; message: string }>;
}

function ensureSpectral(): string {
  const cli = join(SPECTRAL_MODULES, 'spectral-cli', 'dist', 'index.js');
  if (existsSync(cli)) return cli;
  console.log(`Installing @stoplight/spectral-cli@${SPECTRAL_VERSION} into ${relative(ROOT, SPECTRAL_DIR)}/`);
  mkdirSync(SPECTRAL_DIR, { recursive: true });
  writeFileSync(join(SPECTRAL_DIR, 'package.json'), '{ "private": true }\n');
  const r = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', `@stoplight/spectral-cli@${SPECTRAL_VERSION}`],
    { cwd: SPECTRAL_DIR, stdio: 'inherit' },
  );
  if (r.status !== 0 || !existsSync(cli)) throw new Error(`npm install of Spectral failed (${r.status})`);
  return cli;
}

function timed(command: string[], cwd: string): { ms: number; status: number | null; stdout: string; stderr: string } {
  const start = performance.now();
  const r = spawnSync(process.execPath, command, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (r.error) throw r.error;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (xs: number[]): string =>
  `${(median(xs) / 1000).toFixed(2)} [${(Math.min(...xs) / 1000).toFixed(2)}–${(Math.max(...xs) / 1000).toFixed(2)}]`;
const esc = (s: string | number): string => String(s).replace(/~/g, '~0').replace(/\//g, '~1');
const pointer = (path: Array<string | number>): string => '#/' + path.map(esc).join('/');
/** `$.a[0].b` as check-examples prints paths inside an example. */
const jsonPath = (path: Array<string | number>): string =>
  '$' + path.map((s) => (typeof s === 'number' || /^\d+$/.test(String(s)) ? `[${s}]` : `.${s}`)).join('');
const decodeXml = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

async function main(): Promise<void> {
  if (!existsSync(SPEC)) {
    console.log(`${SPEC} is absent: the check-examples vs Spectral benchmark is skipped.`);
    return;
  }
  const spectral = ensureSpectral();
  const spectralVersion = (
    JSON.parse(readFileSync(join(SPECTRAL_MODULES, 'spectral-cli', 'package.json'), 'utf8')) as { version: string }
  ).version;
  const root = mkdtempSync(join(tmpdir(), 'meeting-payloads-bench-spectral-'));
  try {
    // The CLI as packaged: dist/cli.js (+ dist/cli/*.mjs) beside schemas/ and package.json.
    const { buildCli } = await import('../cliBuild.mjs');
    await buildCli({ repo: ROOT, dist: join(root, 'pkg', 'dist'), production: true });
    cpSync(join(ROOT, 'schemas'), join(root, 'pkg', 'schemas'), { recursive: true });
    writeFileSync(join(root, 'pkg', 'package.json'), readFileSync(join(ROOT, 'package.json')));
    const ours = join(root, 'pkg', 'dist', 'cli.js');
    writeFileSync(join(root, 'examples.spectral.yaml'), RULESET);

    // Untimed: what each side checks.
    const junit = timed([ours, 'check-examples', '--format', 'junit', SPEC], root);
    const ourChecked = new Set(
      [...junit.stdout.matchAll(/<testcase name="([^"]*)"/g)]
        .map((m) => /\((#\/[^()]*)\)$/.exec(decodeXml(m[1]))?.[1])
        .filter((p): p is string => p !== undefined),
    );
    const rulesets = (await import(join(SPECTRAL_MODULES, 'spectral-rulesets', 'dist', 'index.js'))) as {
      oas: { rules: Record<string, { given: string[] }> };
    };
    const counting = {
      functions: ['countTargets'],
      rules: Object.fromEntries(
        (['media', 'schema'] as const).map((type) => [
          `count-${type}`,
          {
            given: rulesets.oas.rules[`oas3-valid-${type}-example`].given,
            severity: 'info',
            then: { function: 'countTargets', functionOptions: { type } },
          },
        ]),
      ),
    };
    mkdirSync(join(root, 'functions'));
    writeFileSync(join(root, 'functions', 'countTargets.js'), COUNT_FUNCTION);
    writeFileSync(join(root, 'count.spectral.json'), JSON.stringify(counting));
    const count = timed([spectral, 'lint', '-q', '-r', 'count.spectral.json', '-f', 'json', SPEC], root);
    const spectralChecked = new Set((JSON.parse(count.stdout) as SpectralResult[]).map((r) => pointer(r.path)));

    // Timed, interleaved (the order alternating run by run), each a fresh process.
    const ourTimes: number[] = [];
    const spectralTimes: number[] = [];
    let ourOut = '';
    let spectralOut = '';
    const runOurs = (): void => {
      const r = timed([ours, 'check-examples', '--format', 'json', SPEC], root);
      if (r.status !== 0 && r.status !== 1) throw new Error(`check-examples exited ${r.status}: ${r.stderr}`);
      ourTimes.push(r.ms);
      ourOut = r.stdout;
    };
    const runSpectral = (): void => {
      const r = timed([spectral, 'lint', '-q', '-r', 'examples.spectral.yaml', '-f', 'json', SPEC], root);
      if (r.status !== 0 && r.status !== 1) throw new Error(`spectral exited ${r.status}: ${r.stderr}`);
      spectralTimes.push(r.ms);
      spectralOut = r.stdout;
    };
    for (let run = 0; run < RUNS; run++) {
      for (const step of run % 2 === 0 ? [runOurs, runSpectral] : [runSpectral, runOurs]) step();
    }

    const [report] = JSON.parse(ourOut) as Array<{
      examples: { total: number; default: number };
      failures: OurFailure[];
    }>;
    const ourFailed = new Map(report.failures.map((f) => [f.pointer, f]));
    // Each Spectral result belongs to the checked value whose pointer is the longest prefix of its path.
    const spectralFailed = new Map<string, Array<{ path: string; message: string }>>();
    for (const r of JSON.parse(spectralOut) as SpectralResult[]) {
      let n = r.path.length;
      while (n > 0 && !spectralChecked.has(pointer(r.path.slice(0, n)))) n--;
      const at = n > 0 ? pointer(r.path.slice(0, n)) : pointer(r.path);
      const list = spectralFailed.get(at) ?? [];
      list.push({ path: jsonPath(r.path.slice(n)), message: r.message });
      spectralFailed.set(at, list);
    }
    const spectralErrors = [...spectralFailed.values()].reduce((n, l) => n + l.length, 0);
    const ourErrors = report.failures.reduce((n, f) => n + f.errors.filter((e) => !/^…and/.test(e.message)).length, 0);
    // Beyond 8 errors an example's report ends in "…and N more".
    const ourMore = report.failures.reduce(
      (n, f) => n + f.errors.reduce((m, e) => m + Number(/^…and (\d+) more$/.exec(e.message)?.[1] ?? 0), 0),
      0,
    );
    // Spectral stops at an example's first error; is that error among ours (same place inside the example)?
    const sameFirst = [...spectralFailed].filter(([p, list]) =>
      list.every((e) => ourFailed.get(p)?.errors.some((o) => o.path === e.path)),
    ).length;
    const both = [...ourFailed.keys()].filter((p) => spectralFailed.has(p)).length;
    const differences: string[] = [];
    const why = (p: string, other: 'ours' | 'Spectral'): string => {
      const checked = other === 'ours' ? ourChecked.has(p) : spectralChecked.has(p);
      return checked
        ? `${other === 'ours' ? 'check-examples' : 'Spectral'} checks it and accepts it`
        : `${other === 'ours' ? 'check-examples' : 'Spectral'} does not check it`;
    };
    for (const [p, list] of spectralFailed) {
      if (!ourFailed.has(p)) {
        differences.push(
          `- Spectral only: \`${p}\`: ${list.map((e) => `${e.path}: ${e.message}`).join('; ')} (${why(p, 'ours')}).`,
        );
      }
    }
    for (const [p, f] of ourFailed) {
      if (!spectralFailed.has(p)) {
        differences.push(
          `- check-examples only: \`${p}\`: ${f.errors.map((e) => `${e.path}: ${e.message}`).join('; ')} (${why(p, 'Spectral')}).`,
        );
      }
    }
    const onlyOurs = [...ourChecked].filter((p) => !spectralChecked.has(p)).length;
    const onlySpectral = [...spectralChecked].filter((p) => !ourChecked.has(p)).length;
    const cpu = cpus();
    const ratio = median(spectralTimes) / median(ourTimes);
    const body = [
      `Measured by \`npm run bench\` (scripts/bench/spectral.ts) on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
        `Node ${process.version}, commit ${process.env.BENCH_COMMIT ?? 'not recorded (run through npm run bench)'}, ` +
        `${new Date().toISOString().slice(0, 10)}. Webex's published Meetings spec (\`webex-meeting.openapi.json\`, ` +
        `OpenAPI 3.0, ${(readFileSync(SPEC).length / 1e6).toFixed(1)} MB). Each time is the median [min–max] of ` +
        `${RUNS} fresh processes per tool, the two alternating run by run: start, reading and resolving the document, ` +
        'validating, JSON output.',
      '',
      '- **meeting-payloads check-examples** (the packaged CLI bundle), `--format json`.',
      `- **Spectral ${spectralVersion}** (\`@stoplight/spectral-cli\`, installed on demand into \`.bench-tools/\`) with a ` +
        'ruleset of only `oas3-valid-media-example` and `oas3-valid-schema-example` (`extends: [[spectral:oas, off]]`), ' +
        '`lint -q -f json`. Its "checked" count is its own traversal: the two rules\' `given` paths, in an untimed run, with a ' +
        'function that reports each value those rules validate.',
      '',
      '| tool | values checked (examples + schema defaults) | failing | errors listed | time (s) |',
      '|---|---:|---:|---:|---:|',
      `| meeting-payloads check-examples | ${ourChecked.size} (${report.examples.total - report.examples.default} + ${report.examples.default}) | ${ourFailed.size} | ${ourErrors}${ourMore > 0 ? ` (+ ${ourMore} counted)` : ''} | ${seconds(ourTimes)} |`,
      `| Spectral (two example rules) | ${spectralChecked.size} | ${spectralFailed.size} | ${spectralErrors} | ${seconds(spectralTimes)} |`,
      '',
      `Values checked by one side only: ${onlyOurs} by check-examples, ${onlySpectral} by Spectral (compared by JSON pointer). ` +
        `Failing on both: ${both}. Spectral reports the first error of each value (its ajv runs without allErrors); ` +
        `check-examples lists every error (at most 8 per example, the rest counted), and Spectral's error is among check-examples' (same place inside ` +
        `the value) for ${sameFirst} of Spectral's ${spectralFailed.size}.`,
      '',
      differences.length === 0
        ? 'Failing on one side only: none.'
        : `Failing on one side only (${differences.length}):\n\n${differences.join('\n')}`,
      '',
      `check-examples is ${ratio.toFixed(1)}× as fast as Spectral here (target: every real failure Spectral finds, and faster).`,
    ].join('\n');
    console.log(body);
    if (WRITE) replaceSection(join(ROOT, 'BENCHMARKS.md'), HEADING, body);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
