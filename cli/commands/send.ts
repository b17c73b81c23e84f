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
  type SendOptions,
} from '../../client/src/http';
import { loadCatalog, parseCatalogSpecs } from '../catalogs';
import { EXIT, UsageError } from '../errors';
import { readText, type Io } from '../io';
import { integer, oneOf, parseOptions } from '../options';
import { packageVersion } from '../paths';
import { resolveBaseUrl } from '../send/baseUrl';
import { printDrift, printOutcome, printSent } from '../send/print';
import { checkResponseReport } from '../report/response';
import { builtinSchemeOrigins, chooseToken, explicitOrigins } from '../send/token';
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
  const choice = chooseToken(req, baseUrl, io.env, {
    byScheme: builtinSchemeOrigins(catalog.all()),
    explicit: tokenOrigins,
  });
  if (choice.note) io.err(`note: ${terminalLine(choice.note)}\n`);
  else if (choice.variable) io.err(`note: ${choice.token!.slot.header} from ${choice.variable}\n`);

  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  // Retries (--retry) reuse the first attempt's connection.
  const pools = new ConnectionPools();
  const options: SendOptions = {
    baseUrl,
    settings,
    signal: controller.signal,
    proxy: proxyFromEnvironment(io.env, new URL(baseUrl)),
    userAgent: `meeting-payloads-cli/${packageVersion()}`,
    pools,
    ...(choice.token ? { token: choice.token } : {}),
    ...(ca !== undefined ? { ca } : {}),
  };
  try {
    const { outcome, attempts } = await sendWithRetry(sendRequest, req, options, {
      onRetry: (decision) => io.err(`note: ${terminalLine(decision.reason)}\n`),
    });
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
