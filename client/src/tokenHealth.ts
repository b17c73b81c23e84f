/**
 * Token health in words, for the status bar, the Tokens list and the send path: whether a token is stored,
 * how long it has left, whether that is near its end, and when to renew it. Pure (times are passed in), so
 * every word is unit-tested; nothing here sees a token value.
 */
import { renewalMargin } from './auth/types';

export type TokenState = 'none' | 'unknown-expiry' | 'valid' | 'expiring' | 'expired';

export interface TokenHealth {
  state: TokenState;
  /** Milliseconds left (negative once expired); absent when the expiry is unknown or there is no token. */
  leftMs?: number;
  /** "4 h left", "expired 3 min ago", "expiry unknown", "no token". */
  words: string;
}

/** What health is computed from: the expiry and, when known, when the token was obtained. */
export interface ExpiryInfo {
  expiresAt?: number;
  obtainedAt?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** At most this long before the end counts as "near expiry" (warning colour). */
export const NEAR_EXPIRY_MS = 15 * MINUTE;

/** A duration in the largest unit that fits, rounded down: "3 d", "4 h", "25 min", "less than a minute". */
export function durationWords(ms: number): string {
  const v = Math.max(0, ms);
  if (v >= 2 * DAY) return `${Math.floor(v / DAY)} d`;
  if (v >= HOUR) return `${Math.floor(v / HOUR)} h`;
  if (v >= MINUTE) return `${Math.floor(v / MINUTE)} min`;
  return 'less than a minute';
}

/**
 * How close to its end counts as near: 15 minutes, or a fifth of the lifetime for short-lived tokens (the
 * Huawei meeting-control token lives 30 minutes; a 15-minute warning would be on half its life).
 */
export function nearExpiryMs(info: ExpiryInfo): number {
  if (info.expiresAt === undefined || info.obtainedAt === undefined) return NEAR_EXPIRY_MS;
  const lifetime = info.expiresAt - info.obtainedAt;
  if (lifetime <= 0) return NEAR_EXPIRY_MS;
  return Math.min(NEAR_EXPIRY_MS, Math.max(MINUTE, lifetime / 5));
}

export function tokenHealth(info: ExpiryInfo | undefined, now: number): TokenHealth {
  if (info === undefined) return { state: 'none', words: 'no token' };
  if (info.expiresAt === undefined) return { state: 'unknown-expiry', words: 'expiry unknown' };
  const leftMs = info.expiresAt - now;
  if (leftMs <= 0) return { state: 'expired', leftMs, words: `expired ${durationWords(-leftMs)} ago` };
  const words = `${durationWords(leftMs)} left`;
  return { state: leftMs <= nearExpiryMs(info) ? 'expiring' : 'valid', leftMs, words };
}

/** "Webex token", "Huawei token", "Huawei control token": the short name of a scheme in the status bar. */
export function shortTokenName(scheme: string, label: string): string {
  switch (scheme) {
    case 'webexBearer':
      return 'Webex token';
    case 'huaweiAccessToken':
      return 'Huawei token';
    case 'huaweiConferenceAuthorization':
      return 'Huawei control token';
    default:
      return label.length > 0 ? label : scheme;
  }
}

/**
 * When the status bar should next redraw, so its words stay true without a timer per second: at the next
 * change of the displayed unit, or when the token enters its near-expiry window or expires. Undefined when
 * nothing will change by itself.
 */
export function nextRefreshDelay(info: ExpiryInfo | undefined, now: number): number | undefined {
  if (info?.expiresAt === undefined) return undefined;
  const left = info.expiresAt - now;
  if (left <= 0) {
    // "expired 3 min ago" keeps counting, but slowly matters less: once a minute.
    return MINUTE;
  }
  const unit = left >= 2 * DAY ? DAY : left >= HOUR ? HOUR : MINUTE;
  const toNextUnit = left % unit || unit;
  const toNear = left - nearExpiryMs(info);
  const candidates = [toNextUnit, left];
  if (toNear > 0) candidates.push(toNear);
  return Math.max(1000, Math.min(...candidates) + 50);
}

/**
 * When to renew a token that can be renewed: at the renewal gate's margin before its end (auth/renew.ts: five
 * minutes, or half the life of a short-lived token). Undefined when the expiry is unknown. Never in the past:
 * due now is 0.
 */
export function renewalDelay(info: ExpiryInfo, now: number): number | undefined {
  if (info.expiresAt === undefined) return undefined;
  const lifetime = info.obtainedAt !== undefined ? info.expiresAt - info.obtainedAt : undefined;
  return Math.max(0, info.expiresAt - renewalMargin(lifetime) - now);
}
