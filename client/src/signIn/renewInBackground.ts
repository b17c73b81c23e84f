/**
 * The background renewal's adapter (auth/renewalTimer.ts): which stored tokens may renew while nothing is sent —
 * the active profile's, from a flow that renews without asking (a Webex refresh token with its stored client id
 * and secret, a Huawei login from an App ID or an account whose password is kept), at a base URL on the token's own
 * origin (renewalBase.ts: the one it was signed in at, else the one its token endpoints have there) — and the
 * renewal itself, through Send's (renewToken.ts `renewStored`, quiet). Failures, and why a token without a known
 * base URL renews only on Send, are the timer's, for the status bar; nothing here opens a dialog.
 */
import * as vscode from 'vscode';
import { renewalMeans } from '../auth/renew';
import { RenewalTimer, renewalKey } from '../auth/renewalTimer';
import type { RenewalCandidate } from '../auth/renewalTimer';
import { FlowError } from '../auth/types';
import { readEnvironments } from '../config';
import type { Services } from '../services';
import { shortTokenName } from '../tokenHealth';
import type { TokenRecord } from '../tokens';
import { isTokenKey } from '../tokens';
import { needsPassword } from './huaweiPlan';
import { readHuaweiStored } from './huaweiSignIn';
import { renewalBaseUrl } from './renewalBase';
import type { RenewalBase } from './renewalBase';
import { renewStored } from './renewToken';
import { decodeIntegration, refreshCredentialsKey, signInSupport } from './signInPlan';

interface StoredCandidate extends RenewalCandidate {
  scheme: string;
  origin: string;
  base: RenewalBase;
  record: TokenRecord;
}

/** The longest delay setTimeout takes (about 24.8 days); a later renewal is set again when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function startBackgroundRenewal(
  services: Services,
): { timer: RenewalTimer<StoredCandidate>; onDidChange: vscode.Event<void> } & vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const timer = new RenewalTimer<StoredCandidate>({
    candidates: () => backgroundCandidates(services),
    renew: async (c) => {
      // Not tried again until the token changes (a new sign-in records its base URL); the status bar says why.
      if (!c.base.ok) throw new FlowError('cancelled', c.base.reason);
      const renewed = await renewStored(
        services,
        { scheme: c.scheme, label: shortTokenName(c.scheme, '') },
        c.origin,
        c.base.baseUrl,
        c.record,
        true,
      );
      if (!renewed) throw new FlowError('cancelled', 'It could not be renewed without asking; Send asks.');
    },
    setTimer: (run, ms) => {
      const t = setTimeout(run, Math.min(ms, MAX_TIMER_MS));
      t.unref();
      return t;
    },
    clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
    onFailuresChanged: () => changed.fire(),
  });
  const reschedule = (): void =>
    void timer.reschedule().catch((e: unknown) => services.log.error('Scheduling the token renewal failed.', e));
  reschedule();
  const subscriptions = [
    services.tokens.onDidChange(reschedule),
    services.context.secrets.onDidChange((e) => {
      if (isTokenKey(e.key)) reschedule();
    }),
  ];
  return {
    timer,
    onDidChange: changed.event,
    dispose: () => {
      for (const s of subscriptions) s.dispose();
      timer.dispose();
      changed.dispose();
    },
  };
}

async function backgroundCandidates(services: Services): Promise<StoredCandidate[]> {
  const out: StoredCandidate[] = [];
  const environments = readEnvironments().entries;
  for (const e of services.tokens.entries()) {
    if (e.profile !== services.tokens.activeProfile(e.scheme, e.origin)) continue;
    if (!signInSupport(e.scheme, '').flow) continue;
    const record = await services.tokens.getRecord(e.scheme, e.origin).catch(() => undefined);
    if (!record) continue;
    // Only the origin it came from: a base URL elsewhere never gets its refresh token or credentials.
    const base = renewalBaseUrl(e.scheme, e.origin, record.baseUrl, environments);
    if (record.baseUrl !== undefined && !base.ok) continue;
    if (!(await renewsWithoutAsking(services, record, e.origin))) continue;
    out.push({ key: renewalKey(e.scheme, e.origin), state: record, scheme: e.scheme, origin: e.origin, base, record });
  }
  return out;
}

async function renewsWithoutAsking(services: Services, record: TokenRecord, origin: string): Promise<boolean> {
  const means = renewalMeans(record.flow);
  if (means === 'refresh-token') {
    if (record.refreshToken === undefined) return false;
    const stored = await services.context.secrets
      .get(refreshCredentialsKey(record.flow, origin))
      .then(undefined, () => undefined);
    return decodeIntegration(stored) !== undefined;
  }
  if (means === 'login') {
    const stored = await readHuaweiStored(services, origin);
    return stored !== undefined && !needsPassword(stored);
  }
  return false;
}
