/**
 * The one heuristic for names that hold a secret, wherever a name is all we have: a header or query parameter a
 * file sets (`headerRules.ts`: dropped unless the operation documents it; the cURL importer drops such query
 * parameters) and a body or response field no catalog marks secret (redacted in exports,
 * `client/src/http/redactFields.ts`). Matched on the name only, never the value, after any `X-` prefix.
 *
 * It is the union of the two lists these places kept before (a test holds it to both), so nothing that was
 * masked or dropped before leaks now: credentials (`token`, `secret`, `password`, `apiKey`, `session`, `cookie`,
 * `Authorization`-like names, a bare `key`, `code` or `sig`) and the vendors' secret fields, which end in
 * `Pwd`, `Pin`, `Passcode`, `HostKey` or are personal join links (`chairJoinUri`).
 */
const SECRET_NAME =
  /token|secret|passw(or)?d|pwd|passcode|pin$|api[-_]?key|access[-_]?key|host[-_]?key$|^key$|join[-_]?ur[il]$|signature|^sig$|^auth|jwt|credential|session|cookie|bearer|^code$/i;

/** Whether a header, query parameter or field name looks like it holds a secret. */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name.replace(/^x-/i, ''));
}
