/** Hover: documentation of the operation, a parameter, or a body property or value. */
import { signInNotSent } from '../catalog/signIn';
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../catalog/catalog';
import type { Operation, SchemaObject } from '../catalog/types';
import { ENVELOPE_DOCS, cursorContext, valueAt } from './context';
import { constraintLines, enumMeanings, typeList } from './describe';
import { expand, firstOf, isDeprecated, propertiesOf, schemasAt } from './schemaNav';
import { isObj } from '../../../common/json';

export function hover(
  doc: TextDocument,
  offset: number,
  value: unknown,
  catalog: Catalog,
  /** The text is valid JSON (`JSON.parse` accepted it): the cursor is found by the fast scan. */
  validJson = false,
): Hover | null {
  const text = doc.getText();
  const ctx = cursorContext(text, offset, value, catalog, validJson);
  const node = ctx.node;
  if (!node || offset < node.offset || offset > node.offset + node.length) return null;
  const range = { start: doc.positionAt(node.offset), end: doc.positionAt(node.offset + node.length) };
  const path = ctx.location.path;
  const md = (value: string): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range });

  if (path.length === 1) {
    const key = String(path[0]);
    if (key === 'operation' && ctx.op) return md(operationMarkdown(ctx.op));
    const signIn =
      key === 'operation' && !ctx.location.isAtPropertyKey && isObj(value) && typeof value.operation === 'string'
        ? catalog.signInOperation(value.operation)
        : undefined;
    if (signIn) return md(`${operationMarkdown(signIn)}\n\n${signInNotSent(signIn)}`);
    if (key === 'operation' && !ctx.location.isAtPropertyKey) return null;
    return ENVELOPE_DOCS[key] ? md(`**${key}**\n\n${ENVELOPE_DOCS[key]}`) : null;
  }
  const op = ctx.op;
  if (!op) return null;
  const section = path[0];
  if ((section === 'pathParams' || section === 'query' || section === 'headers') && path.length === 2) {
    const where = section === 'pathParams' ? 'path' : section === 'query' ? 'query' : 'header';
    const param = op.params.find((p) => p.in === where && p.name.toLowerCase() === String(path[1]).toLowerCase());
    if (!param) return null;
    const schemas = expand(catalog, param.schema);
    return md(
      hoverMarkdownForSchemas(
        param.name,
        [{ description: param.description, deprecated: param.deprecated }, ...schemas],
        param.required,
        op,
      ),
    );
  }
  if (section === 'body' && op.body) {
    const bodyValue = valueAt(value, ['body']);
    const rel = path.slice(1);
    const schemas = schemasAt(catalog, op.body.schema, bodyValue, rel);
    if (schemas.length === 0) return null;
    const last = rel[rel.length - 1];
    let required = false;
    if (typeof last === 'string') {
      const parent = schemasAt(catalog, op.body.schema, bodyValue, rel.slice(0, -1));
      required = propertiesOf(catalog, parent, valueAt(bodyValue, rel.slice(0, -1))).some(
        (p) => p.name === last && p.required,
      );
    }
    const name = rel.length === 0 ? 'body' : typeof last === 'number' ? `item ${last}` : String(last);
    let md2 = hoverMarkdownForSchemas(name, schemas, required, op);
    if (!ctx.location.isAtPropertyKey && node.type !== 'property') {
      const meaning = valueMeaning(schemas, valueAt(bodyValue, rel));
      if (meaning) md2 = `${codeSpan(JSON.stringify(valueAt(bodyValue, rel)))}: ${meaning}\n\n---\n\n${md2}`;
    }
    return md(md2);
  }
  return null;
}

function valueMeaning(schemas: SchemaObject[], v: unknown): string | undefined {
  for (const s of schemas) {
    if (!Array.isArray(s.enum)) continue;
    const i = s.enum.findIndex((e) => e === v);
    if (i >= 0) return enumMeanings(s)[i];
  }
  return undefined;
}

export function hoverMarkdownForSchemas(
  name: string,
  schemas: SchemaObject[],
  required: boolean,
  op: Operation,
): string {
  const parts: string[] = [];
  const types = [...new Set(schemas.flatMap(typeList))];
  const flags = [
    required ? 'required' : 'optional',
    ...(schemas.some((s) => s.readOnly === true) ? ['read-only: returned by the API, ignored when sent'] : []),
    ...(isDeprecated(schemas) ? ['**deprecated**'] : []),
  ];
  parts.push(`**${escapeMarkdown(name)}**: ${codeSpan(types.join(' | ') || 'any')} (${flags.join(', ')})`);
  const description =
    firstOf<string>(
      schemas.filter((s) => typeof s.markdownDescription === 'string'),
      'markdownDescription',
    ) ??
    firstOf<string>(
      schemas.filter((s) => typeof s.description === 'string' && s.description),
      'description',
    );
  if (description) parts.push(description);
  const deprecation = firstOf<string>(schemas, 'x-deprecationMessage');
  if (deprecation) parts.push(`Deprecated: ${deprecation}`);
  const constraints = [...new Set(schemas.flatMap(constraintLines))];
  if (constraints.length) parts.push(constraints.map((c) => `- ${c}`).join('\n'));
  for (const s of schemas) {
    if (!Array.isArray(s.enum)) continue;
    const meanings = enumMeanings(s);
    parts.push(
      'Allowed values:\n' +
        s.enum.map((v, i) => `- ${codeSpan(JSON.stringify(v))}${meanings[i] ? `: ${meanings[i]}` : ''}`).join('\n'),
    );
    break;
  }
  if (op.docsUrl) parts.push(`[Vendor documentation](${op.docsUrl})`);
  return parts.join('\n\n');
}

export function operationMarkdown(op: Operation): string {
  const base = op.servers[0] ?? '';
  const parts = [`**${op.method}** ${codeSpan(base + op.path)}${op.deprecated ? ' (**deprecated**)' : ''}`];
  if (op.summary) parts.push(`**${op.summary}**`);
  if (op.description) parts.push(op.description);
  if (op.servers.length > 1) parts.push('Servers: ' + op.servers.map((s) => codeSpan(s)).join(', '));
  if (op.credentials.length) {
    parts.push(
      'Authentication: ' +
        op.credentials
          .map((c) => `${c.label} (\`${c.header}${c.prefix ? `: ${c.prefix.trim()} …` : ''}\`)`)
          .join('; or '),
    );
  }
  const required = op.params.filter((p) => p.required).map((p) => `${codeSpan(p.name)} (${p.in})`);
  if (required.length) parts.push('Required parameters: ' + required.join(', '));
  if (op.responses.length) {
    parts.push(
      'Responses:\n' +
        op.responses
          .map((r) => `- \`${r.status}\`${r.description ? `: ${r.description.split('\n')[0]}` : ''}`)
          .join('\n'),
    );
  }
  if (op.docsUrl) parts.push(`[Vendor documentation](${op.docsUrl})`);
  return parts.join('\n\n');
}

/**
 * A Markdown code span that the text cannot break out of: the fence is longer than any backtick run inside
 * (document values and user catalogs are untrusted; a value like `[x](command:…)` must stay literal).
 */
export function codeSpan(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** Backslash-escapes Markdown punctuation, for untrusted names shown outside code spans. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => '\\' + c).replace(/[\r\n]+/g, ' ');
}

export { isObj };
