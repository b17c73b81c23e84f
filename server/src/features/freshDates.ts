/**
 * Documented examples carry the dates of the day they were written (2021-09-01…), which services refuse as
 * "in the past". Before an example is inserted, all its dates move forward by the same number of days, so the
 * earliest is tomorrow and their spacing (start before end, one day apart) stays as documented.
 */
import { tomorrow } from './schemaNav';

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?=$| \d{2}:\d{2}$|T)/;
const DAY_MS = 24 * 60 * 60 * 1000;

export function withFreshDates<T>(value: T, now = Date.now()): T {
  const dates: number[] = [];
  visit(value, (s) => {
    const t = dateOf(s);
    if (t !== undefined) dates.push(t);
    return s;
  });
  if (dates.length === 0) return value;
  const first = Date.parse(`${tomorrow(now)}T00:00:00Z`);
  const shift = first - Math.min(...dates);
  if (shift <= 0) return value;
  return visit(value, (s) => {
    const t = dateOf(s);
    return t === undefined ? s : new Date(t + shift).toISOString().slice(0, 10) + s.slice(10);
  }) as T;
}

function dateOf(s: string): number | undefined {
  const m = DATE.exec(s);
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return Number.isNaN(t) ? undefined : Math.round(t / DAY_MS) * DAY_MS;
}

function visit(value: unknown, onString: (s: string) => string, depth = 0): unknown {
  if (depth > 64) return value;
  if (typeof value === 'string') return onString(value);
  if (Array.isArray(value)) return value.map((v) => visit(v, onString, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v, onString, depth + 1)]));
  }
  return value;
}
