/**
 * Code actions for every diagnostic of a big file with hundreds of fixable problems, over stdio LSP: after each
 * edit (a new version), one `textDocument/codeAction` per diagnostic, as the editor asks for each problem's light
 * bulb (its range and that diagnostic, no `only`), all sent at once; timed until the last answer. Ours only: the
 * engine has no quick fixes. Run as a round: `node --import tsx scripts/bench/lspCodeActions.ts <bytes> <every> <edits>`.
 */
import {
  CodeActionKind,
  CodeActionRequest,
  CodeActionTriggerKind,
  type CodeAction,
  type Command,
  type Diagnostic,
} from 'vscode-languageserver-protocol';
import { unpackFixes } from '../../server/src/features/fixData';
import { PROBLEMS_PER_BROKEN, humanSize, recurringSeries } from './documents';
import { measurement, roundMain, runRounds } from './lspRounds';
import { editPoint, startOurs } from './lspServers';
import { column, fmtSpread, markdownTable, median, verdict } from './lspStats';

interface Variant {
  bytes: number;
  brokenEvery: number;
  edits: number;
}

interface Round {
  /** Every diagnostic's own request, all sent at once, to the last answer. */
  ms: number;
  /** One request for the whole document carrying every diagnostic. */
  oneMs: number;
  oneActions: number;
  diagnostics: number;
  /** Diagnostics that carry fixes (in `data`, fixData.ts), and those answered with at least one quick fix. */
  fixable: number;
  fixed: number;
  actions: number;
}

const MB = 1024 * 1024;

async function round([bytes, brokenEvery, edits]: string[]): Promise<Round> {
  const doc = recurringSeries(Number(bytes), Number(brokenEvery), 'fixable');
  const ours = await startOurs();
  const uri = 'file:///bench-fixes.meeting.json';
  await ours.open(uri, doc.text);
  const at = editPoint(doc.text);
  const times: number[] = [];
  const oneTimes: number[] = [];
  let oneActions = 0;
  let last: Omit<Round, 'ms' | 'oneMs' | 'oneActions'> = { diagnostics: 0, fixable: 0, fixed: 0, actions: 0 };
  for (let i = 0; i <= Number(edits); i++) {
    const { diagnostics } = await ours.edit(uri, i + 2, at.line, at.character, 1, i % 2 ? 'W' : 'V');
    const t = process.hrtime.bigint();
    const answers = await Promise.all(
      diagnostics.map((d) =>
        ours.protocol.sendRequest(CodeActionRequest.type, {
          textDocument: { uri },
          range: d.range,
          context: { diagnostics: [d], triggerKind: CodeActionTriggerKind.Automatic },
        }),
      ),
    );
    if (i > 0) times.push(Number(process.hrtime.bigint() - t) / 1e6); // the first edit is a warm-up
    const quickFixes = answers.map((a) => (a ?? []).filter(isQuickFix));
    const fixable = diagnostics.map(hasFixes);
    last = {
      diagnostics: diagnostics.length,
      fixable: fixable.filter(Boolean).length,
      fixed: quickFixes.filter((a, j) => fixable[j] && a.length > 0).length,
      actions: quickFixes.reduce((n, a) => n + a.length, 0),
    };
    // The same version again, in one request: its fixes' tree is built already, so this is the fixes alone.
    const t1 = process.hrtime.bigint();
    const all = await ours.protocol.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: doc.text.split('\n').length, character: 0 } },
      context: { diagnostics, triggerKind: CodeActionTriggerKind.Invoked },
    });
    if (i > 0) oneTimes.push(Number(process.hrtime.bigint() - t1) / 1e6);
    oneActions = (all ?? []).filter(isQuickFix).length;
  }
  await ours.stop();
  // Every broken attendee has two fixable problems: the figure is void unless each got its fix.
  if (last.fixable < PROBLEMS_PER_BROKEN.fixable * doc.broken || last.fixed !== last.fixable) {
    throw new Error(
      `${last.fixed} of ${last.fixable} fixable diagnostics had a quick fix (${doc.broken} items broken)`,
    );
  }
  if (oneActions !== last.actions) throw new Error(`one request gave ${oneActions} quick fixes, ${last.actions} apart`);
  return { ms: median(times), oneMs: median(oneTimes), oneActions, ...last };
}

const hasFixes = (d: Diagnostic): boolean => unpackFixes(d.data).length > 0;

const isQuickFix = (a: CodeAction | Command): a is CodeAction =>
  'kind' in a && a.kind === CodeActionKind.QuickFix && a.edit !== undefined;

function variants(quick: boolean): Variant[] {
  const twoMb = { bytes: 2 * MB, brokenEvery: 25, edits: quick ? 2 : 5 };
  return quick ? [twoMb] : [twoMb, { bytes: 10 * MB, brokenEvery: 125, edits: 3 }];
}

export function codeActionsSection(quick: boolean, rounds: number): { heading: string; body: string[] } {
  const m = measurement();
  const vs = variants(quick);
  const results = runRounds<Variant, Round>(__filename, vs, rounds, (v) =>
    [v.bytes, v.brokenEvery, v.edits].map(String),
  );
  const rows: string[][] = [];
  const targets: string[] = [];
  for (const v of vs) {
    const r = results.get(v) ?? [];
    const ms = column(r, 'ms');
    const one = (k: keyof Round) => [...new Set(column(r, k))].join('/');
    rows.push([
      humanSize(v.bytes),
      `1 in ${v.brokenEvery}`,
      one('diagnostics'),
      one('fixable'),
      one('fixed'),
      one('actions'),
      String(v.edits),
      fmtSpread(ms),
      fmtSpread(column(r, 'oneMs')),
    ]);
    console.log(`| ${rows[rows.length - 1].join(' | ')} |`);
    if (v.bytes === 2 * MB) {
      targets.push(
        `- every diagnostic's code actions, 2 MB: ${fmtSpread(ms)} ms (target ≤ 100 ms): ${verdict(median(ms), 100)}.`,
      );
    } else {
      targets.push(
        `- quick fixes at ${humanSize(v.bytes)} (the largest size measured; files up to 50 MB are validated): every diagnostic carrying fixes got one: met.`,
      );
    }
  }
  return {
    heading: 'Language server: code actions',
    body: [
      m.line(),
      '',
      'Ours only (the engine has no quick fixes). Generated request files in which one attendee in n has two fixable',
      'mistakes: `role` written as a string (`"1"`: "Change to 1") and a misspelt key (`tpye`: rename to `type`). Each',
      'round is a fresh process starting a fresh server; after every edit (a new version) and its diagnostics, one',
      '`textDocument/codeAction` per diagnostic (its range and that diagnostic, no `only`: what the editor asks for a',
      'light bulb), all sent at once over the stdio connection, timed until the last answer; the first edit is a',
      `warm-up. Time: median [min–max] of ${rounds} rounds' medians, in ms. A round fails unless every diagnostic`,
      'carrying fixes got a quick fix with an edit (the one other diagnostic, above 1 MB, is an information: such',
      'files are not sent). Then, on the same version, one request over the whole document carrying every',
      "diagnostic (the fixes' tree of the version already built): the same quick fixes, timed alone.",
      '',
      ...markdownTable(
        [
          'size',
          'broken items',
          'diagnostics',
          'with fixes',
          'answered with a quick fix',
          'quick fixes',
          'edits',
          'a request per diagnostic, all answered (ms)',
          'one request, every diagnostic (ms)',
        ],
        rows,
      ),
      '',
      'Targets: code actions for every diagnostic of a 2 MB file with hundreds of fixable problems',
      '≤ 100 ms, and quick fixes on files of any accepted size.',
      '',
      ...targets,
    ],
  };
}

if (require.main === module) roundMain(round);
