/**
 * Masks secrets (API tokens, proxy credentials) in any text that leaves the sending core: what was sent,
 * response bodies that echo headers, error messages, cURL commands and support bundles (threat T4), in every
 * encoding a server or a log could echo them in.
 */

export const MASK = '••••••';

/** Secrets shorter than this are not masked: masking every "a" would destroy the text and hide nothing. */
const MIN_SECRET_LENGTH = 4;
/** Base64 fragments shorter than this could match by chance. */
const MIN_BASE64_FRAGMENT = 8;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** JSON's short escapes (`\/` is how PHP's json_encode writes every slash). */
const JSON_SHORT: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
const HTML_NAMED: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * A pattern for one character in every way a text format may write it: as itself, as a JSON or JavaScript
 * escape (`\u0041`, `\x41`, `\/`), percent-encoded (its UTF-8 bytes), or as an HTML character reference
 * (`&#65;`, `&#x41;`, `&amp;`). A server may mix them within one value, so each character gets all of them.
 */
function characterForms(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const forms = [escapeRegExp(ch)];
  let units = '';
  for (let i = 0; i < ch.length; i++) units += `\\\\u${hex(ch.charCodeAt(i), 4)}`;
  forms.push(units);
  if (cp < 0x80) forms.push(`\\\\x${hex(cp, 2)}`);
  if (JSON_SHORT[ch] !== undefined) forms.push(escapeRegExp(JSON_SHORT[ch]));
  forms.push([...Buffer.from(ch, 'utf8')].map((b) => `%${hex(b, 2)}`).join(''));
  forms.push(`&#0*${cp};?`, `&#x0*${cp.toString(16)};?`);
  if (HTML_NAMED[ch] !== undefined) forms.push(HTML_NAMED[ch]);
  return `(?:${forms.join('|')})`;
}

/** The secret written character by character in any mix of {@link characterForms} (matched ignoring case). */
function textualPattern(secret: string): string {
  let out = '';
  for (const ch of secret) out += characterForms(ch);
  return out;
}

/**
 * The base64 text that encodes `secret` wherever it sits inside a larger encoded value, for each of the three
 * byte alignments (e.g. `Basic base64(user:token)` or `base64("Bearer " + token)`): only the groups made entirely
 * of secret bytes, so the fragment does not depend on what surrounds the secret.
 */
function base64Fragments(secret: Buffer): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), secret]).toString('base64');
    const firstGroup = offset === 0 ? 0 : 1;
    const lastGroup = Math.floor((offset + secret.length) / 3);
    const fragment = encoded.slice(firstGroup * 4, lastGroup * 4);
    if (fragment.length >= MIN_BASE64_FRAGMENT) {
      out.push(fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return out;
}

/** `+` and `/` as JSON and URLs may write them. */
const BASE64_CHAR: Readonly<Record<string, string>> = { '+': '(?:\\+|%2[Bb])', '/': '(?:/|\\\\/|%2[Ff])' };
function base64Pattern(fragment: string): string {
  return [...fragment].map((c) => BASE64_CHAR[c] ?? c).join('');
}

/** Base64 wrapped over lines, as MIME (76 columns) and PEM (64) write it, with raw or JSON-escaped line breaks. */
const WRAPPED_BASE64 = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/=_-]+(?:(?:\r?\n|\\r\\n|\\n)[A-Za-z0-9+/=_-]+)+/g;
const LINE_BREAK = /\r?\n|\\r\\n|\\n/g;

const BASE64_CHAR_TEST = /[A-Za-z0-9+/=_-]/;
const isBase64Char = (c: string | undefined): boolean => c !== undefined && BASE64_CHAR_TEST.test(c);

/**
 * Whether a line break (raw or JSON-escaped) stands between two base64 characters anywhere: a wrapped block
 * needs one, and most texts (pretty-printed JSON: a break, then spaces) have none, so the block search is skipped.
 */
function mayHoldWrappedBase64(text: string): boolean {
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    if (!isBase64Char(text[at + 1])) continue;
    if (isBase64Char(text[at - 1]) || (text[at - 1] === '\r' && isBase64Char(text[at - 2]))) return true;
  }
  for (let at = text.indexOf('\\n'); at >= 0; at = text.indexOf('\\n', at + 1)) {
    if (!isBase64Char(text[at + 2])) continue;
    if (isBase64Char(text[at - 1]) || (text.startsWith('\\r', at - 2) && isBase64Char(text[at - 3]))) return true;
  }
  return false;
}

/** Masks base64 fragments that a line break splits: such a block is joined (and so unwrapped) only if it held one. */
function maskWrappedBase64(text: string, fragments: RegExp): string {
  return text.replace(WRAPPED_BASE64, (block) => {
    const joined = block.replace(LINE_BREAK, '');
    const masked = joined.replace(fragments, MASK);
    return masked === joined ? block : masked;
  });
}

interface Matchers {
  caseInsensitive: RegExp | undefined;
  caseSensitive: RegExp | undefined;
  /**
   * The fewest characters any match can have: every form writes each character of the secret with at least one
   * character, and a base64 fragment with at least one per character of it. A shorter text holds no match.
   */
  shortest: number;
}

const cache = new Map<string, Matchers>();

/**
 * One regular expression for all patterns. It starts with a look-ahead for the characters a match can start with,
 * which lets the engine skip ahead quickly instead of trying every alternative at every position.
 */
function alternation(patterns: Map<string, Set<string>>, flags: string): RegExp | undefined {
  if (patterns.size === 0) return undefined;
  const list = [...patterns.keys()].sort((a, b) => b.length - a.length);
  const starts = new Set([...patterns.values()].flatMap((s) => [...s]));
  const startClass = [...starts].map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('');
  return new RegExp(`(?=[${startClass}])(?:${list.join('|')})`, flags);
}

function matchersFor(secrets: readonly string[]): Matchers {
  const key = JSON.stringify(secrets);
  const hit = cache.get(key);
  if (hit) return hit;
  // Textual forms are matched ignoring case (percent-encoding, escapes and hex may be either case);
  // base64 is case-sensitive by nature. Each pattern comes with the characters its matches can start with.
  const textual = new Map<string, Set<string>>();
  const binary = new Map<string, Set<string>>();
  let shortest = Infinity;
  const literal = (text: string): void => {
    textual.set(escapeRegExp(text), new Set(text[0]));
    shortest = Math.min(shortest, text.length);
  };
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    textual.set(textualPattern(secret), new Set([secret[0], '\\', '%', '&']));
    shortest = Math.min(shortest, secret.length);
    try {
      // Percent-encoding over JSON escaping (a JSON body put in a query string).
      literal(encodeURIComponent(JSON.stringify(secret).slice(1, -1)));
    } catch {
      // Lone surrogates cannot be percent-encoded; such a secret cannot be percent-encoded by anyone else either.
    }
    const utf8 = Buffer.from(secret, 'utf8');
    const utf16le = Buffer.from(secret, 'utf16le');
    // UTF-16 is what Windows tools (PowerShell's -EncodedCommand, .NET's Unicode encoding) encode.
    const utf16be = Buffer.from(utf16le).swap16();
    for (const bytes of [utf8, utf16le, utf16be]) {
      literal(bytes.toString('hex'));
      for (const fragment of base64Fragments(bytes)) {
        binary.set(base64Pattern(fragment), new Set([fragment[0], '\\', '%']));
        shortest = Math.min(shortest, fragment.length);
      }
    }
  }
  const matchers: Matchers = {
    caseInsensitive: alternation(textual, 'gi'),
    caseSensitive: alternation(binary, 'g'),
    shortest,
  };
  if (cache.size > 32) cache.clear();
  cache.set(key, matchers);
  return matchers;
}

/**
 * Replaces every occurrence of each secret with {@link MASK}: raw, written with any mix of JSON/JavaScript escapes,
 * percent-encoding and HTML character references, as hex, and as base64 (standard or URL-safe, at any alignment,
 * wrapped over lines) of its UTF-8 or UTF-16 bytes.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  if (text.length === 0 || secrets.length === 0) return text;
  return maskWith(matchersFor(secrets), text);
}

function maskWith({ caseInsensitive, caseSensitive, shortest }: Matchers, text: string): string {
  if (text.length < shortest) return text;
  let out = text;
  if (caseInsensitive) out = out.replace(caseInsensitive, MASK);
  if (caseSensitive) {
    out = out.replace(caseSensitive, MASK);
    if (mayHoldWrappedBase64(out)) out = maskWrappedBase64(out, caseSensitive);
  }
  return out;
}

/**
 * Returns a deep copy of a plain data value with every string masked: the last line of defence applied to
 * every outcome before it is returned, so a secret cannot leak through a field someone adds later.
 */
export function maskDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  // One look-up of the matchers for the whole value, not one per string.
  const matchers = matchersFor(secrets);
  const mask = (text: string): string => maskWith(matchers, text);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return mask(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const key = mask(k);
        const x = walk((v as Record<string, unknown>)[k]);
        // Defined, not assigned, so a "__proto__" key stays data.
        if (key === '__proto__') {
          Object.defineProperty(out, key, { value: x, enumerable: true, writable: true, configurable: true });
        } else out[key] = x;
      }
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
