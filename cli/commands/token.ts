/**
 * `token <scheme> --env E`: obtains a token with the flow whose credentials are in the environment (the same flow
 * modules as the extension's Sign In), or checks the token variable already set, and prints when it expires —
 * never the token, unless --print is given and standard output is a terminal that is not a CI log. A token in a
 * pipe, a file or a build log outlives the run; on a terminal the user asked for it, and sees it.
 */
import { resolve } from 'node:path';
import { FlowError } from '../../client/src/auth/types';
import type { FlowProgress, TokenScheme, TokenSet } from '../../client/src/auth/types';
import { webexPersonalToken } from '../../client/src/auth/webexPersonal';
import { tokenHealth } from '../../client/src/tokenHealth';
import { DEFAULT_REQUEST_SETTINGS } from '../../common/settings';
import { loadCatalog } from '../catalogs';
import { EXIT, UsageError } from '../errors';
import { readText, type Io } from '../io';
import { oneOf, parseOptions } from '../options';
import { chooseBaseUrl } from '../send/baseUrl';
import { builtinSchemeOrigins, explicitOrigins, originRefusal, variableFor, type TokenOrigins } from '../send/token';
import { terminalLine } from '../terminal';
import { flowHelp, flowPlan, parseScheme } from '../token/credentials';
import { flowContext, planWords, runPlan, type FlowRun } from '../token/flows';

const MAX_CA_FILE_BYTES = 1024 * 1024;

/** Why --print is refused here, or undefined when standard output is a terminal the user reads. */
export function printRefusal(io: Pick<Io, 'stdoutIsTerminal' | 'env'>): string | undefined {
  if (io.stdoutIsTerminal !== true) {
    return '--print writes the token only to a terminal: standard output is a pipe or a file here, where the token would outlive this run.';
  }
  const ci = ['CI', 'GITHUB_ACTIONS', 'TF_BUILD', 'BUILDKITE', 'JENKINS_URL', 'GITLAB_CI'].find(
    (name) => (io.env[name] ?? '') !== '' && io.env[name] !== 'false',
  );
  if (ci) return `--print is refused in CI (${ci} is set): a build's terminal is a log.`;
  return undefined;
}

export async function tokenCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    env: { type: 'string' },
    'base-url': { type: 'string' },
    'conference-id': { type: 'string' },
    'token-origin': { type: 'string', multiple: true },
    print: { type: 'boolean' },
    device: { type: 'boolean' },
    format: { type: 'string', short: 'f' },
    cacert: { type: 'string' },
  });
  if (positionals.length !== 1) {
    throw new UsageError('token takes exactly one scheme, e.g. token webexBearer --env production.');
  }
  const scheme = parseScheme(positionals[0]);
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  // Refused before anything is sent: no token is obtained only to be withheld.
  if (values.print === true) {
    const refusal = printRefusal(io);
    if (refusal) throw new UsageError(refusal);
  }
  const catalog = await loadCatalog([], io);
  const origins: TokenOrigins = {
    byScheme: builtinSchemeOrigins(catalog.all()),
    explicit: explicitOrigins(values['token-origin'], io.env),
  };
  const servers = catalog.all().find((op) => op.credentials.some((c) => c.scheme === scheme))?.servers ?? [];
  // The base URL of the scheme's token endpoints: a built-in environment of the operations using it, or --base-url.
  const baseUrl = chooseBaseUrl(
    { env: values.env, baseUrl: values['base-url'], servers },
    'the token comes from',
    `no built-in server is documented for ${scheme}: give --base-url.`,
  );
  const ca = values.cacert !== undefined ? readText(resolve(io.cwd, values.cacert), MAX_CA_FILE_BYTES) : undefined;

  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  const run: FlowRun = {
    baseUrl,
    settings: DEFAULT_REQUEST_SETTINGS,
    env: io.env,
    origins,
    signal: controller.signal,
    ...(ca !== undefined ? { ca } : {}),
    progress: deviceProgress(io),
  };
  try {
    const got = await obtain(scheme, values['conference-id'], values.device === true, run, io);
    if (!got) {
      io.err(`meeting-payloads token: no credentials for ${scheme}: set ${flowHelp(scheme)}.\n`);
      return EXIT.usage;
    }
    report(got, format, values.print === true, io);
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof FlowError)) throw e;
    io.err(`meeting-payloads token: ${terminalLine(e.message)}\n`);
    return EXIT.failed;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

interface Got {
  tokens: Pick<TokenSet, 'scheme' | 'origin' | 'accessToken' | 'expiresAt' | 'refreshExpiresAt' | 'conferenceId'>;
  /** How it was obtained, in words, with the variables' names. */
  how: string;
  /** The refresh flow returned another refresh token than the one in the environment. */
  refreshRotated?: boolean;
  /** The device grant gave a refresh token: like every token, it is not printed, and nothing is stored. */
  refreshWithheld?: boolean;
}

/**
 * The device grant's code and link, and its waiting, on stderr (stdout carries only the result). The server's
 * words pass through terminalLine, so no escape sequence it sent reaches the terminal.
 */
function deviceProgress(io: Io): FlowProgress {
  return {
    deviceCode: (prompt) => {
      const minutes = Math.max(1, Math.round((prompt.expiresAt - Date.now()) / 60_000));
      const link = prompt.verificationUriComplete ?? prompt.verificationUri;
      io.err(
        `${terminalLine(`To sign in, open ${link} and enter the code ${prompt.userCode} (it works for ${minutes} min). Waiting for approval; Ctrl+C cancels.`)}\n`,
      );
    },
    report: (message) => {
      // The first line already says it waits; later ones (slow down, Retry-After) are worth a line each.
      if (!message.startsWith('Waiting for approval')) io.err(`${terminalLine(message)}\n`);
    },
  };
}

/** A flow when its credentials are set; else the scheme's token variable, checked where that can be asked. */
async function obtain(
  scheme: TokenScheme,
  conferenceId: string | undefined,
  device: boolean,
  run: FlowRun,
  io: Io,
): Promise<Got | undefined> {
  const variable = variableFor(scheme);
  const current = io.env[variable]?.trim() || undefined;
  const plan = flowPlan(scheme, io.env, {
    ...(device ? { device } : {}),
    ...(conferenceId !== undefined ? { conferenceId } : {}),
    ...(current !== undefined ? { currentControlToken: current } : {}),
  });
  if (plan) {
    const tokens = await runPlan(plan, run);
    const rotated = plan.flow === 'webex-refresh' && tokens.refreshToken !== plan.refreshToken;
    const refreshWithheld = plan.flow === 'webex-device' && tokens.refreshToken !== undefined;
    return {
      tokens,
      how: planWords(plan),
      ...(rotated ? { refreshRotated: true } : {}),
      ...(refreshWithheld ? { refreshWithheld } : {}),
    };
  }
  if (current === undefined) return undefined;
  const origin = new URL(run.baseUrl).origin;
  if (scheme === 'webexBearer') {
    // Webex says when the token it is called with ends (GET /v1/authorizations/tokenExpiry).
    const refused = originRefusal(scheme, origin, run.origins, `The token in ${variable}`);
    if (refused) throw new FlowError('protocol', `${refused} Nothing was sent.`);
    const tokens = await webexPersonalToken(current.replace(/^bearer\s+/i, ''), flowContext(run));
    return { tokens, how: `${variable}, its expiry asked from Webex` };
  }
  // Huawei has no call that tells a token's end without replacing it: say so rather than guess.
  return { tokens: { scheme, origin, accessToken: current }, how: `${variable} (not checked)` };
}

function report(got: Got, format: 'text' | 'json', print: boolean, io: Io): void {
  const t = got.tokens;
  const now = Date.now();
  const health = tokenHealth({ ...(t.expiresAt !== undefined ? { expiresAt: t.expiresAt } : {}) }, now);
  if (format === 'json') {
    io.out(
      `${JSON.stringify(
        {
          scheme: t.scheme,
          origin: t.origin,
          from: got.how,
          expiresAt: t.expiresAt !== undefined ? new Date(t.expiresAt).toISOString() : null,
          expiresInSeconds: health.leftMs !== undefined ? Math.floor(health.leftMs / 1000) : null,
          ...(t.refreshExpiresAt !== undefined ? { refreshExpiresAt: new Date(t.refreshExpiresAt).toISOString() } : {}),
          ...(t.conferenceId !== undefined ? { conferenceId: t.conferenceId } : {}),
          ...(got.refreshRotated ? { refreshTokenChanged: true } : {}),
          ...(print ? { accessToken: t.accessToken } : {}),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const when =
      t.expiresAt !== undefined ? `expires ${new Date(t.expiresAt).toISOString()} (${health.words})` : 'expiry unknown';
    const meeting = t.conferenceId !== undefined ? ` (meeting ${t.conferenceId})` : '';
    io.out(`${terminalLine(`${t.scheme} for ${t.origin}${meeting}: ${when}; from ${got.how}`)}\n`);
    if (print) io.out(`${terminalLine(t.accessToken)}\n`);
  }
  if (got.refreshWithheld) {
    io.err(
      'note: Webex also gave a refresh token; it is not printed and nothing is stored. Sign in again with --device when this token ends.\n',
    );
  }
  if (got.refreshRotated) {
    io.err(
      'note: Webex answered with a new refresh token; it is not printed. The one in WEBEX_REFRESH_TOKEN keeps working until its own end, unless Webex revoked it.\n',
    );
  }
}
