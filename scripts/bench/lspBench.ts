/**
 * `npm run bench` (language server part): edit → diagnostics over a stdio LSP connection for generated
 * recurring-series documents, ours against the VS Code JSON engine, plus JSON.parse as the floor, and
 * completion and hover after an edit and on an unchanged version (lspTasks.ts, fresh processes). Writes its sections of BENCHMARKS.md.
 */
import { join } from 'node:path';
import { cpus } from 'node:os';
import { recurringSeries, type BenchDocument } from './documents';
import { StdioLspClient } from './lspClient';
import { CURSOR_HEADER, TASK_HEADER, cursorRows, taskRows } from './lspTasks';
import { replaceSection } from './markdown';

const ROOT = join(__dirname, '..', '..');
const SIZES = [1024, 100 * 1024, 1024 * 1024, 10 * 1024 * 1024];
const EDITS: Record<number, number> = { [SIZES[0]]: 40, [SIZES[1]]: 25, [SIZES[2]]: 12, [SIZES[3]]: 5 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

function timeIt(fn: () => unknown, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

/** Median ms from a one-character edit to its diagnostics, and the diagnostic count. */
async function editLatency(
  client: StdioLspClient,
  doc: BenchDocument,
  edits: number,
  tag: string,
): Promise<[number, number]> {
  const uri = `file:///bench-${tag}.meeting.json`;
  await client.open(uri, doc.text);
  const lines = doc.text.split('\n');
  const line = lines.findIndex((l) => l.includes('"Weekly project sync"'));
  const character = lines[line].indexOf('Weekly');
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < edits; i++) {
    const [ms, n] = await client.edit(uri, i + 2, line, character, 1, i % 2 === 0 ? 'V' : 'W');
    times.push(ms);
    count = n;
  }
  await client.close(uri);
  return [median(times.slice(1)), count];
}

async function main(): Promise<void> {
  const ours = await StdioLspClient.start(
    process.execPath,
    [join(ROOT, 'dist', 'server.js'), '--stdio'],
    { validationDelayMs: 0 },
    { validation: { maxDiagnostics: 1_000_000 } },
  );
  const anchor = await StdioLspClient.start(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'jsonServer.ts'), '--stdio'],
    {},
    {},
  );
  const rows: string[] = [];

  for (const size of SIZES) {
    const valid = recurringSeries(size, false);
    const broken = recurringSeries(size, true);
    const parse = timeIt(() => JSON.parse(valid.text), size >= 1024 * 1024 ? 10 : 50);
    const n = EDITS[size];
    const [ourValid, ourValidCount] = await editLatency(ours, valid, n, 'ours-valid');
    const [anchorValid] = await editLatency(anchor, valid, n, 'anchor-valid');
    const [ourBroken, ourErrors] = await editLatency(ours, broken, n, 'ours-broken');
    const [anchorBroken, anchorErrors] = await editLatency(anchor, broken, n, 'anchor-broken');
    if (ourValidCount !== 0) throw new Error(`the valid ${valid.label} document has ${ourValidCount} diagnostics`);
    rows.push(
      `| ${valid.label} | ${fmt(parse)} | ${fmt(anchorValid)} | ${fmt(ourValid)} | ${(ourValid / anchorValid).toFixed(2)}× | ${(ourValid / parse).toFixed(1)}× | ${fmt(anchorBroken)} (${anchorErrors}) | ${fmt(ourBroken)} (${ourErrors}) | ${(ourBroken / anchorBroken).toFixed(2)}× |`,
    );
    console.log(rows[rows.length - 1]);
  }
  await ours.stop();
  await anchor.stop();
  const taskSizes = SIZES.map((bytes) => ({ bytes, label: recurringSeries(bytes, false).label, edits: EDITS[bytes] }));
  const completionRows = cursorRows(taskSizes);
  const otherRows = taskRows(taskSizes);

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, commit ${process.env.BENCH_COMMIT ?? 'not recorded (run through npm run bench)'}`;
  replaceSection(
    join(ROOT, 'BENCHMARKS.md'),
    'Language server: edit → diagnostics',
    [
      `Measured by \`npm run bench\` on ${machine}, ${new Date().toISOString().slice(0, 10)}. Generated "modify recurring meeting series"`,
      'request files (attendees about 230 bytes each); each row is the median of one-character edits, sent as incremental',
      'changes over a stdio LSP connection, until the diagnostics for that version arrive. Anchor: vscode-json-languageservice',
      '(the engine of VS Code\'s own JSON support) in a stdio server, same schema, no debounce on either side. "Many errors":',
      'one attendee in eight has an invalid `role` and `type`; no diagnostics cap is set, but our server places at most 10,000 problems (the rest are counted in one), so where the counts differ the two sides did different work. Times in ms.',
      '',
      '| size | JSON.parse | VS Code engine, valid | ours, valid | ours / engine | ours / JSON.parse | VS Code engine, many errors (count) | ours, many errors (count) | ours / engine |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      'Targets at 1 MB: valid ≤ 0.1× the engine and ≤ 4× JSON.parse; many errors ≤ 0.5× the engine.',
      '',
      '### Completion and hover after an edit, and on the unchanged version (cursor in the last attendee; ms)',
      '',
      'In process (scripts/bench/lspTasks.ts), 3 fresh processes per size, the two sides alternating edit by edit;',
      "each cell is the median [min–max] of the processes' medians; a garbage collection runs before every sample, so",
      'neither side pays for the other\'s garbage. "After edit": the first request on a new version',
      '(ours: JSON.parse and the cursor scan; the engine: parseJSONDocument, cached per version as in VS Code).',
      '',
      ...CURSOR_HEADER,
      ...completionRows,
      '',
      '### Outline, formatting, completion mid-typing and inlay hints, after an edit (ms)',
      '',
      'The same processes and method. Outline: ours scans a valid text (no tree) and keeps the result per version; the',
      'engine walks its parsed document (parseJSONDocument, once per version, included). Formatting: the whole',
      'document, already formatted. Completion mid-typing: a key half typed (`"na` before the last attendee\'s first',
      'key), so the text is not valid JSON: ours parses it tolerantly and scans to the cursor, the engine parses it',
      'tolerantly. Inlay hints: the 60 lines around the last attendee (the engine has no such hints).',
      '',
      ...TASK_HEADER,
      ...otherRows,
      '',
      'Targets: outline and formatting at 10 MB ≤ 1× the engine; completion ≤ 1× the engine.',
    ].join('\n'),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
