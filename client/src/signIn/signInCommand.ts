/**
 * Sign In for a credential at an environment's origin (the active file's, or a response's from the panel):
 * for Webex, one of three ways (webexSignIn.ts: device grant, authorization code with PKCE, service app), for
 * Huawei the login (huaweiSignIn.ts). Webex's run
 * under one cancellable progress notification that closes when the sign-in ends; the token is stored as a
 * record with its expiry and refresh token. A refused stored credential is forgotten. Words in signInPlan.ts.
 */
import * as vscode from 'vscode';
import type { CredentialSlot } from '../../../common/requestSpec';
import { FlowError } from '../auth/types';
import { readProxy, readRequestSettings } from '../config';
import { activeRequest } from '../services';
import type { Services } from '../services';
import { promptAndStoreToken } from '../tokenCommands';
import { tokenHealth } from '../tokenHealth';
import { DEFAULT_PROFILE } from '../tokens';
import { huaweiSignInCommand } from './huaweiSignIn';
import { reportSignInFailure } from './signInFailure';
import { recordFromTokenSet, signInSupport } from './signInPlan';
import { pickWebexMethod, prepareWebexSignIn } from './webexSignIn';

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
  const method = await pickWebexMethod(services, origin);
  if (!method) return;
  const prepared = await prepareWebexSignIn(services, method, origin);
  if (!prepared) return;
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
        try {
          return await prepared.run(
            { baseUrl, settings: readRequestSettings(), signal: abort.signal, ...(proxy ? { proxy } : {}) },
            (message) => progress.report({ message }),
          );
        } finally {
          sub.dispose();
        }
      },
    );
    const now = Date.now();
    await services.tokens.set(slot.scheme, origin, recordFromTokenSet(set, now, baseUrl));
    const health = tokenHealth(set, now);
    services.log.info(`Signed in: ${slot.label} (${slot.scheme}) stored for ${origin}${inProfile}, ${health.words}.`);
    void vscode.window.showInformationMessage(
      `Signed in to ${support.name} for ${origin}${inProfile}: ${slot.label} stored, ${health.words}.`,
    );
  } catch (err) {
    await reportSignInFailure(services, err, origin, err instanceof FlowError ? prepared.forget(err) : undefined);
  }
}
