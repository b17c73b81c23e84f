/**
 * The Huawei meeting-control tokens of this session, minted on Send: one per (origin, conference id), obtained
 * with the host password the user typed once and kept alive before its 30 minutes end (renewal gate:
 * renew.ts). The host password and the tokens live in memory only — never in SecretStorage, never in a message
 * (huaweiControl.ts masks them). Keep-alive stops, and the password is forgotten, after {@link IDLE_LIMIT_MS}
 * without a Send for that meeting, when the meeting ends (a keep-alive is refused), or on dispose. Pure (no
 * `vscode`, clock and timers injectable), so the extension and the command line can share it.
 */
import { renewalDue } from './renew';
import { FlowError, renewalMargin } from './types';
import type { HuaweiControlInput, TokenSet } from './types';

/** Keep-alive stops after this long without a Send that used the token; the host password is then forgotten. */
export const IDLE_LIMIT_MS = 2 * 60 * 60_000;

export interface ControlKeeperDeps {
  /** Obtains or keeps alive a control token on the environment whose base URL is given (huaweiControlToken). */
  mint: (input: HuaweiControlInput, baseUrl: string) => Promise<TokenSet>;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** A line for the output channel: never holds a token or the password. */
  log?: (line: string) => void;
}

interface Entry {
  origin: string;
  baseUrl: string;
  conferenceId: string;
  tokens?: HeldControlToken;
  hostPassword?: string;
  timer?: unknown;
  lastUsed: number;
}

/** The request's conference id when it is sent with a meeting-control token (`updateStartedConfConfig`). */
export function controlConferenceId(req: {
  credentials: ReadonlyArray<{ scheme: string }>;
  query: ReadonlyArray<readonly [string, string]>;
}): string | undefined {
  if (!req.credentials.some((c) => c.scheme === 'huaweiConferenceAuthorization')) return undefined;
  const id = req.query.find(([name]) => name === 'conferenceID')?.[1];
  return id !== undefined && id.length > 0 ? id : undefined;
}

/** A held control token as the keeper knows it: with when it was obtained, for the status bar's words. */
export type HeldControlToken = TokenSet & { obtainedAt: number };

export class ControlTokenKeeper {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: ControlKeeperDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The live control token for the meeting, if this session holds one (no request, nothing asked). */
  live(origin: string, conferenceId: string): HeldControlToken | undefined {
    const t = this.entries.get(key(origin, conferenceId))?.tokens;
    return t && (t.expiresAt ?? 0) > this.now() ? t : undefined;
  }

  /**
   * Called whenever what {@link live} answers may have changed: a token minted or kept alive, dropped (refused,
   * meeting ended, idle) or forgotten. The status bar and the CodeLens redraw on it; the passage of time alone
   * (a token running out) is theirs to schedule.
   */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * A live control token for the meeting: the one held (kept alive first when near its end), else a new one
   * from the host password held in memory or asked now through `askPassword` (undefined: the user cancelled,
   * and so does this). A refusal throws the flow's FlowError (in Huawei's words: huaweiControl.ts) and forgets
   * the password, so the next Send asks again.
   */
  async tokenFor(
    baseUrl: string,
    origin: string,
    conferenceId: string,
    askPassword: () => Promise<string | undefined>,
  ): Promise<TokenSet | undefined> {
    const k = key(origin, conferenceId);
    const entry = this.entries.get(k) ?? { origin, baseUrl, conferenceId, lastUsed: this.now() };
    this.entries.set(k, entry);
    entry.baseUrl = baseUrl;
    entry.lastUsed = this.now();
    if (entry.tokens && (entry.tokens.expiresAt ?? 0) > this.now()) {
      if (!renewalDue(entry.tokens, this.now())) return entry.tokens;
      if (await this.keepAlive(entry)) return entry.tokens;
    }
    const password = entry.hostPassword ?? (await askPassword());
    if (password === undefined) return undefined;
    try {
      const obtainedAt = this.now();
      const tokens = await this.deps.mint({ conferenceId, hostPassword: password }, baseUrl);
      entry.hostPassword = password;
      this.hold(entry, { ...tokens, obtainedAt });
      this.deps.log?.(`Meeting-control token obtained for meeting ${conferenceId} at ${origin}.`);
      return entry.tokens;
    } catch (e) {
      delete entry.hostPassword;
      throw e;
    }
  }

  /** Huawei refused the meeting's token (401): drop it; the next {@link tokenFor} mints one from the held password. */
  rejected(origin: string, conferenceId: string): boolean {
    const entry = this.entries.get(key(origin, conferenceId));
    if (!entry?.tokens) return false;
    this.stopTimer(entry);
    delete entry.tokens;
    this.changed();
    return true;
  }

  /** Clear Token: forgets the meeting's token and its host password; false when nothing was held. */
  forget(origin: string, conferenceId: string): boolean {
    const k = key(origin, conferenceId);
    const entry = this.entries.get(k);
    if (!entry) return false;
    this.stopTimer(entry);
    this.entries.delete(k);
    this.changed();
    return entry.tokens !== undefined || entry.hostPassword !== undefined;
  }

  /** Forgets everything: tokens, passwords, timers, listeners. */
  dispose(): void {
    for (const entry of this.entries.values()) this.stopTimer(entry);
    this.entries.clear();
    this.listeners.clear();
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  private hold(entry: Entry, tokens: HeldControlToken): void {
    entry.tokens = tokens;
    this.stopTimer(entry);
    this.changed();
    if (tokens.expiresAt === undefined || !this.deps.setTimer) return;
    const margin = renewalMargin(tokens.expiresAt - tokens.obtainedAt);
    const delay = Math.max(0, tokens.expiresAt - margin - this.now());
    entry.timer = this.deps.setTimer(() => void this.onTimer(entry), delay);
  }

  private async onTimer(entry: Entry): Promise<void> {
    delete entry.timer;
    const k = key(entry.origin, entry.conferenceId);
    if (this.entries.get(k) !== entry) return;
    if (this.now() - entry.lastUsed > IDLE_LIMIT_MS) {
      this.entries.delete(k);
      this.changed();
      this.deps.log?.(
        `Meeting-control token for meeting ${entry.conferenceId} no longer kept alive (no Send for two hours); the host password was forgotten.`,
      );
      return;
    }
    await this.keepAlive(entry);
  }

  /** Keeps the held token alive with itself (no password sent); false (and the token dropped) when refused. */
  private async keepAlive(entry: Entry): Promise<boolean> {
    const current = entry.tokens;
    if (!current) return false;
    try {
      const obtainedAt = this.now();
      const next = await this.deps.mint(
        { conferenceId: entry.conferenceId, currentControlToken: current.accessToken },
        entry.baseUrl,
      );
      this.hold(entry, { ...next, obtainedAt });
      return true;
    } catch (e) {
      // The meeting ended or the token was revoked: the next Send mints a new one (or says why not).
      delete entry.tokens;
      this.changed();
      const why = e instanceof FlowError ? e.message : 'the request failed';
      this.deps.log?.(`Keeping the meeting-control token of meeting ${entry.conferenceId} alive failed: ${why}`);
      return false;
    }
  }

  private stopTimer(entry: Entry): void {
    if (entry.timer !== undefined) this.deps.clearTimer?.(entry.timer);
    delete entry.timer;
  }
}

function key(origin: string, conferenceId: string): string {
  return `${origin} ${conferenceId}`;
}
