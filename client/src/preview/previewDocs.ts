/**
 * The texts the editor shows for Safe PUT (#15 §2), from a read's result: the two sides of Preview Changes (the
 * current state on the left, the state after the PUT on the right, the same summary on top of both so it is not
 * itself a difference) and the request file Fetch Current State opens, with the note naming the fields it dropped.
 * The sides never show a secret (PINs, passwords, join links: `common/secretValues.ts`); the side after says
 * whether each one changes. Send from the preview sends the file's text, not these sides. Pure, no `vscode`.
 */
import type { PutPreview } from '../../../common/readPlan';
import type { PreparedRequest } from '../../../common/requestSpec';
import { invisibleClass } from '../../../common/invisible';
import { hasRead } from '../../../common/readPlan';
import { maskSecrets, maskSecretsAfter, secretFieldTest } from '../../../common/secretValues';

export interface PreviewTexts {
  title: string;
  left: string;
  right: string;
}

// A line break or other control character inside a value would end the `//` comment and leak the rest as JSON.
const BREAKS = new RegExp(`[${invisibleClass(['control', 'line-separator'], '\t')}]+`, 'gu');
const comment = (text: string): string => `// ${text.replace(BREAKS, ' ')}`;

function header(put: PreparedRequest, readId: string, preview: PutPreview): string[] {
  return [
    comment(`${put.operationId}: current state (left, from ${readId}) → after the PUT (right)`),
    ...preview.summary.map((s) => comment(`  ${s}`)),
    ...(preview.dropped.length > 0
      ? [comment(`Returned by the read, not taken by the PUT (left out of both sides): ${preview.dropped.join(', ')}`)]
      : []),
    '',
  ];
}

export function previewTexts(put: PreparedRequest, readId: string, preview: PutPreview): PreviewTexts {
  const top = header(put, readId, preview);
  let body: Record<string, unknown> = {};
  try {
    body = put.body === undefined ? {} : (JSON.parse(put.body) as Record<string, unknown>);
  } catch {
    body = {};
  }
  // The right side is what the PUT leaves: the body (with documented defaults), and the fields not compared as sent.
  const after = Object.fromEntries([
    ...Object.entries(preview.diff.after),
    ...preview.notCompared.map((name): [string, unknown] => [name, body[name]]),
  ]);
  const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
  const isSecret = secretFieldTest([...(put.secretFields ?? []), ...(hasRead(put.read) ? put.read.secretFields : [])]);
  return {
    title: `${put.operationId}: current ↔ after the PUT${preview.destructive ? ' (removes or resets)' : ''}`,
    left: [...top, json(maskSecrets(preview.current, isSecret))].join('\n'),
    right: [...top, json(maskSecretsAfter(after, preview.current, isSecret))].join('\n'),
  };
}

/** A request file for the same operation and parameters whose body is the current state. */
export function currentStateFile(
  put: PreparedRequest,
  preview: PutPreview,
): { text: string; note: string | undefined } {
  // A Map, then own properties: a parameter named `__proto__` stays a parameter.
  const query = new Map<string, string | string[]>();
  for (const [k, v] of put.query) {
    const had = query.get(k);
    query.set(k, had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v]);
  }
  const file: Record<string, unknown> = { operation: put.operationId };
  if (Object.keys(put.pathParams).length > 0) file.pathParams = put.pathParams;
  if (put.query.length > 0) file.query = Object.fromEntries(query);
  file.body = preview.current;
  const note =
    preview.dropped.length > 0
      ? `Fields returned by the read that the PUT does not take were left out: ${preview.dropped.join(', ')}.`
      : undefined;
  return { text: `${JSON.stringify(file, null, 2)}\n`, note };
}
