/**
 * `npm run bench` (language server part): runs the sections of `lspOptions.ts` — edit → diagnostics
 * (lspDiagnostics.ts), completion, hover, outline and formatting (lspTasks.ts), code actions
 * (lspCodeActions.ts), giving way to other documents (lspGiveWay.ts), memory (lspMemory.ts) — each figure from
 * fresh processes, and writes each section's part of BENCHMARKS.md (never for `--quick`).
 *
 * `node --import tsx scripts/bench/lspBench.ts [--quick] [--only <section>[,<section>]] [--rounds <n>] [--no-write]`
 */
import { join } from 'node:path';
import { codeActionsSection } from './lspCodeActions';
import { diagnosticsSection } from './lspDiagnostics';
import { giveWaySection } from './lspGiveWay';
import { memorySection } from './lspMemory';
import { LSP_SECTIONS, parseLspOptions, type LspSection } from './lspOptions';
import { ROOT, engineBundle } from './lspServers';
import { requestsSection } from './lspTasks';
import { replaceSection } from './markdown';

type Section = (quick: boolean, rounds: number) => { heading: string; body: string[] };

const SECTIONS: Record<LspSection, Section> = {
  diagnostics: diagnosticsSection,
  requests: requestsSection,
  'code-actions': codeActionsSection,
  'give-way': giveWaySection,
  memory: memorySection,
};

function main(): void {
  const options = parseLspOptions(process.argv.slice(2));
  engineBundle();
  for (const name of options.sections) {
    console.log(
      `\n## language server: ${name}${options.quick ? ' (quick: one size, fewer samples, not written)' : ''}`,
    );
    const { heading, body } = SECTIONS[name](options.quick, options.rounds);
    if (heading !== headingOf(name)) throw new Error(`section ${name} writes "${heading}", not "${headingOf(name)}"`);
    if (!options.write) continue;
    // A new section goes after the nearest one before it that the file has: the language server's stay together.
    const previous = LSP_SECTIONS.slice(0, LSP_SECTIONS.indexOf(name)).reverse();
    replaceSection(join(ROOT, 'BENCHMARKS.md'), heading, body.join('\n'), {
      after: previous.map(headingOf),
    });
  }
}

/** The heading each section writes (for placing a section that is not in the file yet). */
function headingOf(section: LspSection): string {
  return {
    diagnostics: 'Language server: edit → diagnostics',
    requests: 'Language server: completion, hover, outline, formatting',
    'code-actions': 'Language server: code actions',
    'give-way': 'Language server: giving way to other documents',
    memory: 'Language server: memory',
  }[section];
}

main();
