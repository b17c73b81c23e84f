/**
 * Select Environment: a quick pick of the built-in and user environments; the choice is written to the
 * user settings (`meetingPayloads.environment` is application-scoped), never to the workspace.
 */
import * as vscode from 'vscode';
import { SettingIds } from '../../common/ids';
import { readEnvironments, readSelectedEnvironment, writeSelectedEnvironment } from './config';
import type { Log } from './log';

interface EnvironmentPick extends vscode.QuickPickItem {
  environment?: string;
  edit?: true;
}

export async function selectEnvironmentCommand(log: Log): Promise<void> {
  const view = readEnvironments();
  if (view.ignored.length > 0) {
    log.warn(
      `Ignored user environments (a built-in name, or no valid http(s) base URL): ${view.ignored.map((n) => JSON.stringify(n)).join(', ')}`,
    );
  }
  const current = readSelectedEnvironment();
  const items: EnvironmentPick[] = [
    { label: 'Built in', kind: vscode.QuickPickItemKind.Separator },
    ...view.entries
      .filter((e) => e.builtIn)
      .map((e) => ({
        label: e.name,
        description: e.name === current ? 'current' : '',
        detail: e.description,
        environment: e.name,
      })),
  ];
  const user = view.entries.filter((e) => !e.builtIn);
  if (user.length > 0) {
    items.push({ label: 'Yours (user settings)', kind: vscode.QuickPickItemKind.Separator });
    items.push(
      ...user.map((e) => ({
        label: e.name,
        description: [e.name === current ? 'current' : '', e.confirmBeforeSend ? '' : 'no confirmation']
          .filter(Boolean)
          .join(' · '),
        detail: e.description,
        environment: e.name,
      })),
    );
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: '$(gear) Edit environments in user settings…', edit: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Meeting Payloads: Select Environment',
    placeHolder: `Where requests go (now: ${current})`,
  });
  if (!picked) return;
  if (picked.edit) {
    await vscode.commands.executeCommand('workbench.action.openSettings', SettingIds.environments);
    return;
  }
  if (picked.environment === undefined || picked.environment === current) return;
  await writeSelectedEnvironment(picked.environment);
  log.info(`Environment set to ${picked.environment}.`);
}
