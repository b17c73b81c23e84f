/** Command-line options of the fuzzers (scripts/fuzz/main.ts, scripts/fuzz/differentialMain.ts). */

export interface Args {
  /** The value after `name`, if given; throws when `name` has none. */
  value: (name: string) => string | undefined;
  /** A non-negative integer option, or `fallback`. */
  int: (name: string, fallback: number) => number;
  has: (name: string) => boolean;
}

/** Reads `argv`, refusing any `--option` not in `known`. */
export function readArgs(argv: string[], known: Iterable<string>): Args {
  const allowed = new Set(known);
  for (const a of argv) if (a.startsWith('--') && !allowed.has(a)) throw new Error(`unknown option ${a}`);
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
    return v;
  };
  return {
    value,
    int: (name, fallback) => {
      const v = value(name);
      if (v === undefined) return fallback;
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not ${v}`);
      return n;
    },
    has: (name) => argv.includes(name),
  };
}

/** `parse()`, or exit 2 with its message: a usage error is not a fuzz failure. */
export function parsedOrExit<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    process.stderr.write(`fuzz: ${(err as Error).message}\n`);
    process.exit(2);
  }
}
