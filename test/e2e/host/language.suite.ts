/**
 * The extension seen through the VS Code API from inside the extension host: activation, commands,
 * and the language features as VS Code's own provider commands return them.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, LANGUAGE_ID } from '../../../common/ids';
import { hostTest, until } from './runner';

const EXTENSION_ID = 'meeting-payloads.meeting-payloads';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the host tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** An untitled meeting-json document from `text` with one `|` marking the cursor. */
async function untitled(text: string): Promise<{ doc: vscode.TextDocument; at: vscode.Position }> {
  const offset = text.indexOf('|');
  assert.ok(offset >= 0, 'the text marks the cursor with |');
  const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: text.replace('|', '') });
  await vscode.window.showTextDocument(doc);
  return { doc, at: doc.positionAt(offset) };
}

const label = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);

async function completionLabels(doc: vscode.TextDocument, at: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    doc.uri,
    at,
  );
  return list.items.filter((item) => item.kind !== vscode.CompletionItemKind.Snippet);
}

hostTest('opening a .meeting.json file activates the extension, in language meeting-json', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const doc = await vscode.workspace.openTextDocument(workspaceFile('vmr-seed.meeting.json'));
  await vscode.window.showTextDocument(doc);
  assert.equal(doc.languageId, LANGUAGE_ID);
  await until('the extension to activate', () => extension.isActive);
});

hostTest('every command of the manifest is registered', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  const declared = (
    (extension?.packageJSON as { contributes?: { commands?: Array<{ command: string }> } }).contributes?.commands ?? []
  ).map((c) => c.command);
  assert.ok(declared.includes(CommandIds.sendRequest) && declared.includes(CommandIds.setToken));
  const registered = new Set(await vscode.commands.getCommands(true));
  assert.deepEqual(
    declared.filter((id) => !registered.has(id)),
    [],
    'commands declared in package.json but not registered',
  );
});

hostTest('the seed\'s "allowGustFirst": "false" is an error on the value, and its quick fix clears it', async () => {
  const uri = workspaceFile('vmr-seed.meeting.json');
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const diagnostic = await until('the allowGustFirst diagnostic', () =>
    vscode.languages.getDiagnostics(uri).find((d) => d.message.includes('allowGustFirst')),
  );
  assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(doc.getText(diagnostic.range), '"false"');

  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  const fix = actions.find((a) => a.title === 'Change to false');
  assert.ok(fix?.edit, `a "Change to false" fix with an edit among: ${actions.map((a) => a.title).join(', ')}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  assert.match(doc.getText(), /"allowGustFirst": false/);
  await until(
    'the diagnostic to go away',
    () => !vscode.languages.getDiagnostics(uri).some((d) => d.message.includes('allowGustFirst')),
  );
  // Leave the fixture as it was for the next test.
  await vscode.commands.executeCommand('workbench.action.files.revert');
});

hostTest('completion in a body offers the properties it does not have yet', async () => {
  const { doc, at } = await untitled(
    '{ "operation": "huawei.meeting.updateStartedConfConfig", "body": { "isLock": 1, "|" } }',
  );
  const labels = (await completionLabels(doc, at)).map(label);
  for (const name of ['lockSharing', 'callInRestriction', 'chatPermission', 'allowRename', 'freeShare']) {
    assert.ok(labels.includes(name), `${name} is offered (got ${labels.join(', ')})`);
  }
  assert.ok(!labels.includes('isLock'), 'isLock, already present, is not offered again');
});

hostTest('completion of an enum value gives each value with its meaning', async () => {
  const { doc, at } = await untitled(
    '{ "operation": "huawei.meeting.updateStartedConfConfig", "body": { "chatPermission": | } }',
  );
  const items = await completionLabels(doc, at);
  assert.deepEqual(items.map(label), ['1', '2', '3', '4']);
  for (const item of items) {
    assert.ok(typeof item.detail === 'string' && item.detail.length > 0, `value ${label(item)} has a meaning`);
  }
});

hostTest('hover on a body key shows its documentation', async () => {
  const { doc, at } = await untitled(
    '{ "operation": "huawei.meeting.updateStartedConfConfig", "body": { "is|Lock": 1 } }',
  );
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
  const text = hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
  assert.match(text, /isLock/);
  assert.match(text, /Lock or unlock the meeting/);
});

hostTest('the environment setting defaults to production', () => {
  const inspected = vscode.workspace.getConfiguration().inspect<string>('meetingPayloads.environment');
  assert.equal(inspected?.defaultValue, 'production');
});
