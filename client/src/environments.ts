/**
 * Environments: where requests go. Pure (no `vscode`): the glue passes in what `inspect()` returned.
 *
 * Built in:
 * - `production`: the first documented server URL of the operation's family;
 * - `production-intl`: the documented international server URL where one exists (Huawei Cloud
 *   Meeting's `api-intl.meeting.huaweicloud.com`), otherwise the first;
 * - `mock`: the local Prism mock (MOCK_BASE_URL) for every family, keeping the base path of the
 *   family's first documented server URL (`http://127.0.0.1:4010/v1` for Webex, whose production base
 *   is `https://webexapis.com/v1`): the e2e harness merges the catalog the same way
 *   (scripts/e2e/mockCatalog.mjs), so paths join exactly as they do in production.
 *
 * User environments come from `meetingPayloads.environments`, an application-scoped setting. Only the
 * user (global) value and the default are ever read, so a workspace can never add or redirect one.
 */
import { environmentsFrom, MOCK_BASE_URL } from '../../common/settings';
import {
  BUILTIN_ENVIRONMENTS,
  builtinBaseUrl,
  isBuiltinEnvironment,
  normalizeBaseUrl,
  type BuiltinEnvironmentName,
} from '../../common/environments';

export { BUILTIN_ENVIRONMENTS, normalizeBaseUrl, type BuiltinEnvironmentName };
import type { Environment } from '../../common/settings';

export const DEFAULT_ENVIRONMENT: BuiltinEnvironmentName = 'production';

/** The parts of `WorkspaceConfiguration.inspect()` we are willing to use. Workspace values are deliberately absent. */
export interface InspectedSetting {
  globalValue?: unknown;
  defaultValue?: unknown;
}

/** What `inspect()` returns, in any shape; only its user and default values are taken. */
export function userOrDefault(inspected: InspectedSetting | undefined): unknown {
  if (!inspected) return undefined;
  return inspected.globalValue !== undefined ? inspected.globalValue : inspected.defaultValue;
}

export interface EnvironmentEntry {
  name: string;
  builtIn: boolean;
  description: string;
  confirmBeforeSend: boolean;
  /** Send shows Preview Changes first (user environments with `"previewBeforeSend": true`). */
  previewBeforeSend?: true;
  /** User environments: family → base URL. Built-ins resolve per operation. */
  baseUrls?: Record<string, string>;
}

export interface EnvironmentsView {
  entries: EnvironmentEntry[];
  /** User entries dropped because they reuse a built-in name or are malformed. */
  ignored: string[];
}

function isBuiltin(name: string): name is BuiltinEnvironmentName {
  return (BUILTIN_ENVIRONMENTS as readonly string[]).includes(name);
}

/** All environments: built-ins first, then the user's (from their user settings only). */
export function listEnvironments(inspectedEnvironments: InspectedSetting | undefined): EnvironmentsView {
  const raw = userOrDefault(inspectedEnvironments);
  const user = environmentsFrom(raw);
  const entries: EnvironmentEntry[] = [
    {
      name: 'production',
      builtIn: true,
      description: "The vendors' documented API hosts",
      confirmBeforeSend: true,
    },
    {
      name: 'production-intl',
      builtIn: true,
      description: 'International hosts where documented (Huawei Cloud Meeting api-intl), otherwise production',
      confirmBeforeSend: true,
    },
    { name: 'mock', builtIn: true, description: `Local mock server at ${MOCK_BASE_URL}`, confirmBeforeSend: false },
  ];
  const ignored: string[] = [];
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const name of Object.keys(raw)) if (!(name in user)) ignored.push(name);
  }
  for (const [name, env] of Object.entries(user)) {
    if (isBuiltin(name) || name.length === 0 || name.length > 80) {
      ignored.push(name);
      continue;
    }
    entries.push(userEntry(name, env));
  }
  return { entries, ignored };
}

function userEntry(name: string, env: Environment): EnvironmentEntry {
  const families = Object.keys(env.baseUrls);
  return {
    name,
    builtIn: false,
    description: families.length > 0 ? families.map((f) => `${f}: ${env.baseUrls[f]}`).join(', ') : 'no base URLs',
    confirmBeforeSend: env.confirmBeforeSend,
    ...(env.previewBeforeSend ? { previewBeforeSend: env.previewBeforeSend } : {}),
    baseUrls: env.baseUrls,
  };
}

/** The selected environment name from `meetingPayloads.environment` (user value or default only). */
export function selectedEnvironmentName(inspectedEnvironment: InspectedSetting | undefined): string {
  const v = userOrDefault(inspectedEnvironment);
  return typeof v === 'string' && v.trim().length > 0 ? v.trim() : DEFAULT_ENVIRONMENT;
}

export type BaseUrlResolution =
  { ok: true; environment: EnvironmentEntry; baseUrl: string; origin: string } | { ok: false; reason: string };

/**
 * The base URL an operation of `family` with documented `serverUrls` uses in environment `name`.
 * Unknown environment names resolve to nothing (never silently to production).
 */
export function resolveBaseUrl(
  view: EnvironmentsView,
  name: string,
  family: string,
  serverUrls: readonly string[],
): BaseUrlResolution {
  const environment = view.entries.find((e) => e.name === name);
  if (!environment) {
    return {
      ok: false,
      reason: `The environment "${name}" is not defined. Choose one with "Meeting Payloads: Select Environment".`,
    };
  }
  let candidate: string | undefined;
  if (environment.builtIn && isBuiltinEnvironment(environment.name)) {
    candidate = builtinBaseUrl(environment.name, serverUrls);
    if (candidate === undefined) {
      return { ok: false, reason: `The catalog documents no server URL for the API family "${family}".` };
    }
  } else {
    candidate = environment.baseUrls?.[family];
    if (candidate === undefined) {
      return {
        ok: false,
        reason: `The environment "${name}" has no base URL for the API family "${family}". Add "baseUrls": {"${family}": "https://…"} to it in your user settings (meetingPayloads.environments).`,
      };
    }
  }
  const baseUrl = normalizeBaseUrl(candidate);
  if (baseUrl === undefined) {
    return {
      ok: false,
      reason: `The base URL "${candidate}" for "${family}" in "${name}" is not a plain http(s) URL.`,
    };
  }
  return { ok: true, environment, baseUrl, origin: new URL(baseUrl).origin };
}

/** Loopback origins (127.0.0.0/8, [::1], localhost) are where the mock runs; they skip the send confirmation. */
export function isLoopbackOrigin(origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname;
  } catch {
    return false;
  }
  if (host === 'localhost' || host === '[::1]') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m.slice(1).every((p) => Number(p) <= 255);
}
