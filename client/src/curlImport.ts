/**
 * Import from cURL: a pasted cURL command (often a customer's, often with their token in it) → a
 * `.meeting.json` request file. Pure, so it is unit-tested.
 *
 * Safety: credentials are never imported (Authorization, X-Access-Token, cookies, `-u`… are dropped and
 * named in the report); `-d @file` is refused (nothing is read from disk); TLS and redirect options
 * (`-k`, `-L`, `--proxy`…) are ignored because a request file never controls transport. The result only
 * describes the request; the user's own token and environment are used when it is sent.
 */
import type { CatalogOperationInfo } from '../../common/protocol';

export class CurlParseError extends Error {
  override name = 'CurlParseError';
}

/** Splits a POSIX-shell command line into words: quotes, backslash escapes, line continuations, `$'…'`. */
export function shellWords(input: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const n = input.length;
  const ansi: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
  while (i < n) {
    const c = input[i] ?? '';
    if (c === '\\' && (input[i + 1] === '\n' || (input[i + 1] === '\r' && input[i + 2] === '\n'))) {
      i += input[i + 1] === '\r' ? 3 : 2; // line continuation
      continue;
    }
    if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = input.indexOf("'", i + 1);
      if (end < 0) throw new CurlParseError('A single quote is not closed.');
      word += input.slice(i + 1, end);
      i = end + 1;
    } else if (c === '$' && input[i + 1] === "'") {
      i += 2;
      for (;;) {
        if (i >= n) throw new CurlParseError("A $'…' quote is not closed.");
        const d = input[i] ?? '';
        if (d === "'") {
          i++;
          break;
        }
        if (d === '\\') {
          const e = input[i + 1] ?? '';
          word += ansi[e] ?? e;
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new CurlParseError('A double quote is not closed.');
        const d = input[i] ?? '';
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && /["\\$`\n]/.test(input[i + 1] ?? '')) {
          if (input[i + 1] !== '\n') word += input[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
    } else if (c === '\\') {
      word += input[i + 1] ?? '';
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

export interface ParsedCurl {
  method: string;
  url: URL;
  headers: Array<[string, string]>;
  body: string | undefined;
  /** Options and headers that were deliberately not imported, in plain words. */
  dropped: string[];
}

const DATA_OPTIONS = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--json']);
const VALUE_OPTIONS_IGNORED = new Set([
  '-o',
  '--output',
  '-m',
  '--max-time',
  '--connect-timeout',
  '-w',
  '--write-out',
  '-A',
  '--user-agent',
  '-e',
  '--referer',
  '--retry',
  '--retry-delay',
  '--retry-max-time',
  '--cacert',
  '--capath',
  '-E',
  '--cert',
  '--key',
  '-x',
  '--proxy',
  '--proxy-user',
  '-U',
  '--resolve',
  '--connect-to',
  '--limit-rate',
  '-c',
  '--cookie-jar',
  '--max-redirs',
]);
const CREDENTIAL_VALUE_OPTIONS = new Set(['-u', '--user', '-b', '--cookie', '--oauth2-bearer', '--aws-sigv4']);
/** Headers never imported: credentials, and the ones the HTTP client sets itself. */
const CREDENTIAL_HEADER =
  /^(authorization|proxy-authorization|cookie|x-access-token|x-conference-authorization|x-auth-token|x-api-key)$|token|secret|password/i;
const CLIENT_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'accept',
  'accept-encoding',
  'user-agent',
  'connection',
  'transfer-encoding',
  'expect',
]);

export function parseCurl(command: string): ParsedCurl {
  const words = shellWords(command.trim());
  if (words[0] !== 'curl' && !/(^|\/)curl(\.exe)?$/.test(words[0] ?? '')) {
    throw new CurlParseError('This is not a cURL command (it should start with "curl").');
  }
  let method: string | undefined;
  let urlText: string | undefined;
  const headers: Array<[string, string]> = [];
  const dataParts: string[] = [];
  const dropped: string[] = [];
  let forceGet = false;
  for (let i = 1; i < words.length; i++) {
    let w = words[i] ?? '';
    let inline: string | undefined;
    // --opt=value and -Xvalue forms
    const eq = /^(--[a-z0-9-]+)=(.*)$/s.exec(w);
    if (eq) {
      w = eq[1] ?? w;
      inline = eq[2];
    } else if (/^-[XHdbu]./s.test(w)) {
      inline = w.slice(2);
      w = w.slice(0, 2);
    }
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = words[++i];
      if (v === undefined) throw new CurlParseError(`The option ${w} needs a value.`);
      return v;
    };
    if (w === '-X' || w === '--request') method = value().toUpperCase();
    else if (w === '-H' || w === '--header') {
      const h = value();
      const colon = h.indexOf(':');
      if (colon <= 0) {
        dropped.push(`header ${JSON.stringify(h.slice(0, 40))} (not "Name: value")`);
        continue;
      }
      const name = h.slice(0, colon).trim();
      const v = h.slice(colon + 1).trim();
      if (CREDENTIAL_HEADER.test(name)) dropped.push(`${name} header (credentials are never imported; use Set Token)`);
      else if (CLIENT_HEADERS.has(name.toLowerCase())) continue;
      else headers.push([name, v]);
    } else if (DATA_OPTIONS.has(w)) {
      const d = value();
      if (d.startsWith('@')) {
        throw new CurlParseError(
          'The command reads its body from a file (-d @file); paste the body into the command instead.',
        );
      }
      dataParts.push(d);
    } else if (w === '--url') urlText = value();
    else if (w === '-G' || w === '--get') forceGet = true;
    else if (CREDENTIAL_VALUE_OPTIONS.has(w)) {
      value();
      dropped.push(`${w} (credentials are never imported; use Set Token)`);
    } else if (w === '-k' || w === '--insecure') dropped.push(`${w} (TLS verification is never turned off)`);
    else if (w === '-L' || w === '--location') dropped.push(`${w} (redirects are never followed)`);
    else if (VALUE_OPTIONS_IGNORED.has(w)) {
      value();
      dropped.push(`${w} (transport options come from settings)`);
    } else if (w.startsWith('-')) {
      if (w === '-F' || w === '--form') throw new CurlParseError('Multipart forms (-F) are not JSON requests.');
      // flags such as -s, -v, -i, --compressed: nothing to import
    } else if (urlText === undefined) urlText = w;
    else dropped.push(`extra argument ${JSON.stringify(w.slice(0, 40))}`);
  }
  if (urlText === undefined) throw new CurlParseError('The command has no URL.');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(urlText) ? urlText : `https://${urlText}`);
  } catch {
    throw new CurlParseError('The URL of the command is not valid.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CurlParseError('Only http(s) URLs can be imported.');
  }
  if (url.username || url.password) dropped.push('user name and password in the URL (credentials are never imported)');
  const body = dataParts.length > 0 ? dataParts.join('&') : undefined;
  if (forceGet && body !== undefined) {
    throw new CurlParseError('-G sends the data as a query string, which is not a JSON request.');
  }
  return {
    method: method ?? (body !== undefined ? 'POST' : 'GET'),
    url,
    headers,
    body,
    dropped,
  };
}

export interface OperationMatch {
  operation: CatalogOperationInfo;
  pathParams: Record<string, string>;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Operations whose method matches and whose path template matches the end of the URL's path (the start
 * is the API's base path, e.g. `/v1` for Webex), best first (most literal characters, then fewest
 * parameters).
 */
export function matchOperations(
  parsed: Pick<ParsedCurl, 'method' | 'url'>,
  operations: readonly CatalogOperationInfo[],
): OperationMatch[] {
  const path = parsed.url.pathname.replace(/\/+$/, '') || '/';
  const scored: Array<OperationMatch & { literal: number }> = [];
  for (const op of operations) {
    if (op.method.toUpperCase() !== parsed.method) continue;
    const names: string[] = [];
    let literal = 0;
    const pattern = op.path
      .replace(/\/+$/, '')
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const m = /^\{([^}]+)\}$/.exec(part);
        if (m) {
          names.push(m[1] ?? '');
          return '([^/]+)';
        }
        literal += part.length;
        return escapeRegExp(part);
      })
      .join('');
    const re = new RegExp(`^(?:/[^/]+)*?${pattern}$`);
    const m = re.exec(path);
    if (!m) continue;
    const pathParams: Record<string, string> = {};
    let ok = true;
    names.forEach((name, idx) => {
      const raw = m[idx + 1] ?? '';
      try {
        pathParams[name] = decodeURIComponent(raw);
      } catch {
        ok = false;
      }
    });
    if (ok) scored.push({ operation: op, pathParams, literal });
  }
  scored.sort((a, b) => b.literal - a.literal || Object.keys(a.pathParams).length - Object.keys(b.pathParams).length);
  return scored.map(({ operation, pathParams }) => ({ operation, pathParams }));
}

/** The `.meeting.json` text for an imported command. */
export function requestFileText(
  parsed: ParsedCurl,
  match: OperationMatch | undefined,
): { text: string; notes: string[] } {
  const notes: string[] = [];
  const file: Record<string, unknown> = { operation: match?.operation.id ?? '' };
  if (match && Object.keys(match.pathParams).length > 0) file.pathParams = match.pathParams;
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of parsed.url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  if (Object.keys(query).length > 0) file.query = query;
  if (parsed.headers.length > 0) file.headers = Object.fromEntries(parsed.headers);
  if (parsed.body !== undefined) {
    try {
      file.body = JSON.parse(parsed.body) as unknown;
    } catch {
      file.body = parsed.body;
      notes.push('The body is not valid JSON; it was imported as a string.');
    }
  }
  if (!match) notes.push('No catalog operation matches this method and path: fill in "operation".');
  // JSON.stringify of parsed data: a "__proto__" key in the body stays an ordinary key.
  return { text: JSON.stringify(file, null, 2) + '\n', notes };
}
