/**
 * Set Token / Clear Token for the active file's operation (its security schemes, from the server) and
 * the current environment's origin. Tokens go only to SecretStorage; no command returns one.
 */
import * as vscode from 'vscode';
import type { CredentialSlot } from '../../common/requestSpec';
import { activeRequest } from './services';
import type { Services } from './services';
import { normalizeTokenInput, validateTokenInput } from './tokens';

async function pickSlot(slots: readonly CredentialSlot[], placeHolder: string): Promise<CredentialSlot | undefined> {
  if (slots.length <= 1) return slots[0];
  const picked = await vscode.window.showQuickPick(
    slots.map((slot) => ({ label: slot.label, description: `${slot.header} header`, slot })),
    { placeHolder, ignoreFocusOut: true },
  );
  return picked?.slot;
}

/** Asks for a token for one of `slots` at `origin` and stores it; true when one was stored. */
export async function promptAndStoreToken(
  services: Services,
  slots: readonly CredentialSlot[],
  origin: string,
): Promise<boolean> {
  const slot = await pickSlot(slots, `Which credential for ${origin}?`);
  if (!slot) return false;
  const replacing = await services.tokens.has(slot.scheme, origin).catch(() => false);
  const prefix = slot.prefix.trim();
  const value = await vscode.window.showInputBox({
    title: `${slot.label} for ${origin}`,
    prompt: `Stored encrypted in VS Code's secret storage and sent only to ${origin} in the ${slot.header} header.${replacing ? ' Replaces the token stored for this origin.' : ''}`,
    placeHolder: prefix ? `The token (without "${prefix}")` : 'The token',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => validateTokenInput(v, slot.prefix),
  });
  if (value === undefined) return false;
  const token = normalizeTokenInput(value, slot.prefix);
  if (validateTokenInput(token, slot.prefix) !== undefined) return false;
  try {
    await services.tokens.set(slot.scheme, origin, token);
  } catch (err) {
    services.log.error('Storing the token in secret storage failed.', err);
    void vscode.window.showErrorMessage(
      'Could not store the token in VS Code’s secret storage; see the output channel.',
    );
    return false;
  }
  services.log.info(`${slot.label} (${slot.scheme}) set for ${origin}.`);
  void vscode.window.showInformationMessage(`${slot.label} set for ${origin}.`);
  return true;
}

export async function setTokenCommand(services: Services): Promise<void> {
  const active = await activeRequest(services);
  if (!active) return;
  if (active.request.credentials.length === 0) {
    void vscode.window.showInformationMessage(`The operation ${active.request.operationId} needs no token.`);
    return;
  }
  await promptAndStoreToken(services, active.request.credentials, active.origin);
}

export async function clearTokenCommand(services: Services): Promise<void> {
  const active = await activeRequest(services);
  if (!active) return;
  const origin = active.origin;
  const stored: CredentialSlot[] = [];
  for (const slot of active.request.credentials) {
    if (await services.tokens.has(slot.scheme, origin).catch(() => false)) stored.push(slot);
  }
  if (stored.length === 0) {
    void vscode.window.showInformationMessage(`No token is stored for this operation's credentials at ${origin}.`);
    return;
  }
  const slot = await pickSlot(stored, `Which token to remove for ${origin}?`);
  if (!slot) return;
  try {
    await services.tokens.clear(slot.scheme, origin);
  } catch (err) {
    services.log.error('Removing the token from secret storage failed.', err);
    void vscode.window.showErrorMessage(
      'Could not remove the token from VS Code’s secret storage; see the output channel.',
    );
    return;
  }
  services.log.info(`${slot.label} (${slot.scheme}) cleared for ${origin}.`);
  void vscode.window.showInformationMessage(`${slot.label} removed for ${origin}.`);
}
