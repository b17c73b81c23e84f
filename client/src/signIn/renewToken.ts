/**
 * Renewal before Send: a signed-in token near or past its end (the one gate: auth/renew.ts renewalDue) is renewed
 * first, so an expired token is replaced rather than sent or refused — a Webex token with its refresh token, a
 * Huawei token by a new login from the stored credentials. A failed renewal is said plainly; a refused refresh
 * token is dropped from the record so it is not tried on every send (Sign In gets a new one). One renewal per
 * token slot runs at a time (auth/singleFlight.ts): Sends, the background timer and the re-login after a refused
 * Huawei token that meet it await it, and its failure is told once.
 */
import * as vscode from 'vscode';
import type { CredentialSlot } from '../../../common/requestSpec';
import { renewIfNeeded, renewalDue } from '../auth/renew';
import type { RenewOps } from '../auth/renew';
import { SingleFlight, tokenSlotKey } from '../auth/singleFlight';
import type { Flight, Reach } from '../auth/singleFlight';
import { FlowError } from '../auth/types';
import { refreshWebex } from '../auth/webexRefresh';
import type { FlowKind, TokenScheme, TokenSet } from '../auth/types';
import type { Services } from '../services';
import type { TokenRecord } from '../tokens';
import { flowContext } from './flowContext';
import { huaweiRelogin } from './huaweiSignIn';
import { decodeIntegration, recordFromTokenSet, refreshCredentialsKey, signInSupport } from './signInPlan';

/** The renewals under way, by token slot; each resolves to the record it stored (undefined: nothing renewed). */
const renewals = new SingleFlight<TokenRecord>();

/**
 * Runs `work` (a renewal that stores and returns the new record) for the active profile's token of `scheme` at
 * `origin`, unless one of at least its `reach` is under way for that slot: then the caller gets that one. After
 * one of less reach that renewed nothing (a quiet one that would have had to ask, one that found the token not
 * due), `work` runs (auth/singleFlight.ts).
 */
export function renewOnce(
  services: Services,
  scheme: string,
  origin: string,
  work: (profile: string) => Promise<TokenRecord | undefined>,
  reach: Reach,
): Flight<TokenRecord> {
  const profile = services.tokens.activeProfile(scheme, origin);
  return renewals.run(tokenSlotKey({ scheme, origin, profile }), () => work(profile), reach);
}

/** True for the first caller to report a renewal's failure (never a cancellation); those that shared it stay quiet. */
export function firstReport(error: unknown): boolean {
  return renewals.firstReport(error);
}

export async function renewDueTokens(
  services: Services,
  slots: readonly CredentialSlot[],
  origin: string,
  baseUrl: string,
): Promise<void> {
  for (const slot of slots) {
    const record = await services.tokens.getRecord(slot.scheme, origin).catch(() => undefined);
    if (!record) continue;
    try {
      await renewStored(services, slot, origin, baseUrl, record, false);
    } catch (err) {
      if (!firstReport(err)) continue;
      const message = err instanceof FlowError ? err.message : 'see the output channel';
      void vscode.window.showWarningMessage(`Could not renew the ${slot.label} for ${origin}: ${message}`);
    }
  }
}

/**
 * Renews one stored record when the gate says it is due (auth/renew.ts), and stores the result: true when renewed.
 * Send's renewal and the background timer (renewInBackground.ts) both come here. `quiet` (the timer): no
 * progress notice and nothing asked — a flow that would have to ask is left to Send (false). A failure is logged
 * and thrown; a refused refresh token is dropped from the record so it is not tried again (Sign In gets a new one).
 * A renewal of the same slot already under way is awaited instead of started again; when it was the timer's and
 * renewed nothing (it would have had to ask), Send's runs right after it and asks.
 */
export async function renewStored(
  services: Services,
  slot: Pick<CredentialSlot, 'scheme' | 'label'>,
  origin: string,
  baseUrl: string,
  record: TokenRecord,
  quiet: boolean,
): Promise<boolean> {
  const support = signInSupport(slot.scheme, slot.label);
  // A pasted token (no flow) is never renewed: the gate says so before anything is read or asked.
  if (!support.flow || record.flow === undefined || !renewalDue(record, Date.now())) return false;
  const flow = support.flow;
  const flight = renewOnce(
    services,
    slot.scheme,
    origin,
    (profile) => renewNow(services, slot, flow, origin, baseUrl, profile, quiet),
    quiet ? 'quiet' : 'asking',
  );
  if (!flight.joined) return (await flight.promise) !== undefined;
  services.log.info(`The ${slot.label} for ${origin} is being renewed already; waiting for that renewal.`);
  const renewed = quiet
    ? await flight.promise
    : await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Renewing the ${slot.label} for ${origin}` },
        () => flight.promise,
      );
  return renewed !== undefined;
}

/** The renewal itself, on the record as stored now: a renewal that ended meanwhile leaves nothing due. */
async function renewNow(
  services: Services,
  slot: Pick<CredentialSlot, 'scheme' | 'label'>,
  supported: 'webex-device' | 'huawei-login',
  origin: string,
  baseUrl: string,
  profile: string,
  quiet: boolean,
): Promise<TokenRecord | undefined> {
  const record = await services.tokens.getRecord(slot.scheme, origin, profile).catch(() => undefined);
  const flow = record?.flow;
  if (!record || flow === undefined || !renewalDue(record, Date.now())) return undefined;
  const current = {
    ...tokenSetOf({ ...record, flow }, slot.scheme as TokenScheme, origin),
    ...(record.obtainedAt !== undefined ? { obtainedAt: record.obtainedAt } : {}),
  };
  try {
    const ops =
      supported === 'webex-device'
        ? await webexOps(services, origin, baseUrl, flow, quiet)
        : huaweiOps(services, origin, baseUrl, quiet);
    if (!ops) return undefined;
    const renewed = await renewIfNeeded(current, ops, Date.now());
    if (renewed.how === 'kept') return undefined;
    const next = recordFromTokenSet(renewed.tokens, Date.now(), baseUrl);
    await services.tokens.set(slot.scheme, origin, next, profile);
    services.log.info(`${slot.label} (${slot.scheme}) renewed for ${origin}${quiet ? ' in the background' : ''}.`);
    return next;
  } catch (err) {
    const message = err instanceof FlowError ? err.message : 'see the output channel';
    // Quiet, a flow that would have had to ask renewed nothing: a Send that joined this renewal then asks.
    if (quiet && err instanceof FlowError && err.code === 'cancelled') {
      services.log.info(`The ${slot.label} for ${origin} was not renewed in the background: ${message}`);
      return undefined;
    }
    services.log.warn(`Renewing the ${slot.label} for ${origin} failed: ${message}`);
    if (err instanceof FlowError && err.code === 'invalid-grant' && record.refreshToken !== undefined) {
      const { refreshToken: _gone, refreshExpiresAt: _alsoGone, ...rest } = record;
      await services.tokens.set(slot.scheme, origin, rest, profile).catch(() => undefined);
    }
    throw err;
  }
}

/** A stored record as the flow's token set (what the renewal gate and the flows read). */
export function tokenSetOf(record: TokenRecord & { flow: string }, scheme: TokenScheme, origin: string): TokenSet {
  return {
    scheme,
    origin,
    accessToken: record.token,
    flow: record.flow as FlowKind,
    ...(record.expiresAt !== undefined ? { expiresAt: record.expiresAt } : {}),
    ...(record.refreshToken !== undefined ? { refreshToken: record.refreshToken } : {}),
    ...(record.refreshExpiresAt !== undefined ? { refreshExpiresAt: record.refreshExpiresAt } : {}),
  };
}

/**
 * Webex: refresh with the client id and secret stored for the origin — the integration's, or the service app's
 * for its tokens (none stored: nothing to renew with).
 */
async function webexOps(
  services: Services,
  origin: string,
  baseUrl: string,
  flow: string,
  quiet: boolean,
): Promise<RenewOps | undefined> {
  const integration = decodeIntegration(
    await services.context.secrets.get(refreshCredentialsKey(flow, origin)).then(undefined, () => undefined),
  );
  if (!integration) return undefined;
  const refresh = (t: TokenSet): Promise<TokenSet> => refreshWebex(t, integration, flowContext(baseUrl));
  return {
    refresh: async (t) =>
      quiet
        ? await refresh(t)
        : await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `Renewing the Webex token for ${origin}` },
            () => refresh(t),
          ),
  };
}

/** Huawei: a new login from the stored credentials; nothing stored, cancelled (or, quiet, a password to ask) leaves the token. */
function huaweiOps(services: Services, origin: string, baseUrl: string, quiet: boolean): RenewOps {
  return {
    signIn: async () => {
      const set = await huaweiRelogin(services, origin, baseUrl, 'renew the token', quiet);
      if (!set) throw new FlowError('cancelled', 'The Huawei token was not renewed.');
      return set;
    },
  };
}
