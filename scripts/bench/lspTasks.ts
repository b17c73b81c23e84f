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
 * Run as a round: `node --import tsx scripts/bench/lspTasks.ts <bytes> <edits>` prints one JSON line.
 */
import { join } from 'node:path';
import { getLanguageService, type JSONDocument } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalog } from '../../server/src/catalog/catalog';
import { addBuiltins, readBuiltinDocuments } from '../../server/src/catalog/builtin';
import { complete } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { DocumentValues } from '../../server/src/documentCache';
import { documentOutline } from '../../server/src/features/symbols';
import { DEFAULT_SERVER_SETTINGS } from '../../common/settings';
import { formatDocument } from '../../server/src/features/formatting';
import { inlayHints, scannedInlayHints } from '../../server/src/features/inlayHints';
import { humanSize, recurringSeries } from './documents';
import { collect, measurement, roundMain, runRounds } from './lspRounds';
import { engineName } from './lspServers';
import { column, fmtRatio, fmtSpread, markdownTable, median, ratio, turnOrder, verdict } from './lspStats';
import { benchSchema } from './schema';

/** Both sides' outline cap: VS Code's `json.maxItemsComputed` default, which ours defaults to as well. */
const OUTLINE_LIMIT = DEFAULT_SERVER_SETTINGS.outlineMaxItems;

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
  const text = recurringSeries(bytes).text;
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
    values.outline(d, OUTLINE_LIMIT, () =>
      documentOutline(d, { valid: values.get(d).valid, tree: () => values.tree(d) }, OUTLINE_LIMIT),
    );
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
    /** Each pair of samples in turn order: ours first on even edits, the engine first on odd ones. */
    const pairs = async (...list: Array<[Measure, () => unknown, Measure, () => unknown]>) => {
      for (const [a, fa, b, fb] of list) {
        const order = turnOrder<[Measure, () => unknown]>(
          [
            [a, fa],
            [b, fb],
          ],
          i,
        );
        for (const [m, fn] of order) await sample(m, fn);
      }
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
        await pairs([
          'ourSymbolsAfterEdit',
          () => ourSymbols(ours),
          'engineSymbolsAfterEdit',
          () => ls.findDocumentSymbols2(engine, engineParsed(engine), { resultLimit: OUTLINE_LIMIT }),
        ]);
      } else if (kind === 'format') {
        await pairs([
          'ourFormatAfterEdit',
          () => formatDocument(ours, options),
          'engineFormatAfterEdit',
          () => ls.format(engine, undefined, options),
        ]);
      } else if (kind === 'typing') {
        await pairs([
          'ourTypingCompletionAfterEdit',
          () => ourTypingComplete(oursTyping),
          'engineTypingCompletionAfterEdit',
          () => ls.doComplete(engineTyping, engineTyping.positionAt(typingAt), engineTypingParsed(engineTyping)),
        ]);
      } else if (kind === 'inlay') {
        await sample('ourInlayHintsAfterEdit', () => ourHints(ours));
      } else if (kind === 'completion') {
        const engineComplete = () => ls.doComplete(engine, engine.positionAt(keyAt), engineParsed(engine));
        await pairs(
          ['ourCompletionAfterEdit', () => ourComplete(ours), 'engineCompletionAfterEdit', engineComplete],
          ['ourCompletionUnchanged', () => ourComplete(ours), 'engineCompletionUnchanged', engineComplete],
        );
      } else {
        const engineHover = () => ls.doHover(engine, engine.positionAt(roleAt), engineParsed(engine));
        await pairs(
          ['ourHoverAfterEdit', () => ourHover(ours), 'engineHoverAfterEdit', engineHover],
          ['ourHoverUnchanged', () => ourHover(ours), 'engineHoverUnchanged', engineHover],
        );
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

interface Size {
  bytes: number;
  edits: number;
}

const MB = 1024 * 1024;
const SIZES: Size[] = [
  { bytes: 1024, edits: 40 },
  { bytes: 100 * 1024, edits: 25 },
  { bytes: MB, edits: 12 },
  { bytes: 10 * MB, edits: 5 },
];

/** The cursor table and the after-edit table of the outline, formatting, completion mid-typing, inlay hints. */
export function requestsSection(quick: boolean, rounds: number): { heading: string; body: string[] } {
  const m = measurement();
  const sizes = quick ? [{ bytes: MB, edits: 3 }] : SIZES;
  const results = runRounds<Size, Record<Measure, number>>(__filename, sizes, rounds, (s) => [
    String(s.bytes),
    String(s.edits),
  ]);
  const cursor: string[][] = [];
  const tasks: string[][] = [];
  const targets: string[] = [];
  for (const size of sizes) {
    const r = results.get(size) ?? [];
    const of = (k: Measure) => column(r, k);
    const vs = (a: Measure, b: Measure) => ratio(of(a), of(b));
    const label = humanSize(size.bytes);
    cursor.push([
      label,
      fmtSpread(of('engineCompletionAfterEdit')),
      fmtSpread(of('ourCompletionAfterEdit')),
      fmtRatio(vs('ourCompletionAfterEdit', 'engineCompletionAfterEdit')),
      fmtSpread(of('engineHoverAfterEdit')),
      fmtSpread(of('ourHoverAfterEdit')),
      fmtRatio(vs('ourHoverAfterEdit', 'engineHoverAfterEdit')),
      fmtSpread(of('engineCompletionUnchanged')),
      fmtSpread(of('ourCompletionUnchanged')),
      fmtSpread(of('engineHoverUnchanged')),
      fmtSpread(of('ourHoverUnchanged')),
    ]);
    tasks.push([
      label,
      fmtSpread(of('engineSymbolsAfterEdit')),
      fmtSpread(of('ourSymbolsAfterEdit')),
      fmtRatio(vs('ourSymbolsAfterEdit', 'engineSymbolsAfterEdit')),
      fmtSpread(of('engineFormatAfterEdit')),
      fmtSpread(of('ourFormatAfterEdit')),
      fmtRatio(vs('ourFormatAfterEdit', 'engineFormatAfterEdit')),
      fmtSpread(of('engineTypingCompletionAfterEdit')),
      fmtSpread(of('ourTypingCompletionAfterEdit')),
      fmtRatio(vs('ourTypingCompletionAfterEdit', 'engineTypingCompletionAfterEdit')),
      fmtSpread(of('ourInlayHintsAfterEdit')),
    ]);
    console.log(`| ${cursor[cursor.length - 1].join(' | ')} |\n| ${tasks[tasks.length - 1].join(' | ')} |`);
    const check = (what: string, a: Measure, b: Measure) => {
      const x = vs(a, b);
      targets.push(`- ${what}, ${label}: ${fmtRatio(x)} the engine (target ≤ 1×): ${verdict(x, 1)}.`);
    };
    if (size.bytes >= MB) {
      check('first completion after an edit', 'ourCompletionAfterEdit', 'engineCompletionAfterEdit');
      check('first hover after an edit', 'ourHoverAfterEdit', 'engineHoverAfterEdit');
    }
    if (size.bytes === 10 * MB) {
      check('document symbols', 'ourSymbolsAfterEdit', 'engineSymbolsAfterEdit');
      check('formatting', 'ourFormatAfterEdit', 'engineFormatAfterEdit');
    }
  }
  return {
    heading: 'Language server: completion, hover, outline, formatting',
    body: [
      m.line(),
      '',
      `In process (\`scripts/bench/lspTasks.ts\`: our features and document cache against ${engineName()}`,
      `with the same schema), ${rounds} fresh processes per size, rounds interleaved across sizes; in each, one-character`,
      'edits, and after each the two sides take turns (the order reversed every edit); a garbage collection runs',
      "before every sample, so neither side pays for the other's garbage; the first edit is a warm-up. Each cell is",
      "the median [min–max] of the rounds' medians; ratios are of the medians. Times in ms.",
      '',
      '### Completion and hover after an edit, and on the unchanged version (cursor in the last attendee)',
      '',
      '"After edit": the first request on a new version (ours: the document cache\'s parse and the cursor scan; the',
      'engine: parseJSONDocument, cached per version as in VS Code). "Unchanged": the same request again.',
      '',
      ...markdownTable(
        [
          'size',
          'engine completion after edit',
          'ours',
          'ours / engine',
          'engine hover after edit',
          'ours',
          'ours / engine',
          'engine completion, unchanged',
          'ours',
          'engine hover, unchanged',
          'ours',
        ],
        cursor,
      ),
      '',
      '### Outline, formatting, completion mid-typing and inlay hints, after an edit',
      '',
      `Outline: both sides capped at ${OUTLINE_LIMIT} items, breadth-first (the engine's \`resultLimit\`, VS Code's`,
      '`json.maxItemsComputed`; ours `meetingPayloads.outline.maxItems`, both defaults). Ours keeps the result per',
      'version; the engine walks its parsed document (parseJSONDocument, once per version, included). Formatting: the',
      'whole document, already formatted. Completion mid-typing: a key half typed',
      '(`"na` before the last attendee\'s first key), so the text is not valid JSON: ours parses it tolerantly and',
      'scans to the cursor, the engine parses it tolerantly. Inlay hints: the 60 lines around the last attendee (the',
      'engine has no such hints).',
      '',
      ...markdownTable(
        [
          'size',
          'engine outline',
          'ours',
          'ours / engine',
          'engine formatting',
          'ours',
          'ours / engine',
          'engine completion mid-typing',
          'ours',
          'ours / engine',
          'ours, inlay hints (60 lines)',
        ],
        tasks,
      ),
      '',
      'Targets: first completion and first hover after an edit, 1 MB and 10 MB, ≤ 1× the engine;',
      'document symbols and formatting, 10 MB, ≤ 1× the engine.',
      '',
      ...targets,
    ],
  };
}

if (require.main === module) {
  roundMain(async ([bytes, edits]) => round(Number(bytes), Number(edits ?? 5)));
}
