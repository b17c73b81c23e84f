/**
 * `send` with a sign-in flow: when no token variable serves the request, a token is obtained from the flow whose
 * credentials are in the environment (Webex refresh, Huawei App ID or account sign-in, the meeting-control token
 * for the request's own `conferenceID`); when a token variable is set and the server refuses it, the flow
 * renews it and the request is sent once more. The command line keeps nothing between runs, so each run
 * obtains its own token: there is nothing stored to renew ahead of its end.
 */
import type { TokenInput } from '../../client/src/http';
import { huaweiTokenRejected } from '../../client/src/auth/huaweiLogin';
import type { CredentialSlot, PreparedRequest } from '../../common/requestSpec';
import { flowPlan, isFlowScheme, type FlowPlan } from '../token/credentials';
import { planWords, runPlan, type FlowRun } from '../token/flows';

export interface RequestPlan {
  slot: CredentialSlot;
  plan: FlowPlan;
}

/** The first credential slot of the request whose scheme has flow credentials in the environment. */
export function requestFlowPlan(
  req: PreparedRequest,
  env: Readonly<Record<string, string | undefined>>,
  onlyScheme?: string,
): RequestPlan | undefined {
  const conferenceId = req.query.find(([name]) => name === 'conferenceID')?.[1];
  for (const slot of req.credentials) {
    if (!isFlowScheme(slot.scheme) || (onlyScheme !== undefined && slot.scheme !== onlyScheme)) continue;
    // A control token is obtained with the host password only: the variable's token is the one being replaced.
    const plan = flowPlan(slot.scheme, env, conferenceId !== undefined ? { conferenceId } : {});
    if (plan) return { slot, plan };
  }
  return undefined;
}

/** The flow's token for the request's slot, with a note for stderr naming the flow and its variables. */
export async function tokenFromPlan(
  { slot, plan }: RequestPlan,
  run: FlowRun,
): Promise<{ token: TokenInput; note: string }> {
  const tokens = await runPlan(plan, run);
  return {
    token: { value: tokens.accessToken, slot, origin: tokens.origin },
    note: `${slot.header} from the ${planWords(plan)}`,
  };
}

/** Whether the answer says the token was refused, so obtaining another one can help. */
export function tokenRefused(scheme: string, status: number, bodyText: string): boolean {
  return scheme.startsWith('huawei') ? huaweiTokenRejected(status, bodyText) : status === 401;
}
