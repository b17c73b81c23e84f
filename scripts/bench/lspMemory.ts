/**
 * Peak memory of each server process with a big document open, after an edit, completion, hover and the
 * outline: VmHWM of /proc/<pid>/status (Linux), ours against the engine's server, both fresh processes in each
 * round, taking turns step by step. Run as a round: `node --import tsx scripts/bench/lspMemory.ts <bytes>`.
 */
import { CompletionRequest, DocumentSymbolRequest, HoverRequest } from 'vscode-languageserver-protocol';
import { humanSize, recurringSeries } from './documents';
import type { StdioLspClient } from './lspClient';
import { DEFAULT_SERVER_SETTINGS } from '../../common/settings';
import { measurement, roundMain, runRounds } from './lspRounds';
import { editPoint, engineName, lastPosition, startEngine, startOurs } from './lspServers';
import { column, fmtRatio, fmtSpread, markdownTable, ratio, turnOrder, verdict } from './lspStats';

interface Round {
  ours: number;
  engine: number;
  oursAtStart: number;
  engineAtStart: number;
}

async function round([bytes]: string[]): Promise<Round> {
  const doc = recurringSeries(Number(bytes));
  const clients = { ours: await startOurs(), engine: await startEngine() };
  const atStart = { ours: clients.ours.peakRssMb(), engine: clients.engine.peakRssMb() };
  const sides = ['ours', 'engine'] as const;
  const uri = (side: string) => `file:///bench-memory-${side}.meeting.json`;
  const at = editPoint(doc.text);
  const keyAt = lastPosition(doc.text, '"name"', 2);
  const roleAt = lastPosition(doc.text, '"role"', 2);
  const steps: Array<(c: StdioLspClient, u: string) => Promise<void>> = [
    async (c, u) => void (await c.open(u, doc.text)),
    async (c, u) => void (await c.edit(u, 2, at.line, at.character, 1, 'V')),
    async (c, u) => {
      const items = await c.protocol.sendRequest(CompletionRequest.type, { textDocument: { uri: u }, position: keyAt });
      const list = Array.isArray(items) ? items : (items?.items ?? []);
      if (!list.some((i) => i.label === 'accountId' || i.label === '"accountId"')) {
        throw new Error(`no attendee keys completed: ${list.map((i) => i.label).join(', ')}`);
      }
    },
    async (c, u) => {
      const h = await c.protocol.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: roleAt });
      if (!h) throw new Error('no hover on the last attendee’s role');
    },
    async (c, u) => {
      const symbols = await c.protocol.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: u } });
      if (!symbols?.length) throw new Error('no outline');
    },
  ];
  for (const [i, step] of steps.entries()) {
    for (const side of turnOrder(sides, i)) await step(clients[side], uri(side));
  }
  const peak = { ours: clients.ours.peakRssMb(), engine: clients.engine.peakRssMb() };
  await clients.ours.stop();
  await clients.engine.stop();
  return { ours: peak.ours, engine: peak.engine, oursAtStart: atStart.ours, engineAtStart: atStart.engine };
}

export function memorySection(quick: boolean, rounds: number): { heading: string; body: string[] } {
  const m = measurement();
  const bytes = quick ? 1024 * 1024 : 10 * 1024 * 1024;
  const r = runRounds<number, Round>(__filename, [bytes], rounds, (b) => [String(b)]).get(bytes) ?? [];
  const [ours, engine] = [column(r, 'ours'), column(r, 'engine')];
  const vs = ratio(ours, engine);
  const rows = [
    [
      humanSize(bytes),
      fmtSpread(column(r, 'engineAtStart')),
      fmtSpread(column(r, 'oursAtStart')),
      fmtSpread(engine),
      fmtSpread(ours),
      fmtRatio(vs),
    ],
  ];
  console.log(`| ${rows[0].join(' | ')} |`);
  return {
    heading: 'Language server: memory',
    body: [
      m.line(),
      '',
      'Peak resident set (VmHWM of `/proc/<pid>/status`) of each server process, both started fresh in each round:',
      `ours (\`dist/server.js --stdio\`) and the engine's (${engineName()} in \`scripts/bench/jsonServer.ts\`,`,
      "bundled, run by plain node; it keeps one parsed document per version, as VS Code's JSON server does). Each",
      'opens the valid recurring-series document, takes a one-character edit and its diagnostics, then answers',
      'completion (in the last attendee), hover (on its `role`) and the outline, the two taking turns step by step.',
      `Both outlines capped at ${DEFAULT_SERVER_SETTINGS.outlineMaxItems} items, breadth-first (the engine's \`resultLimit\`, as VS`,
      "Code's `json.maxItemsComputed`; ours `meetingPayloads.outline.maxItems`, both defaults).",
      `MB; median [min–max] of ${rounds} rounds.`,
      '',
      ...markdownTable(
        ['document', 'engine, started', 'ours, started', 'engine, peak', 'ours, peak', 'ours / engine'],
        rows,
      ),
      '',
      `Target: peak RSS with a 10 MB document open, after completion, hover and outline, ≤ the engine's.`,
      '',
      `- ${humanSize(bytes)}: ${fmtRatio(vs)} the engine's peak: ${verdict(vs, 1)}.`,
    ],
  };
}

if (require.main === module) roundMain(round);
