/**
 * The entries of the token menu (the status bar item's click) and of the Tokens list, as data: which
 * actions make sense for the active file's credential, in words. Pure, so unit-tested; tokenCommands.ts
 * shows them and runs the chosen one. Never holds a token value.
 */
import { shortTokenName, tokenHealth } from './tokenHealth';
import type { TokenEntry } from './tokens';
import { DEFAULT_PROFILE } from './tokens';
import { signInSupport } from './signIn/signInPlan';

export type TokenMenuAction =
  'signIn' | 'setToken' | 'clearToken' | 'switchProfile' | 'showTokens' | 'selectEnvironment';

export interface TokenMenuEntry {
  action: TokenMenuAction;
  label: string;
  detail?: string;
}

export interface TokenMenuInput {
  /** The active file's credential (absent: no file, or its operation needs no token). */
  credential?: { scheme: string; label: string; origin: string; profile: string; stored: boolean };
  environment: string;
}

export function tokenMenuEntries(input: TokenMenuInput): TokenMenuEntry[] {
  const out: TokenMenuEntry[] = [];
  const c = input.credential;
  if (c) {
    const name = shortTokenName(c.scheme, c.label);
    const profile = c.profile === DEFAULT_PROFILE ? '' : ` (profile "${c.profile}")`;
    const signIn = signInSupport(c.scheme, c.label);
    if (signIn.flow) {
      out.push({
        action: 'signIn',
        label: `Sign In to ${signIn.name}${c.stored ? ' again' : ''}`,
        detail: `${signIn.flow === 'webex-device' ? 'A code or a redirect in your browser, or a service app' : 'A login from the stored credentials'}; the token is kept with its expiry for ${c.origin}${profile}`,
      });
    }
    out.push({
      action: 'setToken',
      label: c.stored ? `Set Token: replace the ${name}` : `Set Token: paste a ${name}`,
      detail: `Stored in VS Code's secret storage for ${c.origin}${profile}`,
    });
    if (c.stored) {
      out.push({ action: 'clearToken', label: `Clear Token: remove the ${name}`, detail: `for ${c.origin}${profile}` });
    }
    out.push({
      action: 'switchProfile',
      label: `Switch Credential Profile (now "${c.profile}")`,
      detail: 'Several named credentials per scheme and origin, e.g. one per customer organisation',
    });
  }
  out.push({ action: 'showTokens', label: 'Show Stored Tokens', detail: 'Scheme, origin, profile and expiry' });
  out.push({ action: 'selectEnvironment', label: `Select Environment (now "${input.environment}")` });
  return out;
}

export interface TokenListItem {
  label: string;
  description: string;
  entry: TokenEntry;
}

/** The Tokens list: one line per stored credential; the profile in use is marked. Never a value. */
export function tokenListItems(
  entries: readonly TokenEntry[],
  isActive: (e: TokenEntry) => boolean,
  now: number,
): TokenListItem[] {
  return entries.map((entry) => {
    const health = tokenHealth(entry, now);
    const expiry =
      health.state === 'unknown-expiry'
        ? 'expiry unknown'
        : health.state === 'expired'
          ? health.words
          : `${health.words} (until ${new Date(entry.expiresAt ?? now).toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
    const parts = [`profile "${entry.profile}"`, expiry];
    if (entry.refreshable) parts.push('renewable');
    if (isActive(entry)) parts.push('in use');
    return { label: `${entry.scheme} · ${entry.origin}`, description: parts.join(' · '), entry };
  });
}
