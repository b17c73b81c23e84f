/** Plain-word descriptions of schema constraints, shared by diagnostics, hover and completion. */
import type { JsonSchema, SchemaObject } from '../catalog/types';
import { isObj } from '../../../common/json';

/** "4 to 16 digits" for the digit patterns the vendors use; undefined for anything else. */
export function describePattern(pattern: string): string | undefined {
  const digit = String.raw`(?:\[0-9\]|\\d)`;
  const count = String.raw`\{(\d+)(?:,(\d*))?\}`;
  let m = new RegExp(`^\\^${digit}${count}\\$$`).exec(pattern);
  if (m) return digitCount(m[1], m[2]);
  m = new RegExp(`^\\^\\(${digit}${count}\\)\\?\\$$`).exec(pattern);
  if (m) return `empty, or ${digitCount(m[1], m[2])}`;
  if (new RegExp(`^\\^${digit}\\+\\$$`).test(pattern)) return 'digits only';
  if (new RegExp(`^\\^${digit}\\*\\$$`).test(pattern)) return 'digits only (or empty)';
  return undefined;
}

/**
 * The plain words for a schema's `pattern`: the catalog's `x-patternDescription`, else our reading of the simple
 * digit patterns; undefined when neither says anything (a user catalog's own regular expression).
 */
export function patternDescription(schema: SchemaObject): string | undefined {
  const words = schema['x-patternDescription'];
  if (typeof words === 'string' && words.trim() !== '') return words.trim();
  return typeof schema.pattern === 'string' ? describePattern(schema.pattern) : undefined;
}

function digitCount(min: string, max: string | undefined): string {
  if (max === undefined) return `exactly ${min} digit${min === '1' ? '' : 's'}`;
  if (max === '') return `at least ${min} digits`;
  return `${min} to ${max} digits`;
}

export function typeList(schema: JsonSchema): string[] {
  if (!isObj(schema)) return [];
  const t = schema.type;
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map(jsonType))];
  if ('const' in schema) return [jsonType(schema.const)];
  return [];
}

export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const ARTICLE: Record<string, string> = {
  string: 'a string',
  boolean: 'a boolean (true or false)',
  integer: 'a whole number',
  number: 'a number',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

export const typePhrase = (types: string[]): string => types.map((t) => ARTICLE[t] ?? t).join(' or ');

/** Enum values with their meanings: `"PRIMARY" (the member's own line), …`. */
export function enumWithMeanings(schema: SchemaObject, limit = 20): string {
  const values = Array.isArray(schema.enum) ? schema.enum : [];
  const meanings = enumMeanings(schema);
  const parts = values.slice(0, limit).map((v, i) => {
    const meaning = meanings[i];
    return meaning ? `${JSON.stringify(v)} (${meaning})` : JSON.stringify(v);
  });
  if (values.length > limit) parts.push(`…${values.length - limit} more`);
  return parts.join(', ');
}

export function enumMeanings(schema: SchemaObject): Array<string | undefined> {
  const list = schema['x-enumDescriptions'] ?? schema.enumDescriptions ?? schema.markdownEnumDescriptions;
  return Array.isArray(list) ? list.map((d) => (typeof d === 'string' && d ? d.replace(/\.$/, '') : undefined)) : [];
}

/** "exactly 10 characters", "4 to 16 characters", "at least 1 character", "at most 64 characters". */
export function lengthPhrase(min: number | undefined, max: number | undefined): string {
  const chars = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
  if (min !== undefined && max !== undefined) {
    return min === max ? `exactly ${chars(min)}` : `${min} to ${max} characters`;
  }
  if (min !== undefined) return `at least ${chars(min)}`;
  return `at most ${chars(max ?? 0)}`;
}

export const OUR_BOUND = 'our safety bound, not a documented limit';

/** The constraints of a schema as short lines, for hover. */
export function constraintLines(schema: SchemaObject): string[] {
  const lines: string[] = [];
  const s = schema;
  const num = (k: string) => (typeof s[k] === 'number' ? s[k] : undefined);
  // Limits we add for safety are shown as ours, never as the vendor's.
  const ours = new Set(Array.isArray(s['x-safetyBounds']) ? s['x-safetyBounds'] : []);
  const bound = (text: string, ...keywords: string[]) =>
    keywords.some((k) => ours.has(k)) ? `${text} (${OUR_BOUND})` : text;
  const minL = num('minLength');
  const maxL = num('maxLength');
  if (minL !== undefined && maxL !== undefined && !ours.has('maxLength')) lines.push(lengthPhrase(minL, maxL));
  else {
    if (minL !== undefined) lines.push(lengthPhrase(minL, undefined));
    if (maxL !== undefined) lines.push(bound(lengthPhrase(undefined, maxL), 'maxLength'));
  }
  if (typeof s.pattern === 'string') lines.push(patternDescription(s) ?? `matches the pattern \`${s.pattern}\``);
  const min = num('minimum');
  const max = num('maximum');
  if (min !== undefined && max !== undefined) lines.push(`from ${min} to ${max}`);
  else if (min !== undefined) lines.push(`at least ${min}`);
  else if (max !== undefined) lines.push(`at most ${max}`);
  if (num('exclusiveMinimum') !== undefined) lines.push(`greater than ${num('exclusiveMinimum')}`);
  if (num('exclusiveMaximum') !== undefined) lines.push(`less than ${num('exclusiveMaximum')}`);
  if (num('multipleOf') !== undefined) lines.push(`a multiple of ${num('multipleOf')}`);
  const minI = num('minItems');
  const maxI = num('maxItems');
  if (minI !== undefined && maxI !== undefined) lines.push(bound(`${minI} to ${maxI} items`, 'minItems', 'maxItems'));
  else if (minI !== undefined) lines.push(`at least ${minI} item${minI === 1 ? '' : 's'}`);
  else if (maxI !== undefined) lines.push(bound(`at most ${maxI} items`, 'maxItems'));
  if (s.uniqueItems === true) lines.push('items are unique');
  if (typeof s.format === 'string') lines.push(`format: ${s.format}`);
  if ('default' in s) lines.push(`default: \`${JSON.stringify(s.default)}\``);
  return lines;
}

/** Levenshtein distance, bounded: returns `max + 1` as soon as the distance exceeds `max`. */
export function editDistance(a: string, b: string, max = 8): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** The closest candidate to `word` (case-insensitive first), or undefined when nothing is close. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const exactCase = candidates.find((c) => c.toLowerCase() === lower);
  if (exactCase) return exactCase;
  const suffix = candidates.filter((c) => c.toLowerCase().endsWith(lower) || lower.endsWith(c.toLowerCase()));
  if (suffix.length === 1 && lower.length >= 4) return suffix[0];
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), bestD);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
