/**
 * `x-read` of an operation, checked: the documented read of the same resource (see `common/readPlan.ts`), or
 * `{ none: reason }`. User catalogs may carry one too, so every part is validated and anything malformed is
 * dropped with a warning rather than trusted.
 */
import type { NoRead, ReadLink } from '../../../common/readPlan';
import { isObj } from '../../../common/json';

type Obj = Record<string, unknown>;
const PARAM = /^(path|query)\.[^\s.][^\s]{0,127}$/;
const POINTER = /^(\/[^/]{1,128}){0,8}$/;
const NAME = /^[^\s]{1,128}$/;
const MAX_ENTRIES = 32;

const names = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.length <= MAX_ENTRIES && v.every((x) => typeof x === 'string' && NAME.test(x))
    ? (v as string[])
    : undefined;

function parse(raw: Obj, idPrefix: string | undefined): ReadLink | NoRead | string {
  if (typeof raw.none === 'string' && raw.none.trim()) return { none: raw.none.slice(0, 2000) };
  if (typeof raw.operationId !== 'string' || !NAME.test(raw.operationId)) return 'it names no operationId';
  const params: Record<string, string> = {};
  const rawParams = isObj(raw.params) ? raw.params : {};
  if (Object.keys(rawParams).length > MAX_ENTRIES) return 'too many params';
  for (const [to, from] of Object.entries(rawParams)) {
    if (!PARAM.test(to) || typeof from !== 'string' || !PARAM.test(from)) {
      return `param ${to} is not path.<name> or query.<name>`;
    }
    params[to] = from;
  }
  const link: ReadLink = {
    operationId: idPrefix ? `${idPrefix}.${raw.operationId}` : raw.operationId,
    description: typeof raw.description === 'string' ? raw.description.slice(0, 2000) : '',
    params,
  };
  if (raw.select !== undefined) {
    const s = raw.select;
    if (!isObj(s)) return 'select is not an object';
    const select: NonNullable<ReadLink['select']> = {};
    if (s.pointer !== undefined) {
      if (typeof s.pointer !== 'string' || !POINTER.test(s.pointer)) return 'select.pointer is not a JSON pointer';
      select.pointer = s.pointer;
    }
    if (s.list !== undefined) {
      if (typeof s.list !== 'string' || !POINTER.test(s.list)) return 'select.list is not a JSON pointer';
      if (typeof s.equals !== 'string' || !PARAM.test(s.equals)) {
        return 'select.equals is not path.<name> or query.<name>';
      }
      select.list = s.list;
      select.equals = s.equals;
      select.key = typeof s.key === 'string' && NAME.test(s.key) ? s.key : 'id';
    }
    link.select = select;
  }
  if (raw.page !== undefined) {
    const p = raw.page;
    const int = (v: unknown, max: number): v is number =>
      Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max;
    if (
      !isObj(p) ||
      typeof p.offset !== 'string' ||
      typeof p.limit !== 'string' ||
      !int(p.size, 1000) ||
      !int(p.maxPages, 100)
    ) {
      return 'page needs offset, limit, size (1–1000) and maxPages (1–100)';
    }
    if (p.total !== undefined && (typeof p.total !== 'string' || !POINTER.test(p.total))) {
      return 'page.total is not a JSON pointer';
    }
    link.page = {
      offset: p.offset,
      limit: p.limit,
      size: p.size,
      maxPages: p.maxPages,
      ...(typeof p.total === 'string' ? { total: p.total } : {}),
    };
  }
  if (raw.notReturned !== undefined) {
    const list = names(raw.notReturned);
    if (!list) return 'notReturned is not a list of field names';
    link.notReturned = list;
  }
  if (raw.omitted !== undefined) {
    if (raw.omitted !== 'kept') return 'omitted can only be "kept"';
    link.omitted = 'kept';
  }
  if (raw.lists !== undefined) {
    if (!isObj(raw.lists) || Object.keys(raw.lists).length > MAX_ENTRIES) return 'lists is not an object';
    const lists: NonNullable<ReadLink['lists']> = {};
    for (const [field, rule] of Object.entries(raw.lists)) {
      if (!isObj(rule) || typeof rule.key !== 'string' || !NAME.test(rule.key)) return `lists.${field} names no key`;
      const label = rule.label === undefined ? undefined : names(rule.label);
      if (rule.label !== undefined && !label) return `lists.${field}.label is not a list of field names`;
      lists[field] = {
        key: rule.key,
        ...(label ? { label } : {}),
        ...(typeof rule.removed === 'string' ? { removed: rule.removed.slice(0, 200) } : {}),
      };
    }
    link.lists = lists;
  }
  return link;
}

export function parseReadLink(
  raw: unknown,
  idPrefix: string | undefined,
  warnings: string[],
  operationId: string,
): ReadLink | NoRead | undefined {
  const parsed = isObj(raw) ? parse(raw, idPrefix) : 'it is not an object';
  if (typeof parsed === 'string') {
    warnings.push(`x-read of ${operationId} is ignored: ${parsed}`);
    return undefined;
  }
  return parsed;
}
