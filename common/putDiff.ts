/**
 * What a PUT will change: the current state (from the vendor's documented read) against the body, which
 * replaces it. Pure, so the editor's preview, the response panel and `meeting-payloads diff` give one answer.
 *
 * A PUT replaces the resource, so a field the body leaves out is not "kept": where the vendor documents a
 * default it is reset to it; otherwise the vendor does not say what happens, and the summary says exactly that.
 */
import { isObj } from './json';

/** Per list of the resource, how its items are told apart and how a removal is worded. */
export interface ListRule {
  /** The property that identifies an item, e.g. `id` for line members, `email` for co-hosts. */
  key: string;
  /** Properties joined to name an item in the summary (default: the key). */
  label?: string[];
  /** Wording of removals, e.g. `(n) => \`${n} member(s) lose their line\``. */
  removed?: (count: number) => string;
  /** An item as the summary may quote it (secrets masked: readPlan.ts); items are told apart by their own values. */
  shown?: (item: unknown) => unknown;
}

export interface PutDiffOptions {
  /** Top-level fields the PUT does not accept (read-only): never compared, never reported as reset. */
  readOnly?: readonly string[];
  /** Documented defaults of top-level fields: a field the body leaves out is reset to this value. */
  defaults?: Readonly<Record<string, unknown>>;
  /** Rules for arrays, by top-level field name. */
  lists?: Readonly<Record<string, ListRule>>;
}

/** `secret`: the field's values are masked (readPlan.ts), so the summary says what happens without quoting them. */
export type PutChange =
  | { kind: 'changed'; field: string; before: unknown; after: unknown; secret?: true }
  | { kind: 'added'; field: string; after: unknown; secret?: true }
  | { kind: 'reset'; field: string; before: unknown; after: unknown; secret?: true }
  | { kind: 'omitted'; field: string; before: unknown; secret?: true }
  | { kind: 'removedItems'; field: string; items: string[]; text: string }
  | { kind: 'addedItems'; field: string; items: string[] };

export interface PutDiff {
  /** The state after the PUT as far as the documentation tells (body, plus documented defaults). */
  after: Record<string, unknown>;
  /** The current state without read-only fields, for a side-by-side view. */
  before: Record<string, unknown>;
  changes: PutChange[];
  /** True when the PUT removes list items, resets a field to its default, or drops a field without a documented default. */
  destructive: boolean;
}

type Obj = Record<string, unknown>;

/** Structural equality of JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

function itemKey(item: unknown, rule: ListRule): string | undefined {
  if (!isObj(item)) return undefined;
  const k = item[rule.key];
  return typeof k === 'string' || typeof k === 'number' ? String(k) : undefined;
}

function itemLabel(raw: unknown, rule: ListRule): string {
  const item = rule.shown ? rule.shown(raw) : raw;
  // The read names items (first and last names); a body's items often carry only the key.
  for (const fields of [rule.label ?? [], [rule.key]]) {
    const parts = isObj(item)
      ? fields.map((f) => item[f]).filter((v) => typeof v === 'string' || typeof v === 'number')
      : [];
    if (parts.length > 0) return parts.join(' ');
  }
  return JSON.stringify(item);
}

function diffList(field: string, before: unknown[], after: unknown[], rule: ListRule): PutChange[] {
  const afterKeys = new Set(after.map((i) => itemKey(i, rule)).filter((k) => k !== undefined));
  const beforeKeys = new Set(before.map((i) => itemKey(i, rule)).filter((k) => k !== undefined));
  const removed = before.filter((i) => {
    const k = itemKey(i, rule);
    return k === undefined ? !after.some((a) => jsonEqual(a, i)) : !afterKeys.has(k);
  });
  const added = after.filter((i) => {
    const k = itemKey(i, rule);
    return k === undefined ? !before.some((b) => jsonEqual(b, i)) : !beforeKeys.has(k);
  });
  const out: PutChange[] = [];
  if (removed.length > 0) {
    const items = removed.map((i) => itemLabel(i, rule));
    const lead = rule.removed ? rule.removed(items.length) : `${items.length} item(s) removed from ${field}`;
    out.push({ kind: 'removedItems', field, items, text: `${lead}: ${items.join(', ')}` });
  }
  if (added.length > 0) out.push({ kind: 'addedItems', field, items: added.map((i) => itemLabel(i, rule)) });
  // Items kept but edited: compared by key, so a reordering alone is not reported.
  const changedKept = after.some((a) => {
    const k = itemKey(a, rule);
    if (k === undefined) return false;
    const b = before.find((x) => itemKey(x, rule) === k);
    return b !== undefined && !jsonEqual(projectLike(b, a), a);
  });
  if (changedKept) out.push({ kind: 'changed', field, before, after });
  return out;
}

/** `b` limited to the keys `shape` has: a read's item carries display fields (names, numbers) the PUT item does not. */
function projectLike(b: unknown, shape: unknown): unknown {
  if (!isObj(b) || !isObj(shape)) return b;
  return Object.fromEntries(Object.keys(shape).flatMap((k) => (Object.hasOwn(b, k) ? [[k, b[k]]] : [])));
}

/** The list rule of a field: own keys only, so a field named `constructor` finds no rule. */
function listRule(options: PutDiffOptions, field: string): ListRule | undefined {
  return options.lists && Object.hasOwn(options.lists, field) ? options.lists[field] : undefined;
}

export function putDiff(current: unknown, body: unknown, options: PutDiffOptions = {}): PutDiff {
  const readOnly = new Set(options.readOnly ?? []);
  const defaults = options.defaults ?? {};
  const cur: Obj = isObj(current) ? current : {};
  const put: Obj = isObj(body) ? body : {};
  const before: Obj = Object.fromEntries(Object.entries(cur).filter(([k]) => !readOnly.has(k)));
  const after: Obj = { ...put };
  const changes: PutChange[] = [];

  for (const [field, value] of Object.entries(put)) {
    if (!Object.hasOwn(before, field)) {
      changes.push({ kind: 'added', field, after: value });
      continue;
    }
    const old = before[field];
    const rule = listRule(options, field);
    if (rule && Array.isArray(old) && Array.isArray(value)) changes.push(...diffList(field, old, value, rule));
    else if (!jsonEqual(old, value)) changes.push({ kind: 'changed', field, before: old, after: value });
  }
  for (const [field, old] of Object.entries(before)) {
    if (Object.hasOwn(put, field)) continue;
    if (Object.hasOwn(defaults, field)) {
      after[field] = defaults[field];
      if (!jsonEqual(old, defaults[field])) changes.push({ kind: 'reset', field, before: old, after: defaults[field] });
    } else {
      const rule = listRule(options, field);
      if (rule && Array.isArray(old) && old.length > 0) changes.push(...diffList(field, old, [], rule));
      else changes.push({ kind: 'omitted', field, before: old });
    }
  }
  const destructive = changes.some((c) => c.kind === 'removedItems' || c.kind === 'reset' || c.kind === 'omitted');
  return { before, after, changes, destructive };
}

const show = (v: unknown): string => JSON.stringify(v) ?? 'undefined';

/** One line per change, removals first: what a user must not miss comes first. */
export function summarizePutDiff(diff: PutDiff): string[] {
  if (diff.changes.length === 0) return ['Nothing changes: the body matches the current state.'];
  const order: PutChange['kind'][] = ['removedItems', 'reset', 'omitted', 'changed', 'addedItems', 'added'];
  const sorted = [...diff.changes].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return sorted.map((c) => {
    switch (c.kind) {
      case 'removedItems':
        return c.text;
      case 'reset':
        return c.secret
          ? `${c.field} is reset to its documented default (a secret, not shown): the body leaves it out`
          : `${c.field} is reset to its documented default ${show(c.after)} (now ${show(c.before)}): the body leaves it out`;
      case 'omitted':
        return `${c.field} is left out of the body${c.secret ? '' : ` (now ${show(c.before)})`}; the vendor documents no default, so the PUT may clear it`;
      case 'changed':
        if (c.secret) return `${c.field} changes (a secret, not shown)`;
        return Array.isArray(c.after)
          ? `${c.field}: items change`
          : `${c.field} changes from ${show(c.before)} to ${show(c.after)}`;
      case 'addedItems':
        return `${c.items.length} item(s) added to ${c.field}: ${c.items.join(', ')}`;
      case 'added':
        return c.secret ? `${c.field} is set (a secret, not shown)` : `${c.field} is set to ${show(c.after)}`;
    }
  });
}
