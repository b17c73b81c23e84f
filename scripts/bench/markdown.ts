import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Replaces (or appends) the `## heading` section of a Markdown file, leaving the others alone. */
export function replaceSection(file: string, heading: string, body: string): void {
  const title =
    '# Benchmarks\n\nFigures written by `npm run bench`; each section is replaced by the script that owns it.\n';
  const current = existsSync(file) ? readFileSync(file, 'utf8') : title;
  const marker = `## ${heading}\n`;
  const start = current.indexOf(marker);
  const section = `${marker}\n${body.trim()}\n`;
  if (start < 0) {
    writeFileSync(file, current.trimEnd() + '\n\n' + section);
    return;
  }
  const next = current.indexOf('\n## ', start + marker.length);
  writeFileSync(file, current.slice(0, start) + section + (next < 0 ? '' : current.slice(next)));
}
