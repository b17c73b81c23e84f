/**
 * Sign In for the active file's credential at the current environment's origin: the Webex device grant
 * (client/src/auth/webexDevice.ts), or the Huawei login (huaweiSignIn.ts). The integration's client id and secret are asked once and kept in
 * SecretStorage per origin; the code and link (which carries the code when Webex gives one) are the message of
 * the progress notification, which cancels and closes when the sign-in ends; the token is stored as a record with its expiry and refresh token. The logic is in signInPlan.ts.
 */
import * as vscode from 'vscode';
import type { CredentialSlot } from '../../../common/requestSpec';
import { signInWebexDevice } from '../auth/webexDevice';
import { FlowError } from '../auth/types';
import { readProxy, readRequestSettings } from '../config';
import { activeRequest } from '../services';
import type { Services } from '../services';
import { promptAndStoreToken } from '../tokenCommands';
import { tokenHealth } from '../tokenHealth';
import { DEFAULT_PROFILE } from '../tokens';
import { huaweiSignInCommand } from './huaweiSignIn';
import {
  decodeIntegration,
  deviceCodeMessage,
  encodeIntegration,
  integrationKey,
  recordFromTokenSet,
  signInSupport,
  validateIntegrationField,
} from './signInPlan';
import type { IntegrationCredentials } from './signInPlan';

export async function signInCommand(services: Services): Promise<void> {
  const active = await activeRequest(services);
  if (!active) return;
  if (active.request.credentials.length === 0) {
    void vscode.window.showInformationMessage(`The operation ${active.request.operationId} needs no token.`);
    return;
  }
  await signInFor(services, active.request.credentials, active.origin, active.baseUrl);
}

/**
 * Sign In for the first of `slots` at `origin` (the environment's `baseUrl`): the active file's credential, or
 * the one of an exchange the response panel shows (its Sign In button acts on that exchange, not the editor).
 */
export async function signInFor(
  services: Services,
  slots: readonly CredentialSlot[],
  origin: string,
  baseUrl: string,
): Promise<void> {
  const slot = slots[0];
  if (!slot) return;
  const support = signInSupport(slot.scheme, slot.label);
  if (!support.flow) {
    const setToken = 'Set Token';
    const choice = await vscode.window.showInformationMessage(support.reason, setToken);
    if (choice === setToken) await promptAndStoreToken(services, slots, origin, baseUrl);
    return;
  }
  if (support.flow === 'huawei-login') {
    await huaweiSignInCommand(services, slot, origin, baseUrl);
    return;
  }
  const integration = await integrationFor(services, origin);
  if (!integration) return;
  const profile = services.tokens.activeProfile(slot.scheme, origin);
  const inProfile = profile === DEFAULT_PROFILE ? '' : ` (profile "${profile}")`;
  const abort = new AbortController();
  let proxy;
  try {
    proxy = readProxy(new URL(baseUrl));
  } catch {
    proxy = undefined;
  }
  try {
    const set = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Signing in to ${support.name}`, cancellable: true },
      async (progress, cancel) => {
        const sub = cancel.onCancellationRequested(() => abort.abort());
        // The code and link are this notification's message, so they go away when the sign-in ends.
        let codeNotice = '';
        const report = (status: string): void =>
          progress.report({ message: codeNotice ? `${codeNotice} ${status}` : status });
        try {
          return await signInWebexDevice(integration, {
            baseUrl,
            settings: readRequestSettings(),
            signal: abort.signal,
            ...(proxy ? { proxy } : {}),
            progress: {
              deviceCode: (prompt) => {
                codeNotice = deviceCodeMessage(prompt, Date.now());
                report('');
              },
              report,
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    const now = Date.now();
    await services.tokens.set(slot.scheme, origin, recordFromTokenSet(set, now));
    const health = tokenHealth(set, now);
    services.log.info(`Signed in: ${slot.label} (${slot.scheme}) stored for ${origin}${inProfile}, ${health.words}.`);
    void vscode.window.showInformationMessage(
      `Signed in to ${support.name} for ${origin}${inProfile}: ${slot.label} stored, ${health.words}.`,
    );
  } catch (err) {
    await reportFailure(services, err, origin);
  }
}

/** The stored client id and secret for `origin`, or asked for now (and stored); undefined when cancelled. */
async function integrationFor(services: Services, origin: string): Promise<IntegrationCredentials | undefined> {
  const secrets = services.context.secrets;
  const stored = decodeIntegration(await secrets.get(integrationKey(origin)).then(undefined, () => undefined));
  if (stored) return stored;
  const clientId = await vscode.window.showInputBox({
    title: `Sign In: the Webex integration's Client ID (for ${origin})`,
    prompt: 'From your integration at developer.webex.com. Asked once; kept in VS Code’s secret storage.',
    ignoreFocusOut: true,
    validateInput: (v) => validateIntegrationField(v, 'Client ID'),
  });
  if (clientId === undefined) return undefined;
  const clientSecret = await vscode.window.showInputBox({
    title: `Sign In: the Webex integration's Client Secret (for ${origin})`,
    prompt: `Kept in VS Code’s secret storage and sent only to ${origin}.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => validateIntegrationField(v, 'Client Secret'),
  });
  if (clientSecret === undefined) return undefined;
  const creds = { clientId: clientId.trim(), clientSecret: clientSecret.trim() };
  try {
    await secrets.store(integrationKey(origin), encodeIntegration(creds));
  } catch (err) {
    services.log.error('Storing the integration in secret storage failed.', err);
  }
  return creds;
}

async function reportFailure(services: Services, err: unknown, origin: string): Promise<void> {
  if (err instanceof FlowError && err.code === 'cancelled') {
    void vscode.window.showInformationMessage('Sign in was cancelled; no token was stored.');
    return;
  }
  // FlowError messages are masked by the flows; anything else is logged, not shown verbatim.
  const message = err instanceof FlowError ? err.message : 'Sign in failed; see the output channel.';
  services.log.error(`Sign in failed for ${origin}.`, err);
  if (err instanceof FlowError && err.code === 'invalid-credentials') {
    // The stored client id or secret was refused: forget them, so the next Sign In asks again.
    await services.context.secrets.delete(integrationKey(origin)).then(undefined, () => undefined);
    void vscode.window.showErrorMessage(`${message} The stored Client ID and Secret were removed.`);
    return;
  }
  void vscode.window.showErrorMessage(message);
}
