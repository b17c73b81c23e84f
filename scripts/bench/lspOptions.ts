/**
 * Options of the language-server bench (`scripts/bench/lspBench.ts`, through `npm run bench -- …`):
 * `--quick` measures one size with fewer samples and writes nothing; `--only <section>` (repeatable, or
 * comma-separated) runs only those sections, each rewriting its own part of BENCHMARKS.md.
 */

export const LSP_SECTIONS = ['diagnostics', 'requests', 'code-actions', 'give-way', 'memory'] as const;
export type LspSection = (typeof LSP_SECTIONS)[number];

export interface LspOptions {
  quick: boolean;
  sections: LspSection[];
  /** Fresh processes per figure. */
  rounds: number;
  /** Whether BENCHMARKS.md is rewritten: never for a quick run, whose figures are for development only. */
  write: boolean;
}

const isSection = (s: string): s is LspSection => (LSP_SECTIONS as readonly string[]).includes(s);

/** Parses the bench's arguments; unknown `--only` names throw, listing the known ones. */
export function parseLspOptions(args: readonly string[]): LspOptions {
  const quick = args.includes('--quick');
  const only: LspSection[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--only') continue;
    const value = args[i + 1];
    if (value === undefined) throw new Error(`--only needs a section: ${LSP_SECTIONS.join(', ')}`);
    for (const name of value.split(',')) {
      if (name === 'lsp') only.push(...LSP_SECTIONS);
      else if (isSection(name)) only.push(name);
      else throw new Error(`unknown section "${name}"; the language server's are: lsp, ${LSP_SECTIONS.join(', ')}`);
    }
    i++;
  }
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : quick ? 2 : 3;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds needs a whole number ≥ 1');
  return {
    quick,
    sections: only.length ? LSP_SECTIONS.filter((s) => only.includes(s)) : [...LSP_SECTIONS],
    rounds,
    write: !quick && !args.includes('--no-write') && rounds >= 3,
  };
}
