/**
 * Runs a sign-in plan (credentials.ts) with the extension's own flow modules (client/src/auth): one copy of each
 * flow, whether Sign In in VS Code or `meeting-payloads token`/`send` calls it. The token endpoint is on the
 * environment's base URL, and the credentials go there only when its origin is one the scheme's tokens may go to
 * (the rule `send` applies to tokens): a `--base-url` elsewhere never receives a client secret or an App Key.
 */
import { huaweiControlToken } from '../../client/src/auth/huaweiControl';
import { signInHuaweiAccount, signInHuaweiAppId } from '../../client/src/auth/huaweiLogin';
import { SecretSet } from '../../client/src/auth/transport';
import { FlowError } from '../../client/src/auth/types';
import type { FlowContext, FlowProgress, TokenSet } from '../../client/src/auth/types';
import { signInWebexDevice } from '../../client/src/auth/webexDevice';
import { refreshWebexToken } from '../../client/src/auth/webexRefresh';
import { proxyFromEnvironment } from '../../client/src/http/proxy';
import type { RequestSettings } from '../../common/settings';
import { originRefusal, type TokenOrigins } from '../send/token';
import { planSecrets, type FlowPlan } from './credentials';

/** What the flows need besides the plan; the same for every flow of one run. */
export interface FlowRun {
  baseUrl: string;
  settings: RequestSettings;
  env: Readonly<Record<string, string | undefined>>;
  origins: TokenOrigins;
  signal?: AbortSignal;
  ca?: string;
  /** What a flow shows while it runs (the device grant's code and link): the command line writes it to stderr. */
  progress?: FlowProgress;
}

export function flowContext(run: FlowRun): FlowContext {
  return {
    baseUrl: run.baseUrl,
    settings: run.settings,
    proxy: proxyFromEnvironment(run.env, new URL(run.baseUrl)),
    ...(run.signal ? { signal: run.signal } : {}),
    ...(run.ca !== undefined ? { ca: run.ca } : {}),
    ...(run.progress ? { progress: run.progress } : {}),
  };
}

/** Plain words for what a plan does, for stderr: "Webex refresh with WEBEX_CLIENT_ID, …". Never a value. */
export function planWords(plan: FlowPlan): string {
  const what = {
    'webex-refresh': 'Webex integration refresh',
    'webex-device': 'Webex integration device grant',
    'huawei-app-id': 'Huawei App ID sign-in',
    'huawei-account': 'Huawei account sign-in',
    'huawei-control': 'Huawei meeting-control token',
  }[plan.flow];
  return `${what} with ${plan.variables.join(', ')}`;
}

function schemeOf(plan: FlowPlan): TokenSet['scheme'] {
  return plan.flow === 'webex-refresh' || plan.flow === 'webex-device'
    ? 'webexBearer'
    : plan.flow === 'huawei-control'
      ? 'huaweiConferenceAuthorization'
      : 'huaweiAccessToken';
}

/**
 * Obtains a token with the plan's flow. Throws {@link FlowError} (code `protocol`) before any call when the
 * origin is not one the credentials may go to; every other failure is the flow's own, already in words.
 */
export async function runPlan(plan: FlowPlan, run: FlowRun): Promise<TokenSet> {
  const origin = new URL(run.baseUrl).origin;
  const refused = originRefusal(schemeOf(plan), origin, run.origins, `The ${planWords(plan)}`);
  if (refused) throw new FlowError('protocol', `${refused} Nothing was sent.`);
  const ctx = flowContext(run);
  const secrets = new SecretSet().add(...planSecrets(plan));
  try {
    switch (plan.flow) {
      case 'webex-refresh':
        return await refreshWebexToken(plan.creds, { refreshToken: plan.refreshToken }, ctx);
      case 'webex-device':
        return await signInWebexDevice(plan.creds, ctx);
      case 'huawei-app-id':
        return await signInHuaweiAppId(plan.creds, ctx);
      case 'huawei-account':
        return await signInHuaweiAccount(plan.creds, ctx);
      case 'huawei-control':
        return await huaweiControlToken(plan.input, ctx);
    }
  } catch (e) {
    // The flows mask what they were given; mask again, so a message can never carry a plan's secret.
    if (e instanceof FlowError) throw new FlowError(e.code, secrets.mask(e.message), e.vendorCode);
    throw new FlowError('protocol', secrets.mask(e instanceof Error ? e.message : String(e)));
  }
}
