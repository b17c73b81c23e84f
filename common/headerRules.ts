/**
 * Every rule for the headers a request file sets, defined once. The editor shows each problem at the header
 * (`server/src/features/headerProblems.ts`), `validate` and `import-curl` report it, and the sender
 * (`client/src/http/headers.ts`) refuses or drops by the same decision with the same message. A file is
 * untrusted (a customer's): it may not frame the request, steer its method, target or routing, carry a
 * credential, or smuggle a header through a line break; it may set only the operation's documented headers and
 * a few generic ones.
 */

import { ALL_INVISIBLE, braceEscape, invisiblePattern } from './invisible';
import { looksSecret } from './secretNames';

/** What a rule does to the request: `refuse` sends nothing; `drop` leaves the header out and names it. */
export type HeaderAction = 'refuse' | 'drop';

export interface HeaderRule {
  severity: 'error' | 'warning';
  action: HeaderAction;
  /** What the editor underlines: the header's name, its value, or the `headers` key as a whole. */
  target: 'key' | 'value' | 'section';
}

/** The rules, by diagnostic code. Tests iterate over this table, so every rule is checked on both sides. */
export const HEADER_RULES = {
  'too-many-headers': { severity: 'error', action: 'refuse', target: 'section' },
  'header-name': { severity: 'error', action: 'refuse', target: 'key' },
  'credential-header': { severity: 'warning', action: 'drop', target: 'key' },
  'header-framing': { severity: 'error', action: 'refuse', target: 'key' },
  'header-routing': { severity: 'error', action: 'refuse', target: 'key' },
  'header-not-allowed': { severity: 'error', action: 'refuse', target: 'key' },
  'header-duplicate': { severity: 'error', action: 'refuse', target: 'key' },
  'header-line-break': { severity: 'error', action: 'refuse', target: 'value' },
  'header-control-character': { severity: 'error', action: 'refuse', target: 'value' },
  'header-non-ascii': { severity: 'error', action: 'refuse', target: 'value' },
  'header-too-long': { severity: 'error', action: 'refuse', target: 'value' },
  'header-content-type': { severity: 'error', action: 'refuse', target: 'value' },
} as const satisfies Record<string, HeaderRule>;

export type HeaderRuleCode = keyof typeof HEADER_RULES;

export interface HeaderProblem extends HeaderRule {
  code: HeaderRuleCode;
  message: string;
  /** The header's name as written; undefined for a problem of the headers as a whole. */
  name?: string;
}

export interface HeaderContext {
  operationId: string;
  /**
   * Header parameters the operation documents (as the catalog spells them); undefined when the operation is not
   * known yet (the editor, mid-typing), which skips only the allow-list.
   */
  documented: readonly string[] | undefined;
  /** Headers of the operation's security schemes: credentials too, whatever their name. */
  credentialHeaders: readonly string[];
}

export const MAX_FILE_HEADERS = 50;
export const MAX_HEADER_NAME_LENGTH = 256;
export const MAX_HEADER_VALUE_BYTES = 8 * 1024;

/** RFC 9110 token characters. */
export const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What may never be in a header value: a line break or NUL would start another header. */
const HEADER_LINE_BREAK = /[\r\n\0]/;
/**
 * Everything a header value may hold: tab, space and visible ASCII. RFC 9110 tolerates Latin-1 bytes (obs-text),
 * but recipients decode them as Latin-1 or UTF-8 as they please; control characters and line breaks are refused.
 */
const HEADER_VALUE_CHARS = '\\t\\x20-\\x7e';
const HEADER_VALUE = new RegExp(`^[${HEADER_VALUE_CHARS}]*$`);

/** A pattern source matching `word` in any letter case (JSON Schema patterns have no `i` flag). */
const anyCase = (word: string): string =>
  [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join('');
/** The only bodies sent are JSON: `application/json` or `application/<x>+json`, with parameters if needed. */
const JSON_CONTENT_TYPE = new RegExp(`^${anyCase('application')}/([\\w.+-]*\\+)?${anyCase('json')}\\s*(;.*)?$`);
const CONTENT_TYPE_NAME = new RegExp(`^${anyCase('content-type')}$`);

/**
 * The rules on names and values as JSON Schema, for `schemas/request.schema.json` (which other editors use): the
 * schema's `headers.propertyNames`, `headers.additionalProperties` and `headers.patternProperties` must say exactly
 * this, and a test (`test/unit/security/headerSchema.test.ts`) fails when they drift. The value patterns are the
 * very expressions the rules below decide by, so the schema accepts no value the rules refuse. The schema is the
 * weaker check on names only: it cannot know the operation's documented headers, nor hold the credential and
 * framing names (reported by the editor).
 */
const VALUE_SCHEMA = { type: 'string', maxLength: MAX_HEADER_VALUE_BYTES, pattern: HEADER_VALUE.source } as const;
export const HEADER_SCHEMA = {
  name: { minLength: 1, maxLength: MAX_HEADER_NAME_LENGTH, pattern: HEADER_TOKEN.source },
  value: VALUE_SCHEMA,
  /** `Content-Type` (any case): a value as above that is a JSON media type (`additionalProperties` skips it). */
  byName: {
    [CONTENT_TYPE_NAME.source]: {
      allOf: [VALUE_SCHEMA, { maxLength: MAX_HEADER_VALUE_BYTES, pattern: JSON_CONTENT_TYPE.source }],
    },
  },
} as const;

/** Credential-bearing headers: never taken from a file, whatever the catalog says. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-access-token',
  'x-conference-authorization',
  'x-auth-token',
  'x-api-key',
]);

/**
 * Headers a request file may not set even when a catalog documents them, and why: the HTTP client frames the
 * request itself, and a file never chooses the method, target or route (method overrides and forwarding
 * headers make gateways and back ends act on another method, URL or host than the one confirmed).
 */
const FORBIDDEN: Record<string, 'framing' | 'method' | 'target' | 'routing'> = {
  host: 'framing',
  'content-length': 'framing',
  'transfer-encoding': 'framing',
  connection: 'framing',
  'keep-alive': 'framing',
  'proxy-connection': 'framing',
  upgrade: 'framing',
  te: 'framing',
  trailer: 'framing',
  expect: 'framing',
  'accept-encoding': 'framing',
  'http2-settings': 'framing',
  'x-http-method-override': 'method',
  'x-http-method': 'method',
  'x-method-override': 'method',
  'x-original-url': 'target',
  'x-original-uri': 'target',
  'x-rewrite-url': 'target',
  'x-original-host': 'target',
  'x-host': 'target',
  'x-forwarded-host': 'target',
  'x-forwarded-prefix': 'target',
  'x-forwarded-path': 'target',
  destination: 'target',
  forwarded: 'routing',
  via: 'routing',
  'max-forwards': 'routing',
  'x-real-ip': 'routing',
  'x-client-ip': 'routing',
  'client-ip': 'routing',
  'true-client-ip': 'routing',
  'x-cluster-client-ip': 'routing',
};
/** Whole families of forwarding headers (`X-Forwarded-For`, `X-Original-Method`, …). */
const FORBIDDEN_PREFIX = /^(x-forwarded-|x-original-|x-envoy-)/i;

const REASON = {
  framing: 'is set by the HTTP client and may not come from the file',
  method: "would make a gateway use another method than the operation's; a request file may not set it",
  target: "would make a gateway use another URL or host than the operation's; a request file may not set it",
  routing: 'would change how proxies route or attribute the request; a request file may not set it',
};

/**
 * Headers any request may set: content negotiation and the vendors' tracing ids (Huawei's `X-Request-Id`,
 * Webex's `TrackingID`, which support asks for). None changes the method, target, routing or authentication.
 * `User-Agent` is not among them: the sender names itself, so vendor logs show which tool sent a request.
 */
export const GENERIC_HEADERS = ['Accept', 'Accept-Language', 'Content-Type', 'TrackingID', 'X-Request-Id'];
const GENERIC = new Set(GENERIC_HEADERS.map((h) => h.toLowerCase()));

/** Every invisible character (`common/invisible.ts`): bidi controls reorder a message, others hide in it. */
const INVISIBLE = invisiblePattern(ALL_INVISIBLE);

/** Shows a header name or value safely inside a message (invisible characters escaped, long ones cut). */
export function shown(text: string): string {
  const cut = [...text].length > 64 ? `${[...text].slice(0, 64).join('')}…` : text;
  // JSON.stringify escapes C0 controls, quotes and backslashes; the rest is written out as \u{…}.
  return JSON.stringify(cut).replace(INVISIBLE, braceEscape);
}

function problem(name: string | undefined, code: HeaderRuleCode, message: string): HeaderProblem {
  return { code, ...HEADER_RULES[code], message, ...(name !== undefined ? { name } : {}) };
}

/** Whether the operation documents this header (names ignore case). */
export const documentedIn = (name: string, ctx: HeaderContext): boolean =>
  ctx.documented?.some((d) => d.toLowerCase() === name.toLowerCase()) ?? false;

/** What a header's name says by itself, whatever the operation: worked out once per name, not once per send (#11). */
interface NameFacts {
  lower: string;
  /** Not an RFC 9110 token (length is checked before, and such names are never kept). */
  invalid: boolean;
  /** A credential by its name alone (whatever the catalog says). */
  credential: boolean;
  /** Looks like it holds a secret: a credential unless the operation documents it. */
  secretLooking: boolean;
  forbidden: 'framing' | 'method' | 'target' | 'routing' | undefined;
}

/** Names seen (at most this many, then forgotten at once: an editor sees every prefix of a name being typed). */
const MAX_KNOWN_NAMES = 1024;
const knownNames = new Map<string, NameFacts>();

function factsOf(name: string): NameFacts {
  const known = knownNames.get(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  const facts: NameFacts = {
    lower,
    invalid: !HEADER_TOKEN.test(name),
    credential: CREDENTIAL_HEADERS.has(lower),
    secretLooking: looksSecret(name, 'header'),
    // Own keys only: `constructor` or `__proto__` would otherwise find Object.prototype's.
    forbidden: Object.prototype.hasOwnProperty.call(FORBIDDEN, lower)
      ? FORBIDDEN[lower]
      : FORBIDDEN_PREFIX.test(lower)
        ? 'routing'
        : undefined,
  };
  if (knownNames.size >= MAX_KNOWN_NAMES) knownNames.clear();
  knownNames.set(name, facts);
  return facts;
}

/** The rule a header's name alone breaks, if any (also used to leave such headers out of completion). */
export function nameProblem(name: string, ctx: HeaderContext): HeaderProblem | undefined {
  if (name.length > MAX_HEADER_NAME_LENGTH) {
    return problem(
      name,
      'header-name',
      `The header name ${shown(name)} is longer than ${MAX_HEADER_NAME_LENGTH} characters.`,
    );
  }
  const facts = factsOf(name);
  if (facts.invalid) {
    return problem(
      name,
      'header-name',
      `The header name ${shown(name)} is not valid (letters, digits and -_.!#$%&'*+^\`|~ only).`,
    );
  }
  const lower = facts.lower;
  const documented = ctx.documented?.some((d) => d.toLowerCase() === lower) ?? false;
  if (
    facts.credential ||
    ctx.credentialHeaders.some((c) => c.toLowerCase() === lower) ||
    (!documented && facts.secretLooking)
  ) {
    return problem(
      name,
      'credential-header',
      `The ${shown(name)} header is never sent from a file: tokens come from the token store (Meeting Payloads: Set Token, or the command line's token variables). Remove it, so no credential stays in the file.`,
    );
  }
  const forbidden = facts.forbidden;
  if (forbidden) {
    return problem(
      name,
      forbidden === 'framing' ? 'header-framing' : 'header-routing',
      `The header ${shown(name)} ${REASON[forbidden]}.`,
    );
  }
  if (ctx.documented !== undefined && !documented && !GENERIC.has(lower)) {
    const own = ctx.documented.length > 0 ? `its documented headers (${ctx.documented.join(', ')}) and ` : '';
    const generic = GENERIC_HEADERS.filter((g) => !documentedIn(g, ctx)).join(', ');
    return problem(
      name,
      'header-not-allowed',
      `The header ${shown(name)} is not sent: ${ctx.operationId} documents no such header, and a request file may set only ${own}${generic}.`,
    );
  }
  return undefined;
}

function valueProblem(name: string, value: string): HeaderProblem | undefined {
  // One test decides (HEADER_VALUE, the schema's pattern); the others only name what is wrong.
  const outside = !HEADER_VALUE.test(value);
  if (outside && HEADER_LINE_BREAK.test(value)) {
    return problem(
      name,
      'header-line-break',
      `The header ${shown(name)} contains a line break or NUL character, which could inject other headers.`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (outside && /[\x00-\x08\x0a-\x1f\x7f]/.test(value)) {
    return problem(name, 'header-control-character', `The header ${shown(name)} contains a control character.`);
  }
  if (outside) {
    return problem(
      name,
      'header-non-ascii',
      `The header ${shown(name)} contains non-ASCII characters; header values must be plain ASCII.`,
    );
  }
  if (value.length > MAX_HEADER_VALUE_BYTES) {
    return problem(
      name,
      'header-too-long',
      `The header ${shown(name)} is longer than ${MAX_HEADER_VALUE_BYTES} bytes.`,
    );
  }
  if (CONTENT_TYPE_NAME.test(name) && !JSON_CONTENT_TYPE.test(value)) {
    return problem(
      name,
      'header-content-type',
      `The body is sent as JSON: Content-Type must be application/json (with parameters if needed), not ${shown(value)}.`,
    );
  }
  return undefined;
}

export interface CheckedHeaders {
  /** At most one problem per header (the first rule it breaks), in the order of the headers. */
  problems: HeaderProblem[];
  /** The headers no rule drops, in order (whether or not a rule refuses them). */
  kept: Array<[string, string]>;
  /** Names of the headers a rule drops (credentials). */
  dropped: string[];
}

/** Applies every rule to the headers of a file (values as they go on the wire). */
export function checkHeaders(headers: ReadonlyArray<readonly [string, string]>, ctx: HeaderContext): CheckedHeaders {
  const problems: HeaderProblem[] = [];
  const kept: Array<[string, string]> = [];
  const dropped: string[] = [];
  const seen = new Set<string>();
  for (const [name, value] of headers) {
    const problem = nameProblem(name, ctx) ?? duplicate(name, seen) ?? valueProblem(name, value);
    seen.add(name.toLowerCase());
    if (problem) problems.push(problem);
    if (problem?.action === 'drop') dropped.push(name);
    else kept.push([name, value]);
  }
  if (kept.length > MAX_FILE_HEADERS) {
    problems.unshift(
      problem(
        undefined,
        'too-many-headers',
        `The request has ${kept.length} headers; at most ${MAX_FILE_HEADERS} are allowed.`,
      ),
    );
  }
  return { problems, kept, dropped };
}

function duplicate(name: string, seen: Set<string>): HeaderProblem | undefined {
  if (!seen.has(name.toLowerCase())) return undefined;
  return problem(
    name,
    'header-duplicate',
    `The header ${shown(name)} appears more than once (header names ignore case).`,
  );
}
