/**
 * The mechanical fixes an imported cURL command gets before it opens (#12 §4): values written as strings where the
 * schema wants a boolean or a number (`"false"` → false, `"15"` → 15; only exact numbers, see `ajvProblems.ts`),
 * applied with the same edits as Fix All, each named in a note with its old and new value. Anything else that
 * Fix All could do (a misspelt key) is counted, not applied: the user decides, one click away.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerSettings } from '../../../common/settings';
import type { Catalog } from '../catalog/catalog';
import { analyze } from './analyze';
import { fixAllFor } from './codeActions';
import { valueAt } from './context';
import type { JsonPath } from './locate';
import type { Problem } from './problems';

export interface ImportFixes {
  text: string;
  /** One note per changed value: where, from what, to what. */
  changes: string[];
  /** Problems of the result that Fix All would still fix. */
  fixable: number;
}

/** `body.settings[0].isLock` */
export function pathText(path: JsonPath): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

function isTypeFix(p: Problem, value: unknown): boolean {
  const fix = p.fixes?.[0];
  if (!fix?.fixAll || fix.kind !== 'set') return false;
  return (
    typeof valueAt(value, fix.path) === 'string' && (typeof fix.value === 'boolean' || typeof fix.value === 'number')
  );
}

export function fixImported(text: string, catalog: Catalog, settings: ServerSettings): ImportFixes {
  const before = analyze(text, catalog, settings);
  const typeFixes = before.syntaxOk ? before.problems.filter((p) => isTypeFix(p, before.value)) : [];
  let fixed = text;
  const changes: string[] = [];
  if (typeFixes.length > 0) {
    const doc = TextDocument.create('untitled:imported.meeting.json', 'meeting-json', 0, text);
    const edit = fixAllFor(doc, typeFixes)?.edit?.changes?.[doc.uri];
    if (edit) {
      fixed = TextDocument.applyEdits(doc, edit);
      let after: unknown;
      try {
        after = JSON.parse(fixed);
      } catch {
        return { text, changes: [], fixable: countFixable(before.problems) }; // never open a broken result
      }
      for (const p of typeFixes) {
        const fix = p.fixes?.[0];
        if (fix?.kind !== 'set' || valueAt(after, fix.path) !== fix.value) continue;
        const old = JSON.stringify(valueAt(before.value, fix.path));
        changes.push(
          `Changed ${pathText(fix.path)} from ${old} to ${JSON.stringify(fix.value)}: the API takes a ${typeof fix.value === 'boolean' ? 'boolean' : 'number'} there.`,
        );
      }
    }
  }
  const rest = fixed === text ? before : analyze(fixed, catalog, settings);
  return { text: fixed, changes, fixable: countFixable(rest.problems) };
}

function countFixable(problems: readonly Problem[]): number {
  return problems.filter((p) => p.fixes?.[0]?.fixAll === true).length;
}
