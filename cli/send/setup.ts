/**
 * What `send` and `diff` share before a socket opens: the options of where and how a request goes, the request
 * settings, the file prepared by the language server's own code, and the token (a variable or a sign-in flow,
 * only to the origins bound to it). One copy, so `diff`'s read obeys every rule `send` does.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { prepareRequest } from '../../server/src/features/prepareRequest';
import type { Catalog } from '../../server/src/catalog/catalog';
import { MAX_SEND_DOCUMENT_BYTES, type PreparedRequest } from '../../common/requestSpec';
import { DEFAULT_REQUEST_SETTINGS, DEFAULT_SERVER_SETTINGS, type RequestSettings } from '../../common/settings';
import { ConnectionPools, proxyFromEnvironment, type SendOptions, type TokenInput } from '../../client/src/http';
import { FlowError } from '../../client/src/auth/types';
import { loadCatalog, parseCatalogSpecs } from '../catalogs';
import { EXIT } from '../errors';
import { readText, type Io } from '../io';
import { integer } from '../options';
import { packageVersion } from '../paths';
import { chooseBaseUrl } from './baseUrl';
import { requestFlowPlan, tokenFromPlan } from './flowToken';
import { builtinSchemeOrigins, chooseToken, explicitOrigins, originRefusal, type TokenOrigins } from './token';
import { planWords, type FlowRun } from '../token/flows';
import { terminalLine } from '../terminal';

/** A CA bundle is text of a few hundred kilobytes (Mozilla's whole store is about 220 KB). */
const MAX_CA_FILE_BYTES = 1024 * 1024;

/** The options of where and how a request goes, common to `send` and `diff`. */
export const REQUEST_OPTIONS = {
  env: { type: 'string' },
  'base-url': { type: 'string' },
  force: { type: 'boolean' },
  'connect-timeout': { type: 'string' },
  'headers-timeout': { type: 'string' },
  timeout: { type: 'string' },
  'max-response-bytes': { type: 'string' },
  cacert: { type: 'string' },
  format: { type: 'string', short: 'f' },
  catalog: { type: 'string', multiple: true },
  'token-origin': { type: 'string', multiple: true },
} as const;

type Values = Record<string, string | boolean | string[] | undefined>;
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function requestSettings(values: Values, retry: boolean): RequestSettings {
  const d = DEFAULT_REQUEST_SETTINGS;
  return {
    connectTimeoutMs: integer('connect-timeout', text(values['connect-timeout']), d.connectTimeoutMs, 100, 600_000),
    headersTimeoutMs: integer('headers-timeout', text(values['headers-timeout']), d.headersTimeoutMs, 100, 600_000),
    totalTimeoutMs: integer('timeout', text(values.timeout), d.totalTimeoutMs, 100, 3_600_000),
    maxResponseBytes: integer(
      'max-response-bytes',
      text(values['max-response-bytes']),
      d.maxResponseBytes,
      1024,
      512 * 1024 * 1024,
    ),
    autoRetry: { ...d.autoRetry, enabled: retry },
  };
}

/** The extra CA certificate of `--cacert`, read with the same bound as any input. */
export function caFrom(values: Values, io: Io): string | undefined {
  const file = text(values.cacert);
  return file !== undefined ? readText(resolve(io.cwd, file), MAX_CA_FILE_BYTES) : undefined;
}

/** A run of requests (`send`, `diff`): its catalog, settings, token origins, interruption and connections. */
export interface RequestRun {
  catalog: Catalog;
  settings: RequestSettings;
  origins: TokenOrigins;
  signal: AbortSignal;
  /** The request `file` describes, or the exit code after saying why not (see prepareFile). */
  prepare(file: string, what: string): PreparedRequest | number;
  /** Where requests go, chosen by --env or --base-url for the operation of `req`. */
  aim(req: PreparedRequest): AimedRun;
  /** Stops listening for Ctrl+C and closes every connection; call it once, in a `finally`. */
  close(): Promise<void>;
}

export interface AimedRun {
  baseUrl: string;
  /** For sign-in flows (token endpoints at the same base URL). */
  flow: FlowRun;
  /** The options of a send with `token`, sharing the run's connections: a retry or a second request reuses them. */
  sendOptions: (token: TokenInput | undefined) => SendOptions;
}

/**
 * Sets up a run of requests from the options of REQUEST_OPTIONS: settings (`retry`: --retry), CA, token origins,
 * catalog, Ctrl+C (aborts what is under way) and one pool of connections per origin.
 */
export async function startRequestRun(values: Values, io: Io, retry: boolean): Promise<RequestRun> {
  const settings = requestSettings(values, retry);
  const ca = caFrom(values, io);
  const explicit = explicitOrigins(values['token-origin'] as string[] | undefined, io.env);
  const catalog = await loadCatalog(parseCatalogSpecs(values.catalog as string[] | undefined), io);
  const origins: TokenOrigins = { byScheme: builtinSchemeOrigins(catalog.all()), explicit };
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  const pools = new ConnectionPools();
  const withCa = ca !== undefined ? { ca } : {};
  return {
    catalog,
    settings,
    origins,
    signal: controller.signal,
    prepare: (file, what) => prepareFile(file, io, catalog, values.force === true, what),
    aim(req) {
      const baseUrl = chooseBaseUrl(
        { env: text(values.env), baseUrl: text(values['base-url']), servers: req.serverUrls },
        'the request goes',
        `${req.operationId} documents no absolute server URL: give --base-url.`,
      );
      const proxy = proxyFromEnvironment(io.env, new URL(baseUrl));
      return {
        baseUrl,
        flow: { baseUrl, settings, env: io.env, origins, signal: controller.signal, ...withCa },
        sendOptions: (token) => ({
          baseUrl,
          settings,
          signal: controller.signal,
          proxy,
          userAgent: `meeting-payloads-cli/${packageVersion()}`,
          pools,
          ...(token ? { token } : {}),
          ...withCa,
        }),
      };
    },
    async close() {
      process.removeListener('SIGINT', onInterrupt);
      await pools.close();
    },
  };
}

/**
 * The request a file describes, or the exit code after saying why not. Validation problems are printed; an
 * invalid file goes on only with --force (`what`: "sent", "compared").
 */
export function prepareFile(
  file: string,
  io: Io,
  catalog: Catalog,
  force: boolean,
  what: string,
): PreparedRequest | number {
  const path = resolve(io.cwd, file);
  const source = readText(path, MAX_SEND_DOCUMENT_BYTES);
  const prepared = prepareRequest(
    TextDocument.create(pathToFileURL(path).href, 'meeting-json', 1, source),
    catalog,
    DEFAULT_SERVER_SETTINGS,
  );
  if (!prepared.ok) {
    io.err(`${terminalLine(`${file}: error: ${prepared.reason}`)}\nNot ${what}.\n`);
    return EXIT.failed;
  }
  const { validation } = prepared.request;
  if (!validation.valid) {
    for (const m of validation.messages) {
      io.err(`${terminalLine(`${file}:${m.replace(/ (error|warning):/, ': $1:')}`)}\n`);
    }
    if (!force) {
      const anyway = what === 'sent' ? 'sends it' : 'goes on';
      io.err(`${terminalLine(file)} has ${validation.errorCount} error(s): not ${what} (--force ${anyway} anyway).\n`);
      return EXIT.failed;
    }
    io.err(`note: ${what === 'sent' ? 'sending' : 'going on'} despite the errors (--force).\n`);
  }
  return prepared.request;
}

export interface ChosenToken {
  token: TokenInput | undefined;
  choice: ReturnType<typeof chooseToken>;
  flowPlan: ReturnType<typeof requestFlowPlan>;
}

/**
 * The token for `req` at `run.baseUrl`: from its variable, else from a sign-in flow whose credentials are in the
 * environment, never to an origin it is not bound to. The exit code when a flow was due and failed.
 */
export async function chooseRequestToken(
  req: PreparedRequest,
  io: Io,
  origins: TokenOrigins,
  run: FlowRun,
  what: string,
): Promise<ChosenToken | number> {
  const choice = chooseToken(req, run.baseUrl, io.env, origins);
  // Flow credentials (WEBEX_CLIENT_ID…, HUAWEI_APP_ID…): a token when no variable gives one, a renewal on refusal.
  const flowPlan = requestFlowPlan(req, io.env, choice.token?.slot.scheme);
  let token = choice.token;
  if (token) io.err(`note: ${token.slot.header} from ${choice.variable}\n`);
  else if (flowPlan) {
    const origin = new URL(run.baseUrl).origin;
    // Like a token variable: to an origin its credentials may not go to, the request goes without a token.
    const refused = originRefusal(flowPlan.slot.scheme, origin, origins, `The ${planWords(flowPlan.plan)}`);
    if (refused) io.err(`note: ${terminalLine(refused)}\n`);
    else {
      try {
        const got = await tokenFromPlan(flowPlan, run);
        token = got.token;
        io.err(`note: ${terminalLine(got.note)}\n`);
      } catch (e) {
        if (!(e instanceof FlowError)) throw e;
        io.err(`${terminalLine(`error: no token: ${e.message}`)}\nNot ${what}.\n`);
        return EXIT.failed;
      }
    }
  } else if (choice.note) io.err(`note: ${terminalLine(choice.note)}\n`);
  return { token, choice, flowPlan };
}
