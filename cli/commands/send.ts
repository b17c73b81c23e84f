/**
 * `send`: one request file → one HTTP request, through the same preparation (server) and sending core (client/http)
 * as the extension. Invalid files are refused unless --force; the token comes from the environment only, and goes
 * only to the origins bound to it (see send/token.ts).
 */
import { checkResponseReport } from '../report/response';
import { sendRequest, sendWithRetry, type RetryDecision } from '../../client/src/http';
import { FlowError } from '../../client/src/auth/types';
import { EXIT, UsageError } from '../errors';
import type { Io } from '../io';
import { oneOf, parseOptions } from '../options';
import { printDrift, printOutcome, printSent } from '../send/print';
import { tokenFromPlan, tokenRefused } from '../send/flowToken';
import { chooseRequestToken, REQUEST_OPTIONS, startRequestRun, type RequestRun } from '../send/setup';
import { terminalJson, terminalLine } from '../terminal';

export async function sendCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    ...REQUEST_OPTIONS,
    retry: { type: 'boolean' },
    'check-response': { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('send takes exactly one request file.');
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  const requests = await startRequestRun(values, io, values.retry === true);
  try {
    return await sendFile(positionals[0], requests, format, values['check-response'] === true, io);
  } finally {
    await requests.close();
  }
}

async function sendFile(
  file: string,
  requests: RequestRun,
  format: 'text' | 'json',
  checkResponse: boolean,
  io: Io,
): Promise<number> {
  const { catalog } = requests;
  const req = requests.prepare(file, 'sent');
  if (typeof req === 'number') return req;
  const { flow, sendOptions } = requests.aim(req);
  const chosen = await chooseRequestToken(req, io, requests.origins, flow, 'sent');
  if (typeof chosen === 'number') return chosen;
  const { token, choice, flowPlan } = chosen;

  // Retries (--retry) reuse the first attempt's connection.
  const hooks = { onRetry: (decision: RetryDecision) => io.err(`note: ${terminalLine(decision.reason)}\n`) };
  let { outcome, attempts } = await sendWithRetry(sendRequest, req, sendOptions(token), hooks);
  // A token from a variable that the server refused: once, a new one from the flow, and the request again.
  if (
    choice.token &&
    flowPlan &&
    outcome.kind === 'response' &&
    tokenRefused(choice.token.slot.scheme, outcome.status, outcome.bodyText)
  ) {
    io.err(`note: the token in ${choice.variable} was refused (${outcome.status}); obtaining a new one.\n`);
    try {
      const got = await tokenFromPlan(flowPlan, flow);
      io.err(`note: ${terminalLine(got.note)}; sending again.\n`);
      ({ outcome, attempts } = await sendWithRetry(sendRequest, req, sendOptions(got.token), hooks));
    } catch (e) {
      if (!(e instanceof FlowError)) throw e;
      io.err(`note: ${terminalLine(`no new token: ${e.message}`)}\n`);
    }
  }
  // The panel's comparison with the documentation, when asked: a drift fails the command (docs CI).
  const drift =
    checkResponse && outcome.kind === 'response'
      ? checkResponseReport(
          {
            file: '<response>',
            operationId: req.operationId,
            status: outcome.status,
            body: outcome.bodyText,
            truncated: outcome.truncated,
          },
          catalog,
        )
      : undefined;
  if (format === 'json') {
    io.out(terminalJson({ ...outcome, attempts, ...(drift ? { responseCheck: drift.check } : {}) }));
  } else {
    if (outcome.sent) printSent(outcome.sent, io);
    printOutcome(outcome, io);
    if (drift) printDrift(drift.report, io);
  }
  if (drift && drift.report.problems.length > 0) return EXIT.failed;
  return outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300 ? EXIT.ok : EXIT.failed;
}
