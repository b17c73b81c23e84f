/**
 * Safe PUT in the editor (#15 §2), the adapter: Fetch Current State, Preview Changes (VS Code's diff editor over
 * the read-only sides of `previewContent.ts`) and Send from the preview. Every read goes through Send's one
 * planning path (`SendController.plan`: the token of exactly this origin, the confirmation before a non-loopback
 * origin; the HTTP core never follows a redirect); what to show comes from the pure `readCurrent.ts`,
 * `previewDocs.ts` and `previewState.ts`.
 */
import * as vscode from 'vscode';
import { LANGUAGE_ID, PREVIEW_SCHEME } from '../../../common/ids';
import { isObj } from '../../../common/json';
import { hasRead, previewPut, readRequest, shapeForPut } from '../../../common/readPlan';
import { readEnvironments, readSelectedEnvironment } from '../config';
import { importTarget } from '../curlCommands';
import { COMMAND_USE, isMeetingDocument } from '../documents';
import { resolveBaseUrl } from '../environments';
import { activeRequest, fileLabel, NO_ACTIVE_FILE, type ActiveRequest, type Services } from '../services';
import { ensureTrusted, type SendController, type SentFromPreview } from '../send/sendController';
import { safe } from '../send/texts';
import { PreviewContent } from './previewContent';
import { currentStateFile, previewTexts } from './previewDocs';
import { readCurrentState, type CurrentState } from './readCurrent';
import { fetchedMessage, fillBodyEdits, previewStaleReason } from './previewState';

type ReadState = Extract<CurrentState, { ok: true }>;

const sentence = (text: string): string => {
  const t = text.trim();
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
};

export class PreviewCommands implements vscode.Disposable {
  private readonly content = new PreviewContent();

  constructor(
    private readonly services: Services,
    private readonly send: SendController,
  ) {
    send.setPreviewHooks({
      beforeSend: (active) => this.beforeSend(active),
      compareWithBefore: (sent) => this.compareWithBefore(sent),
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The read, shared by both commands.

  /**
   * The current state, or undefined after saying why not (the file is never touched on the way); `failed` takes
   * the reason instead of the notification. Undefined without a reason: the user stopped in one of Send's dialogs.
   */
  private async read(
    active: ActiveRequest,
    action: string,
    failed?: (reason: string) => void,
  ): Promise<ReadState | undefined> {
    const file = safe(fileLabel(active.document), 120);
    const first = readRequest(active.request);
    if (!first.ok) {
      if (failed) failed(first.reason);
      else void vscode.window.showWarningMessage(`${action}: ${sentence(first.reason)} ${file} is unchanged.`);
      return undefined;
    }
    // The read is planned as Send plans a request: token for exactly this origin, confirmation when not loopback.
    const plan = await this.send.plan({ ...active, request: first.value });
    if (!plan) return undefined;
    const state = await this.send.readWith(plan, (sendRead) => readCurrentState(active.request, sendRead));
    if (!state.ok && failed) {
      failed(state.reason);
      return undefined;
    }
    if (!state.ok) {
      const show = 'Show Output';
      void vscode.window
        .showErrorMessage(`${action}: ${sentence(safe(state.reason, 400))} ${file} is unchanged.`, show)
        .then((c) => c === show && this.services.log.show());
      return undefined;
    }
    return state;
  }

  // ---------------------------------------------------------------------------------------------
  // Fetch Current State.

  async fetchCurrentState(): Promise<void> {
    if (!(await ensureTrusted())) return;
    const document = await this.services.active.forCommand({ ...COMMAND_USE, noFile: NO_ACTIVE_FILE });
    if (!document) return;
    await this.send.exclusive(document, async () => {
      // The version of the text the request is prepared from (activeRequest reads it before its first await).
      const version = document.version;
      const active = await activeRequest(this.services, document);
      if (!active) return;
      const state = await this.read(active, 'Fetch Current State');
      if (!state) return;
      const file = safe(fileLabel(document), 120);
      const { text, note } = currentStateFile(active.request, state.preview);
      const fill = 'Fill This File';
      const open = 'Open as New File';
      const choice = await vscode.window.showInformationMessage(
        `Fetched the current state of ${active.request.operationId} from ${state.read.operationId}.`,
        {
          modal: true,
          detail: [
            `${fill} replaces the body of ${file} with it (one edit: Undo restores the body you had). ${open} leaves ${file} as it is.`,
            note,
          ]
            .filter((l) => l !== undefined)
            .join('\n\n'),
        },
        fill,
        open,
      );
      if (choice === fill) await this.fill(document, version, active, state, note);
      else if (choice === open) await this.openNew(active, state, text, note);
    });
  }

  private async fill(
    document: vscode.TextDocument,
    version: number,
    active: ActiveRequest,
    state: ReadState,
    note: string | undefined,
  ): Promise<void> {
    const file = safe(fileLabel(document), 120);
    if (document.isClosed || document.version !== version || document.getText() !== active.text) {
      void vscode.window.showWarningMessage(
        `${file} changed while its current state was read, so it is unchanged. Run Fetch Current State again.`,
      );
      return;
    }
    const edits = fillBodyEdits(active.text, state.preview.current);
    if (!edits) {
      void vscode.window.showErrorMessage(`${file} is not a JSON object whose body can be replaced; it is unchanged.`);
      return;
    }
    // One WorkspaceEdit on one document: one undo step.
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) {
      edit.replace(
        document.uri,
        new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)),
        e.content,
      );
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`VS Code refused the edit; ${file} is unchanged.`);
      return;
    }
    const message = fetchedMessage(`Filled the body of ${file}`, state.read.operationId, note);
    this.services.log.info(message);
    void vscode.window.showInformationMessage(message);
  }

  private async openNew(
    active: ActiveRequest,
    state: ReadState,
    text: string,
    note: string | undefined,
  ): Promise<void> {
    const uri = await importTarget(active.request.operationId);
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, document.lineCount, 0), text));
    if (document.languageId !== LANGUAGE_ID) await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
    const message = fetchedMessage(`Opened ${safe(fileLabel(document), 120)}`, state.read.operationId, note);
    this.services.log.info(message);
    void vscode.window.showInformationMessage(message);
  }

  // ---------------------------------------------------------------------------------------------
  // Preview Changes.

  async previewChanges(): Promise<void> {
    if (!(await ensureTrusted())) return;
    const document = await this.services.active.forCommand({ ...COMMAND_USE, noFile: NO_ACTIVE_FILE });
    if (!document) return;
    await this.previewDocument(document);
  }

  private async previewDocument(document: vscode.TextDocument): Promise<void> {
    await this.send.exclusive(document, async () => {
      const active = await activeRequest(this.services, document);
      if (active) await this.preview(active);
    });
  }

  /** Reads, then opens the diff: current state left, after the PUT right, the summary on top of both. */
  private async preview(active: ActiveRequest, failed?: (reason: string) => void): Promise<boolean> {
    const state = await this.read(active, 'Preview Changes', failed);
    if (!state) return false;
    const document = active.document;
    const label = fileLabel(document);
    const texts = previewTexts(active.request, state.read.operationId, state.preview);
    const id = this.content.newId();
    const { left, right } = this.content.add({
      id,
      fileLabel: label,
      left: texts.left,
      right: texts.right,
      send: {
        previewed: {
          id,
          documentUri: document.uri.toString(),
          // A text that moved on while the server prepared it can never be sent from this preview.
          version: document.getText() === active.text ? document.version : -1,
          text: active.text,
          environment: active.environment.name,
          baseUrl: active.baseUrl,
          fileLabel: label,
        },
        active,
        before: { readId: state.read.operationId, resource: state.resource },
      },
    });
    await vscode.commands.executeCommand('vscode.diff', left, right, `${label}: ${texts.title}`, { preview: false });
    return true;
  }

  /** Send in an environment with `previewBeforeSend`: the preview opens instead, and the send is made from it. */
  private async beforeSend(active: ActiveRequest): Promise<boolean> {
    const environment = safe(active.environment.name, 80);
    let failure: string | undefined;
    if (await this.preview(active, (reason) => (failure = reason))) {
      void vscode.window.showInformationMessage(
        `"${environment}" shows what a PUT changes before Send: nothing was sent. Send from the preview (Send Previewed Request in its title bar) sends exactly the previewed text.`,
      );
      return true;
    }
    if (failure === undefined) return true; // stopped in one of Send's dialogs
    // No preview (no documented read, a failed read): sending without one is the user's explicit choice.
    const without = 'Send Without Preview';
    const choice = await vscode.window.showWarningMessage(
      `"${environment}" shows what a PUT changes before Send, but there is no preview of this request.`,
      { modal: true, detail: `${sentence(safe(failure, 400))} Nothing was sent.` },
      without,
    );
    return choice !== without;
  }

  // ---------------------------------------------------------------------------------------------
  // Send from the preview.

  async sendPreviewed(): Promise<void> {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const held = uri ? this.content.entryOf(uri) : undefined;
    if (held && !held.send) {
      void vscode.window.showInformationMessage(
        'This diff compares the state before a send with the state after it; it has nothing to send.',
      );
      return;
    }
    const entry = held?.send;
    if (!entry) {
      void vscode.window.showInformationMessage(
        uri?.scheme === PREVIEW_SCHEME
          ? 'This preview is no longer held: run Preview Changes again.'
          : 'Send Previewed Request sends from a Preview Changes editor: run Preview Changes on a request file first.',
      );
      return;
    }
    if (!(await ensureTrusted())) return;
    const { previewed } = entry;
    const document = vscode.workspace.textDocuments.find(
      (d) => d.uri.toString() === previewed.documentUri && isMeetingDocument(d),
    );
    const environment = readSelectedEnvironment();
    const req = entry.active.request;
    const target = resolveBaseUrl(readEnvironments(), environment, req.family, req.serverUrls);
    const stale = previewStaleReason(
      previewed,
      document && !document.isClosed ? { version: document.version, text: document.getText() } : undefined,
      { environment, baseUrl: target.ok ? target.baseUrl : undefined },
    );
    if (stale !== undefined || !document) {
      const again = 'Preview Again';
      const choice = await vscode.window.showWarningMessage(safe(stale ?? '', 400), ...(document ? [again] : []));
      if (choice === again && document) {
        await vscode.window.showTextDocument(document);
        await this.previewDocument(document);
      }
      return;
    }
    if (entry.sent) {
      void vscode.window.showInformationMessage(
        'This preview was sent already: the state it shows is no longer the current one. Run Preview Changes again.',
      );
      return;
    }
    await this.send.exclusive(document, async () => {
      // The request prepared from exactly the previewed text, through Send's rules again (token, confirmation).
      const plan = await this.send.plan(entry.active);
      if (!plan) return;
      entry.sent = true;
      await this.send.sendPlanned(plan, entry.before);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Compare with Before, from the panel after a send from the preview.

  /** The state read before the send (left) against the state after it (right): the response's, or read again. */
  private async compareWithBefore(sent: SentFromPreview): Promise<void> {
    const spec = sent.request.read;
    if (!hasRead(spec)) return;
    const label = vscode.Uri.parse(sent.documentUri).path.split('/').pop() ?? sent.documentUri;
    let after: unknown;
    try {
      after = sent.bodyText.trim() === '' ? undefined : JSON.parse(sent.bodyText);
    } catch {
      after = undefined;
    }
    let source = 'the response';
    if (!isObj(after)) {
      // The response carries no state (Webex answers 204): the state after is read again, by Send's rules.
      const document = await Promise.resolve(
        vscode.workspace.openTextDocument(vscode.Uri.parse(sent.documentUri)),
      ).catch(() => undefined);
      if (!document) {
        void vscode.window.showErrorMessage(
          `Compare with Before: ${safe(label, 120)} cannot be opened to read its state.`,
        );
        return;
      }
      const { request, environment, baseUrl, origin } = sent;
      const active = { document, text: document.getText(), request, environment, baseUrl, origin };
      const state = await this.read(active, 'Compare with Before');
      if (!state) return;
      after = state.resource;
      source = `${state.read.operationId} after the send`;
    }
    // The state after, in the PUT body's shape, previewed against the state before: the same diff and summary.
    const put = { ...sent.request, body: JSON.stringify(shapeForPut(after, spec.shape).body) };
    const preview = previewPut(put, sent.before.resource);
    if (!preview.ok) {
      void vscode.window.showErrorMessage(`Compare with Before: ${sentence(safe(preview.reason, 400))}`);
      return;
    }
    const texts = previewTexts(put, sent.before.readId, preview.value);
    const { left, right } = this.content.add({
      id: this.content.newId(),
      fileLabel: label,
      left: texts.left,
      right: texts.right,
    });
    await vscode.commands.executeCommand('vscode.diff', left, right, `${label}: before the send ↔ ${source}`, {
      preview: false,
    });
  }

  dispose(): void {
    this.content.dispose();
  }
}
