/**
 * API tokens: kept only in VS Code's SecretStorage, one per (origin, security scheme). Pure: the
 * store works over any {@link SecretStoreLike} (VS Code's `context.secrets` in the extension, a map in
 * tests). Nothing here returns a token to a caller outside the send path; no command exposes one.
 */

import { parseHttpUrl } from '../../common/environments';

/** The subset of `vscode.SecretStorage` used here. */
export interface SecretStoreLike {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

const SCHEME_PATTERN = /^[A-Za-z0-9._~-]{1,128}$/;

/** Exact origin of an http(s) URL (`https://host[:port]`), or undefined. IDN hosts come out as punycode. */
export function exactOrigin(url: string): string | undefined {
  return parseHttpUrl(url)?.origin;
}

/**
 * The SecretStorage key for a token: `token:<scheme>@<origin>`. The origin is normalized by the URL
 * parser (lower-case host, default port dropped), so `HTTPS://WebexApis.com:443` and
 * `https://webexapis.com` share a key while `https://webexapis.com:444` or `http://…` do not.
 */
export function tokenKey(scheme: string, origin: string): string {
  if (!SCHEME_PATTERN.test(scheme)) {
    throw new Error(`Invalid security scheme name: ${JSON.stringify(scheme.slice(0, 40))}`);
  }
  const o = exactOrigin(origin);
  if (o === undefined || o === 'null') throw new Error('A token can only be stored for an http(s) origin.');
  return `token:${scheme}@${o}`;
}

/**
 * Checks what the user typed as a token (after {@link normalizeTokenInput}); returns an error message for
 * the input box, or undefined when acceptable. A header value cannot carry control characters or line
 * breaks (header injection), and tokens never contain spaces.
 */
export function validateTokenInput(value: string, prefix: string): string | undefined {
  const v = normalizeTokenInput(value, prefix);
  if (v.length === 0) return 'Paste the token (it is stored encrypted in VS Code’s secret storage).';
  if (v.length > 16_384) return 'That is longer than any token these APIs issue (16 KB at most).';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(v)) return 'A token cannot contain line breaks or control characters.';
  if (/\s/.test(v)) return 'A token cannot contain spaces.';
  if (!/^[\x21-\x7e]+$/.test(v)) return 'A token is plain ASCII; check that nothing else was pasted with it.';
  return undefined;
}

/**
 * Normalizes a pasted token: trims, and drops the slot's prefix (e.g. `Bearer `) when the user pasted
 * the whole header value, so it is not sent twice.
 */
export function normalizeTokenInput(value: string, prefix: string): string {
  const v = value.trim();
  const p = prefix.trim();
  if (p.length > 0 && v.toLowerCase().startsWith(p.toLowerCase() + ' ')) return v.slice(p.length).trim();
  return v;
}

/** Tokens by (scheme, origin) over a secret store. */
export class TokenStore {
  /** Token values read or stored in this session, so logs and copies can be masked against them. */
  private readonly seen = new Set<string>();

  constructor(private readonly secrets: SecretStoreLike) {}

  async get(scheme: string, origin: string): Promise<string | undefined> {
    const value = await this.secrets.get(tokenKey(scheme, origin));
    if (value === undefined || value.length === 0) return undefined;
    this.remember(value);
    return value;
  }

  /** Values to mask in anything written out (never shown, never returned by a command). */
  knownValues(): string[] {
    return [...this.seen];
  }

  private remember(value: string): void {
    if (this.seen.size > 64) this.seen.clear();
    this.seen.add(value);
  }

  async has(scheme: string, origin: string): Promise<boolean> {
    return (await this.get(scheme, origin)) !== undefined;
  }

  async set(scheme: string, origin: string, token: string): Promise<void> {
    this.remember(token);
    await this.secrets.store(tokenKey(scheme, origin), token);
  }

  async clear(scheme: string, origin: string): Promise<void> {
    await this.secrets.delete(tokenKey(scheme, origin));
  }
}

/** True when a SecretStorage key is one of ours (for change events). */
export function isTokenKey(key: string): boolean {
  return key.startsWith('token:');
}
