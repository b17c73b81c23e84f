/**
 * What Send does for Huawei tokens (the adapter of auth/controlTokens.ts and huaweiSignIn.ts):
 * - an `updateStartedConfConfig` request gets its meeting-control token minted here, from the host password
 *   asked once (a password box; kept in memory only) and kept alive by the session's keeper;
 * - after Huawei refused a token (401, `USG.000000004`), a new one is obtained once — a new login from the stored
 *   credentials, or a new control token from the password in memory — so the refused request can be sent again.
 */
import * as vscode from 'vscode';
import type { PreparedRequest } from '../../../common/requestSpec';
import { ControlTokenKeeper, controlConferenceId } from '../auth/controlTokens';
import { huaweiControlToken } from '../auth/huaweiControl';
import { huaweiTokenRejected } from '../auth/huaweiLogin';
import { FlowError } from '../auth/types';
import type { SendOutcome, TokenInput } from '../http';
import type { Log } from '../log';
import type { Services } from '../services';
import { flowContext } from './flowContext';
import { reloginAfterRefusal } from './huaweiPlan';
import { huaweiRelogin } from './huaweiSignIn';
import { firstReport, renewOnce } from './renewToken';
import { recordFromTokenSet } from './signInPlan';

/** The session's one keeper (Services.control): Send mints with it, the status bar and the CodeLens read it. */
export function newControlKeeper(log: Pick<Log, 'info'>): ControlTokenKeeper {
  return new ControlTokenKeeper({
    mint: (input, baseUrl) => huaweiControlToken(input, flowContext(baseUrl)),
    setTimer: (run, ms) => {
      const t = setTimeout(run, ms);
      t.unref();
      return t;
    },
    clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
    log: (line) => log.info(line),
  });
}

/**
 * The control token to send with `req`: `none` when the request needs none (or the user pasted one: Set Token
 * still wins), `token` when one is held or was minted now, `stop` when the user cancelled or Huawei refused
 * (the reason, e.g. a meeting not in progress, was shown).
 */
export async function controlTokenForSend(
  services: Services,
  keeper: ControlTokenKeeper,
  req: PreparedRequest,
  origin: string,
  baseUrl: string,
  /** The pasted token was just refused: mint one even though a pasted token is stored. */
  pastedRefused = false,
): Promise<{ kind: 'none' } | { kind: 'token'; input: TokenInput } | { kind: 'stop' }> {
  const conferenceId = controlConferenceId(req);
  const slot = req.credentials.find((c) => c.scheme === 'huaweiConferenceAuthorization');
  if (conferenceId === undefined || !slot) return { kind: 'none' };
  if (!pastedRefused && !keeper.live(origin, conferenceId)) {
    const pasted = await services.tokens.getRecord(slot.scheme, origin).catch(() => undefined);
    if (pasted) return { kind: 'none' };
  }
  try {
    const tokens = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Meeting-control token for meeting ${conferenceId}` },
      () => keeper.tokenFor(baseUrl, origin, conferenceId, async () => await askHostPassword(conferenceId, origin)),
    );
    if (!tokens) return { kind: 'stop' };
    return { kind: 'token', input: { value: tokens.accessToken, slot, origin } };
  } catch (err) {
    const message =
      err instanceof FlowError ? err.message : 'Getting the meeting-control token failed; see the output channel.';
    services.log.warn(`Meeting-control token for meeting ${conferenceId} at ${origin}: ${message}`);
    void vscode.window.showErrorMessage(`${message} Nothing was sent.`);
    return { kind: 'stop' };
  }
}

function askHostPassword(conferenceId: string, origin: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `The host password of meeting ${conferenceId}`,
    prompt: `For its meeting-control token. Kept in memory for this session only, never stored; sent only to ${origin}.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.length === 0 ? 'Enter the host password.' : undefined),
  });
}

/**
 * After Huawei refused the token a request carried: a new token to send it again with, or undefined (not a
 * Huawei refusal, a pasted token, nothing stored, cancelled — the panel's notice then explains).
 */
export async function tokenAfterRejection(
  services: Services,
  keeper: ControlTokenKeeper,
  req: PreparedRequest,
  sent: TokenInput,
  outcome: SendOutcome,
  baseUrl: string,
): Promise<TokenInput | undefined> {
  if (outcome.kind !== 'response' || !huaweiTokenRejected(outcome.status, outcome.bodyText)) return undefined;
  const { slot, origin } = sent;
  try {
    if (slot.scheme === 'huaweiAccessToken') {
      const record = await services.tokens.getRecord(slot.scheme, origin).catch(() => undefined);
      if (record?.flow !== 'huawei-app-id' && record?.flow !== 'huawei-account') return undefined;
      if (record.token !== sent.value) return undefined;
      // One login for the slot: another refused Send under way is awaited, not repeated; a renewal under way is
      // awaited too, and when it renewed nothing (it found the refused token not due) this login follows it.
      const renewed = await renewOnce(
        services,
        slot.scheme,
        origin,
        async (profile) =>
          reloginAfterRefusal(
            await services.tokens.getRecord(slot.scheme, origin, profile).catch(() => undefined),
            sent.value,
            async () => {
              const set = await huaweiRelogin(services, origin, baseUrl, 'log in again (Huawei refused the token)');
              if (!set) return undefined;
              const next = recordFromTokenSet(set, Date.now(), baseUrl);
              await services.tokens.set(slot.scheme, origin, next, profile);
              return next;
            },
          ),
        'forced',
      ).promise;
      return renewed ? { value: renewed.token, slot, origin } : undefined;
    }
    const conferenceId = controlConferenceId(req);
    if (slot.scheme === 'huaweiConferenceAuthorization' && conferenceId !== undefined) {
      if (!keeper.rejected(origin, conferenceId)) {
        // A pasted control token (Set Token) that Huawei refused is stale: mint one from the host password. The
        // pasted one stays stored (nothing the user gave is dropped); the held token is used while it lives.
        const pasted = await services.tokens.getRecord(slot.scheme, origin).catch(() => undefined);
        if (pasted?.token !== sent.value) return undefined;
        services.log.info(
          `The pasted meeting-control token for ${origin} was refused; getting one for meeting ${conferenceId} from the host password.`,
        );
      }
      const next = await controlTokenForSend(services, keeper, req, origin, baseUrl, true);
      return next.kind === 'token' ? next.input : undefined;
    }
  } catch (err) {
    const message = err instanceof FlowError ? err.message : 'see the output channel';
    services.log.warn(`Logging in again at ${origin} failed: ${message}`);
    if (firstReport(err)) {
      void vscode.window.showWarningMessage(`Huawei refused the token, and logging in again failed: ${message}`);
    }
  }
  return undefined;
}
