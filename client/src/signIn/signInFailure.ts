/**
 * How a failed Sign In is told, for Webex (signInCommand.ts) and Huawei (huaweiSignIn.ts) alike: a cancel is an
 * information ("no token was stored"); a refusal of what was stored forgets it and says so; anything else is the
 * flow's own words (FlowError messages are masked by the flows) or, for an unexpected error, a pointer to the
 * output channel — never an unmasked message.
 */
import * as vscode from 'vscode';
import { FlowError } from '../auth/types';
import type { Services } from '../services';

/** The stored sign-in record to forget because the server refused it: its SecretStorage key, and what it holds. */
export interface RefusedStored {
  key: string;
  /** "Client ID and Secret", "Huawei credentials": said in "The stored … were removed". */
  what: string;
}

export async function reportSignInFailure(
  services: Pick<Services, 'log' | 'context'>,
  err: unknown,
  origin: string,
  forget: RefusedStored | undefined,
): Promise<void> {
  if (err instanceof FlowError && err.code === 'cancelled') {
    void vscode.window.showInformationMessage('Sign in was cancelled; no token was stored.');
    return;
  }
  const message = err instanceof FlowError ? err.message : 'Sign in failed; see the output channel.';
  services.log.error(`Sign in failed for ${origin}.`, err);
  if (forget) {
    // What was stored was refused: forget it, so the next Sign In asks again.
    await services.context.secrets.delete(forget.key).then(undefined, () => undefined);
    void vscode.window.showErrorMessage(`${message} The stored ${forget.what} were removed; Sign In asks again.`);
    return;
  }
  void vscode.window.showErrorMessage(message);
}
