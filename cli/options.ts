/** Option parsing on Node's own `util.parseArgs`; its errors become usage errors. */
import { parseArgs } from 'node:util';
import { UsageError } from './errors';

interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
}

/** What parseArgs returns for these options, spelt out (its own type cannot be named in declarations). */
export type OptionValues<T extends Record<string, OptionSpec>> = {
  [K in keyof T]?: T[K] extends { type: 'boolean' } ? boolean : T[K] extends { multiple: true } ? string[] : string;
};

export function parseOptions<const T extends Record<string, OptionSpec>>(
  args: string[],
  options: T,
): { values: OptionValues<T>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (err) {
    // Node's messages name the option and what is wrong with it; drop its error-code prefix.
    throw new UsageError((err as Error).message.replace(/^[A-Z_]+:\s*/, ''));
  }
}

/** A value that must be one of `allowed` (or absent, then `fallback`). */
export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not "${value}".`);
}

/** A whole number of milliseconds (or bytes) within limits. */
export function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}".`);
  }
  return n;
}
