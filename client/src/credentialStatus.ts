/**
 * What is held for each credential slot of a request at an origin: the active profile and the token's expiry,
 * never its value. One reading for the status bar and the CodeLens, so both say the same words. A Huawei
 * meeting-control token lives in the session's keeper (Services.control, memory only) and wins over a pasted
 * one while live, as Send does (huaweiOnSend.ts); every other token is what SecretStorage holds.
 */
import type { PreparedRequest } from '../../common/requestSpec';
import { controlConferenceId } from './auth/controlTokens';
import type { ControlTokenKeeper } from './auth/controlTokens';
import { renewalKey } from './auth/renewalTimer';
import type { RenewalTimer } from './auth/renewalTimer';
import type { CredentialStatus } from './statusText';
import type { TokenStore } from './tokens';

export async function credentialStatuses(
  tokens: Pick<TokenStore, 'activeProfile' | 'getRecord'>,
  control: Pick<ControlTokenKeeper, 'live'>,
  request: Pick<PreparedRequest, 'credentials' | 'query'>,
  origin: string,
  /** The background renewal's failures (the status bar shows them). */
  renewal?: Pick<RenewalTimer, 'failure'>,
): Promise<CredentialStatus[]> {
  const conferenceId = controlConferenceId(request);
  const out: CredentialStatus[] = [];
  for (const slot of request.credentials) {
    const status: CredentialStatus = {
      scheme: slot.scheme,
      label: slot.label,
      profile: tokens.activeProfile(slot.scheme, origin),
    };
    const held =
      slot.scheme === 'huaweiConferenceAuthorization' && conferenceId !== undefined
        ? control.live(origin, conferenceId)
        : undefined;
    if (held) {
      status.stored = {
        obtainedAt: held.obtainedAt,
        ...(held.expiresAt !== undefined ? { expiresAt: held.expiresAt } : {}),
      };
      status.held = true;
      out.push(status);
      continue;
    }
    try {
      const record = await tokens.getRecord(slot.scheme, origin);
      if (record) {
        status.stored = {
          ...(record.expiresAt !== undefined ? { expiresAt: record.expiresAt } : {}),
          ...(record.obtainedAt !== undefined ? { obtainedAt: record.obtainedAt } : {}),
        };
        const failed = renewal?.failure(renewalKey(slot.scheme, origin));
        if (failed) status.renewalFailed = failed.message;
      }
    } catch {
      // Unreadable secret storage shows as "none"; Send reports the failure itself.
    }
    out.push(status);
  }
  return out;
}
