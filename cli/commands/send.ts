/**
 * `send`: one request file → one HTTP request, through the same preparation (server) and sending core (client/http)
 * as the extension. Invalid files are refused unless --force; the token comes from the environment only, and goes
 * only to the origins bound to it (see send/token.ts).
 */
import { checkResponseReport } from '../report/response';
import {
  ConnectionPools,
  proxyFromEnvironment,
  sendRequest,
  sendWithRetry,
  type RetryDecision,
  type SendOptions,
  type TokenInput,
} from '../../client/src/http';
import { FlowError } from '../../client/src/auth/types';
import { loadCatalog, parseCatalogSpecs } from '../catalogs';
import { EXIT, UsageError } from '../errors';
import type { Io } from '../io';
import { oneOf, parseOptions } from '../options';
import { packageVersion } from '../paths';
import { resolveBaseUrl } from '../send/baseUrl';
import { printDrift, printOutcome, printSent } from '../send/print';
import { tokenFromPlan, tokenRefused } from '../send/flowToken';
import { caFrom, chooseRequestToken, prepareFile, REQUEST_OPTIONS, requestSettings } from '../send/setup';
import { builtinSchemeOrigins, explicitOrigins } from '../send/token';
import type { FlowRun } from '../token/flows';
import { terminalJson, terminalLine } from '../terminal';

export async function sendCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    ...REQUEST_OPTIONS,
    retry: { type: 'boolean' },
    'check-response': { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('send takes exactly one request file.');
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  const settings = requestSettings(values, values.retry === true);
  const file = positionals[0];
  const ca = caFrom(values, io);
  const tokenOrigins = explicitOrigins(values['token-origin'], io.env);
  const catalog = await loadCatalog(parseCatalogSpecs(values.catalog), io);

  const req = prepareFile(file, io, catalog, values.force === true, 'sent');
  if (typeof req === 'number') return req;
  const baseUrl = resolveBaseUrl(values.env, values['base-url'], req);
  const origins = { byScheme: builtinSchemeOrigins(catalog.all()), explicit: tokenOrigins };

  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  const run: FlowRun = {
    baseUrl,
    settings,
    env: io.env,
    origins,
    signal: controller.signal,
    ...(ca !== undefined ? { ca } : {}),
  };
  const chosen = await chooseRequestToken(req, io, origins, run, 'sent');
  if (typeof chosen === 'number') {
    process.removeListener('SIGINT', onInterrupt);
    return chosen;
  }
  const { token, choice, flowPlan } = chosen;

  // Retries (--retry) reuse the first attempt's connection.
  const pools = new ConnectionPools();
  const optionsWith = (t: TokenInput | undefined): SendOptions => ({
    baseUrl,
    settings,
    signal: controller.signal,
    proxy: proxyFromEnvironment(io.env, new URL(baseUrl)),
    userAgent: `meeting-payloads-cli/${packageVersion()}`,
    pools,
    ...(t ? { token: t } : {}),
    ...(ca !== undefined ? { ca } : {}),
  });
  const hooks = { onRetry: (decision: RetryDecision) => io.err(`note: ${terminalLine(decision.reason)}\n`) };
  try {
    let { outcome, attempts } = await sendWithRetry(sendRequest, req, optionsWith(token), hooks);
    // A token from a variable that the server refused: once, a new one from the flow, and the request again.
    if (
      choice.token &&
      flowPlan &&
      outcome.kind === 'response' &&
      tokenRefused(choice.token.slot.scheme, outcome.status, outcome.bodyText)
    ) {
      io.err(`note: the token in ${choice.variable} was refused (${outcome.status}); obtaining a new one.\n`);
      try {
        const got = await tokenFromPlan(flowPlan, run);
        io.err(`note: ${terminalLine(got.note)}; sending again.\n`);
        ({ outcome, attempts } = await sendWithRetry(sendRequest, req, optionsWith(got.token), hooks));
      } catch (e) {
        if (!(e instanceof FlowError)) throw e;
        io.err(`note: ${terminalLine(`no new token: ${e.message}`)}\n`);
      }
    }
    // The panel's comparison with the documentation, when asked: a drift fails the command (docs CI).
    const drift =
      values['check-response'] === true && outcome.kind === 'response'
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
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await pools.close();
  }
}
