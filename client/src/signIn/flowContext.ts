/** The FlowContext a sign-in flow runs with in the extension: the environment's base URL, settings, proxy. */
import type { FlowContext } from '../auth/types';
import { readProxy, readRequestSettings } from '../config';

export function flowContext(baseUrl: string, signal?: AbortSignal): FlowContext {
  let proxy;
  try {
    proxy = readProxy(new URL(baseUrl));
  } catch {
    proxy = undefined;
  }
  return {
    baseUrl,
    settings: readRequestSettings(),
    ...(signal ? { signal } : {}),
    ...(proxy ? { proxy } : {}),
  };
}
