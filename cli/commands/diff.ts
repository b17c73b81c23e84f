/**
 * `diff`: what the PUT a file describes would change, before it is sent. Sends the vendor's documented read of the
 * same resource (`x-read`, common/readPlan.ts) through the same preparation, token rules and sending core as
 * `send` (origin-bound token, redirects never followed, TLS verified), and prints the summary of `putDiff`. Exit
 * 1 when something would be removed or reset, or when that cannot be told, so a script can refuse the PUT.
 */
import { hasRead, noReadReason, readRequest } from '../../common/readPlan';
import { readCurrentState } from '../../client/src/preview/readCurrent';
import { sendRequest } from '../../client/src/http';
import { EXIT, UsageError } from '../errors';
import type { Io } from '../io';
import { oneOf, parseOptions } from '../options';
import { printSent } from '../send/print';
import { chooseRequestToken, REQUEST_OPTIONS, startRequestRun, type RequestRun } from '../send/setup';
import { terminalJson, terminalLine } from '../terminal';

const line = (text: string): string => `${terminalLine(text)}\n`;

export async function diffCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, REQUEST_OPTIONS);
  if (positionals.length !== 1) throw new UsageError('diff takes exactly one request file.');
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  const requests = await startRequestRun(values, io, false);
  try {
    return await diffFile(positionals[0], requests, format, io);
  } finally {
    await requests.close();
  }
}

async function diffFile(file: string, requests: RequestRun, format: 'text' | 'json', io: Io): Promise<number> {
  const put = requests.prepare(file, 'compared');
  if (typeof put === 'number') return put;
  const cannot = (reason: string): number => {
    if (format === 'json') io.out(terminalJson({ operationId: put.operationId, compared: false, reason }));
    io.err(line(`${file}: ${reason}`));
    return EXIT.failed;
  };
  const first = readRequest(put);
  if (!first.ok || !hasRead(put.read)) return cannot(first.ok ? (noReadReason(put) ?? '') : first.reason);
  const { flow, sendOptions } = requests.aim(first.value);
  const chosen = await chooseRequestToken(first.value, io, requests.origins, flow, 'compared');
  if (typeof chosen === 'number') return chosen;
  const options = sendOptions(chosen.token);
  const state = await readCurrentState(
    put,
    (request) => sendRequest(request, options),
    (outcome) => {
      if (outcome.sent && format === 'text') printSent(outcome.sent, io);
    },
  );
  if (!state.ok) return cannot(state.reason);
  const request = state.read;
  const p = state.preview;
  if (format === 'json') {
    io.out(
      terminalJson({
        operationId: put.operationId,
        read: request.operationId,
        compared: true,
        destructive: p.destructive,
        summary: p.summary,
        changes: p.changes,
        dropped: p.dropped,
        notCompared: p.notCompared,
      }),
    );
  } else {
    io.out(line(`${put.operationId}: what the PUT changes (current state from ${request.operationId}):`));
    for (const s of p.summary) io.out(line(`  ${s}`));
    if (p.dropped.length > 0) {
      io.out(line(`note: returned by the read, not taken by the PUT: ${p.dropped.join(', ')}`));
    }
  }
  return p.destructive ? EXIT.failed : EXIT.ok;
}
