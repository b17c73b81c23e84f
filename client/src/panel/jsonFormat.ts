/**
 * JSON pretty-printing and colouring for the response panel, written here so nothing is loaded from
 * elsewhere. Bundled into the webview (client/webview/main.ts imports it), so it must stay free of any
 * import: no DOM, no Node, no vscode. The webview turns tokens into `<span>`s with `textContent`.
 *
 * The pretty-printer re-indents the body's own tokens instead of `JSON.parse` + `stringify`, so what
 * the panel shows is what the server sent: big numbers keep their digits, duplicate keys stay visible,
 * string escapes are untouched. It is iterative (no recursion), so deeply nested bodies cannot
 * overflow the stack; past {@link MAX_PRETTY_DEPTH} it gives up and the raw text is shown.
 */

export const MAX_PRETTY_DEPTH = 200;

const enum Expect {
  Value,
  Key,
  Colon,
  CommaOrClose,
  End,
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** End index (exclusive) of the JSON string starting at `start` (a quote), or -1 if invalid. */
function scanString(text: string, start: number): number {
  STRING.lastIndex = start;
  return STRING.test(text) ? STRING.lastIndex : -1;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/**
 * Re-indents a JSON text with two spaces. Returns undefined when the text is not exactly one JSON value
 * (then the caller shows it as it is).
 */
export function prettyJson(text: string, indentUnit = '  '): string | undefined {
  let out = '';
  let i = 0;
  const n = text.length;
  const stack: number[] = []; // 0x7b '{' or 0x5b '['
  let expect = Expect.Value as Expect;
  const indents: string[] = [];
  const indent = (d: number): string => (indents[d] ??= '\n' + indentUnit.repeat(d));

  const afterValue = (): Expect => (stack.length === 0 ? Expect.End : Expect.CommaOrClose);

  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWs(c)) {
      i++;
      continue;
    }
    if (expect === Expect.End) return undefined;

    if (c === 0x7b || c === 0x5b) {
      // { [
      if (expect !== Expect.Value) return undefined;
      if (stack.length >= MAX_PRETTY_DEPTH) return undefined;
      // Empty container stays on one line.
      let j = i + 1;
      while (j < n && isWs(text.charCodeAt(j))) j++;
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (text.charCodeAt(j) === close) {
        out += c === 0x7b ? '{}' : '[]';
        i = j + 1;
        expect = afterValue();
        continue;
      }
      stack.push(c);
      out += (c === 0x7b ? '{' : '[') + indent(stack.length);
      expect = c === 0x7b ? Expect.Key : Expect.Value;
      i++;
      continue;
    }
    if (c === 0x7d || c === 0x5d) {
      // } ]
      const open = stack[stack.length - 1];
      if (expect !== Expect.CommaOrClose || open !== (c === 0x7d ? 0x7b : 0x5b)) return undefined;
      stack.pop();
      out += indent(stack.length) + (c === 0x7d ? '}' : ']');
      i++;
      expect = afterValue();
      continue;
    }
    if (c === 0x2c) {
      // ,
      if (expect !== Expect.CommaOrClose) return undefined;
      out += ',' + indent(stack.length);
      expect = stack[stack.length - 1] === 0x7b ? Expect.Key : Expect.Value;
      i++;
      continue;
    }
    if (c === 0x3a) {
      // :
      if (expect !== Expect.Colon) return undefined;
      out += ': ';
      expect = Expect.Value;
      i++;
      continue;
    }
    if (c === 0x22) {
      const end = scanString(text, i);
      if (end < 0) return undefined;
      out += text.slice(i, end);
      i = end;
      if (expect === Expect.Key) expect = Expect.Colon;
      else if (expect === Expect.Value) expect = afterValue();
      else return undefined;
      continue;
    }
    if (expect !== Expect.Value) return undefined;
    NUMBER.lastIndex = i;
    LITERAL.lastIndex = i;
    const m = NUMBER.exec(text) ?? LITERAL.exec(text);
    if (!m) return undefined;
    out += m[0];
    i += m[0].length;
    expect = afterValue();
  }
  return expect === Expect.End ? out : undefined;
}

export type TokenKind = 'key' | 'string' | 'number' | 'literal' | 'punct' | 'text';

export interface Token {
  kind: TokenKind;
  text: string;
}

const COLOUR_TOKEN = /"(?:[^"\\\n]|\\.)*"?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\btrue\b|\bfalse\b|\bnull\b|[{}[\],:]/g;

/**
 * Splits (pretty-printed) JSON text into coloured tokens. Tolerant: anything it does not recognise is
 * `text`, and the tokens always concatenate back to the input exactly.
 */
export function colourTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  const push = (kind: TokenKind, t: string): void => {
    if (t.length === 0) return;
    const prev = tokens[tokens.length - 1];
    if (prev && prev.kind === kind && kind === 'text') prev.text += t;
    else tokens.push({ kind, text: t });
  };
  COLOUR_TOKEN.lastIndex = 0;
  for (let m = COLOUR_TOKEN.exec(text); m !== null; m = COLOUR_TOKEN.exec(text)) {
    push('text', text.slice(last, m.index));
    const t = m[0];
    const first = t.charCodeAt(0);
    let kind: TokenKind;
    if (first === 0x22) {
      const rest = text.slice(m.index + t.length, m.index + t.length + 8);
      kind = /^\s*:/.test(rest) ? 'key' : 'string';
    } else if (t === 'true' || t === 'false' || t === 'null') kind = 'literal';
    else if (/^[{}[\],:]$/.test(t)) kind = 'punct';
    else kind = 'number';
    push(kind, t);
    last = m.index + t.length;
  }
  push('text', text.slice(last));
  return tokens;
}

/**
 * Where to cut `text` into display chunks of about `size` characters: at line ends, so a chunk never
 * splits a token of pretty-printed JSON. Returns the end offsets (the last is `text.length`).
 */
export function chunkEnds(text: string, size: number): number[] {
  const ends: number[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const nl = text.indexOf('\n', end);
      end = nl < 0 || nl - end > size ? end : nl + 1;
    }
    ends.push(end);
    start = end;
  }
  return ends;
}

export function looksLikeJson(contentType: string, body: string): boolean {
  if (/\bjson\b|\+json\b/i.test(contentType)) return true;
  const t = body.trimStart();
  return contentType.trim() === '' && (t.startsWith('{') || t.startsWith('['));
}
