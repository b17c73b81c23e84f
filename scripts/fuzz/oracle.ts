/**
 * Oracles: what must hold for every document, whatever it contains. They are written independently of
 * the server's own checks (a different tokenizer, every key decoded), so a parser differential shows.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PrepareRequestResult } from '../../common/protocol';
import { isObj } from '../../common/json';

/** The credential headers the server must never put in a prepared request, whatever the catalog says. */
export const CREDENTIAL_HEADERS = [
  'authorization',
  'x-access-token',
  'x-conference-authorization',
  'proxy-authorization',
  'cookie',
];
export const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_DEPTH = 256;

export interface StrictKeys {
  duplicates: string[];
  reserved: string[];
  maxDepth: number;
}

/**
 * Object keys of a text that `JSON.parse` accepted, each decoded (so `"\u0061"` and `"a"` are the same key):
 * duplicates within one object, reserved names, and the nesting depth. Iterative.
 */
export function strictKeys(text: string): StrictKeys {
  const stack: Array<Set<string> | null> = [];
  const duplicates: string[] = [];
  const reserved: string[] = [];
  let maxDepth = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const token = text.slice(i, j + 1);
      i = j + 1;
      let k = i;
      while (k < n && (text[k] === ' ' || text[k] === '\t' || text[k] === '\n' || text[k] === '\r')) k++;
      const top = stack[stack.length - 1];
      if (top && text[k] === ':') {
        const key = JSON.parse(token) as string;
        if (top.has(key)) duplicates.push(key);
        top.add(key);
        if (RESERVED_KEYS.has(key)) reserved.push(key);
      }
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c === '{' ? new Set() : null);
      if (stack.length > maxDepth) maxDepth = stack.length;
    } else if (c === '}' || c === ']') stack.pop();
    i++;
  }
  return { duplicates, reserved, maxDepth };
}

export function strictParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export interface OracleContext {
  text: string;
  parsed: { ok: true; value: unknown } | { ok: false };
  /** Lazily computed key facts (only for texts JSON.parse accepted). */
  keys(): StrictKeys;
  operations: Map<string, { method: string; credentialHeaders: string[] }>;
}

/** meeting/prepareRequest: what is sent is exactly what was validated, and never a credential from the file. */
export function checkPrepare(ctx: OracleContext, result: PrepareRequestResult): string[] {
  const problems: string[] = [];
  if (!result || typeof result !== 'object') return ['prepareRequest answered neither ok nor a reason'];
  if (!result.ok) {
    if (typeof result.reason !== 'string' || result.reason === '') {
      problems.push('prepareRequest refused without a reason');
    }
    return problems;
  }
  if (!ctx.parsed.ok) return ['prepareRequest prepared a text that JSON.parse rejects'];
  const value = ctx.parsed.value;
  const req = result.request;
  if (!isObj(value)) return ['prepareRequest prepared a file that is not a JSON object'];
  if (req.operationId !== value.operation) problems.push(`prepared operation ${req.operationId} is not the file's`);
  const op = ctx.operations.get(req.operationId);
  if (!op) problems.push(`prepared operation ${req.operationId} is not in the catalog`);
  else if (req.method !== op.method) problems.push(`method ${req.method} is not the catalog's ${op.method}`);
  const credential = new Set([...CREDENTIAL_HEADERS, ...(op?.credentialHeaders ?? []).map((h) => h.toLowerCase())]);
  for (const [name] of req.headers) {
    if (credential.has(name.toLowerCase())) {
      problems.push(`credential header ${JSON.stringify(name)} in the prepared headers`);
    }
  }
  if (isObj(value.headers)) {
    for (const name of Object.keys(value.headers)) {
      if (credential.has(name.toLowerCase()) && !(req.ignoredHeaders ?? []).includes(name)) {
        problems.push(`credential header ${JSON.stringify(name)} of the file is not reported as ignored`);
      }
    }
  }
  if ('body' in value) {
    if (req.body === undefined) problems.push('the file has a body but the prepared request has none');
    else {
      if (!ctx.text.includes(req.body)) problems.push('the prepared body is not a substring of the text');
      const body = strictParse(req.body);
      if (!body.ok) problems.push('the prepared body is not JSON');
      else if (!isDeepStrictEqual(body.value, value.body)) {
        problems.push('the prepared body is not the body JSON.parse sees');
      }
    }
  } else if (req.body !== undefined) problems.push('the prepared request has a body the file does not have');
  if (req.validation.valid) {
    const keys = ctx.keys();
    if (keys.duplicates.length) problems.push(`valid although key ${JSON.stringify(keys.duplicates[0])} is duplicated`);
    if (keys.reserved.length) problems.push(`valid although it has the key ${JSON.stringify(keys.reserved[0])}`);
    if (keys.maxDepth > MAX_DEPTH) problems.push(`valid although nested ${keys.maxDepth} deep`);
    const extra = Object.keys(value).filter(
      (k) => !['$schema', 'operation', 'pathParams', 'query', 'headers', 'body'].includes(k),
    );
    if (extra.length) problems.push(`valid although the envelope has ${JSON.stringify(extra[0])}`);
  }
  return problems;
}

function inDocument(
  doc: TextDocument,
  r: { start: { line: number; character: number }; end: { line: number; character: number } },
): boolean {
  const ok = (p: { line: number; character: number }) =>
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.character >= 0 &&
    p.line < doc.lineCount;
  const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
  return ok(r.start) && ok(r.end) && ordered;
}

export function checkDiagnostics(
  ctx: OracleContext,
  doc: TextDocument,
  diagnostics: Diagnostic[],
  maxDiagnostics: number,
): string[] {
  const problems: string[] = [];
  if (!Array.isArray(diagnostics)) return ['diagnostics are not a list'];
  if (diagnostics.length > maxDiagnostics + 1) {
    problems.push(`${diagnostics.length} diagnostics published (cap ${maxDiagnostics} + 1)`);
  }
  for (const d of diagnostics) {
    if (!inDocument(doc, d.range)) {
      problems.push(`diagnostic range outside the document: ${JSON.stringify(d.range)}`);
      break;
    }
    if (typeof d.message !== 'string' || d.message === '') problems.push('a diagnostic without a message');
  }
  const errors = diagnostics.filter((d) => d.severity === 1).length;
  if (!ctx.parsed.ok && errors === 0) problems.push('text JSON.parse rejects has no error diagnostic');
  const complete = diagnostics.length <= maxDiagnostics && !diagnostics.some((d) => d.code === 'too-deep');
  if (ctx.parsed.ok && complete) {
    // Every duplicate or reserved key, however it is spelled (escapes decoded), is reported as such.
    const keys = ctx.keys();
    const codes = new Set(diagnostics.map((d) => d.code));
    if (keys.duplicates.length && !codes.has('duplicate-key')) {
      problems.push(`no duplicate-key diagnostic for the duplicated key ${JSON.stringify(keys.duplicates[0])}`);
    }
    if (keys.reserved.length && !codes.has('reserved-key')) {
      problems.push(`no reserved-key diagnostic for the key ${JSON.stringify(keys.reserved[0])}`);
    }
  }
  return problems;
}

export function checkCompletion(items: CompletionItem[]): string[] {
  if (!Array.isArray(items)) return ['completion answered something that is not a list'];
  return items.some((i) => typeof i.label !== 'string') ? ['a completion item without a label'] : [];
}

export function checkHover(h: Hover | null): string[] {
  if (h === null) return [];
  const contents = h.contents as { kind?: string; value?: unknown };
  return typeof contents?.value === 'string' ? [] : ['a hover without markdown contents'];
}

export function checkCodeActions(doc: TextDocument, actions: CodeAction[]): string[] {
  const problems: string[] = [];
  for (const a of actions) {
    const edits = a.edit?.changes?.[doc.uri] ?? [];
    for (const e of edits) {
      if (!inDocument(doc, e.range)) problems.push(`quick fix "${a.title}" edits outside the document`);
    }
    const sorted = [...edits].sort((x, y) => doc.offsetAt(x.range.start) - doc.offsetAt(y.range.start));
    for (let i = 1; i < sorted.length; i++) {
      if (doc.offsetAt(sorted[i].range.start) < doc.offsetAt(sorted[i - 1].range.end)) {
        problems.push(`quick fix "${a.title}" has overlapping edits`);
      }
    }
  }
  return problems;
}

export function countSymbols(symbols: DocumentSymbol[] | null): number {
  let count = 0;
  const stack = [...(symbols ?? [])];
  while (stack.length > 0 && count < 1_000_000) {
    const s = stack.pop()!;
    count++;
    if (s.children) stack.push(...s.children);
  }
  return count;
}
