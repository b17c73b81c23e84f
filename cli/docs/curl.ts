/**
 * cURL blocks of a docs page, checked like an imported command: imported with the cURL importer (the operation
 * from the block's attribute, or matched by method and URL), then the request file it gives is validated. What
 * is reported in the page: a method other than the operation's, a credential written into the page (a value
 * that is not a placeholder: never echoed), and the body's problems at their place in the command's data.
 */
import type { Catalog } from '../../server/src/catalog/catalog';
import { analyze } from '../../server/src/features/analyze';
import { headerContext } from '../../server/src/features/headerProblems';
import { commandWords, importCurl } from '../../server/src/features/importCurl';
import { locatePaths, pathKey, type JsonPath, type Located } from '../../server/src/features/locate';
import { nameProblem } from '../../common/headerRules';
import { looksSecret } from '../../common/secretNames';
import type { ServerSettings } from '../../common/settings';
import type { DocBlock } from './blocks';
import type { DocProblem } from './check';
import { pathText } from './paths';

export function checkCurlBlock(
  block: DocBlock,
  operationId: string | undefined,
  catalog: Catalog,
  settings: ServerSettings,
): { operationId: string | undefined; problems: DocProblem[] } {
  const problems: DocProblem[] = [];
  const atOpening = (severity: DocProblem['severity'], code: string, message: string): void => {
    problems.push({ severity, code, message, offset: block.start, length: block.openLength });
  };
  const at = (offset: number, length: number, severity: DocProblem['severity'], code: string, message: string) => {
    const start = block.map(offset);
    problems.push({ severity, code, message, offset: start, length: Math.max(0, block.map(offset + length) - start) });
  };
  // A console block's prompt is not part of the command.
  const command = block.text.replace(/^\s*\$\s*/, '');
  const lead = block.text.length - command.length;
  const imported = importCurl(command, catalog, { operationId, settings });
  if (!imported.ok) {
    atOpening('warning', 'untied-block', `The cURL command could not be imported: ${imported.reason}`);
    return { operationId, problems };
  }
  const op = catalog.get(imported.operationId);
  const find = (needle: string, from = 0): number => {
    const i = command.indexOf(needle, from);
    return i < 0 ? -1 : i + lead;
  };
  if (op && imported.commandMethod !== op.method) {
    const word = /(?:-X|--request)\s*['"]?([A-Za-z]+)/.exec(command);
    const message =
      `The command uses ${imported.commandMethod}, but ${op.id} is ${op.method} ${op.path}: ` +
      `the example sends the wrong method.`;
    if (word) {
      at(lead + word.index + word[0].length - word[1].length, word[1].length, 'error', 'method-mismatch', message);
    } else atOpening('error', 'method-mismatch', message);
  }
  for (const c of credentials(commandWords(command).words, op ? headerContext(op) : undefined)) {
    if (isPlaceholder(c.value)) continue;
    const i = find(c.where);
    const message = `${c.what} holds what looks like a real credential (${c.value.length} characters) in the page: write a placeholder such as <token>.`;
    if (i >= 0) at(i, c.where.length, 'error', 'credential-in-page', message);
    else atOpening('error', 'credential-in-page', message);
  }
  // The request file's problems: the body's at their place in the data as written, the rest at the command.
  const analysis = analyze(imported.fileText, catalog, settings);
  const data = imported.data?.trim();
  const dataAt = data !== undefined && data !== '' ? find(data) : -1;
  const bodyPaths = analysis.problems
    .map((p) => p.path)
    .filter((p): p is JsonPath => p !== undefined && p[0] === 'body')
    .map((p) => p.slice(1));
  const located: Map<string, Located> = dataAt >= 0 ? locatePaths(data!, bodyPaths) : new Map<string, Located>();
  for (const p of analysis.problems) {
    const inBody = p.path?.[0] === 'body';
    const where = p.path ? `${pathText(inBody ? p.path.slice(1) : p.path)}: ` : '';
    const place = inBody ? located.get(pathKey(p.path!.slice(1))) : undefined;
    const range = place ? (p.target === 'key' ? (place.key ?? place.value) : place.value) : undefined;
    if (range && dataAt >= 0) at(dataAt + range.offset, range.length, p.severity, p.code, `${where}${p.message}`);
    else atOpening(p.severity, p.code, `${inBody ? '' : 'request file '}${where}${p.message}`);
  }
  return { operationId: imported.operationId, problems };
}

interface Credential {
  /** How the page names it: "The Authorization header". */
  what: string;
  /** Text to find in the block to place the problem (the header name, the option). */
  where: string;
  value: string;
}

/** Credentials the command's words carry, found with the sender's header rules. */
function credentials(words: string[], ctx: ReturnType<typeof headerContext> | undefined): Credential[] {
  const found: Credential[] = [];
  for (let i = 0; i < words.length - 1; i++) {
    const option = words[i];
    const value = words[i + 1];
    if (option === '-H' || option === '--header') {
      const colon = value.indexOf(':');
      if (colon <= 0) continue;
      const name = value.slice(0, colon).trim();
      const credential = ctx ? nameProblem(name, ctx)?.code === 'credential-header' : looksSecret(name, 'header');
      if (credential) {
        found.push({ what: `The ${name} header`, where: name, value: value.slice(colon + 1).trim() });
      }
    } else if (option === '-u' || option === '--user') {
      found.push({ what: `The ${option} option`, where: option, value: value.replace(/^[^:]*:?/, '') || value });
    } else if (option === '--oauth2-bearer') {
      found.push({ what: 'The --oauth2-bearer option', where: option, value });
    }
  }
  return found;
}

/** `<token>`, `$TOKEN`, `{{token}}`, `YOUR_ACCESS_TOKEN`, `xxxx`, `…`: what docs write instead of a secret. */
export function isPlaceholder(value: string): boolean {
  const v = value.replace(/^(?:bearer|basic|token)\s+/i, '').trim();
  if (v.length < 8) return true;
  return /^[A-Z0-9_]+$/.test(v) || /[<>{}$%]|\.\.\.|…|\*{3,}|^x+$|your|example|placeholder|redacted|token/i.test(v);
}
