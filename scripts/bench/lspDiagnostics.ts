/**
 * Edit → diagnostics over stdio LSP: ours against the engine's server and against `JSON.parse` of the same text
 * (the floor), in one fresh process per round that starts both servers; the three take turns edit by edit
 * (`turnOrder`). Run as a round: `node --import tsx scripts/bench/lspDiagnostics.ts <bytes> <brokenEvery> <edits>`.
 */
import { MAX_PROBLEMS } from '../../server/src/features/problems';
import { PROBLEMS_PER_BROKEN, humanSize, recurringSeries, type Breakage } from './documents';
import { collect, measurement, roundMain, runRounds } from './lspRounds';
import { editPoint, engineName, startEngine, startOurs } from './lspServers';
import { column, fmtRatio, fmtSpread, markdownTable, median, ratio, turnOrder, verdict } from './lspStats';

interface Variant {
  bytes: number;
  /** 0: valid; n: one attendee in n broken (two invalid values each). */
  brokenEvery: number;
  edits: number;
}

interface Round {
  ours: number;
  engine: number;
  parse: number;
  ourCount: number;
  engineCount: number;
  broken: number;
}

const MB = 1024 * 1024;

/**
 * Every item broken carries one invalid value (its `role`), so that a 1 MB file stays under the 10,000 problems
 * ours places and both sides report the same; sparser breakage carries two.
 */
const breakageOf = (brokenEvery: number): Breakage => (brokenEvery === 1 ? 'role' : 'invalid');

async function round([bytes, brokenEvery, edits]: string[]): Promise<Round> {
  const breakage = breakageOf(Number(brokenEvery));
  const doc = recurringSeries(Number(bytes), Number(brokenEvery), breakage);
  const ours = await startOurs();
  const engine = await startEngine();
  const at = editPoint(doc.text);
  const clients = { ours, engine };
  const uri = (side: string) => `file:///bench-${side}.meeting.json`;
  await ours.open(uri('ours'), doc.text);
  await engine.open(uri('engine'), doc.text);
  const times: Record<'ours' | 'engine' | 'parse', number[]> = { ours: [], engine: [], parse: [] };
  const counts = { ours: 0, engine: 0 };
  let ourProblems = 0; // errors and warnings: what a valid document must have none of
  for (let i = 0; i <= Number(edits); i++) {
    const record = i > 0; // the first edit warms every side up
    for (const side of turnOrder(['ours', 'engine', 'parse'] as const, i)) {
      if (side === 'parse') {
        collect();
        const t = process.hrtime.bigint();
        JSON.parse(doc.text);
        if (record) times.parse.push(Number(process.hrtime.bigint() - t) / 1e6);
        continue;
      }
      const edited = await clients[side].edit(uri(side), i + 2, at.line, at.character, 1, i % 2 ? 'W' : 'V');
      if (record) times[side].push(edited.ms);
      counts[side] = edited.diagnostics.length;
      if (side === 'ours') ourProblems = edited.diagnostics.filter((d) => d.severity === 1 || d.severity === 2).length;
    }
  }
  await ours.stop();
  await engine.stop();
  if (doc.broken === 0 && ourProblems !== 0) throw new Error(`the valid document has ${ourProblems} problems`);
  const expected = PROBLEMS_PER_BROKEN[breakage] * doc.broken;
  if (ourProblems < Math.min(expected, MAX_PROBLEMS)) {
    throw new Error(`only ${ourProblems} problems for ${doc.broken} broken items`);
  }
  return {
    ours: median(times.ours),
    engine: median(times.engine),
    parse: median(times.parse),
    ourCount: counts.ours,
    engineCount: counts.engine,
    broken: doc.broken,
  };
}

function variants(quick: boolean): Variant[] {
  if (quick) {
    return [
      { bytes: MB, brokenEvery: 0, edits: 4 },
      { bytes: MB, brokenEvery: 10, edits: 3 },
    ];
  }
  return [
    { bytes: 100 * 1024, brokenEvery: 0, edits: 25 },
    { bytes: MB, brokenEvery: 0, edits: 12 },
    { bytes: 10 * MB, brokenEvery: 0, edits: 5 },
    { bytes: MB, brokenEvery: 10, edits: 10 },
    { bytes: MB, brokenEvery: 1, edits: 8 },
  ];
}

const describe = (v: Variant) =>
  v.brokenEvery === 0
    ? `valid, ${humanSize(v.bytes)}`
    : v.brokenEvery === 1
      ? `every item broken, ${humanSize(v.bytes)}`
      : `1 item in ${v.brokenEvery} broken, ${humanSize(v.bytes)}`;

/** The most ours may take, by variant: [ours / engine, ours / JSON.parse]. */
function targetOf(v: Variant): [number, number | undefined] | undefined {
  if (v.bytes < MB) return undefined;
  if (v.brokenEvery === 0) return [0.08, 3];
  if (v.bytes !== MB) return undefined;
  return v.brokenEvery === 1 ? [0.5, undefined] : v.brokenEvery === 10 ? [0.3, undefined] : undefined;
}

export function diagnosticsSection(quick: boolean, rounds: number): { heading: string; body: string[] } {
  const m = measurement();
  const vs = variants(quick);
  const results = runRounds<Variant, Round>(__filename, vs, rounds, (v) =>
    [v.bytes, v.brokenEvery, v.edits].map(String),
  );
  const rows: string[][] = [];
  const targets: string[] = [];
  for (const v of vs) {
    const r = results.get(v) ?? [];
    const [ours, engine, parse] = [column(r, 'ours'), column(r, 'engine'), column(r, 'parse')];
    const vsEngine = ratio(ours, engine);
    const vsParse = ratio(ours, parse);
    const counts = (k: 'engineCount' | 'ourCount') => [...new Set(column(r, k))].join('/');
    rows.push([
      describe(v),
      String(v.edits),
      fmtSpread(parse),
      fmtSpread(engine),
      fmtSpread(ours),
      fmtRatio(vsEngine),
      fmtRatio(vsParse),
      `${counts('engineCount')} / ${counts('ourCount')}`,
    ]);
    const target = targetOf(v);
    if (target) {
      const [toEngine, toParse] = target;
      const checks = [`${fmtRatio(vsEngine)} the engine (target ≤ ${toEngine}×): ${verdict(vsEngine, toEngine)}`];
      if (toParse !== undefined) {
        checks.push(`${fmtRatio(vsParse)} JSON.parse (target ≤ ${toParse}×): ${verdict(vsParse, toParse)}`);
      }
      targets.push(`- ${describe(v)}: ${checks.join('; ')}.`);
    }
    console.log(`| ${rows[rows.length - 1].join(' | ')} |`);
  }
  return {
    heading: 'Language server: edit → diagnostics',
    body: [
      m.line(),
      '',
      'Generated "modify recurring meeting series" request files, pretty-printed ASCII, within one attendee (about 200',
      'bytes) of the size named (1 MB = 1,048,576 bytes). Each round is a fresh process that starts both servers',
      '(fresh processes too) and opens the document in each; then, edit by',
      'edit, the sides take turns (the order reversed every edit): a one-character change sent as an incremental',
      "change over the stdio connection, timed until that version's diagnostics arrive; and `JSON.parse` of the",
      "same text in the round's process (after a garbage collection). The first edit is a warm-up. Each cell is the",
      `median [min–max] of ${rounds} rounds' medians; ratios are of the medians. The engine: ${engineName()}`,
      "(the engine of VS Code's JSON support) in a stdio server (`scripts/bench/jsonServer.ts`, bundled), parsing",
      "once per version, with the same schema (the catalog's body schema as one JSON Schema). Neither side debounces.",
      'Broken items carry two invalid values each (`role` 5, `type` "vip"), or one (`role` 5) where every item is',
      'broken (so that both sides stay under the cap below and report the same). Ours publishes every diagnostic',
      `(\`maxDiagnostics\` 1,000,000) and places at most ${MAX_PROBLEMS.toLocaleString('en')} problems; the engine has no`,
      'cap. The last column gives both counts: where they differ, the two sides reported different things (above 1 MB,',
      'ours adds one information: such files are not sent). Times in ms.',
      '',
      ...markdownTable(
        [
          'document',
          'edits',
          'JSON.parse',
          'engine',
          'ours',
          'ours / engine',
          'ours / JSON.parse',
          'diagnostics (engine / ours)',
        ],
        rows,
      ),
      '',
      'Targets:',
      '',
      ...targets,
    ],
  };
}

if (require.main === module) roundMain(round);
