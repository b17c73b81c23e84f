/**
 * The cURL and support commands of the extension: Copy as cURL and Copy Support Bundle (for the active file), and
 * Import from cURL (a new untitled request file from a cURL command on the clipboard or typed in).
 */
import * as vscode from 'vscode';
import {
  DEFAULT_USER_AGENT,
  HeaderError,
  MASK,
  assembleHeaders,
  buildUrl,
  maskSecrets,
  toCurl,
  RequestBuildError,
} from './http';
import type { SentRequest } from './http';
import type { CommandContext } from './commands';
import { LANGUAGE_ID } from '../../common/ids';
import { importFileName, importNotesText } from './importNotes';
import { COMMAND_USE } from './documents';
import { activeRequest, NO_ACTIVE_FILE } from './services';
import type { Services } from './services';

/**
 * Copy as cURL for the active file as it stands now (not the last send): the request the current
 * environment would send, with the token as a shell variable placeholder.
 */
export async function copyCurlCommand(ctx: CommandContext): Promise<void> {
  const { services } = ctx;
  const active = await activeRequest(services);
  if (!active) return;
  const req = active.request;
  let sent: SentRequest;
  try {
    const url = buildUrl(active.baseUrl, req);
    const { headers, ignored } = assembleHeaders({
      fileHeaders: req.headers,
      hasBody: req.body !== undefined,
      userAgent: DEFAULT_USER_AGENT,
      credentialSlots: req.credentials,
      operationId: req.operationId,
      documentedHeaders: req.documentedHeaders,
    });
    let slot = req.credentials[0];
    for (const s of req.credentials) {
      if (await services.tokens.has(s.scheme, active.origin).catch(() => false)) {
        slot = s;
        break;
      }
    }
    sent = { method: req.method.toUpperCase(), url: url.href, headers, body: req.body, ignoredHeaders: ignored };
    if (slot) {
      headers.push([slot.header, slot.prefix + MASK]);
      sent.credential = { header: slot.header, prefix: slot.prefix, scheme: slot.scheme, label: slot.label };
    }
  } catch (err) {
    if (err instanceof RequestBuildError || err instanceof HeaderError) {
      void vscode.window.showErrorMessage(`Cannot build the request: ${err.message}`);
      return;
    }
    throw err;
  }
  await vscode.env.clipboard.writeText(maskSecrets(toCurl(sent), services.tokens.knownValues()));
  // A notification, not status-bar text that is gone in seconds: the user sees the copy happened.
  void vscode.window.showInformationMessage(
    `cURL command copied to the clipboard (${active.environment.name}; the token is a placeholder).`,
  );
}

/** Copy Support Bundle for the active file's latest send in this session. */
export async function copySupportBundleCommand(ctx: CommandContext): Promise<void> {
  // The bundle describes the file's latest send, not its text: no word about the saved text.
  const document = await ctx.services.active.forCommand({ nothing: COMMAND_USE.nothing, noFile: NO_ACTIVE_FILE });
  if (!document) return;
  const id = ctx.send.latestFor(document.uri.toString());
  if (id === undefined) {
    void vscode.window.showInformationMessage(
      'Send the request first: the support bundle describes the latest send of this file.',
    );
    return;
  }
  await ctx.send.copySupportBundle(id);
}

function looksLikeCurl(text: string): boolean {
  return /^\s*curl(\.exe)?\s/.test(text);
}

/** The clipboard text, or '' when it cannot be read promptly (browser hosts may ask for permission or never answer). */
async function readClipboard(): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(''), 1500);
  });
  try {
    return await Promise.race([
      Promise.resolve(vscode.env.clipboard.readText()).then(
        (t) => t,
        () => '',
      ),
      timeout,
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export async function importCurlCommand(services: Services): Promise<void> {
  const clip = await readClipboard();
  let command: string | undefined = looksLikeCurl(clip) && clip.length <= 1024 * 1024 ? clip : undefined;
  if (command === undefined) {
    command = await vscode.window.showInputBox({
      title: 'Import from cURL',
      prompt:
        'Paste a cURL command (or copy it to the clipboard and run this command again). Credentials in it are dropped.',
      placeHolder: "curl -X PUT 'https://…' -H 'Content-Type: application/json' -d '{…}'",
      ignoreFocusOut: true,
    });
    if (command === undefined || command.trim() === '') return;
  }
  let result;
  try {
    result = await services.server.importCurl(command);
  } catch (err) {
    void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
    return;
  }
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Cannot import this cURL command: ${result.reason}`);
    return;
  }
  const uri = await importTarget(result.operationId);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), result.fileText));
  if (doc.languageId !== LANGUAGE_ID) await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
  // Notes name dropped credentials but never their values (the server makes sure of it).
  services.log.info(`Imported a cURL command as ${result.operationId}. ${result.notes.join(' ')}`);
  const text = importNotesText(result.operationId, result.notes, result.fixable ?? 0);
  // Modal: the notes in full (what was dropped, what was changed), never a toast cut after two lines.
  const choice = await vscode.window.showInformationMessage(
    text.message,
    { modal: true, detail: text.detail },
    ...(text.fixButton ? [text.fixButton] : []),
  );
  if (choice !== undefined && choice === text.fixButton) await fixAll(doc);
}

/**
 * An untitled document with a file name from the operation (`updateMemberVmr.meeting.json`, `-2`… when taken) in
 * the first workspace folder, so Save proposes it.
 */
export async function importTarget(operationId: string): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  for (let n = 1; n <= 50; n++) {
    const name = importFileName(operationId, n);
    const file = folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(`/${name}`);
    const taken =
      vscode.workspace.textDocuments.some((d) => d.uri.path === file.path) ||
      (folder !== undefined &&
        (await Promise.resolve(vscode.workspace.fs.stat(file)).then(
          () => true,
          () => false,
        )));
    if (!taken) return file.with({ scheme: 'untitled' });
  }
  return vscode.Uri.from({ scheme: 'untitled', path: importFileName(operationId, Date.now()) });
}

async function fixAll(doc: vscode.TextDocument): Promise<void> {
  const range = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[] | undefined>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    range,
    vscode.CodeActionKind.SourceFixAll.value,
  );
  const edit = actions?.find((a) => a.edit)?.edit;
  if (edit) await vscode.workspace.applyEdit(edit);
}
