/**
 * A diagnostic's quick fixes as they travel in its `data`, which the client keeps and sends back unchanged with a
 * code-action request: one array per fix, `[kind, title, path, argument]`, the kind a number. Half the size of the
 * fix objects, which on a file with thousands of problems was a third of what every publish wrote and every client
 * read.
 */
import type { JsonPath } from './locate';
import type { Fix } from './problems';

/** `[kind, title, path]` and the kind's argument: a set's value, a rename's name, an add's `[name, value]` pairs. */
export type FixData = [kind: number, title: string, path: JsonPath, argument?: unknown];

const KINDS = ['set', 'remove', 'rename', 'add'] as const;
/** Added to the kind of a fix marked `fixAll`. */
const FIX_ALL = 4;

/**
 * A value `undefined` is left out (an array would carry it as `null`), as JSON left it out of the fix object:
 * the fix reads back the same.
 */
const pair = (name: string, value: unknown): unknown[] => (value === undefined ? [name] : [name, value]);

export function packFixes(fixes: readonly Fix[]): FixData[] {
  return fixes.map((fix): FixData => {
    const kind = KINDS.indexOf(fix.kind) + (fix.fixAll ? FIX_ALL : 0);
    switch (fix.kind) {
      case 'set':
        return fix.value === undefined ? [kind, fix.title, fix.path] : [kind, fix.title, fix.path, fix.value];
      case 'remove':
        return [kind, fix.title, fix.path];
      case 'rename':
        return [kind, fix.title, fix.path, fix.name];
      case 'add':
        return [kind, fix.title, fix.path, fix.properties.map((p) => pair(p.name, p.value))];
    }
  });
}

/**
 * The fixes a diagnostic's `data` carries (as {@link packFixes} wrote them), each the object the fix was through
 * JSON (keys in its order, a value left undefined left out); none for anything else.
 */
export function unpackFixes(data: unknown): Fix[] {
  if (!Array.isArray(data)) return [];
  const fixes: Fix[] = [];
  for (const item of data as unknown[]) {
    if (!Array.isArray(item)) continue;
    const [code, title, path, argument] = item as unknown[];
    if (typeof code !== 'number' || typeof title !== 'string' || !Array.isArray(path)) continue;
    const kind = KINDS[code % FIX_ALL];
    const fix: Record<string, unknown> = { kind, title, path };
    if (kind === 'set') {
      if (item.length > 3) fix.value = argument;
    } else if (kind === 'rename') {
      if (typeof argument !== 'string') continue;
      fix.name = argument;
    } else if (kind === 'add') {
      if (!Array.isArray(argument)) continue;
      fix.properties = (argument as unknown[]).flatMap((p) =>
        Array.isArray(p) && typeof p[0] === 'string'
          ? [p.length > 1 ? { name: p[0], value: p[1] as unknown } : { name: p[0] }]
          : [],
      );
    } else if (kind !== 'remove') continue;
    if (code >= FIX_ALL) fix.fixAll = true;
    fixes.push(fix as Fix);
  }
  return fixes;
}
