/**
 * One known mutation of a valid body, with the place it must be reported at: a wrong type, an enum near-miss,
 * a missing required property, an undeclared key (at every depth), a value just inside or just outside a
 * bound (±1), an invalid format. Built from the {@link Site}s the generator recorded.
 */
import type { JsonPath } from '../../server/src/features/locate';
import type { Rng } from './prng';
import { documents, integerBounds, typeOf, type Site } from './schemaGen';
import { isObj } from '../../common/json';

export type MutationKind =
  'wrong-type' | 'enum-near-miss' | 'missing-required' | 'unknown-key' | 'boundary-in' | 'boundary-out' | 'format';

export interface Mutation {
  kind: MutationKind;
  /** The mutated value's path in the body; for `missing-required` and `unknown-key`, the object's. */
  path: JsonPath;
  /** The property removed or added. */
  key?: string;
  /** What was done, for reports. */
  note: string;
  body: unknown;
}

/** Mutations that make a body invalid (unless the schema happens to accept the result). */
export const INVALIDATING: ReadonlySet<MutationKind> = new Set([
  'wrong-type',
  'enum-near-miss',
  'missing-required',
  'boundary-out',
  'format',
]);

/** The undeclared key added by `unknown-key`: a name no catalog documents. */
export const UNKNOWN_KEY = 'zzUndocumentedField';

const WRONG_VALUES: Array<[string, unknown]> = [
  ['string', 'wrong'],
  ['integer', 7],
  ['number', 2.5],
  ['boolean', true],
  ['null', null],
  ['array', []],
  ['object', {}],
];

type Obj = Record<string, unknown>;

/** The value at `path` in `root`, or undefined where the path leads nowhere. */
export function valueAt(root: unknown, path: JsonPath): unknown {
  let cur = root;
  for (const seg of path) cur = Array.isArray(cur) ? cur[Number(seg)] : isObj(cur) ? cur[String(seg)] : undefined;
  return cur;
}

/** A copy of `root` with `edit` applied to the value at `path` (which it may replace by returning another). */
function edited(root: unknown, path: JsonPath, edit: (v: unknown) => unknown): unknown {
  const copy = structuredClone(root);
  if (path.length === 0) return edit(copy);
  const parent = valueAt(copy, path.slice(0, -1)) as Obj | unknown[];
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent[Number(last)] = edit(parent[Number(last)]);
  else Object.defineProperty(parent, String(last), { value: edit(parent[String(last)]), enumerable: true });
  return copy;
}

/** A mutation not yet applied: bodies are copied only for the mutations picked. */
type Candidate = Omit<Mutation, 'body'> & { edit: (v: unknown) => unknown };

/** Every mutation the sites of one body allow. */
function candidatesOf(body: unknown, sites: Site[]): Candidate[] {
  const out: Candidate[] = [];
  const add = (kind: MutationKind, path: JsonPath, note: string, edit: (v: unknown) => unknown, key?: string) =>
    out.push({ kind, path, key, note, edit });
  for (const site of sites) {
    const { path, view } = site;
    const value = valueAt(body, path);
    const type = typeOf(value);
    if (view.types) {
      const allowed = (t: string) => view.types!.includes(t) || (t === 'integer' && view.types!.includes('number'));
      const wrong = WRONG_VALUES.filter(([t]) => !allowed(t));
      for (const [t, v] of wrong.slice(0, 2)) add('wrong-type', path, `a ${t} instead`, () => structuredClone(v));
    }
    if (view.enum && view.enum.length > 0) {
      const misses = nearMisses(value).filter((m) => !view.enum!.some((e) => JSON.stringify(e) === JSON.stringify(m)));
      for (const m of misses.slice(0, 2)) add('enum-near-miss', path, `${JSON.stringify(m)}`, () => m);
    }
    if (isObj(value)) {
      for (const name of view.required) {
        if (name in value) {
          add(
            'missing-required',
            path,
            `without "${name}"`,
            (v) => {
              delete (v as Obj)[name];
              return v;
            },
            name,
          );
        }
      }
      if (!documents(site, UNKNOWN_KEY)) {
        add('unknown-key', path, `with "${UNKNOWN_KEY}"`, (v) => ({ ...(v as Obj), [UNKNOWN_KEY]: 1 }), UNKNOWN_KEY);
      }
    }
    if (type === 'integer' || type === 'number') {
      const [lo, hi] = integerBounds(view);
      const step = type === 'integer' || (view.types?.includes('integer') ?? false) ? 1 : 0.5;
      if (view.maximum !== undefined) {
        add('boundary-in', path, `= maximum ${hi}`, () => view.maximum);
        add('boundary-out', path, `= maximum + ${step}`, () => view.maximum! + step);
      }
      if (view.minimum !== undefined) {
        add('boundary-in', path, `= minimum ${lo}`, () => view.minimum);
        add('boundary-out', path, `= minimum - ${step}`, () => view.minimum! - step);
      }
      if (view.exclusiveMaximum !== undefined) {
        add('boundary-out', path, '= exclusiveMaximum', () => view.exclusiveMaximum);
      }
      if (view.exclusiveMinimum !== undefined) {
        add('boundary-out', path, '= exclusiveMinimum', () => view.exclusiveMinimum);
      }
    }
    if (typeof value === 'string') {
      if (view.maxLength !== undefined) {
        add('boundary-in', path, `${view.maxLength} characters`, () => resized(value, view.maxLength!));
        add('boundary-out', path, `${view.maxLength + 1} characters`, () => resized(value, view.maxLength! + 1));
      }
      if (view.minLength !== undefined && view.minLength > 0) {
        add('boundary-in', path, `${view.minLength} characters`, () => resized(value, view.minLength!));
        add('boundary-out', path, `${view.minLength - 1} characters`, () => resized(value, view.minLength! - 1));
      }
      if (view.format === 'date') add('format', path, 'February 30th', () => value.replace(/-\d\d-\d\d$/, '-02-30'));
      if (view.format === 'email') add('format', path, 'no @', () => value.replace('@', '.at.'));
    }
    if (Array.isArray(value)) {
      if (view.maxItems !== undefined && value.length > 0) {
        add('boundary-in', path, `${view.maxItems} items`, () => resizedArray(value, view.maxItems!));
        add('boundary-out', path, `${view.maxItems + 1} items`, () => resizedArray(value, view.maxItems! + 1));
      }
      if (view.minItems !== undefined && view.minItems > 0) {
        add('boundary-out', path, `${view.minItems - 1} items`, () => resizedArray(value, view.minItems! - 1));
      }
    }
  }
  return out;
}

/** Up to `count` mutations of one body, picked at random. */
export function pickMutations(body: unknown, sites: Site[], rng: Rng, count: number): Mutation[] {
  const all = candidatesOf(body, sites);
  const picked: Mutation[] = [];
  while (picked.length < count && all.length > 0) {
    const { edit, ...mutation } = all.splice(rng.int(all.length), 1)[0];
    picked.push({ ...mutation, body: edited(body, mutation.path, edit) });
  }
  return picked;
}

function nearMisses(value: unknown): unknown[] {
  if (typeof value === 'string') {
    return [value + 'x', value.toUpperCase(), value.toLowerCase(), value.slice(0, -1), ' ' + value];
  }
  if (typeof value === 'number') return [value + 1, value - 1, value + 10];
  return [];
}

/** `s` cut or grown (by repeating its last character, so patterns of one class still match) to `n` characters. */
function resized(s: string, n: number): string {
  const chars = [...s];
  if (chars.length >= n) return chars.slice(0, n).join('');
  const fill = chars[chars.length - 1] ?? 'a';
  return chars.join('') + fill.repeat(n - chars.length);
}

function resizedArray(items: unknown[], n: number): unknown[] {
  if (items.length >= n) return items.slice(0, n);
  const out = [...items];
  while (out.length < n) out.push(structuredClone(items[out.length % items.length]));
  return out;
}
