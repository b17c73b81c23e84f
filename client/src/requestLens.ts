/**
 * The words of the CodeLens at the top of a request file: the request that will be sent (method, the URL with
 * path parameters filled in), the environment and the token state, e.g.
 * "▶ Send PUT api.meeting.huaweicloud.com/v1/usg/dcs/member/vmr/room-7 · prod · Huawei token: 4 h left".
 * Pure (no `vscode`), so every word is unit-tested; text from the file goes through `safe()`.
 */
import { safe } from './send/texts';
import { credentialWords, shownCredential } from './statusText';
import type { CredentialStatus } from './statusText';

export interface RequestLensInput {
  method: string;
  pathTemplate: string;
  /** The URL the environment would send to (path parameters filled in); undefined when it cannot be built yet. */
  url?: string;
  /** The environment's base URL for the operation's family; undefined when it does not resolve. */
  baseUrl?: string;
  /** Why the base URL does not resolve. */
  problem?: string;
  environment: string;
  operationId: string;
  /** The operation's credential slots with what is stored for them at the target origin. */
  credentials: CredentialStatus[];
  errorCount: number;
  now: number;
}

export interface LensView {
  title: string;
  tooltip: string;
}

/** `host/path?query` of a URL, or the base URL's host and path before the template when no URL could be built. */
function target(input: RequestLensInput): string {
  if (input.url !== undefined) {
    try {
      const u = new URL(input.url);
      return `${u.host}${u.pathname}${u.search}`;
    } catch {
      // fall through to the template
    }
  }
  if (input.baseUrl !== undefined) {
    try {
      const u = new URL(input.baseUrl);
      return `${u.host}${u.pathname.replace(/\/+$/, '')}${input.pathTemplate}`;
    } catch {
      // keep the bare path
    }
  }
  return input.pathTemplate;
}

/** The token state in words: "Webex token: none", "Huawei token: 4 h left", "no token needed". */
export function tokenWords(credentials: readonly CredentialStatus[], now: number): string {
  const shown = shownCredential(credentials);
  return shown ? credentialWords(shown, now) : 'no token needed';
}

export function sendLensView(input: RequestLensInput): LensView {
  const method = safe(input.method.toUpperCase(), 16);
  const parts = [`▶ Send ${method} ${safe(target(input), 120)}`, safe(input.environment, 40)];
  if (input.problem === undefined) parts.push(tokenWords(input.credentials, input.now));
  const errors = input.errorCount === 1 ? '1 error' : `${input.errorCount} errors`;
  const tooltip = [
    input.problem ??
      `Send ${safe(input.operationId, 80)} as ${method} ${safe(input.url ?? target(input), 300)} (environment ${safe(input.environment, 40)})`,
    ...(input.url === undefined && input.problem === undefined
      ? ['The URL is not complete yet: fill in the path parameters.']
      : []),
    ...(input.errorCount > 0 ? [`The file has ${errors}.`] : []),
  ];
  return { title: parts.join(' · '), tooltip: tooltip.join('\n') };
}

/** The lens kept while the file is momentarily invalid: the last good title, and a tooltip saying why. */
export function staleLensView(last: LensView, reason: string): LensView {
  return { title: last.title, tooltip: `${reason}\nShowing the request this file last described.` };
}

export const COPY_CURL_LENS: LensView = {
  title: 'Copy as cURL',
  tooltip:
    'Copy this request as a cURL command for the current environment (the token is a placeholder, never its value)',
};
