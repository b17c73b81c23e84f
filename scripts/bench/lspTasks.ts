/**
 * Language server bench tasks measured in fresh processes: completion and hover the way an editor asks them,
 * right after a one-character edit (a new document version nobody has parsed yet) and again on the unchanged
 * version; ours (server/src features and document cache) against vscode-json-languageservice with the same
 * schema, which VS Code's JSON server also parses on demand, once per version. The two sides alternate edit by
 * edit in one process; each process is a round, and the report is the median [min–max] of the rounds' medians.
 *
 * The same way, after an edit: the outline, formatting, completion on text being typed (a key half typed, so the
 * text is not valid JSON: the usual state mid-typing) and inlay hints of the visible range (ours only: the engine
 * has none).
 *
 * Run as a child: `node --import tsx scripts/bench/lspTasks.ts <bytes>` prints one JSON line.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { getLanguageService, type JSONDocument } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalog } from '../../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../../server/src/catalog/builtin';
import { complete } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { DocumentValues } from '../../server/src/documentCache';
import { documentSymbols } from '../../server/src/features/symbols';
import { formatDocument } from '../../server/src/features/formatting';
import { inlayHints, scannedInlayHints } from '../../server/src/features/inlayHints';
import { recurringSeries } from './documents';
import { benchSchema } from './schema';

const ROOT = join(__dirname, '..', '..');
const MEASURES = [
  'ourCompletionAfterEdit',
  'engineCompletionAfterEdit',
  'ourCompletionUnchanged',
  'engineCompletionUnchanged',
  'ourHoverAfterEdit',
  'engineHoverAfterEdit',
  'ourHoverUnchanged',
  'engineHoverUnchanged',
  'ourSymbolsAfterEdit',
  'engineSymbolsAfterEdit',
  'ourFormatAfterEdit',
  'engineFormatAfterEdit',
  'ourTypingCompletionAfterEdit',
  'engineTypingCompletionAfterEdit',
  'ourInlayHintsAfterEdit',
] as const;
type Measure = (typeof MEASURES)[number];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

/** A collection before each sample, so neither side pays for the garbage the other left (run with --expose-gc). */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function timed(fn: () => unknown): Promise<number> {
  collect();
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** One round in this process: medians of each measure over `edits` edits. */
async function round(bytes: number, edits: number): Promise<Record<Measure, number>> {
  const catalog = new Catalog();
  addBuiltins(catalog, readBuiltinDocuments(join(ROOT, 'schemas')));
  const ls = getLanguageService({});
  ls.configure({
    validate: true,
    schemas: [{ uri: 'bench://request.schema.json', fileMatch: ['*.meeting.json'], schema: benchSchema() }],
  });
  const text = recurringSeries(bytes, false).text;
  const values = new DocumentValues();
  let ours = TextDocument.create('file:///ours.meeting.json', 'meeting-json', 1, text);
  let engine = TextDocument.create('file:///engine.meeting.json', 'meeting-json', 1, text);
  const editAt = text.indexOf('Weekly');
  const keyAt = text.lastIndexOf('"name"') + 2;
  const roleAt = text.lastIndexOf('"role"') + 2;
  const times = Object.fromEntries(MEASURES.map((m) => [m, [] as number[]])) as Record<Measure, number[]>;
  let version = 1;
  const edit = (d: TextDocument) =>
    TextDocument.update(
      d,
      [{ range: { start: d.positionAt(editAt), end: d.positionAt(editAt + 1) }, text: version % 2 ? 'V' : 'W' }],
      version + 1,
    );
  // The engine's per-version cache, as in VS Code's JSON server (languageModelCache).
  let engineDoc: { version: number; json: JSONDocument } | undefined;
  const engineParsed = (d: TextDocument) => {
    if (engineDoc?.version !== d.version) engineDoc = { version: d.version, json: ls.parseJSONDocument(d) };
    return engineDoc.json;
  };
  const ourComplete = (d: TextDocument) => {
    const p = values.get(d);
    return complete(d, keyAt, p.value, catalog, p.valid);
  };
  const ourHover = (d: TextDocument) => {
    const p = values.get(d);
    return hover(d, roleAt, p.value, catalog, p.valid);
  };
  // Text being typed: a key half typed before the last attendee's first key (its string runs to the line end).
  const typingText = text.slice(0, keyAt - 2) + '"na\n' + text.slice(keyAt - 2);
  const typingAt = keyAt + 1;
  let oursTyping = TextDocument.create('file:///ours-typing.meeting.json', 'meeting-json', 1, typingText);
  let engineTyping = TextDocument.create('file:///engine-typing.meeting.json', 'meeting-json', 1, typingText);
  let engineTypingDoc: { version: number; json: JSONDocument } | undefined;
  const engineTypingParsed = (d: TextDocument) => {
    if (engineTypingDoc?.version !== d.version) engineTypingDoc = { version: d.version, json: ls.parseJSONDocument(d) };
    return engineTypingDoc.json;
  };
  const options = { tabSize: 2, insertSpaces: true };
  // The visible range of an editor: 60 lines around the last attendee.
  const visible = (d: TextDocument) => {
    const line = d.positionAt(roleAt).line;
    return {
      start: d.offsetAt({ line: Math.max(0, line - 30), character: 0 }),
      end: d.offsetAt({ line: line + 30, character: 0 }),
    };
  };
  const ourSymbols = (d: TextDocument) =>
    values.symbols(d, () => documentSymbols(d, { valid: values.get(d).valid, tree: () => values.tree(d) }));
  const ourHints = (d: TextDocument) => {
    const p = values.get(d);
    const { start, end } = visible(d);
    if (p.valid) return scannedInlayHints(d, p.value, catalog, start, end);
    const { root, shift } = values.tree(d);
    return inlayHints(d, p.value, root, catalog, start, end, shift);
  };
  const ourTypingComplete = (d: TextDocument) => {
    const p = values.get(d);
    return complete(d, typingAt, p.value, catalog, p.valid);
  };
  for (let i = 0; i < edits + 1; i++) {
    const record = i > 0; // the first edit warms both sides up
    const sample = async (m: Measure, fn: () => unknown) => {
      const ms = await timed(fn);
      if (record) times[m].push(ms);
    };
    for (const kind of ['completion', 'hover', 'symbols', 'format', 'typing', 'inlay'] as const) {
      ours = edit(ours);
      engine = edit(engine);
      if (kind === 'typing') {
        oursTyping = edit(oursTyping);
        engineTyping = edit(engineTyping);
      }
      version++;
      if (kind === 'symbols') {
        await sample('ourSymbolsAfterEdit', () => ourSymbols(ours));
        await sample('engineSymbolsAfterEdit', () => ls.findDocumentSymbols2(engine, engineParsed(engine)));
      } else if (kind === 'format') {
        await sample('ourFormatAfterEdit', () => formatDocument(ours, options));
        await sample('engineFormatAfterEdit', () => ls.format(engine, undefined, options));
      } else if (kind === 'typing') {
        await sample('ourTypingCompletionAfterEdit', () => ourTypingComplete(oursTyping));
        await sample('engineTypingCompletionAfterEdit', () =>
          ls.doComplete(engineTyping, engineTyping.positionAt(typingAt), engineTypingParsed(engineTyping)),
        );
      } else if (kind === 'inlay') {
        await sample('ourInlayHintsAfterEdit', () => ourHints(ours));
      } else if (kind === 'completion') {
        await sample('ourCompletionAfterEdit', () => ourComplete(ours));
        await sample('engineCompletionAfterEdit', () =>
          ls.doComplete(engine, engine.positionAt(keyAt), engineParsed(engine)),
        );
        await sample('ourCompletionUnchanged', () => ourComplete(ours));
        await sample('engineCompletionUnchanged', () =>
          ls.doComplete(engine, engine.positionAt(keyAt), engineParsed(engine)),
        );
      } else {
        await sample('ourHoverAfterEdit', () => ourHover(ours));
        await sample('engineHoverAfterEdit', () => ls.doHover(engine, engine.positionAt(roleAt), engineParsed(engine)));
        await sample('ourHoverUnchanged', () => ourHover(ours));
        await sample('engineHoverUnchanged', () => ls.doHover(engine, engine.positionAt(roleAt), engineParsed(engine)));
      }
    }
  }
  const check = ourComplete(ours);
  if (!check.some((item) => item.label === 'name')) throw new Error('our completion did not offer attendee keys');
  if (!ourTypingComplete(oursTyping).some((item) => item.label === 'accountId')) {
    throw new Error('our completion on text being typed did not offer attendee keys');
  }
  if (ourHints(ours).length === 0) throw new Error('no inlay hints in the visible range');
  return Object.fromEntries(MEASURES.map((m) => [m, median(times[m])])) as Record<Measure, number>;
}

/** `rounds` fresh processes measuring every task on documents of `bytes`; kept per size for both tables. */
const roundsCache = new Map<string, Record<Measure, number>[]>();
function childRounds(bytes: number, edits: number, rounds: number): Record<Measure, number>[] {
  const key = `${bytes}/${edits}/${rounds}`;
  const cached = roundsCache.get(key);
  if (cached) return cached;
  const results: Record<Measure, number>[] = [];
  for (let r = 0; r < rounds; r++) {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', __filename, String(bytes), String(edits)],
      {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    if (child.status !== 0) throw new Error(`language server bench round failed: ${child.stderr}`);
    results.push(JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Record<Measure, number>);
  }
  roundsCache.set(key, results);
  return results;
}

const spread = (xs: number[]) => `${fmt(median(xs))} [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]`;

/** Markdown rows for the cursor table: `rounds` fresh processes per size. */
export function cursorRows(sizes: { bytes: number; label: string; edits: number }[], rounds = 3): string[] {
  const rows: string[] = [];
  for (const { bytes, label, edits } of sizes) {
    const results = childRounds(bytes, edits, rounds);
    const of = (m: Measure) => results.map((x) => x[m]);
    const ratio = (a: Measure, b: Measure) => (median(of(a)) / median(of(b))).toFixed(2) + '×';
    rows.push(
      `| ${label} | ${spread(of('engineCompletionAfterEdit'))} | ${spread(of('ourCompletionAfterEdit'))} | ${ratio('ourCompletionAfterEdit', 'engineCompletionAfterEdit')} | ${spread(of('engineHoverAfterEdit'))} | ${spread(of('ourHoverAfterEdit'))} | ${ratio('ourHoverAfterEdit', 'engineHoverAfterEdit')} | ${spread(of('engineCompletionUnchanged'))} | ${spread(of('ourCompletionUnchanged'))} | ${spread(of('engineHoverUnchanged'))} | ${spread(of('ourHoverUnchanged'))} |`,
    );
    console.log(rows[rows.length - 1]);
  }
  return rows;
}

/** Markdown rows for the after-edit table of the outline, formatting, completion mid-typing and inlay hints. */
export function taskRows(sizes: { bytes: number; label: string; edits: number }[], rounds = 3): string[] {
  const rows: string[] = [];
  for (const { bytes, label, edits } of sizes) {
    const results = childRounds(bytes, edits, rounds);
    const of = (m: Measure) => results.map((x) => x[m]);
    const ratio = (a: Measure, b: Measure) => (median(of(a)) / median(of(b))).toFixed(2) + '×';
    rows.push(
      `| ${label} | ${spread(of('engineSymbolsAfterEdit'))} | ${spread(of('ourSymbolsAfterEdit'))} | ${ratio('ourSymbolsAfterEdit', 'engineSymbolsAfterEdit')} | ${spread(of('engineFormatAfterEdit'))} | ${spread(of('ourFormatAfterEdit'))} | ${ratio('ourFormatAfterEdit', 'engineFormatAfterEdit')} | ${spread(of('engineTypingCompletionAfterEdit'))} | ${spread(of('ourTypingCompletionAfterEdit'))} | ${ratio('ourTypingCompletionAfterEdit', 'engineTypingCompletionAfterEdit')} | ${spread(of('ourInlayHintsAfterEdit'))} |`,
    );
    console.log(rows[rows.length - 1]);
  }
  return rows;
}

export const TASK_HEADER = [
  '| size | engine outline | ours | ours / engine | engine formatting | ours | ours / engine | engine completion mid-typing | ours | ours / engine | ours, inlay hints (60 lines) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];

export const CURSOR_HEADER = [
  '| size | engine completion after edit | ours | ours / engine | engine hover after edit | ours | ours / engine | engine completion, unchanged | ours | engine hover, unchanged | ours |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];

if (require.main === module && process.argv[2]) {
  round(Number(process.argv[2]), Number(process.argv[3] ?? 5))
    .then((r) => console.log(JSON.stringify(r)))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
