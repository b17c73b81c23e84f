/** User settings that point every API family of the catalog at one loopback origin. */
import { tooling } from './tooling';

/**
 * `meetingPayloads.environments` + `meetingPayloads.environment` selecting `name`, whose base URLs all
 * lead to `origin`, laid out like the built-in `mock` environment (each family keeps its production
 * base path). Tests select such an environment even when they do not mean to send, so nothing can
 * ever leave 127.0.0.1.
 */
export async function loopbackEnvironment(name: string, origin: string): Promise<Record<string, unknown>> {
  const { mockBaseUrls } = await tooling();
  return {
    'meetingPayloads.environments': { [name]: { baseUrls: mockBaseUrls(origin), confirmBeforeSend: false } },
    'meetingPayloads.environment': name,
  };
}
