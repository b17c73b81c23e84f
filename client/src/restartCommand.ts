import * as vscode from 'vscode';
import type { Services } from './services';

/**
 * Restart Language Server with feedback: a progress note while it restarts, then a message that says whether
 * it came back (a silent restart looked like nothing happened).
 */
export async function restartServerCommand(services: Services): Promise<void> {
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Restarting the Meeting Payloads language server…' },
    () => services.server.restart(),
  );
  if (services.server.isRunning()) {
    void vscode.window.showInformationMessage('The Meeting Payloads language server restarted.');
    return;
  }
  const show = 'Show Output';
  const choice = await vscode.window.showErrorMessage(
    'The Meeting Payloads language server did not start again. The output has the reason.',
    show,
  );
  if (choice === show) services.log.show();
}
