/**
 * Redacts the values of secret fields (PINs, passwords, join links) in JSON text for exports. Which fields are
 * secret comes from the catalog (`PreparedRequest.secretFields`, marked `x-secret` in the schemas), plus the one
 * name heuristic (`common/secretNames.ts`) for fields no catalog marks (the live services return more than
 * documented). The text is read with a JSON scanner, not parsed: a body with a byte-order mark, trailing text,
 * several values or cut off at the size limit is redacted too, and everything that is not a secret keeps its exact
 * formatting.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { looksSecret } from '../../../common/secretNames';
import { MASK } from './mask';

export interface FieldRedaction {
  text: string;
  /** Names of the fields whose values were replaced. */
  names: string[];
  /** The values replaced, as decoded: to be masked wherever else they appear (an echo in an error message). */
  values: string[];
}

/** Whether a field name is secret: named by the catalog, or by its name. */
export function secretFieldTest(catalogNames: readonly string[]): (name: string) => boolean {
  const named = new Set(catalogNames);
  return (name) => named.has(name) || looksSecret(name, 'field');
}

/** Replaces every string or number value of a secret field with the mask (as a JSON string). */
export function redactSecretFields(text: string, isSecret: (name: string) => boolean): FieldRedaction {
  const scanner = createScanner(text, false);
  const spans: Array<[number, number]> = [];
  const names = new Set<string>();
  const values: string[] = [];
  let key: string | undefined;
  let secretKey: string | undefined;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
    if (secretKey !== undefined) {
      if (kind === SyntaxKind.StringLiteral || kind === SyntaxKind.NumericLiteral) {
        spans.push([scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()]);
        names.add(secretKey);
        values.push(scanner.getTokenValue());
      }
      secretKey = undefined;
      key = undefined;
      continue;
    }
    if (kind === SyntaxKind.ColonToken && key !== undefined && isSecret(key)) secretKey = key;
    key = kind === SyntaxKind.StringLiteral ? scanner.getTokenValue() : undefined;
  }
  if (spans.length === 0) return { text, names: [], values: [] };
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += `${text.slice(at, start)}"${MASK}"`;
    at = end;
  }
  return { text: out + text.slice(at), names: [...names], values };
}
