/**
 * API tokens: kept only in VS Code's SecretStorage, one per (security scheme, exact origin, credential
 * profile), each with what is known of its expiry. Pure: the store works over any {@link SecretStoreLike}
 * (VS Code's `context.secrets` in the extension, a map in tests) and a {@link MementoLike} for the
 * value-free index (which profiles exist, their expiry, the active one). Nothing here returns a token to a
 * caller outside the send path; no command exposes one.
 */

import { parseHttpUrl } from '../../common/environments';

/** The subset of `vscode.SecretStorage` used here. */
export interface SecretStoreLike {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** The subset of `vscode.Memento` used here (globalState: the index holds no secret). */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const SCHEME_PATTERN = /^[A-Za-z0-9._~-]{1,128}$/;

/** The profile every token stored before profiles existed belongs to; its key is the key used back then. */
export const DEFAULT_PROFILE = 'default';
/** Profile names: short, printable, no `#` or `@` (they are part of the key). */
const PROFILE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$/;

/** Why a profile name is not acceptable (for the input box), or undefined. */
export function validateProfileName(name: string): string | undefined {
  const n = name.trim();
  if (n.length === 0) return 'Name the profile, e.g. the customer organisation it is for.';
  if (!PROFILE_PATTERN.test(n)) return 'Letters, digits, spaces, dots, dashes and underscores; at most 40 characters.';
  return undefined;
}

/** Exact origin of an http(s) URL (`https://host[:port]`), or undefined. IDN hosts come out as punycode. */
export function exactOrigin(url: string): string | undefined {
  return parseHttpUrl(url)?.origin;
}

/**
 * The SecretStorage key for a token: `token:<scheme>@<origin>`, plus `#<profile>` for any profile but the
 * default one — so the tokens stored before profiles existed are the default profile's, under the same key.
 * The origin is normalized by the URL parser (lower-case host, default port dropped), so
 * `HTTPS://WebexApis.com:443` and `https://webexapis.com` share a key while `https://webexapis.com:444` or
 * `http://…` do not.
 */
export function tokenKey(scheme: string, origin: string, profile: string = DEFAULT_PROFILE): string {
  if (!SCHEME_PATTERN.test(scheme)) {
    throw new Error(`Invalid security scheme name: ${JSON.stringify(scheme.slice(0, 40))}`);
  }
  const o = exactOrigin(origin);
  if (o === undefined || o === 'null') throw new Error('A token can only be stored for an http(s) origin.');
  if (profile === DEFAULT_PROFILE) return `token:${scheme}@${o}`;
  if (!PROFILE_PATTERN.test(profile)) throw new Error('Invalid credential profile name.');
  return `token:${scheme}@${o}#${profile}`;
}

/** A stored token and what is known about it. Times are epoch milliseconds. */
export interface TokenRecord {
  token: string;
  /** When it stops working; absent when unknown (a pasted token whose expiry was not asked). */
  expiresAt?: number;
  /** When it was stored or obtained; with `expiresAt` it gives the lifetime (for the renewal schedule). */
  obtainedAt?: number;
  refreshToken?: string;
  refreshExpiresAt?: number;
  /** The sign-in flow that produced it (absent: pasted), so a renewal knows what to repeat. */
  flow?: string;
  scopes?: string[];
  /** The environment base URL the token endpoints were called on: background renewal calls the same (same origin). */
  baseUrl?: string;
}

/**
 * Stored form: `v1 ` + JSON. A space can never start or sit in a token (validateTokenInput refuses it), so a
 * value without this prefix is a bare token stored before records existed, read as a record with an unknown
 * expiry: nothing stored earlier is lost.
 */
const RECORD_PREFIX = 'v1 ';

export function encodeTokenRecord(record: TokenRecord): string {
  return RECORD_PREFIX + JSON.stringify(record);
}

export function decodeTokenRecord(stored: string | undefined): TokenRecord | undefined {
  if (stored === undefined || stored.length === 0) return undefined;
  if (!stored.startsWith(RECORD_PREFIX)) return { token: stored };
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored.slice(RECORD_PREFIX.length));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const o = parsed as Record<string, unknown>;
  if (typeof o.token !== 'string' || o.token.length === 0) return undefined;
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const rec: TokenRecord = { token: o.token };
  const expiresAt = num(o.expiresAt);
  const obtainedAt = num(o.obtainedAt);
  const refreshExpiresAt = num(o.refreshExpiresAt);
  if (expiresAt !== undefined) rec.expiresAt = expiresAt;
  if (obtainedAt !== undefined) rec.obtainedAt = obtainedAt;
  if (typeof o.refreshToken === 'string' && o.refreshToken.length > 0) rec.refreshToken = o.refreshToken;
  if (refreshExpiresAt !== undefined) rec.refreshExpiresAt = refreshExpiresAt;
  if (typeof o.flow === 'string') rec.flow = o.flow;
  if (Array.isArray(o.scopes)) rec.scopes = o.scopes.filter((x): x is string => typeof x === 'string');
  if (typeof o.baseUrl === 'string' && parseHttpUrl(o.baseUrl) !== undefined) rec.baseUrl = o.baseUrl;
  return rec;
}

/** One stored credential as the index knows it: never a value. */
export interface TokenEntry {
  scheme: string;
  origin: string;
  profile: string;
  expiresAt?: number;
  obtainedAt?: number;
  refreshable?: boolean;
}

const INDEX_KEY = 'meetingPayloads.tokenIndex';
const ACTIVE_KEY = 'meetingPayloads.activeProfiles';

/** A memento that forgets on reload, for callers without one (the index is then only this session's). */
class MemoryMemento implements MementoLike {
  private readonly map = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.map.set(key, value);
    return Promise.resolve();
  }
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

/**
 * Tokens by (scheme, origin, profile) over a secret store. The profile defaults to the active one of the
 * (scheme, origin) pair, so the send path and the commands need not know about profiles.
 */
export class TokenStore {
  /** Token values read or stored in this session, so logs and copies can be masked against them. */
  private readonly seen = new Set<string>();
  private readonly index: MementoLike;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly secrets: SecretStoreLike,
    index?: MementoLike,
  ) {
    this.index = index ?? new MemoryMemento();
  }

  async get(scheme: string, origin: string, profile?: string): Promise<string | undefined> {
    return (await this.getRecord(scheme, origin, profile))?.token;
  }

  async getRecord(scheme: string, origin: string, profile?: string): Promise<TokenRecord | undefined> {
    const p = profile ?? this.activeProfile(scheme, origin);
    const record = decodeTokenRecord(await this.secrets.get(tokenKey(scheme, origin, p)));
    if (record === undefined) return undefined;
    this.remember(record.token);
    if (record.refreshToken !== undefined) this.remember(record.refreshToken);
    // A token stored before the index existed joins it on first read, so the Tokens list shows it.
    if (!this.entries().some((e) => sameEntry(e, scheme, origin, p))) await this.indexPut(scheme, origin, p, record);
    return record;
  }

  /** Called after a profile switch or an index change (SecretStorage has its own change event). */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Values to mask in anything written out (never shown, never returned by a command). */
  knownValues(): string[] {
    return [...this.seen];
  }

  private remember(value: string): void {
    if (this.seen.size > 64) this.seen.clear();
    this.seen.add(value);
  }

  async has(scheme: string, origin: string, profile?: string): Promise<boolean> {
    return (await this.getRecord(scheme, origin, profile)) !== undefined;
  }

  /** Stores a token (a bare value: pasted, expiry unknown) in `profile`, by default the active one. */
  async set(scheme: string, origin: string, token: string | TokenRecord, profile?: string): Promise<void> {
    const p = profile ?? this.activeProfile(scheme, origin);
    const record: TokenRecord = typeof token === 'string' ? { token, obtainedAt: Date.now() } : token;
    this.remember(record.token);
    if (record.refreshToken !== undefined) this.remember(record.refreshToken);
    await this.secrets.store(tokenKey(scheme, origin, p), encodeTokenRecord(record));
    await this.indexPut(scheme, origin, p, record);
  }

  async clear(scheme: string, origin: string, profile?: string): Promise<void> {
    const p = profile ?? this.activeProfile(scheme, origin);
    await this.secrets.delete(tokenKey(scheme, origin, p));
    await this.index.update(
      INDEX_KEY,
      this.entries().filter((e) => !sameEntry(e, scheme, origin, p)),
    );
    this.changed();
  }

  /** What is stored, as the index knows it (scheme, origin, profile, expiry), sorted; never a value. */
  entries(): TokenEntry[] {
    const raw = this.index.get<unknown>(INDEX_KEY);
    if (!Array.isArray(raw)) return [];
    return raw.filter(isEntry).sort(compareEntries);
  }

  /** Profiles known for (scheme, origin): the default one and any with a stored token. */
  profiles(scheme: string, origin: string): string[] {
    const o = exactOrigin(origin);
    const names = new Set([DEFAULT_PROFILE, this.activeProfile(scheme, origin)]);
    for (const e of this.entries()) if (e.scheme === scheme && e.origin === o) names.add(e.profile);
    return [...names].sort((a, b) => (a === DEFAULT_PROFILE ? -1 : b === DEFAULT_PROFILE ? 1 : a.localeCompare(b)));
  }

  activeProfile(scheme: string, origin: string): string {
    const map = this.index.get<Record<string, unknown>>(ACTIVE_KEY);
    const value = map?.[pairKey(scheme, origin)];
    return typeof value === 'string' && (value === DEFAULT_PROFILE || PROFILE_PATTERN.test(value))
      ? value
      : DEFAULT_PROFILE;
  }

  async setActiveProfile(scheme: string, origin: string, profile: string): Promise<void> {
    tokenKey(scheme, origin, profile); // validates all three
    const map = { ...(this.index.get<Record<string, string>>(ACTIVE_KEY) ?? {}) };
    map[pairKey(scheme, origin)] = profile;
    await this.index.update(ACTIVE_KEY, map);
    this.changed();
  }

  private async indexPut(scheme: string, origin: string, profile: string, record: TokenRecord): Promise<void> {
    const o = exactOrigin(origin) ?? origin;
    const entry: TokenEntry = { scheme, origin: o, profile };
    if (record.expiresAt !== undefined) entry.expiresAt = record.expiresAt;
    if (record.obtainedAt !== undefined) entry.obtainedAt = record.obtainedAt;
    if (record.refreshToken !== undefined) entry.refreshable = true;
    const rest = this.entries().filter((e) => !sameEntry(e, scheme, origin, profile));
    await this.index.update(INDEX_KEY, [...rest, entry]);
    this.changed();
  }
}

function pairKey(scheme: string, origin: string): string {
  return `${scheme}@${exactOrigin(origin) ?? origin}`;
}

function sameEntry(e: TokenEntry, scheme: string, origin: string, profile: string): boolean {
  return e.scheme === scheme && e.origin === (exactOrigin(origin) ?? origin) && e.profile === profile;
}

function isEntry(v: unknown): v is TokenEntry {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.scheme === 'string' && typeof o.origin === 'string' && typeof o.profile === 'string';
}

function compareEntries(a: TokenEntry, b: TokenEntry): number {
  return a.origin.localeCompare(b.origin) || a.scheme.localeCompare(b.scheme) || a.profile.localeCompare(b.profile);
}

/** True when a SecretStorage key is one of ours (for change events). */
export function isTokenKey(key: string): boolean {
  return key.startsWith('token:');
}
