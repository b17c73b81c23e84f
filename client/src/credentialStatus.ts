/**
 * What is stored for each credential slot of a request at an origin: the active profile and the token's expiry,
 * never its value. One reading for the status bar and the CodeLens, so both say the same words.
 */
import type { CredentialSlot } from '../../common/requestSpec';
import type { CredentialStatus } from './statusText';
import type { TokenStore } from './tokens';

export async function credentialStatuses(
  tokens: Pick<TokenStore, 'activeProfile' | 'getRecord'>,
  slots: readonly CredentialSlot[],
  origin: string,
): Promise<CredentialStatus[]> {
  const out: CredentialStatus[] = [];
  for (const slot of slots) {
    const status: CredentialStatus = {
      scheme: slot.scheme,
      label: slot.label,
      profile: tokens.activeProfile(slot.scheme, origin),
    };
    try {
      const record = await tokens.getRecord(slot.scheme, origin);
      if (record) {
        status.stored = {
          ...(record.expiresAt !== undefined ? { expiresAt: record.expiresAt } : {}),
          ...(record.obtainedAt !== undefined ? { obtainedAt: record.obtainedAt } : {}),
        };
      }
    } catch {
      // Unreadable secret storage shows as "none"; Send reports the failure itself.
    }
    out.push(status);
  }
  return out;
}
