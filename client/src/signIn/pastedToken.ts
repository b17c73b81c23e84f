/**
 * Set Token for a Webex token: a pasted personal access token is stored with the expiry Webex reports for it
 * (`GET /v1/authorizations/tokenExpiry`, client/src/auth/webexPersonal.ts) rather than an unknown one, so the
 * status bar counts down to its real end. Pure: the record and the words; tokenCommands.ts asks and stores.
 */
import { FlowError } from '../auth/types';
import type { TokenSet } from '../auth/types';
import { tokenHealth } from '../tokenHealth';
import type { TokenRecord } from '../tokens';

/** Schemes whose pasted tokens can be asked for their expiry. */
export function asksExpiry(scheme: string): boolean {
  return scheme === 'webexBearer';
}

/** What asking the expiry gave: Webex's answer, or why there is none. */
export type ExpiryAnswer = { ok: true; tokens: TokenSet } | { ok: false; error: FlowError | Error };

/** The record a pasted token is stored as: with Webex's expiry when it gave one, else without (unknown). */
export function pastedTokenRecord(token: string, now: number, answer?: ExpiryAnswer): TokenRecord {
  if (answer?.ok && answer.tokens.expiresAt !== undefined) {
    return { token, obtainedAt: now, expiresAt: answer.tokens.expiresAt, flow: 'webex-personal' };
  }
  return { token, obtainedAt: now };
}

/** The confirmation after Set Token, and whether it is a warning (the expiry could not be learned). */
export function pastedTokenWords(
  label: string,
  where: string,
  now: number,
  answer?: ExpiryAnswer,
): { text: string; warn: boolean } {
  if (answer === undefined) return { text: `${label} set for ${where}.`, warn: false };
  if (answer.ok && answer.tokens.expiresAt !== undefined) {
    const health = tokenHealth({ expiresAt: answer.tokens.expiresAt, obtainedAt: now }, now);
    const when = new Date(answer.tokens.expiresAt).toISOString().slice(0, 16).replace('T', ' ');
    return { text: `${label} set for ${where}: ${health.words} (Webex says it ends ${when} UTC).`, warn: false };
  }
  // FlowError messages are masked by the flow; any other error is not shown verbatim.
  const why =
    !answer.ok && answer.error instanceof FlowError
      ? answer.error.message
      : 'Webex could not be asked (see the output channel).';
  return { text: `${label} set for ${where}; its expiry is unknown: ${why}`, warn: true };
}
