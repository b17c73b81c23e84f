/**
 * Builds the request URL from a base URL and a path template. Values from the file are data, never URL
 * syntax: they cannot change the host, the path shape or the query (threats T2, T18; undici CVE-2022-35949).
 */
import { pathValueProblem } from '../../../common/pathValues';
import type { PreparedRequest } from '../../../common/requestSpec';

export class RequestBuildError extends Error {
  override name = 'RequestBuildError';
}

const PARAM = /\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;
/** Literal template text: path characters only (no query, fragment, backslash, percent or whitespace). */
const LITERAL = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;

/** encodeURIComponent plus the sub-delimiters it leaves alone, so every value is one opaque segment piece. */
export function encodePathValue(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Parses and checks a base URL: http(s), no credentials, no query or fragment. Returns origin and base path. */
export function parseBaseUrl(baseUrl: string): { origin: string; basePath: string } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RequestBuildError(`The base URL ${JSON.stringify(baseUrl)} is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RequestBuildError(`The base URL must start with https:// or http:// (got ${url.protocol}).`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new RequestBuildError('The base URL must not contain a user name or password.');
  }
  if (url.search !== '' || url.hash !== '' || baseUrl.includes('?') || baseUrl.includes('#')) {
    throw new RequestBuildError('The base URL must not contain a query (?) or a fragment (#).');
  }
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isDotSegment(segment: string): boolean {
  const s = segment.replace(/%2e/gi, '.');
  return s === '.' || s === '..';
}

/**
 * Substitutes path parameters (strictly percent-encoded), appends the query, and checks that the result
 * still has the template's shape under the base URL's origin and path.
 */
export function buildUrl(baseUrl: string, req: Pick<PreparedRequest, 'pathTemplate' | 'pathParams' | 'query'>): URL {
  const { origin, basePath } = parseBaseUrl(baseUrl);
  const template = req.pathTemplate;
  if (!template.startsWith('/') || template.startsWith('//')) {
    throw new RequestBuildError(`The path template ${JSON.stringify(template)} must start with a single "/".`);
  }

  let path = '';
  let shape = '';
  let last = 0;
  for (const match of template.matchAll(PARAM)) {
    const literal = template.slice(last, match.index);
    path += literal;
    shape += escapeRegExp(literal);
    const name = match[1] ?? '';
    if (!Object.prototype.hasOwnProperty.call(req.pathParams, name)) {
      throw new RequestBuildError(`The path parameter {${name}} has no value.`);
    }
    const value = req.pathParams[name];
    const refused =
      typeof value === 'string' ? pathValueProblem(name, value) : `The path parameter {${name}} is empty.`;
    if (refused !== undefined) throw new RequestBuildError(refused);
    path += encodePathValue(value);
    shape += '[^/?#]+';
    last = match.index + match[0].length;
  }
  const tail = template.slice(last);
  path += tail;
  shape += escapeRegExp(tail);

  const literalOnly = template.replace(PARAM, 'x');
  if (!LITERAL.test(literalOnly)) {
    throw new RequestBuildError(
      `The path template ${JSON.stringify(template)} contains characters that are not allowed in a path.`,
    );
  }
  const fullPath = basePath + path;
  if (fullPath.split('/').some(isDotSegment)) {
    throw new RequestBuildError(
      'A path parameter may not be "." or ".." (it would change which resource is addressed).',
    );
  }

  const url = new URL(origin + fullPath);
  // Defence in depth: the parser must not have normalised anything away.
  const expected = new RegExp(`^${escapeRegExp(basePath)}${shape}$`);
  if (
    url.origin !== origin ||
    url.pathname !== fullPath ||
    !expected.test(url.pathname) ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new RequestBuildError(
      `The request path ${JSON.stringify(fullPath)} does not keep the shape of ${JSON.stringify(template)}.`,
    );
  }

  for (const [name, value] of req.query) {
    url.searchParams.append(name, value);
  }
  return url;
}

/** A request URL as a send uses it, built and checked once by {@link buildUrl}. Shared: never mutate `url`. */
export interface RequestTarget {
  url: URL;
  href: string;
  origin: string;
  /** Path and query: what goes on the request line. */
  path: string;
}

/** What one target was built from: a later send of the same request reuses it only if all of it is unchanged. */
interface BuiltFrom {
  baseUrl: string;
  template: string;
  /** The template's parameter names, in order, and the value each had. */
  names: string[];
  values: string[];
  query: Array<[string, string]>;
  target: RequestTarget;
}

const built = new WeakMap<object, BuiltFrom>();

function unchanged(
  from: BuiltFrom,
  baseUrl: string,
  req: Pick<PreparedRequest, 'pathTemplate' | 'pathParams' | 'query'>,
): boolean {
  if (from.baseUrl !== baseUrl || from.template !== req.pathTemplate || from.query.length !== req.query.length) {
    return false;
  }
  for (let i = 0; i < from.names.length; i++) {
    const name = from.names[i] ?? '';
    if (!Object.prototype.hasOwnProperty.call(req.pathParams, name) || req.pathParams[name] !== from.values[i]) {
      return false;
    }
  }
  for (let i = 0; i < from.query.length; i++) {
    const was = from.query[i];
    const is = req.query[i];
    if (was === undefined || is === undefined || was[0] !== is[0] || was[1] !== is[1]) return false;
  }
  return true;
}

/**
 * {@link buildUrl} once per prepared request: a request sent again (a retry, a benchmark, a run of sends) to the
 * same base URL with the same path values and query reuses the checked URL; any change builds and checks anew.
 * Refusals are not kept, so they are thrown on every send.
 */
export function requestTarget(
  baseUrl: string,
  req: Pick<PreparedRequest, 'pathTemplate' | 'pathParams' | 'query'>,
): RequestTarget {
  const hit = built.get(req);
  if (hit !== undefined && unchanged(hit, baseUrl, req)) return hit.target;
  const url = buildUrl(baseUrl, req);
  const names = [...req.pathTemplate.matchAll(PARAM)].map((m) => m[1] ?? '');
  const target = { url, href: url.href, origin: url.origin, path: url.pathname + url.search };
  built.set(req, {
    baseUrl,
    template: req.pathTemplate,
    names,
    values: names.map((n) => req.pathParams[n] ?? ''),
    query: req.query.map(([k, v]) => [k, v]),
    target,
  });
  return target;
}

/** The origin (scheme, host, port) of a URL: what the credential is bound to. */
export function originOf(url: URL | string): string {
  return (typeof url === 'string' ? new URL(url) : url).origin;
}

/** True for hosts that are this machine: credentials may travel over plain http only to these. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
