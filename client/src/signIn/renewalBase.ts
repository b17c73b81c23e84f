/**
 * Where a stored token renews while nothing is sent (renewInBackground.ts): the base URL it was signed in at, or,
 * for a token signed in before base URLs were recorded, the one its token endpoints have on the token's own origin
 * (a token, its refresh token and its credentials go only to that origin: #10). That is the base URL the user's
 * environments give on that origin, or where none says otherwise the flow's documented one (Webex's token endpoints
 * under `/v1`, Huawei's from the origin's root: what the built-in environments, the mock included, use). Pure.
 */
import { HUAWEI_BASE_PATH } from '../auth/huaweiLogin';
import { WEBEX_BASE_PATH } from '../auth/webexOAuth';
import { normalizeBaseUrl } from '../environments';
import type { EnvironmentEntry } from '../environments';
import { exactOrigin } from '../tokens';
import { signInSupport } from './signInPlan';

export type RenewalBase = { ok: true; baseUrl: string } | { ok: false; reason: string };

/** The documented base path of the token endpoints of `scheme`'s flow; undefined for a scheme without one. */
function documentedBasePath(scheme: string): string | undefined {
  const { flow } = signInSupport(scheme, '');
  return flow === 'webex-device' ? WEBEX_BASE_PATH : flow === 'huawei-login' ? HUAWEI_BASE_PATH : undefined;
}

export function renewalBaseUrl(
  scheme: string,
  origin: string,
  recorded: string | undefined,
  environments: readonly Pick<EnvironmentEntry, 'baseUrls'>[],
): RenewalBase {
  if (recorded !== undefined) {
    return exactOrigin(recorded) === origin
      ? { ok: true, baseUrl: recorded }
      : { ok: false, reason: `It was signed in at ${recorded}, not on ${origin}: it renews on Send.` };
  }
  const path = documentedBasePath(scheme);
  if (path === undefined) return { ok: false, reason: 'Its sign-in flow has no token endpoint: it renews on Send.' };
  const documented = `${origin}${path}`;
  const here = new Set<string>();
  for (const env of environments) {
    for (const url of Object.values(env.baseUrls ?? {})) {
      const base = normalizeBaseUrl(url);
      if (base !== undefined && exactOrigin(base) === origin) here.add(base);
    }
  }
  if (here.size === 0 || here.has(documented)) return { ok: true, baseUrl: documented };
  const [only, ...more] = [...here];
  if (only !== undefined && more.length === 0) return { ok: true, baseUrl: only };
  return {
    ok: false,
    reason: `It was signed in before base URLs were recorded, and your environments give ${here.size} base URLs on ${origin}: it renews on Send (or Sign In again).`,
  };
}
