/**
 * The one heuristic for names that hold a secret, wherever a name is all we have: a header or query parameter a
 * file sets (`headerRules.ts`: dropped unless the operation documents it; the cURL importer drops such query
 * parameters) and a body or response field no catalog marks secret (redacted in exports,
 * `client/src/http/redactFields.ts`). Matched on the name only, never the value, after any `X-` prefix.
 *
 * A name is split into words (camelCase, `-`, `_`) and judged by its last word, the noun: `hostPin` and
 * `X-Access-Token` are secrets, `sessionTypeId`, `authenticationMethod`, `tokenType` and `X-Authorization-Type`
 * are not, nor are flags about a secret (`requireStrongPassword`) (a test runs every name of the catalog and of Webex's published spec through it). Where the name stands
 * matters for a few nouns:
 * - `field` only: a PIN and a personal join link (`hostPin`, `chairJoinUri`) are vendor secret fields of bodies;
 *   a header or query parameter of that name is not a token-store credential, and an undocumented one is refused
 *   by the header allow-list anyway (never sent), so it is reported as undocumented, not as a credential.
 * - `header`/`query` only: a bare `key` (`?key=…`, an API key; in Webex's bodies `key` is an error code) and a
 *   session cookie's one-word name (`sessionid`, `JSESSIONID`; Webex's query `sessionId` is a meeting instance id).
 */
export type SecretPlace = 'header' | 'query' | 'field';

/** Last words (or their endings, `accesstoken`) that name a credential anywhere. */
const SECRET_ENDINGS =
  /(token|secret|password|passwd|passphrase|pwd|passcode|jwt|credentials?|cookie|bearer|signature|authorization|auth|session)$/;
/** Last words that name a key that is a credential, written as one word (`APIKEY`) or as two (`api_key`). */
const KEY_OWNER = /(api|access|host|secret|private|auth|session|subscription)$/;
const SECRET_KEY = /(api|access|host|secret|private|auth|session|subscription)key$/;
/** First words of a flag about a secret (`requireStrongPassword`, `isGuestFreePwd`), not of the secret. */
const FLAG_WORDS = new Set(['is', 'has', 'require', 'requires', 'exclude', 'allow', 'enable', 'enabled']);
/** `code` alone, or an OAuth `device_code`/`auth_code`, is a grant; `countryCode`, `errorCode` are not. */
const SECRET_CODES = new Set(['device', 'auth', 'authorization', 'oauth']);

/** The lower-case words of a name: `X-Access-Token` → access, token; `chairJoinURI` → chair, join, uri. */
export function nameWords(name: string): string[] {
  return name
    .replace(/^x-/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** Whether a header, query parameter or field name looks like it holds a secret. */
export function looksSecret(name: string, place: SecretPlace): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined || (words.length > 1 && FLAG_WORDS.has(words[0]))) return false;
  const prev = words.length > 1 ? words[words.length - 2] : undefined;
  if (SECRET_ENDINGS.test(last)) return true;
  if (last === 'sig' && words.length === 1) return true;
  if (last === 'key') return prev === undefined ? place !== 'field' : KEY_OWNER.test(prev);
  if (SECRET_KEY.test(last)) return true;
  if (last === 'code') return prev === undefined || SECRET_CODES.has(prev);
  if (last === 'verifier') return prev === 'code';
  // Session cookies' names, written as one word (`JSESSIONID`, `sessionid`); Webex's `sessionId` is a meeting id.
  if (place !== 'field') return /^(j|php)?sess(ion)?id$/.test(last);
  if (last.endsWith('pin')) return true;
  return /^(join)?ur[il]$/.test(last) && (last.startsWith('join') || prev === 'join');
}
