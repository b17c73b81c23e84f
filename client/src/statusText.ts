/**
 * Words of the status bar item and the language status item. Pure, so they are unit-tested; the glue
 * only copies them onto VS Code's items. Never shows a token value, only whether one is set and its expiry.
 */
import type { CatalogStatusParams } from '../../common/protocol';
import { shortTokenName, tokenHealth } from './tokenHealth';
import type { ExpiryInfo } from './tokenHealth';
import { DEFAULT_PROFILE } from './tokens';

export type Severity = 'info' | 'warning' | 'error';

export interface CatalogStatusView {
  text: string;
  detail: string;
  severity: Severity;
  busy: boolean;
}

export function catalogStatusView(status: CatalogStatusParams | undefined, serverRunning: boolean): CatalogStatusView {
  if (!serverRunning && status === undefined) {
    return { text: 'Catalog: starting', detail: 'The language server is starting', severity: 'info', busy: true };
  }
  if (status === undefined) {
    return { text: 'Catalog: loading', detail: 'Loading the operation catalog', severity: 'info', busy: true };
  }
  const ops = `${status.operationCount} operation${status.operationCount === 1 ? '' : 's'}`;
  if (status.problems.length === 0) {
    return { text: `Catalog: ${ops}`, detail: 'Built-in and user catalogs loaded', severity: 'info', busy: false };
  }
  const n = status.problems.length;
  const first = status.problems[0];
  const name = first ? (first.uri.split('/').pop() ?? first.uri) : '';
  return {
    text: `Catalog: ${ops}, ${n} problem${n === 1 ? '' : 's'}`,
    detail: first ? `${name}: ${first.message}${n > 1 ? ` (and ${n - 1} more; see Output)` : ''}` : '',
    severity: status.operationCount === 0 ? 'error' : 'warning',
    busy: false,
  };
}

/** The language status item of a file whose outline was cut at `maxItems` (`meetingPayloads.outline.maxItems`). */
export function outlineLimitView(maxItems: number): { text: string; detail: string } {
  return {
    text: `Outline limited to ${maxItems} item${maxItems === 1 ? '' : 's'}`,
    detail: 'the top levels first; a bigger limit lists more',
  };
}

/** One credential slot of the active file's operation, with what is stored for it (never the value). */
export interface CredentialStatus {
  scheme: string;
  label: string;
  /** The active credential profile of (scheme, origin). */
  profile: string;
  /** Expiry of the stored (or held) token; absent when there is none. */
  stored?: ExpiryInfo;
  /** The token is held in memory for this session (a minted meeting-control token), not in SecretStorage. */
  held?: boolean;
  /** Why renewing the stored token in the background failed (auth/renewalTimer.ts); absent when it did not. */
  renewalFailed?: string;
}

export interface EnvironmentStatusInput {
  environment: string;
  /** Origin requests of the active file go to, when it could be resolved. */
  origin?: string;
  /** Why the origin could not be resolved. */
  problem?: string;
  /** Credential slots of the active file's operation (any one of them satisfies it). */
  credentials: CredentialStatus[];
  trusted: boolean;
  now: number;
  /**
   * Why the file does not describe a request right now (it is momentarily invalid): origin and credentials are then
   * those of the request it last described, so the words do not flip while typing.
   */
  stale?: string;
}

export interface EnvironmentStatusView {
  text: string;
  tooltip: string;
  warning: boolean;
}

/** The slot the status bar talks about: the first with a token stored, else the first. */
export function shownCredential(credentials: readonly CredentialStatus[]): CredentialStatus | undefined {
  return credentials.find((c) => c.stored !== undefined) ?? credentials[0];
}

/**
 * "Webex token: 4 h left", "Webex token (acme): none", "Huawei token: expired 2 min ago", "Huawei control token:
 * held, 29 min left" (minted on Send, in memory; credential profiles do not apply to it).
 */
export function credentialWords(c: CredentialStatus, now: number): string {
  const name = shortTokenName(c.scheme, c.label);
  const profile = c.profile === DEFAULT_PROFILE || c.held === true ? '' : ` (${c.profile})`;
  const health = tokenHealth(c.stored, now);
  const words =
    health.state === 'none' ? 'none' : health.state === 'unknown-expiry' ? 'set, expiry unknown' : health.words;
  return `${name}${profile}: ${c.held === true && health.state !== 'none' ? `held, ${words}` : words}`;
}

/**
 * The environment status bar item: the environment, then in words whether the file's scheme has a token and
 * how long it has left. Warning colour when the file's target cannot be resolved or the token is near its end
 * or past it. No icon carries meaning on its own (a crossed circle reads as "disabled").
 */
export function environmentStatusView(input: EnvironmentStatusInput): EnvironmentStatusView {
  const shown = shownCredential(input.credentials);
  const health = tokenHealth(shown?.stored, input.now);
  const lines = [`Meeting Payloads environment: ${input.environment} (click for tokens and environments)`];
  if (input.origin !== undefined) lines.push(`Requests from this file go to ${input.origin}`);
  if (input.problem !== undefined) lines.push(input.problem);
  if (input.stale !== undefined) lines.push(`${input.stale}\nShowing the request this file last described.`);
  for (const c of input.credentials) {
    const h = tokenHealth(c.stored, input.now);
    const where = input.origin !== undefined ? ` for ${input.origin}` : '';
    const profile = c.profile === DEFAULT_PROFILE || c.held === true ? '' : `, profile "${c.profile}"`;
    const kept = c.held === true ? 'token held in memory for this session (minted on Send)' : 'token stored';
    const state =
      h.state === 'none'
        ? 'no token stored'
        : h.state === 'unknown-expiry'
          ? `${kept}, expiry unknown`
          : h.state === 'expired'
            ? `token ${h.words}; it will not be sent`
            : `${kept}, ${h.words}`;
    lines.push(`${c.label}${where}${profile}: ${state}`);
    if (c.renewalFailed !== undefined) lines.push(`Renewing it in the background failed: ${c.renewalFailed}`);
  }
  if (shown && health.state === 'none' && input.origin !== undefined) {
    lines.push('Click to sign in or set a token.');
  }
  if (!input.trusted) lines.push('Sending is disabled in Restricted Mode.');
  const near = health.state === 'expiring' || health.state === 'expired';
  const failed = shown?.renewalFailed !== undefined && input.problem === undefined;
  const warn = input.problem !== undefined || near || failed;
  const icon = warn ? '$(warning)' : shown ? '$(key)' : '$(globe)';
  const credential =
    shown && input.problem === undefined
      ? ` · ${credentialWords(shown, input.now)}${failed ? ' (renewal failed)' : ''}`
      : '';
  return {
    text: `${icon} ${input.environment}${credential}`,
    tooltip: lines.join('\n'),
    warning: warn,
  };
}
