/**
 * `send`: one request file → one HTTP request, through the same preparation (server) and sending core (client/http)
 * as the extension. Invalid files are refused unless --force; the token comes from the environment only, and goes
 * only to the origins bound to it (see send/token.ts).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { prepareRequest } from '../../server/src/features/prepareRequest';
import { MAX_SEND_DOCUMENT_BYTES } from '../../common/requestSpec';
import { DEFAULT_REQUEST_SETTINGS, DEFAULT_SERVER_SETTINGS, type RequestSettings } from '../../common/settings';
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
import { readText, type Io } from '../io';
import { integer, oneOf, parseOptions } from '../options';
import { packageVersion } from '../paths';
import { resolveBaseUrl } from '../send/baseUrl';
import { printDrift, printOutcome, printSent } from '../send/print';
import { checkResponseReport } from '../report/response';
import { requestFlowPlan, tokenFromPlan, tokenRefused } from '../send/flowToken';
import { builtinSchemeOrigins, chooseToken, explicitOrigins, originRefusal } from '../send/token';
import { planWords, type FlowRun } from '../token/flows';
import { terminalJson, terminalLine } from '../terminal';

/** A CA bundle is text of a few hundred kilobytes (Mozilla's whole store is about 220 KB). */
const MAX_CA_FILE_BYTES = 1024 * 1024;

export async function sendCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    env: { type: 'string' },
    'base-url': { type: 'string' },
    force: { type: 'boolean' },
    'connect-timeout': { type: 'string' },
    'headers-timeout': { type: 'string' },
    timeout: { type: 'string' },
    'max-response-bytes': { type: 'string' },
    retry: { type: 'boolean' },
    cacert: { type: 'string' },
    format: { type: 'string', short: 'f' },
    catalog: { type: 'string', multiple: true },
    'token-origin': { type: 'string', multiple: true },
    'check-response': { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('send takes exactly one request file.');
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  const d = DEFAULT_REQUEST_SETTINGS;
  const settings: RequestSettings = {
    connectTimeoutMs: integer('connect-timeout', values['connect-timeout'], d.connectTimeoutMs, 100, 600_000),
    headersTimeoutMs: integer('headers-timeout', values['headers-timeout'], d.headersTimeoutMs, 100, 600_000),
    totalTimeoutMs: integer('timeout', values.timeout, d.totalTimeoutMs, 100, 3_600_000),
    maxResponseBytes: integer(
      'max-response-bytes',
      values['max-response-bytes'],
      d.maxResponseBytes,
      1024,
      512 * 1024 * 1024,
    ),
    autoRetry: { ...d.autoRetry, enabled: values.retry === true },
  };
  const file = positionals[0];
  const path = resolve(io.cwd, file);
  const text = readText(path, MAX_SEND_DOCUMENT_BYTES);
  const ca = values.cacert !== undefined ? readText(resolve(io.cwd, values.cacert), MAX_CA_FILE_BYTES) : undefined;
  const tokenOrigins = explicitOrigins(values['token-origin'], io.env);
  const catalog = await loadCatalog(parseCatalogSpecs(values.catalog), io);

  const prepared = prepareRequest(
    TextDocument.create(pathToFileURL(path).href, 'meeting-json', 1, text),
    catalog,
    DEFAULT_SERVER_SETTINGS,
  );
  if (!prepared.ok) {
    io.err(`${terminalLine(`${file}: error: ${prepared.reason}`)}\nNot sent.\n`);
    return EXIT.failed;
  }
  const req = prepared.request;
  const { validation } = req;
  if (!validation.valid) {
    for (const m of validation.messages) {
      io.err(`${terminalLine(`${file}:${m.replace(/ (error|warning):/, ': $1:')}`)}\n`);
    }
    if (values.force !== true) {
      io.err(`${terminalLine(file)} has ${validation.errorCount} error(s): not sent (--force sends it anyway).\n`);
      return EXIT.failed;
    }
    io.err('note: sending despite the errors (--force).\n');
  }
  const baseUrl = resolveBaseUrl(values.env, values['base-url'], req);
  const origins = { byScheme: builtinSchemeOrigins(catalog.all()), explicit: tokenOrigins };
  const choice = chooseToken(req, baseUrl, io.env, origins);
  // Flow credentials (WEBEX_CLIENT_ID…, HUAWEI_APP_ID…): a token when no variable gives one, a renewal on refusal.
  const flowPlan = requestFlowPlan(req, io.env, choice.token?.slot.scheme);

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
  let token = choice.token;
  if (token) io.err(`note: ${token.slot.header} from ${choice.variable}\n`);
  else if (flowPlan) {
    const origin = new URL(baseUrl).origin;
    // Like a token variable: to an origin its credentials may not go to, the request goes without a token.
    const refused = originRefusal(flowPlan.slot.scheme, origin, origins, `The ${planWords(flowPlan.plan)}`);
    if (refused) io.err(`note: ${terminalLine(refused)}\n`);
    else {
      try {
        const got = await tokenFromPlan(flowPlan, run);
        token = got.token;
        io.err(`note: ${terminalLine(got.note)}\n`);
      } catch (e) {
        process.removeListener('SIGINT', onInterrupt);
        if (!(e instanceof FlowError)) throw e;
        io.err(`${terminalLine(`error: no token: ${e.message}`)}\nNot sent.\n`);
        return EXIT.failed;
      }
    }
  } else if (choice.note) io.err(`note: ${terminalLine(choice.note)}\n`);

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
