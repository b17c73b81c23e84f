import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces the `## heading` section of a Markdown file, leaving the others alone. A section not there yet goes
 * after the first of `after` (headings) that the file has, else at the end.
 */
export function replaceSection(file: string, heading: string, body: string, place: { after?: string[] } = {}): void {
  const title =
    '# Benchmarks\n\nFigures written by `npm run bench`; each section is replaced by the script that owns it.\n';
  const current = existsSync(file) ? readFileSync(file, 'utf8') : title;
  const marker = `## ${heading}\n`;
  const start = current.indexOf(marker);
  const section = `${marker}\n${body.trim()}\n`;
  if (start >= 0) {
    const next = current.indexOf('\n## ', start + marker.length);
    writeFileSync(file, current.slice(0, start) + section + (next < 0 ? '' : current.slice(next)));
    return;
  }
  for (const previous of place.after ?? []) {
    const at = current.indexOf(`## ${previous}\n`);
    if (at < 0) continue;
    const next = current.indexOf('\n## ', at + previous.length + 3);
    if (next < 0) break;
    writeFileSync(file, current.slice(0, next + 1) + section + '\n' + current.slice(next + 1));
    return;
  }
  writeFileSync(file, current.trimEnd() + '\n\n' + section);
}
