/**
 * Reading the client-only settings. Every value that decides where a request goes or how it is sent is
 * read with `inspect()` and only its user (global) or default value is used: these settings are
 * application/machine scoped, and a workspace's `.vscode/settings.json` must never redirect requests,
 * tokens or the proxy (threat T7), trusted or not.
 */
import * as vscode from 'vscode';
import { SettingIds } from '../../common/ids';
import { requestSettingsFrom } from '../../common/settings';
import type { RequestSettings } from '../../common/settings';
import { listEnvironments, selectedEnvironmentName, userOrDefault } from './environments';
import type { EnvironmentsView, InspectedSetting } from './environments';
import { proxyOptionsFrom } from './proxy';
import type { ProxyOptions } from './http/types';

function inspect(key: string): InspectedSetting | undefined {
  const i = vscode.workspace.getConfiguration().inspect<unknown>(key);
  if (!i) return undefined;
  const out: InspectedSetting = {};
  if (i.globalValue !== undefined) out.globalValue = i.globalValue;
  if (i.defaultValue !== undefined) out.defaultValue = i.defaultValue;
  return out;
}

function userValue(key: string): unknown {
  return userOrDefault(inspect(key));
}

export function readEnvironments(): EnvironmentsView {
  return listEnvironments(inspect(SettingIds.environments));
}

export function readSelectedEnvironment(): string {
  return selectedEnvironmentName(inspect(SettingIds.environment));
}

export async function writeSelectedEnvironment(name: string): Promise<void> {
  await vscode.workspace.getConfiguration().update(SettingIds.environment, name, vscode.ConfigurationTarget.Global);
}

export function readRequestSettings(): RequestSettings {
  return requestSettingsFrom({
    connectTimeoutMs: userValue(SettingIds.connectTimeout),
    headersTimeoutMs: userValue(SettingIds.headersTimeout),
    totalTimeoutMs: userValue(SettingIds.totalTimeout),
    maxResponseBytes: userValue(SettingIds.maxResponseBytes),
    autoRetry: userValue(SettingIds.autoRetry),
  });
}

/** Proxy options for a request to `target`. */
export function readProxy(target: URL): ProxyOptions | undefined {
  return proxyOptionsFrom(
    {
      proxy: userValue('http.proxy'),
      strictSSL: userValue('http.proxyStrictSSL'),
      noProxy: userValue('http.noProxy'),
      authorization: userValue('http.proxyAuthorization'),
      support: userValue('http.proxySupport'),
    },
    process.env,
    target,
  );
}

/** Settings whose change alters the environment or token shown in the status bar and CodeLens. */
export function affectsEnvironment(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SettingIds.environments) || e.affectsConfiguration(SettingIds.environment);
}
