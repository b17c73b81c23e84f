/**
 * Every command, registered from one table of factories. Handlers take no arguments: whatever another
 * extension (or a command link) passes is dropped, and each command acts on the active `.meeting.json`
 * editor only (T6), or, while the response panel has the focus, on the file it shows (`ActiveDocument.forCommand`).
 * No handler returns a value, so no command can hand a token to its caller.
 */
import * as vscode from 'vscode';
import { CommandIds } from '../../common/ids';
import { copyCurlCommand, copySupportBundleCommand, importCurlCommand } from './curlCommands';
import { selectEnvironmentCommand } from './environmentCommand';
import type { PreviewCommands } from './preview/previewCommands';
import type { SendController } from './send/sendController';
import { restartServerCommand } from './restartCommand';
import type { Services } from './services';
import { signInCommand } from './signIn/signInCommand';
import { copyDeviceCodeCommand } from './signIn/webexSignIn';
import {
  clearTokenCommand,
  setTokenCommand,
  showTokensCommand,
  switchProfileCommand,
  tokenMenuCommand,
} from './tokenCommands';

export interface CommandContext {
  services: Services;
  send: SendController;
  preview: PreviewCommands;
}

type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
type Factory = (ctx: CommandContext) => () => unknown;

export const COMMANDS: Record<CommandId, Factory> = {
  [CommandIds.sendRequest]: (ctx) => () => ctx.send.sendActive(),
  [CommandIds.signIn]: (ctx) => () => signInCommand(ctx.services),
  [CommandIds.copyDeviceCode]: () => () => copyDeviceCodeCommand(),
  [CommandIds.setToken]: (ctx) => () => setTokenCommand(ctx.services),
  [CommandIds.clearToken]: (ctx) => () => clearTokenCommand(ctx.services),
  [CommandIds.tokenMenu]: (ctx) => () => tokenMenuCommand(ctx.services),
  [CommandIds.switchProfile]: (ctx) => () => switchProfileCommand(ctx.services),
  [CommandIds.showTokens]: (ctx) => () => showTokensCommand(ctx.services),
  [CommandIds.selectEnvironment]: (ctx) => () => selectEnvironmentCommand(ctx.services.log),
  [CommandIds.showOutput]: (ctx) => () => ctx.services.log.show(),
  [CommandIds.restartServer]: (ctx) => () => restartServerCommand(ctx.services),
  [CommandIds.copyAsCurl]: (ctx) => () => copyCurlCommand(ctx),
  [CommandIds.copySupportBundle]: (ctx) => () => copySupportBundleCommand(ctx),
  [CommandIds.importCurl]: (ctx) => () => importCurlCommand(ctx.services),
  [CommandIds.fetchCurrentState]: (ctx) => () => ctx.preview.fetchCurrentState(),
  [CommandIds.previewChanges]: (ctx) => () => ctx.preview.previewChanges(),
  [CommandIds.sendPreviewed]: (ctx) => () => ctx.preview.sendPreviewed(),
};

export function registerCommands(ctx: CommandContext): vscode.Disposable {
  const disposables = Object.entries(COMMANDS).map(([id, factory]) => {
    const handler = factory(ctx);
    // The wrapper's empty parameter list is the point: arguments are never forwarded.
    return vscode.commands.registerCommand(id, async () => {
      try {
        await handler();
      } catch (err) {
        ctx.services.log.error(`The command ${id} failed.`, err);
        void vscode.window.showErrorMessage(`Meeting Payloads: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  });
  return vscode.Disposable.from(...disposables);
}
