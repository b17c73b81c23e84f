/** What validation finds, before it is placed in the text. Pure data, shared by diagnostics and quick fixes. */
import type { JsonPath } from './locate';

export type Severity = 'error' | 'warning' | 'info';

/**
 * A quick fix carried by a problem; applied as jsonc-parser's `modify` would (features/fixEdits.ts), so commas and
 * indentation stay right.
 * `fixAll`: the fix is mechanical (the same text means the same request, or the problem says what it removes), so
 * the Fix-all source action may apply it without the user choosing it.
 */
export type Fix = (
  | { kind: 'set'; title: string; path: JsonPath; value: unknown }
  | { kind: 'remove'; title: string; path: JsonPath }
  /** Renames the key of the member at `path`, keeping its value. */
  | { kind: 'rename'; title: string; path: JsonPath; name: string }
  | { kind: 'add'; title: string; path: JsonPath; properties: Array<{ name: string; value: unknown }> }
) & { fixAll?: true };

export interface Problem {
  severity: Severity;
  message: string;
  code: string;
  /** Where: a path and which part of the member to underline, or explicit offsets. */
  path?: JsonPath;
  target?: 'key' | 'value' | 'open';
  offset?: number;
  length?: number;
  deprecated?: boolean;
  unnecessary?: boolean;
  fixes?: Fix[];
}

/**
 * The most problems examined in detail per source (body schema errors, unknown keys of one object): turning an
 * error into a placed, worded problem costs far more than finding it, and a hostile file can have 300,000.
 * The rest are counted in one summary problem.
 */
export const MAX_PROBLEMS = 10_000;

/** Envelope keys of a request file. */
export const ENVELOPE_KEYS = ['$schema', 'operation', 'pathParams', 'query', 'headers', 'body'] as const;

/** Keys people put in request files that belong to the environment or the secret store instead. */
export const TRANSPORT_KEYS = [
  'url',
  'baseUrl',
  'baseURL',
  'host',
  'method',
  'timeout',
  'proxy',
  'token',
  'auth',
  'tls',
  'insecure',
  'server',
  'servers',
  'environment',
];

/** The summary of what was counted but not examined (past {@link MAX_PROBLEMS}). */
export function tooManyProblems(count: number, what: string, path: JsonPath): Problem {
  return {
    severity: 'error',
    code: 'too-many-problems',
    message: `${count} ${what}; only the first ${MAX_PROBLEMS} are examined and reported.`,
    path,
    target: 'open',
  };
}
