/**
 * Masks secrets (API tokens, proxy credentials) in any text that leaves the sending core: what was sent,
 * response bodies that echo headers, error messages, cURL commands and support bundles (threat T4).
 */

export const MASK = '••••••';

/** Secrets shorter than this are not masked: masking every "a" would destroy the text and hide nothing. */
const MIN_SECRET_LENGTH = 4;
/** Base64 fragments shorter than this could match by chance. */
const MIN_BASE64_FRAGMENT = 8;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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

interface Matchers {
  caseInsensitive: RegExp | undefined;
  caseSensitive: RegExp | undefined;
}

const cache = new Map<string, Matchers>();

function alternation(variants: Set<string>, flags: string): RegExp | undefined {
  const list = [...variants].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  return list.length === 0 ? undefined : new RegExp(list.map(escapeRegExp).join('|'), flags);
}

function matchersFor(secrets: readonly string[]): Matchers {
  const key = JSON.stringify(secrets);
  const hit = cache.get(key);
  if (hit) return hit;
  // Textual forms are matched ignoring case (percent-encoding and hex may be either case);
  // base64 is case-sensitive by nature.
  const textual = new Set<string>();
  const binary = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    textual.add(secret);
    textual.add(JSON.stringify(secret).slice(1, -1));
    try {
      textual.add(encodeURIComponent(secret));
      textual.add(encodeURIComponent(JSON.stringify(secret).slice(1, -1)));
    } catch {
      // Lone surrogates cannot be percent-encoded; such a secret cannot be percent-encoded by anyone else either.
    }
    const bytes = Buffer.from(secret, 'utf8');
    textual.add(bytes.toString('hex'));
    for (const fragment of base64Fragments(bytes)) binary.add(fragment);
  }
  const matchers: Matchers = { caseInsensitive: alternation(textual, 'gi'), caseSensitive: alternation(binary, 'g') };
  if (cache.size > 32) cache.clear();
  cache.set(key, matchers);
  return matchers;
}

/** Replaces every occurrence of each secret (raw, JSON-escaped, percent-encoded, hex, base64 at any alignment) with {@link MASK}. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  if (text.length === 0 || secrets.length === 0) return text;
  const { caseInsensitive, caseSensitive } = matchersFor(secrets);
  let out = text;
  if (caseInsensitive) out = out.replace(caseInsensitive, MASK);
  if (caseSensitive) out = out.replace(caseSensitive, MASK);
  return out;
}

/**
 * Returns a deep copy of a plain data value with every string masked: the last line of defence applied to
 * every outcome before it is returned, so a secret cannot leak through a field someone adds later.
 */
export function maskDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return maskSecrets(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      // Object.fromEntries defines own properties, so a "__proto__" key stays data.
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [maskSecrets(k, secrets), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
