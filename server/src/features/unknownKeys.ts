/** An unknown key's "did you mean" and its fixes, the same for body properties, envelope keys and parameters. */
import { closest } from './describe';
import type { JsonPath } from './locate';
import type { Fix } from './problems';

export interface UnknownKeyHelp {
  /** ` Did you mean "x"?`, or empty. */
  hint: string;
  /** Rename to the guess first (the value is kept), then Remove. */
  fixes: Fix[];
}

/**
 * `path` is the member's own path; `present` tells whether the object has a key (a function: a file may have
 * 300,000 unknown keys in one object). The guess is never the key itself; when the object already has the guessed
 * key, renaming onto it would make a duplicate, so only Remove is offered.
 */
export function unknownKeyHelp(
  key: string,
  documented: readonly string[],
  present: (name: string) => boolean,
  path: JsonPath,
  removeTitle = `Remove "${key}"`,
): UnknownKeyHelp {
  const guess = closest(
    key,
    documented.filter((name) => name !== key),
  );
  const remove: Fix = { kind: 'remove', title: removeTitle, path };
  if (guess === undefined) return { hint: '', fixes: [remove] };
  if (present(guess)) return { hint: ` Did you mean "${guess}"? It is already set.`, fixes: [remove] };
  return {
    hint: ` Did you mean "${guess}"?`,
    fixes: [{ kind: 'rename', title: `Rename to "${guess}"`, path, name: guess }, remove],
  };
}
