/**
 * Sign In for Huawei Cloud Meeting (the adapter of huaweiPlan.ts): the mode is chosen once per origin (App ID and
 * App Key, or account and password), its credentials are kept in SecretStorage (the password only when the user
 * chose so), the login runs under a cancellable progress notice, and the token is stored with its expiry for
 * that exact origin. Renewal before Send and the re-login after a refused token reuse {@link huaweiRelogin}.
 */
import * as vscode from 'vscode';
import { FlowError } from '../auth/types';
import type { TokenSet } from '../auth/types';
import type { CredentialSlot } from '../../../common/requestSpec';
import type { Services } from '../services';
import { tokenHealth } from '../tokenHealth';
import { DEFAULT_PROFILE } from '../tokens';
import { flowContext } from './flowContext';
import {
  HUAWEI_MODES,
  PASSWORD_CHOICES,
  decodeHuaweiStored,
  describeHuaweiStored,
  encodeHuaweiStored,
  huaweiCredentialsKey,
  huaweiLogin,
  huaweiLoginWithoutAsking,
  needsPassword,
  validateHuaweiField,
  validateHuaweiPassword,
} from './huaweiPlan';
import type { HuaweiStored } from './huaweiPlan';
import { reportSignInFailure } from './signInFailure';
import { recordFromTokenSet } from './signInPlan';

export async function readHuaweiStored(services: Services, origin: string): Promise<HuaweiStored | undefined> {
  return decodeHuaweiStored(
    await services.context.secrets.get(huaweiCredentialsKey(origin)).then(undefined, () => undefined),
  );
}

/** Sign In for a Huawei access token at `origin`: stored credentials, or asked now. */
export async function huaweiSignInCommand(
  services: Services,
  slot: CredentialSlot,
  origin: string,
  baseUrl: string,
): Promise<void> {
  const stored = await readHuaweiStored(services, origin);
  const asked = stored ? { keep: stored } : await askHuaweiCredentials(origin);
  if (!asked) return;
  const creds = asked.keep;
  const password = needsPassword(creds) ? (asked.password ?? (await askPassword(creds, origin, 'sign in'))) : undefined;
  if (needsPassword(creds) && password === undefined) return;
  const profile = services.tokens.activeProfile(slot.scheme, origin);
  const inProfile = profile === DEFAULT_PROFILE ? '' : ` (profile "${profile}")`;
  try {
    const set = await withLoginProgress(
      `Signing in to Huawei Cloud Meeting (${describeHuaweiStored(creds)})`,
      (signal) => huaweiLogin(creds, origin, flowContext(baseUrl, signal), password),
    );
    // Kept only once they worked, so a typo is not stored.
    if (!stored) await storeCredentials(services, origin, creds);
    const now = Date.now();
    await services.tokens.set(slot.scheme, origin, recordFromTokenSet(set, now, baseUrl));
    const health = tokenHealth(set, now);
    services.log.info(`Signed in: ${slot.label} (${slot.scheme}) stored for ${origin}${inProfile}, ${health.words}.`);
    void vscode.window.showInformationMessage(
      `Signed in to Huawei Cloud Meeting for ${origin}${inProfile}: ${slot.label} stored, ${health.words}.`,
    );
  } catch (err) {
    const refused = err instanceof FlowError && err.code === 'invalid-credentials' && stored !== undefined;
    await reportSignInFailure(
      services,
      err,
      origin,
      refused ? { key: huaweiCredentialsKey(origin), what: 'Huawei credentials' } : undefined,
    );
  }
}

/**
 * A new login from the credentials stored for `origin` (asking the password of an account that keeps none):
 * renewal before Send and the re-login after Huawei refused the token (401, `USG.000000004`). Undefined when
 * nothing is stored or the user cancelled; a refusal throws the flow's FlowError (and forgets the credentials).
 * `quiet` (background renewal): no progress notice, nothing asked — an account that keeps no password is not
 * logged in (undefined) — and a refusal forgets nothing (the status bar says it; Sign In or Send decide).
 */
export async function huaweiRelogin(
  services: Services,
  origin: string,
  baseUrl: string,
  why: string,
  quiet = false,
): Promise<TokenSet | undefined> {
  const stored = await readHuaweiStored(services, origin);
  if (!stored) return undefined;
  if (quiet) return await huaweiLoginWithoutAsking(stored, origin, flowContext(baseUrl));
  const password = needsPassword(stored) ? await askPassword(stored, origin, why) : undefined;
  if (needsPassword(stored) && password === undefined) return undefined;
  try {
    return await withLoginProgress(`Huawei Cloud Meeting: ${why} for ${origin}`, (signal) =>
      huaweiLogin(stored, origin, flowContext(baseUrl, signal), password),
    );
  } catch (err) {
    if (err instanceof FlowError && err.code === 'invalid-credentials') await forgetCredentials(services, origin);
    throw err;
  }
}

function withLoginProgress(title: string, run: (signal: AbortSignal) => Promise<TokenSet>): Thenable<TokenSet> {
  const abort = new AbortController();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (_progress, cancel) => {
      const sub = cancel.onCancellationRequested(() => abort.abort());
      try {
        return await run(abort.signal);
      } finally {
        sub.dispose();
      }
    },
  );
}

/** What to keep for the origin, and the password for this login when the account keeps none. */
interface Asked {
  keep: HuaweiStored;
  password?: string;
}

async function askHuaweiCredentials(origin: string): Promise<Asked | undefined> {
  const pick = await vscode.window.showQuickPick(
    HUAWEI_MODES.map((m) => ({ label: m.label, detail: m.detail, mode: m.mode })),
    { title: `Sign In to Huawei Cloud Meeting (${origin})`, placeHolder: 'How do you sign in?', ignoreFocusOut: true },
  );
  if (!pick) return undefined;
  const box = (title: string, prompt: string, what: string, opts: { optional?: boolean; signed?: boolean } = {}) =>
    vscode.window.showInputBox({
      title,
      prompt,
      ignoreFocusOut: true,
      validateInput: (v) => validateHuaweiField(v, what, opts),
    });
  if (pick.mode === 'app-id') {
    const appId = await box(
      `Sign In: the App ID (for ${origin})`,
      'From the meeting console. Asked once; kept in VS Code’s secret storage.',
      'App ID',
      { signed: true },
    );
    if (appId === undefined) return undefined;
    const appKey = await vscode.window.showInputBox({
      title: `Sign In: the App Key (for ${origin})`,
      prompt: 'Kept in VS Code’s secret storage; it never leaves this machine (logins are signed with it here).',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => validateHuaweiField(v, 'App Key'),
    });
    if (appKey === undefined) return undefined;
    const userId = await box(
      `Sign In: the user id (optional, for ${origin})`,
      'Leave empty to sign in as the enterprise administrator.',
      'user id',
      { optional: true, signed: true },
    );
    if (userId === undefined) return undefined;
    const corpId = await box(
      `Sign In: the corp id (optional, for ${origin})`,
      'Only for service-provider apps; leave empty otherwise.',
      'corp id',
      { optional: true, signed: true },
    );
    if (corpId === undefined) return undefined;
    const keep: HuaweiStored = {
      mode: 'app-id',
      appId: appId.trim(),
      appKey: appKey.trim(),
      ...(userId.trim() ? { userId: userId.trim() } : {}),
      ...(corpId.trim() ? { corpId: corpId.trim() } : {}),
    };
    return { keep };
  }
  const account = await box(
    `Sign In: the Huawei Cloud Meeting account (for ${origin})`,
    'The account name.',
    'account',
  );
  if (account === undefined) return undefined;
  const keep = await vscode.window.showQuickPick([PASSWORD_CHOICES.keep, PASSWORD_CHOICES.ask], {
    title: 'Sign In: keep the password?',
    placeHolder: 'The password is kept encrypted in secret storage, or asked at every login',
    ignoreFocusOut: true,
  });
  if (keep === undefined) return undefined;
  const password = await vscode.window.showInputBox({
    title: `Sign In: the password of ${account.trim()}`,
    prompt: `Sent only to ${origin}.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: validateHuaweiPassword,
  });
  if (password === undefined) return undefined;
  return keep === PASSWORD_CHOICES.keep
    ? { keep: { mode: 'account', account: account.trim(), password } }
    : { keep: { mode: 'account', account: account.trim() }, password };
}

async function askPassword(creds: HuaweiStored, origin: string, why: string): Promise<string | undefined> {
  const account = creds.mode === 'account' ? creds.account : '';
  return vscode.window.showInputBox({
    title: `Huawei Cloud Meeting: the password of ${account} (to ${why})`,
    prompt: `Not kept: you chose to be asked each time. Sent only to ${origin}.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: validateHuaweiPassword,
  });
}

async function storeCredentials(services: Services, origin: string, creds: HuaweiStored): Promise<void> {
  try {
    await services.context.secrets.store(huaweiCredentialsKey(origin), encodeHuaweiStored(creds));
  } catch (err) {
    services.log.error('Storing the Huawei sign-in credentials in secret storage failed.', err);
  }
}

async function forgetCredentials(services: Services, origin: string): Promise<void> {
  await services.context.secrets.delete(huaweiCredentialsKey(origin)).then(undefined, () => undefined);
}
