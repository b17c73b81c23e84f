/** Completion for request files: envelope keys, operations, parameters, body properties and values. */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../catalog/catalog';
import type { Operation, SchemaObject } from '../catalog/types';
import { ENVELOPE_KEYS } from './problems';
import { nameProblem } from '../../../common/headerRules';
import { headerContext } from './headerProblems';
import { ENVELOPE_DOCS, cursorContext, valueAt } from './context';
import { enumMeanings, typeList } from './describe';
import {
  expand,
  firstOf,
  isDeprecated,
  placeholderValue,
  propertiesOf,
  schemasAt,
  type PropertyInfo,
} from './schemaNav';
import { withFreshDates } from './freshDates';
import { hoverMarkdownForSchemas, operationMarkdown } from './hover';
import { canStartRequest, newRequestItems } from './newRequest';
import { isObj } from '../../../common/json';

export function complete(
  doc: TextDocument,
  offset: number,
  value: unknown,
  catalog: Catalog,
  /** The text is valid JSON (`JSON.parse` accepted it): the cursor is found by the fast scan. */
  validJson = false,
): CompletionItem[] {
  const text = doc.getText();
  if (canStartRequest(text)) return newRequestItems(doc, catalog);
  const ctx = cursorContext(text, offset, value, catalog, validJson);
  const { location, op } = ctx;
  const path = location.path;
  const replace = replaceRange(doc, text, offset, ctx.node);
  const needsComma = followedByMember(text, replace ? doc.offsetAt(replace.end) : offset);

  if (location.isAtPropertyKey) {
    const objectPath = path.slice(0, -1);
    const present = valueAt(value, objectPath);
    const existing = new Set(isObj(present) ? Object.keys(present) : []);
    const typed = typeof path[path.length - 1] === 'string' ? (path[path.length - 1] as string) : '';
    existing.delete(typed);
    if (objectPath.length === 0) return envelopeKeys(existing, replace, needsComma);
    if (
      objectPath.length === 1 &&
      op &&
      (objectPath[0] === 'pathParams' || objectPath[0] === 'query' || objectPath[0] === 'headers')
    ) {
      return parameterKeys(op, objectPath[0], existing, catalog, replace, needsComma);
    }
    if (objectPath[0] === 'body' && op?.body) {
      const schemas = schemasAt(catalog, op.body.schema, valueAt(value, ['body']), objectPath.slice(1));
      return bodyKeys(propertiesOf(catalog, schemas, present), existing, catalog, op, replace, needsComma);
    }
    return [];
  }

  // Value position.
  if (path.length === 1 && path[0] === 'operation') return operations(catalog, replace);
  if (!op) return [];
  if (path.length === 2 && (path[0] === 'pathParams' || path[0] === 'query' || path[0] === 'headers')) {
    const where = path[0] === 'pathParams' ? 'path' : path[0] === 'query' ? 'query' : 'header';
    const param = op.params.find(
      (p) => p.in === where && String(p.name).toLowerCase() === String(path[1]).toLowerCase(),
    );
    return param ? valueItems(expand(catalog, param.schema), replace) : [];
  }
  if (path[0] === 'body' && op.body) {
    const schemas = schemasAt(catalog, op.body.schema, valueAt(value, ['body']), path.slice(1));
    const items = valueItems(schemas, replace);
    if (path.length === 1) items.push(...bodySnippets(op, replace));
    return items;
  }
  return [];
}

/** The text the completion replaces: the string or literal under the cursor, else the word before it. */
function replaceRange(
  doc: TextDocument,
  text: string,
  offset: number,
  node: { offset: number; length: number; type: string } | undefined,
): Range | undefined {
  if (
    node &&
    node.offset <= offset &&
    offset <= node.offset + node.length &&
    node.type !== 'object' &&
    node.type !== 'array'
  ) {
    return { start: doc.positionAt(node.offset), end: doc.positionAt(node.offset + node.length) };
  }
  let start = offset;
  while (start > 0 && /[\w$.-]/.test(text[start - 1])) start--;
  return start < offset ? { start: doc.positionAt(start), end: doc.positionAt(offset) } : undefined;
}

function followedByMember(text: string, from: number): boolean {
  for (let i = from; i < text.length && i < from + 2000; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    return c === '"';
  }
  return false;
}

function item(label: string, insert: string, opts: Partial<CompletionItem>, range: Range | undefined): CompletionItem {
  const it: CompletionItem = { label, insertTextFormat: InsertTextFormat.Snippet, ...opts };
  if (range) it.textEdit = { range, newText: insert };
  else it.insertText = insert;
  it.filterText = opts.filterText ?? `"${label}"`;
  return it;
}

function envelopeKeys(existing: Set<string>, range: Range | undefined, comma: boolean): CompletionItem[] {
  const values: Record<string, string> = {
    $schema: '"$1"',
    operation: '"$1"',
    pathParams: '{$1}',
    query: '{$1}',
    headers: '{$1}',
    body: '{$1}',
  };
  return ENVELOPE_KEYS.filter((k) => !existing.has(k)).map((k, i) =>
    item(
      k,
      `"${k}": ${values[k]}${comma ? ',' : ''}`,
      {
        kind: CompletionItemKind.Module,
        sortText: String(i),
        documentation: { kind: MarkupKind.Markdown, value: ENVELOPE_DOCS[k] ?? '' },
        ...(k === 'operation' ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
      },
      range,
    ),
  );
}

function operations(catalog: Catalog, range: Range | undefined): CompletionItem[] {
  return catalog.all().map((op) => ({
    label: op.id,
    kind: CompletionItemKind.Function,
    detail: `${op.method} ${op.path}`,
    documentation: { kind: MarkupKind.Markdown, value: operationMarkdown(op) },
    tags: op.deprecated ? [1] : [],
    sortText: (op.deprecated ? '1' : '0') + op.id,
    // The typed text starts at the opening quote; the path and summary match too (`"cycle` finds /cycleconferences).
    filterText: `"${op.id}" "${op.path}" "${op.summary}"`,
    ...(range ? { textEdit: { range, newText: JSON.stringify(op.id) } } : { insertText: JSON.stringify(op.id) }),
  }));
}

function parameterKeys(
  op: Operation,
  section: 'pathParams' | 'query' | 'headers',
  existing: Set<string>,
  catalog: Catalog,
  range: Range | undefined,
  comma: boolean,
): CompletionItem[] {
  const where = section === 'pathParams' ? 'path' : section === 'query' ? 'query' : 'header';
  const headers = headerContext(op);
  return op.params
    .filter((p) => p.in === where && !existing.has(p.name) && !(where === 'header' && nameProblem(p.name, headers)))
    .map((p) => {
      const schemas = expand(catalog, p.schema);
      return item(
        p.name,
        `"${p.name}": ${valueSnippet(catalog, schemas)}${comma ? ',' : ''}`,
        {
          kind: CompletionItemKind.Property,
          detail: `${p.required ? 'required ' : ''}${typeList(schemas[0] ?? {}).join(' | ') || 'string'}${p.deprecated ? ' (deprecated)' : ''}`,
          documentation: { kind: MarkupKind.Markdown, value: p.description },
          sortText: (p.required ? '0' : p.deprecated ? '2' : '1') + p.name,
          tags: p.deprecated ? [1] : [],
        },
        range,
      );
    });
}

function bodyKeys(
  props: PropertyInfo[],
  existing: Set<string>,
  catalog: Catalog,
  op: Operation,
  range: Range | undefined,
  comma: boolean,
): CompletionItem[] {
  return (
    props
      // Read-only members (returned by the API, ignored when sent) are documented for round trips, not offered.
      .filter((p) => !existing.has(p.name) && !p.schemas.some((s) => s.readOnly === true))
      .map((p) => {
        const deprecated = isDeprecated(p.schemas);
        const types = [...new Set(p.schemas.flatMap(typeList))];
        return item(
          p.name,
          `${JSON.stringify(p.name)}: ${valueSnippet(catalog, p.schemas)}${comma ? ',' : ''}`,
          {
            kind: CompletionItemKind.Property,
            detail: `${p.required ? 'required · ' : ''}${types.join(' | ') || 'any'}${deprecated ? ' · deprecated' : ''}`,
            documentation: {
              kind: MarkupKind.Markdown,
              value: hoverMarkdownForSchemas(p.name, p.schemas, p.required, op),
            },
            sortText: (p.required ? '0' : deprecated ? '2' : '1') + p.name,
            tags: deprecated ? [1] : [],
            filterText: JSON.stringify(p.name),
          },
          range,
        );
      })
  );
}

/**
 * A snippet for a value the schema accepts: enums offer their values as a choice; numbers, dates and objects
 * start from {@link placeholderValue} (default or minimum, a date not in the past, the required members filled),
 * selected as a tab stop so typing replaces it.
 */
export function valueSnippet(catalog: Catalog, schemas: SchemaObject[]): string {
  const en = firstOf<unknown[]>(schemas, 'enum');
  if (Array.isArray(en) && en.length > 0 && en.every((v) => typeof v === 'string' || typeof v === 'number')) {
    const choices = en.map((v) => escapeChoice(JSON.stringify(v))).join(',');
    return `\${1|${choices}|}`;
  }
  const types = schemas.flatMap(typeList);
  const start = placeholderValue(catalog, schemas);
  switch (types[0]) {
    case 'boolean':
      return '${1|false,true|}';
    case 'integer':
    case 'number':
      return `\${1:${typeof start === 'number' ? start : 0}}`;
    case 'array':
      return '[$1]';
    case 'null':
      return 'null';
    case 'string':
      return typeof start === 'string' && start !== '' && schemas.some((s) => s.format === 'date')
        ? `"\${1:${escapeSnippet(start)}}"`
        : '"$1"';
    case 'object':
    default:
      if (types[0] !== 'object' && !schemas.some((s) => isObj(s.properties))) return '$1';
      return isObj(start) && Object.keys(start).length > 0 ? `\${1:${escapeSnippet(JSON.stringify(start))}}` : '{$1}';
  }
}

const escapeChoice = (s: string): string => s.replace(/[\\|,}$]/g, (c) => '\\' + c);
/** Text taken literally inside a snippet (TextMate syntax: `$`, `}` and `\\` are escaped). */
export const escapeSnippet = (s: string): string => s.replace(/[\\}$]/g, (c) => '\\' + c);

function valueItems(schemas: SchemaObject[], range: Range | undefined): CompletionItem[] {
  const out: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (v: unknown, documentation?: string, detail?: string) => {
    const text = JSON.stringify(v);
    if (text === undefined || seen.has(text)) return;
    seen.add(text);
    const it: CompletionItem = {
      label: text,
      kind: CompletionItemKind.Value,
      filterText: text,
      sortText: String(out.length).padStart(4, '0'),
    };
    if (detail) it.detail = detail;
    // The meaning beside the value in the list itself, not only in the details pane.
    if (detail && detail !== 'default') it.labelDetails = { description: detail };
    if (documentation) it.documentation = { kind: MarkupKind.Markdown, value: documentation };
    if (range) it.textEdit = { range, newText: text };
    else it.insertText = text;
    out.push(it);
  };
  for (const s of schemas) {
    if (Array.isArray(s.enum)) {
      const meanings = enumMeanings(s);
      s.enum.forEach((v, i) => add(v, meanings[i], meanings[i]));
    }
    if ('const' in s) add(s.const);
    if ('default' in s) add(s.default, undefined, 'default');
  }
  if (out.length === 0 && schemas.some((s) => typeList(s).includes('boolean'))) {
    add(true);
    add(false);
  }
  return out;
}

function bodySnippets(op: Operation, range: Range | undefined): CompletionItem[] {
  if (!op.body) return [];
  return op.body.examples.map((ex, i) => {
    const fresh = withFreshDates(ex.value);
    const text = JSON.stringify(fresh, null, 2);
    const it: CompletionItem = {
      label: `Example: ${ex.summary}`,
      kind: CompletionItemKind.Snippet,
      detail:
        fresh === ex.value ? 'documented example body' : 'documented example body, its dates moved to start tomorrow',
      documentation: { kind: MarkupKind.Markdown, value: '```json\n' + text + '\n```' },
      sortText: 'z' + i,
      filterText: '{',
    };
    if (range) it.textEdit = { range, newText: text };
    else it.insertText = text;
    return it;
  });
}
