/**
 * Giving way, over stdio LSP: while the server works on a big document, how long a 1 KB document's diagnostics
 * wait after its edit. Right after an edit of the big document (as an editor asks), one request on it is sent
 * (or none: its validation alone); meanwhile the small document is edited again and again, each next edit sent
 * when the last one's diagnostics came, until the big document's answer and diagnostics are both in. Ours only
 * (the engine's server answers in order and never gives way). The outline is capped at the default
 * `meetingPayloads.outline.maxItems` (5000, as VS Code's `json.maxItemsComputed`). Run as a round:
 * `node --import tsx scripts/bench/lspGiveWay.ts <bytes> <repetitions>`.
 */
import {
  CodeActionRequest,
  CodeActionTriggerKind,
  CompletionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  type Diagnostic,
} from 'vscode-languageserver-protocol';
import { humanSize, recurringSeries } from './documents';
import { measurement, roundMain, runRounds } from './lspRounds';
import { editPoint, lastPosition, startOurs } from './lspServers';
import { column, fmt, fmtSpread, markdownTable, median, turnOrder, verdict } from './lspStats';
import { DEFAULT_SERVER_SETTINGS } from '../../common/settings';

const KINDS = ['validation', 'code actions', 'formatting', 'outline', 'completion'] as const;
type Kind = (typeof KINDS)[number];

/** Per kind: the longest and the median wait of the small document's diagnostics, probes, the big work's ms. */
type Round = Record<string, number>;

const BIG = 'file:///bench-big.meeting.json';
const SMALL = 'file:///bench-small.meeting.json';
const MAX_PROBES = 20_000;
const LIMIT_MS = 50;

async function round([bytes, repetitions]: string[]): Promise<Round> {
  // Fixable problems (one item in 125) so that code actions have real work: the fixes' tree of the version.
  const big = recurringSeries(Number(bytes), 125, 'fixable');
  const small = recurringSeries(1024);
  const ours = await startOurs();
  const bigAt = editPoint(big.text);
  const smallAt = editPoint(small.text);
  let bigDiagnostics: Diagnostic[] = await ours.open(BIG, big.text);
  await ours.open(SMALL, small.text);
  let bigVersion = 1;
  let smallVersion = 1;
  const editSmall = () => {
    smallVersion++;
    return ours.edit(SMALL, smallVersion, smallAt.line, smallAt.character, 1, smallVersion % 2 ? 'W' : 'V');
  };
  const idle: number[] = [];
  for (let i = 0; i < 10; i++) idle.push((await editSmall()).ms);

  const completionAt = lastPosition(big.text, '"name"', 2);
  const ask = (kind: Kind): Promise<unknown> => {
    const textDocument = { uri: BIG };
    switch (kind) {
      case 'validation':
        return Promise.resolve();
      case 'code actions': {
        const d = bigDiagnostics[bigDiagnostics.length - 1];
        const context = { diagnostics: [d], triggerKind: CodeActionTriggerKind.Automatic };
        return ours.protocol.sendRequest(CodeActionRequest.type, { textDocument, range: d.range, context });
      }
      case 'formatting':
        return ours.protocol.sendRequest(DocumentFormattingRequest.type, {
          textDocument,
          options: { tabSize: 2, insertSpaces: true },
        });
      case 'outline':
        return ours.protocol.sendRequest(DocumentSymbolRequest.type, { textDocument });
      case 'completion':
        return ours.protocol.sendRequest(CompletionRequest.type, { textDocument, position: completionAt });
    }
  };

  const waits: Record<Kind, { longest: number[]; median: number[]; probes: number[]; work: number[] }> =
    Object.fromEntries(KINDS.map((k) => [k, { longest: [], median: [], probes: [], work: [] }])) as never;
  for (let rep = 0; rep <= Number(repetitions); rep++) {
    for (const kind of turnOrder(KINDS, rep)) {
      bigVersion++;
      const t = process.hrtime.bigint();
      const edited = ours.edit(BIG, bigVersion, bigAt.line, bigAt.character, 1, bigVersion % 2 ? 'W' : 'V');
      const answered = ask(kind);
      const done = Promise.all([edited, answered]);
      let finished = false;
      void done.then(() => (finished = true));
      const probes: number[] = [];
      do {
        probes.push((await editSmall()).ms);
      } while (!finished && probes.length < MAX_PROBES);
      const [{ diagnostics }] = await done;
      const work = Number(process.hrtime.bigint() - t) / 1e6;
      bigDiagnostics = diagnostics;
      if (rep === 0) continue; // a warm-up of every kind
      waits[kind].longest.push(Math.max(...probes));
      waits[kind].median.push(median(probes));
      waits[kind].probes.push(probes.length);
      waits[kind].work.push(work);
    }
  }
  await ours.stop();
  const result: Round = { idle: median(idle) };
  for (const k of KINDS) {
    result[`${k}:longest`] = Math.max(...waits[k].longest);
    result[`${k}:median`] = median(waits[k].median);
    result[`${k}:probes`] = median(waits[k].probes);
    result[`${k}:work`] = median(waits[k].work);
  }
  return result;
}

export function giveWaySection(quick: boolean, rounds: number): { heading: string; body: string[] } {
  const m = measurement();
  const bytes = quick ? 1024 * 1024 : 10 * 1024 * 1024;
  const repetitions = quick ? 1 : 3;
  const results = runRounds<number, Round>(__filename, [bytes], rounds, (b) => [String(b), String(repetitions)]);
  const r = results.get(bytes) ?? [];
  const rows: string[][] = KINDS.map((k) => [
    k === 'validation' ? 'an edit alone (its validation)' : `an edit, then ${k}`,
    fmtSpread(column(r, `${k}:work`)),
    fmtSpread(column(r, `${k}:probes`)),
    fmtSpread(column(r, `${k}:median`)),
    fmtSpread(column(r, `${k}:longest`)),
  ]);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  const worst = Math.max(...KINDS.map((k) => median(column(r, `${k}:longest`))));
  const idle = column(r, 'idle');
  return {
    heading: 'Language server: giving way to other documents',
    body: [
      m.line(),
      '',
      `Ours only (the engine's server answers in arrival order). One server per round (a fresh process), a ${humanSize(bytes)}`,
      'recurring-series document (one item in 125 with two fixable problems) and a 1 KB one open, no debounce. For',
      'each kind of work, in turn (the order reversed every repetition, the first a warm-up): a one-character edit',
      'of the big document and at once the request on it (as an editor asks after typing); meanwhile the small',
      "document is edited again and again, each edit sent when the previous one's diagnostics came, until the big",
      "document's answer and diagnostics are both in. A small document's wait is from its edit to its diagnostics.",
      `The outline is capped at ${DEFAULT_SERVER_SETTINGS.outlineMaxItems} items, breadth-first (\`meetingPayloads.outline.maxItems\`'s`,
      "default, the cap VS Code's JSON support applies by default: `json.maxItemsComputed`).",
      `Per round and kind: the longest and the median wait over its ${repetitions} repetitions; each cell is the median`,
      `[min–max] of ${rounds} rounds. With nothing else running, the small document's diagnostics take ${fmtSpread(idle)} ms.`,
      'Times in ms.',
      '',
      ...markdownTable(
        [
          `work on the ${humanSize(bytes)} document`,
          'its time (edit to answer and diagnostics)',
          'small-document edits meanwhile',
          'median wait',
          'longest wait',
        ],
        rows,
      ),
      '',
      `Target: a request on a big file never delays another document's diagnostics by more than ${LIMIT_MS} ms.`,
      '',
      `- the longest wait (median over rounds, worst kind): ${fmt(worst)} ms: ${verdict(worst, LIMIT_MS)}.`,
    ],
  };
}

if (require.main === module) roundMain(round);
