/**
 * Set Token / Clear Token / Switch Credential Profile for the active file's operation (its security schemes,
 * from the server) and the current environment's origin; the token menu of the status bar item; the list of
 * stored tokens. Tokens go only to SecretStorage; no command returns or shows one.
 */
import * as vscode from 'vscode';
import { CommandIds } from '../../common/ids';
import type { CredentialSlot } from '../../common/requestSpec';
import { controlConferenceId } from './auth/controlTokens';
import { webexPersonalToken } from './auth/webexPersonal';
import { readProxy, readRequestSettings, readSelectedEnvironment } from './config';
import { asksExpiry, pastedTokenRecord, pastedTokenWords } from './signIn/pastedToken';
import type { ExpiryAnswer } from './signIn/pastedToken';
import { COMMAND_USE } from './documents';
import { activeRequest } from './services';
import type { Services } from './services';
import { tokenListItems, tokenMenuEntries } from './tokenMenu';
import type { TokenMenuAction } from './tokenMenu';
import { DEFAULT_PROFILE, exactOrigin, normalizeTokenInput, validateProfileName, validateTokenInput } from './tokens';

async function pickSlot(slots: readonly CredentialSlot[], placeHolder: string): Promise<CredentialSlot | undefined> {
  if (slots.length <= 1) return slots[0];
  const picked = await vscode.window.showQuickPick(
    slots.map((slot) => ({ label: slot.label, description: `${slot.header} header`, slot })),
    { placeHolder, ignoreFocusOut: true },
  );
  return picked?.slot;
}

/**
 * Asks for a token for one of `slots` at `origin` and stores it; true when one was stored. With the
 * environment's `baseUrl`, a Webex token's real expiry is asked from Webex first (pastedToken.ts).
 */
export async function promptAndStoreToken(
  services: Services,
  slots: readonly CredentialSlot[],
  origin: string,
  baseUrl?: string,
): Promise<boolean> {
  const slot = await pickSlot(slots, `Which credential for ${origin}?`);
  if (!slot) return false;
  const replacing = await services.tokens.has(slot.scheme, origin).catch(() => false);
  const prefix = slot.prefix.trim();
  const profile = services.tokens.activeProfile(slot.scheme, origin);
  const inProfile = profile === DEFAULT_PROFILE ? '' : ` (profile "${profile}")`;
  const value = await vscode.window.showInputBox({
    title: `${slot.label} for ${origin}${inProfile}`,
    prompt: `Stored encrypted in VS Code's secret storage and sent only to ${origin} in the ${slot.header} header.${replacing ? ' Replaces the token stored for this origin.' : ''}`,
    placeHolder: prefix ? `The token (without "${prefix}")` : 'The token',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => validateTokenInput(v, slot.prefix),
  });
  if (value === undefined) return false;
  const token = normalizeTokenInput(value, slot.prefix);
  if (validateTokenInput(token, slot.prefix) !== undefined) return false;
  const now = Date.now();
  const answer = baseUrl !== undefined && asksExpiry(slot.scheme) ? await askExpiry(token, baseUrl) : undefined;
  try {
    await services.tokens.set(slot.scheme, origin, pastedTokenRecord(token, now, answer));
  } catch (err) {
    services.log.error('Storing the token in secret storage failed.', err);
    void vscode.window.showErrorMessage(
      'Could not store the token in VS Code’s secret storage; see the output channel.',
    );
    return false;
  }
  const words = pastedTokenWords(slot.label, `${origin}${inProfile}`, now, answer);
  services.log.info(`${slot.label} (${slot.scheme}) set for ${origin}${inProfile}.`);
  if (answer && !answer.ok) services.log.warn(words.text);
  if (words.warn) void vscode.window.showWarningMessage(words.text);
  else void vscode.window.showInformationMessage(words.text);
  return true;
}

/** Webex's answer to "when does this token end", with a progress notice; never throws. */
async function askExpiry(token: string, baseUrl: string): Promise<ExpiryAnswer> {
  let proxy;
  try {
    proxy = readProxy(new URL(baseUrl));
  } catch {
    proxy = undefined;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Asking Webex when this token ends…' },
    () =>
      webexPersonalToken(token, { baseUrl, settings: readRequestSettings(), ...(proxy ? { proxy } : {}) }).then(
        (tokens): ExpiryAnswer => ({ ok: true, tokens }),
        (error: unknown): ExpiryAnswer => ({
          ok: false,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
      ),
  );
}

export async function setTokenCommand(services: Services): Promise<void> {
  const active = await activeRequest(services);
  if (!active) return;
  if (active.request.credentials.length === 0) {
    void vscode.window.showInformationMessage(`The operation ${active.request.operationId} needs no token.`);
    return;
  }
  await promptAndStoreToken(services, active.request.credentials, active.origin, active.baseUrl);
}

export async function clearTokenCommand(services: Services): Promise<void> {
  const active = await activeRequest(services);
  if (!active) return;
  const origin = active.origin;
  // A meeting-control token minted on Send is held in memory: Clear Token forgets it (and the host password) first.
  const conferenceId = controlConferenceId(active.request);
  if (conferenceId !== undefined && services.control.live(origin, conferenceId)) {
    services.control.forget(origin, conferenceId);
    services.log.info(`Meeting-control token of meeting ${conferenceId} at ${origin} forgotten (Clear Token).`);
    void vscode.window.showInformationMessage(
      `Meeting-control token of meeting ${conferenceId} forgotten, with its host password; the next Send asks for the password again.`,
    );
    return;
  }
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

/** The active file's first credential slot and its origin, without messages (the menu works without a file). */
async function quietActiveCredential(
  services: Services,
): Promise<{ slot: CredentialSlot; origin: string; slots: readonly CredentialSlot[]; held: boolean } | undefined> {
  const document = await services.active.forCommand({ nothing: COMMAND_USE.nothing });
  if (!document) return undefined;
  const active = await activeRequest(services, document);
  const slot = active?.request.credentials[0];
  if (!active || !slot) return undefined;
  const conferenceId = controlConferenceId(active.request);
  const held = conferenceId !== undefined && services.control.live(active.origin, conferenceId) !== undefined;
  return { slot, origin: active.origin, slots: active.request.credentials, held };
}

/** The status bar item's click: what can be done about the active file's token, and the environment. */
export async function tokenMenuCommand(services: Services): Promise<void> {
  const found = await quietActiveCredential(services);
  const credential = found
    ? {
        scheme: found.slot.scheme,
        label: found.slot.label,
        origin: found.origin,
        profile: services.tokens.activeProfile(found.slot.scheme, found.origin),
        stored: found.held || (await services.tokens.has(found.slot.scheme, found.origin).catch(() => false)),
      }
    : undefined;
  const entries = tokenMenuEntries({
    ...(credential ? { credential } : {}),
    environment: readSelectedEnvironment(),
  });
  const picked = await vscode.window.showQuickPick(entries, {
    title: 'Meeting Payloads: tokens and environment',
    placeHolder: credential ? `${credential.label} for ${credential.origin}` : 'No token is needed by the active file',
  });
  if (picked) await runMenuAction(picked.action);
}

const ACTION_COMMANDS: Record<TokenMenuAction, string> = {
  signIn: CommandIds.signIn,
  setToken: CommandIds.setToken,
  clearToken: CommandIds.clearToken,
  switchProfile: CommandIds.switchProfile,
  showTokens: CommandIds.showTokens,
  selectEnvironment: CommandIds.selectEnvironment,
};

async function runMenuAction(action: TokenMenuAction): Promise<void> {
  await vscode.commands.executeCommand(ACTION_COMMANDS[action]);
}

/**
 * Switch Credential Profile: picks (or creates) the named credential used for the active file's scheme and
 * origin. The status bar and the send confirmation then name it.
 */
export async function switchProfileCommand(services: Services): Promise<void> {
  const active = await activeRequest(services);
  if (!active) return;
  if (active.request.credentials.length === 0) {
    void vscode.window.showInformationMessage(`The operation ${active.request.operationId} needs no token.`);
    return;
  }
  await switchProfileFor(services, active.request.credentials, active.origin, active.baseUrl);
}

/** Switch Credential Profile for one of `slots` at `origin` (also the panel's Switch Profile button). */
export async function switchProfileFor(
  services: Services,
  slots: readonly CredentialSlot[],
  targetOrigin: string,
  baseUrl?: string,
): Promise<void> {
  const slot = await pickSlot(slots, `Which credential's profile for ${targetOrigin}?`);
  if (!slot) return;
  const origin = exactOrigin(targetOrigin) ?? targetOrigin;
  const current = services.tokens.activeProfile(slot.scheme, origin);
  const stored = new Set(
    services.tokens
      .entries()
      .filter((e) => e.scheme === slot.scheme && e.origin === origin)
      .map((e) => e.profile),
  );
  const NEW = '$(add) New profile…';
  const items = [
    ...services.tokens.profiles(slot.scheme, origin).map((name) => ({
      label: name,
      description: [name === current ? 'in use' : '', stored.has(name) ? 'token stored' : 'no token']
        .filter(Boolean)
        .join(' · '),
      name,
    })),
    { label: NEW, description: '', name: '' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Credential profile for ${slot.label} at ${origin}`,
    placeHolder: `In use: "${current}"`,
  });
  if (!picked) return;
  let name = picked.name;
  if (name === '') {
    const typed = await vscode.window.showInputBox({
      title: 'New credential profile',
      prompt: `A name for another ${slot.label} at ${origin}, e.g. the customer organisation it belongs to.`,
      validateInput: validateProfileName,
      ignoreFocusOut: true,
    });
    if (typed === undefined) return;
    name = typed.trim();
  }
  await services.tokens.setActiveProfile(slot.scheme, origin, name);
  services.log.info(`${slot.label} (${slot.scheme}) at ${origin}: profile "${name}" in use.`);
  const has = await services.tokens.has(slot.scheme, origin).catch(() => false);
  if (has) {
    void vscode.window.showInformationMessage(`Profile "${name}" in use for ${slot.label} at ${origin}.`);
    return;
  }
  const set = 'Set Token…';
  const choice = await vscode.window.showInformationMessage(
    `Profile "${name}" in use for ${slot.label} at ${origin}; it has no token yet.`,
    set,
  );
  if (choice === set) await promptAndStoreToken(services, [slot], origin, baseUrl);
}

/** Show Stored Tokens: scheme, origin, profile, expiry of each; never a value. Picking one offers its actions. */
export async function showTokensCommand(services: Services): Promise<void> {
  const entries = services.tokens.entries();
  if (entries.length === 0) {
    void vscode.window.showInformationMessage('No token is stored yet. Open a request file and use Set Token.');
    return;
  }
  const items = tokenListItems(
    entries,
    (e) => services.tokens.activeProfile(e.scheme, e.origin) === e.profile,
    Date.now(),
  );
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Stored tokens (values are never shown)',
    matchOnDescription: true,
  });
  if (!picked) return;
  const { entry } = picked;
  const use = 'Use This Profile';
  const remove = 'Remove Token';
  const choice = await vscode.window.showQuickPick([use, remove], {
    title: `${entry.scheme} · ${entry.origin} · profile "${entry.profile}"`,
  });
  if (choice === use) {
    await services.tokens.setActiveProfile(entry.scheme, entry.origin, entry.profile);
  } else if (choice === remove) {
    await services.tokens.clear(entry.scheme, entry.origin, entry.profile);
    services.log.info(`Token removed: ${entry.scheme} at ${entry.origin}, profile "${entry.profile}".`);
  }
}
