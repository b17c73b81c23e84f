/**
 * New-request templates: in an empty request file (or one holding only the word being typed), completion offers
 * one complete request per catalog operation, built-in or user. They replace the contributed snippets, which
 * VS Code also offered inside values and strings, where no request can start.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../catalog/catalog';
import type { Operation } from '../catalog/types';
import { withFreshDates } from './freshDates';
import { operationMarkdown } from './hover';
import { expand, placeholderValue } from './schemaNav';

/** Text a template may replace: nothing, whitespace, or a bare word such as `mp-` or `new` (never JSON). */
const STARTABLE = /^\s*[\w.-]*\s*$/;

/** Whether a whole request can start here: the file holds nothing but (maybe) a bare word. */
export function canStartRequest(text: string): boolean {
  return text.length < 200 && STARTABLE.test(text);
}

/** One "New request: …" item per operation, each replacing the whole file. */
export function newRequestItems(doc: TextDocument, catalog: Catalog): CompletionItem[] {
  const text = doc.getText();
  if (!canStartRequest(text)) return [];
  const range = { start: doc.positionAt(0), end: doc.positionAt(text.length) };
  return catalog.all().map((op) => {
    const { snippet, fromExample } = requestTemplate(catalog, op);
    return {
      label: `New request: ${op.summary || op.id} (${op.method} ${op.path})`,
      kind: CompletionItemKind.Snippet,
      detail: `${op.id}${fromExample ? ' · the documented example' : ''}`,
      documentation: { kind: MarkupKind.Markdown, value: operationMarkdown(op) },
      tags: op.deprecated ? [1] : [],
      sortText: (op.deprecated ? '1' : '0') + op.id,
      // Typing mp-, new or any word of the id, summary or path narrows the list.
      filterText: `mp-${op.id} new request ${op.summary} ${op.path}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: snippet },
    };
  });
}

/** Marks a tab stop inside the JSON text until it is turned into snippet syntax. */
const STOP = '\ue001';
/** Marks a string the user has to type. */
const BLANK = '\ue002';

/**
 * The request file for an operation as snippet text: path parameters and required query parameters as tab
 * stops (their names, or the schema's default, as placeholders), the body from the first documented example (its
 * dates moved to start tomorrow) or else from the schema's required members.
 */
export function requestTemplate(catalog: Catalog, op: Operation): { snippet: string; fromExample: boolean } {
  const stops: string[] = [];
  const stop = (placeholder: unknown): string => {
    // A string's placeholder sits inside the JSON quotes: it is escaped as JSON text.
    stops.push(
      typeof placeholder === 'string' ? JSON.stringify(placeholder).slice(1, -1) : JSON.stringify(placeholder),
    );
    return `${STOP}${stops.length}${STOP}`;
  };
  const request: Record<string, unknown> = { operation: op.id };
  const params = (where: 'path' | 'query', requiredOnly: boolean) => {
    const out: Record<string, unknown> = {};
    for (const p of op.params) {
      if (p.in !== where || (requiredOnly && !p.required)) continue;
      const value = placeholderValue(catalog, expand(catalog, p.schema), { blank: p.name });
      // Path parameters are written as strings whatever their schema (they become part of the URL).
      if (where === 'path' || typeof value === 'string') out[p.name] = stop(String(value));
      else out[p.name] = { [STOP]: stop(value) };
    }
    return out;
  };
  const pathParams = params('path', false);
  if (Object.keys(pathParams).length > 0) request.pathParams = pathParams;
  const query = params('query', true);
  if (Object.keys(query).length > 0) request.query = query;
  const example = op.body?.examples[0];
  if (op.body) {
    request.body = example
      ? withFreshDates(example.value)
      : // A string the schema cannot fill (a name, an id) becomes an empty tab stop: the user types it there.
        placeholderValue(catalog, expand(catalog, op.body.schema), { blank: BLANK });
  }
  const json = escapeSnippet(JSON.stringify(request, null, 2));
  const snippet = json
    // A non-string placeholder was wrapped as {"\ue001": "\ue001N\ue001"}: unwrap it to a bare tab stop.
    .replace(new RegExp(`\\{\\s*"${STOP}": "${STOP}(\\d+)${STOP}"\\s*\\}`, 'g'), (_, n: string) => tabStop(n, stops))
    .replace(new RegExp(`${STOP}(\\d+)${STOP}`, 'g'), (_, n: string) => tabStop(n, stops))
    .replace(new RegExp(BLANK, 'g'), () => `\${${stops.push('')}}`);
  return { snippet, fromExample: example !== undefined };
}

function tabStop(n: string, stops: string[]): string {
  return `\${${n}:${escapePlaceholder(stops[Number(n) - 1] ?? '')}}`;
}

/** Text taken literally in a snippet outside a placeholder: `$` and `\\` are escaped (`}` is literal there). */
const escapeSnippet = (s: string): string => s.replace(/[\\$]/g, (c) => '\\' + c);
/** Text taken literally inside a placeholder, where `}` would end it. */
const escapePlaceholder = (s: string): string => s.replace(/[\\}$]/g, (c) => '\\' + c);
