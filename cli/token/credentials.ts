/**
 * Which sign-in flow the command line runs for a security scheme, from environment variables only (never an
 * argument: shell history and `ps` would keep a client secret, an App Key or a host password). Pure: the plan
 * says what to call and which variables it came from (names only), flows.ts runs it with the flow modules of
 * client/src/auth, the same code the extension's Sign In runs.
 */
import type {
  HuaweiAccountCredentials,
  HuaweiAppIdCredentials,
  HuaweiControlInput,
  TokenScheme,
  WebexIntegrationCredentials,
} from '../../client/src/auth/types';
import { UsageError } from '../errors';

/** The variables the flows read, by what they hold. */
export const FLOW_VARIABLES = {
  webexClientId: 'WEBEX_CLIENT_ID',
  webexClientSecret: 'WEBEX_CLIENT_SECRET',
  webexRefreshToken: 'WEBEX_REFRESH_TOKEN',
  huaweiAppId: 'HUAWEI_APP_ID',
  huaweiAppKey: 'HUAWEI_APP_KEY',
  huaweiUserId: 'HUAWEI_USER_ID',
  huaweiCorpId: 'HUAWEI_CORP_ID',
  huaweiAccount: 'HUAWEI_ACCOUNT',
  huaweiPassword: 'HUAWEI_PASSWORD',
  huaweiHostPassword: 'HUAWEI_HOST_PASSWORD',
} as const;

/** The schemes a flow can obtain a token for (the built-in catalog's security schemes). */
export const FLOW_SCHEMES: readonly TokenScheme[] = [
  'webexBearer',
  'huaweiAccessToken',
  'huaweiConferenceAuthorization',
];

export function isFlowScheme(scheme: string): scheme is TokenScheme {
  return (FLOW_SCHEMES as readonly string[]).includes(scheme);
}

/** Short names accepted by `token` besides the scheme names. */
const SCHEME_ALIASES: Record<string, TokenScheme> = {
  webex: 'webexBearer',
  huawei: 'huaweiAccessToken',
  'huawei-control': 'huaweiConferenceAuthorization',
};

/** `webexBearer`, `webex`… → the scheme; anything else is a usage error listing what exists. */
export function parseScheme(name: string): TokenScheme {
  if (isFlowScheme(name)) return name;
  const alias = Object.hasOwn(SCHEME_ALIASES, name) ? SCHEME_ALIASES[name] : undefined;
  if (alias) return alias;
  const names = FLOW_SCHEMES.map((s) => s).join(', ');
  const aliases = Object.entries(SCHEME_ALIASES)
    .map(([a, s]) => `${a} = ${s}`)
    .join(', ');
  throw new UsageError(`there is no sign-in for "${name}": choose one of ${names} (or ${aliases}).`);
}

export type FlowPlan =
  | {
      flow: 'webex-refresh';
      creds: Pick<WebexIntegrationCredentials, 'clientId' | 'clientSecret'>;
      refreshToken: string;
      variables: string[];
    }
  | { flow: 'webex-device'; creds: Pick<WebexIntegrationCredentials, 'clientId' | 'clientSecret'>; variables: string[] }
  | { flow: 'huawei-app-id'; creds: HuaweiAppIdCredentials; variables: string[] }
  | { flow: 'huawei-account'; creds: HuaweiAccountCredentials; variables: string[] }
  | { flow: 'huawei-control'; input: HuaweiControlInput; variables: string[] };

type Env = Readonly<Record<string, string | undefined>>;

function value(env: Env, name: string): string | undefined {
  const v = env[name];
  return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
}

/** All of `names` set → their values; some set → a usage error naming the missing ones; none → undefined. */
function group(env: Env, names: readonly string[], what: string): string[] | undefined {
  const values = names.map((n) => value(env, n));
  const set = values.filter((v) => v !== undefined).length;
  if (set === 0) return undefined;
  if (set < names.length) {
    const missing = names.filter((_, i) => values[i] === undefined);
    throw new UsageError(
      `${what} needs ${names.join(', ')}; ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set.`,
    );
  }
  return values as string[];
}

export interface PlanOptions {
  /** The meeting a control token is for (`--conference-id`, or the request's `conferenceID`). */
  conferenceId?: string;
  /** The control token to keep alive (HUAWEI_CONFERENCE_TOKEN), used when no host password is set. */
  currentControlToken?: string;
  /** `--device`: a Webex sign-in with the device grant (the integration's client id and secret), not a refresh. */
  device?: boolean;
}

/**
 * The flow whose credentials are set for `scheme`, or undefined when none are. A partly set group (a client id
 * without its secret) is a usage error, so a typo is not silently a send without a token.
 */
export function flowPlan(scheme: TokenScheme, env: Env, options: PlanOptions = {}): FlowPlan | undefined {
  const v = FLOW_VARIABLES;
  if (options.device === true) {
    if (scheme !== 'webexBearer') throw new UsageError('--device is the Webex device grant: use it with webexBearer.');
    const names = [v.webexClientId, v.webexClientSecret];
    const got = group(env, names, 'The Webex device grant');
    if (!got) throw new UsageError(`--device needs the integration's ${names.join(' and ')}.`);
    const [clientId, clientSecret] = got as [string, string];
    return { flow: 'webex-device', creds: { clientId, clientSecret }, variables: names };
  }
  if (scheme === 'webexBearer') {
    const names = [v.webexClientId, v.webexClientSecret, v.webexRefreshToken];
    const got = group(env, names, 'The Webex integration refresh');
    if (!got) return undefined;
    const [clientId, clientSecret, refreshToken] = got as [string, string, string];
    return { flow: 'webex-refresh', creds: { clientId, clientSecret }, refreshToken, variables: names };
  }
  if (scheme === 'huaweiAccessToken') {
    const app = group(env, [v.huaweiAppId, v.huaweiAppKey], 'Huawei App ID sign-in');
    const account = group(env, [v.huaweiAccount, v.huaweiPassword], 'Huawei account sign-in');
    if (app && account) {
      throw new UsageError(
        `both ${v.huaweiAppId}/${v.huaweiAppKey} and ${v.huaweiAccount}/${v.huaweiPassword} are set: unset the pair you do not mean.`,
      );
    }
    if (app) {
      const [appId, appKey] = app as [string, string];
      const userId = value(env, v.huaweiUserId);
      const corpId = value(env, v.huaweiCorpId);
      return {
        flow: 'huawei-app-id',
        creds: { appId, appKey, ...(userId ? { userId } : {}), ...(corpId ? { corpId } : {}) },
        variables: [
          v.huaweiAppId,
          v.huaweiAppKey,
          ...(userId ? [v.huaweiUserId] : []),
          ...(corpId ? [v.huaweiCorpId] : []),
        ],
      };
    }
    if (account) {
      const [acc, password] = account as [string, string];
      return {
        flow: 'huawei-account',
        creds: { account: acc, password },
        variables: [v.huaweiAccount, v.huaweiPassword],
      };
    }
    return undefined;
  }
  const hostPassword = value(env, v.huaweiHostPassword);
  const current = options.currentControlToken;
  if (hostPassword === undefined && current === undefined) return undefined;
  if (options.conferenceId === undefined || options.conferenceId.trim() === '') {
    throw new UsageError('a meeting-control token is for one meeting: give its conferenceID (--conference-id).');
  }
  return {
    flow: 'huawei-control',
    input: {
      conferenceId: options.conferenceId.trim(),
      ...(hostPassword !== undefined ? { hostPassword } : { currentControlToken: current }),
    },
    variables: hostPassword !== undefined ? [v.huaweiHostPassword] : ['HUAWEI_CONFERENCE_TOKEN'],
  };
}

/** What to set for `scheme`, in words, when nothing is. */
export function flowHelp(scheme: TokenScheme): string {
  const v = FLOW_VARIABLES;
  switch (scheme) {
    case 'webexBearer':
      return `${v.webexClientId}, ${v.webexClientSecret} and ${v.webexRefreshToken} (an integration), or WEBEX_TOKEN (a personal access token)`;
    case 'huaweiAccessToken':
      return `${v.huaweiAppId} and ${v.huaweiAppKey} (optionally ${v.huaweiUserId}, ${v.huaweiCorpId}), or ${v.huaweiAccount} and ${v.huaweiPassword}, or HUAWEI_ACCESS_TOKEN`;
    case 'huaweiConferenceAuthorization':
      return `${v.huaweiHostPassword} (with the meeting's conferenceID), or HUAWEI_CONFERENCE_TOKEN`;
  }
}

/** Every value a plan carries that must never be printed (masked in every message as a second guard). */
export function planSecrets(plan: FlowPlan): string[] {
  switch (plan.flow) {
    case 'webex-refresh':
      return [plan.creds.clientSecret, plan.refreshToken];
    case 'webex-device':
      return [plan.creds.clientSecret];
    case 'huawei-app-id':
      return [plan.creds.appKey];
    case 'huawei-account':
      return [plan.creds.password];
    case 'huawei-control':
      return [plan.input.hostPassword, plan.input.currentControlToken].filter((s): s is string => s !== undefined);
  }
}
