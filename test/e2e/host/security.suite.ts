/**
 * Threats that are seen best from inside the extension host (shared/notes/threats.md): T6, another
 * extension calling our commands with arguments of its choosing, and T31, a request file on a virtual
 * file system. Everything sends to servers this suite starts on 127.0.0.1: the user settings are
 * pointed at them before the first test and restored by the last one.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, LANGUAGE_ID, SettingIds } from '../../../common/ids';
import { startRecordingServer, type RecordingServer } from '../harness/recordingServer';
import { hostTest, until } from './runner';

const EXTENSION_ID = 'meeting-payloads.meeting-payloads';
const VMR_PATH = '/v1/usg/dcs/member/vmr/';
const ENVIRONMENT = 'host-security';
const CATALOG_FILES = ['webex-meetings.openapi.json', 'webex-calling.openapi.json', 'huawei-meeting.openapi.json'];

interface Fixture {
  /** The environment's server: requests from the active file land here. */
  standIn: RecordingServer;
  /** Named only in hostile arguments: must never be called. */
  canary: RecordingServer;
  memfs: MemoryFileSystem;
  disposables: vscode.Disposable[];
}

let fixture: Promise<Fixture> | undefined;

/** Family → base URL on `origin`, keeping each family's production base path (like the e2e mock). */
function baseUrls(origin: string): Record<string, string> {
  const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
  if (!root) throw new Error(`${EXTENSION_ID} is not installed`);
  const out: Record<string, string> = {};
  for (const file of CATALOG_FILES) {
    const doc = JSON.parse(readFileSync(join(root, 'schemas', file), 'utf8')) as {
      'x-family': string;
      servers?: Array<{ url: string }>;
    };
    const first = doc.servers?.[0]?.url;
    out[doc['x-family']] = `${origin}${first ? new URL(first).pathname.replace(/\/+$/, '') : ''}`;
  }
  return out;
}

/** Starts the servers and selects an environment that leads to the stand-in, once, before anything can send. */
function setUp(): Promise<Fixture> {
  fixture ??= (async () => {
    const standIn = await startRecordingServer((r) =>
      r.method === 'PUT' && r.url.startsWith(VMR_PATH)
        ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"result":"updated"}' }
        : undefined,
    );
    const canary = await startRecordingServer();
    const config = vscode.workspace.getConfiguration();
    await config.update(
      SettingIds.environments,
      { [ENVIRONMENT]: { baseUrls: baseUrls(standIn.origin), confirmBeforeSend: false } },
      vscode.ConfigurationTarget.Global,
    );
    await config.update(SettingIds.environment, ENVIRONMENT, vscode.ConfigurationTarget.Global);
    assert.equal(vscode.workspace.getConfiguration().get(SettingIds.environment), ENVIRONMENT);
    const memfs = new MemoryFileSystem();
    const disposables = [
      vscode.workspace.registerFileSystemProvider(MemoryFileSystem.scheme, memfs, { isCaseSensitive: true }),
    ];
    return { standIn, canary, memfs, disposables };
  })();
  return fixture;
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the host tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Arguments another extension (or a command link) could pass, aimed at the canary. */
function hostileArguments(canaryOrigin: string): unknown[][] {
  return [
    [vscode.Uri.file('/etc/passwd')],
    [{ url: `${canaryOrigin}/x`, baseUrl: canaryOrigin, token: true, environment: 'evil' }],
    [JSON.parse(`{"__proto__":{"url":"${canaryOrigin}/proto"},"uri":"file:///etc/passwd"}`)],
    ['__proto__', `${canaryOrigin}/y`],
    [workspaceFile('send-vmr.meeting.json'), { send: true }],
  ];
}

/** Runs a command and waits for it to return, closing any quick input it opens meanwhile. */
async function runToCompletion(id: string, args: unknown[]): Promise<unknown> {
  let settled = false;
  let result: unknown;
  let error: unknown;
  Promise.resolve(vscode.commands.executeCommand(id, ...args)).then(
    (r) => {
      settled = true;
      result = r;
    },
    (e: unknown) => {
      settled = true;
      error = e;
    },
  );
  await until(`${id} to return`, async () => {
    if (!settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    return settled;
  });
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
  return result;
}

async function showPlainTextEditor(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'not a request file' });
  await vscode.window.showTextDocument(doc);
  assert.notEqual(vscode.window.activeTextEditor?.document.languageId, LANGUAGE_ID);
}

hostTest(
  'T6: Send Request with a file URI or a crafted object, but no request file active, sends nothing',
  async () => {
    const { standIn, canary } = await setUp();
    await showPlainTextEditor();
    for (const args of hostileArguments(canary.origin)) {
      const result = await vscode.commands.executeCommand(CommandIds.sendRequest, ...args);
      assert.equal(result, undefined, 'the command returns nothing');
    }
    assert.deepEqual(standIn.requests, [], 'nothing was sent from a plain text editor');
    assert.deepEqual(canary.requests, [], 'the URL in the arguments was never called');
  },
);

hostTest(
  'T6: with a request file active, Send Request sends that file to the configured environment, whatever the arguments',
  async () => {
    const { standIn, canary } = await setUp();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('send-vmr.meeting.json'));
    await vscode.window.showTextDocument(doc);
    const before = standIn.requests.length;
    const result = await vscode.commands.executeCommand(
      CommandIds.sendRequest,
      { url: `${canary.origin}/x`, body: { vmrName: 'injected' } },
      vscode.Uri.file('/etc/passwd'),
    );
    assert.equal(result, undefined, 'the command returns nothing');
    const sent = standIn.requests.slice(before);
    assert.equal(sent.length, 1, 'exactly one request, from the active file');
    assert.equal(sent[0]?.url, `${VMR_PATH}room-ok`);
    assert.equal((JSON.parse(sent[0]?.body ?? '{}') as { vmrName?: string }).vmrName, 'Project room 3F');
    assert.deepEqual(canary.requests, [], 'the URL in the arguments was never called');
  },
  60_000,
);

hostTest(
  'T6: every contributed command, called with hostile arguments, returns nothing and sends nothing',
  async () => {
    const { standIn, canary } = await setUp();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const declared = (
      (extension?.packageJSON as { contributes?: { commands?: Array<{ command: string }> } }).contributes?.commands ??
      []
    ).map((c) => c.command);
    assert.ok(declared.length >= 9, `the manifest's commands: ${declared.join(', ')}`);
    // No hidden command of ours that a caller could find and ask for a token.
    const ours = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('meetingPayloads.'));
    assert.deepEqual(
      ours.filter((c) => !declared.includes(c)),
      [],
      'every registered meetingPayloads.* command is a declared one',
    );

    await showPlainTextEditor();
    const before = standIn.requests.length;
    const args = hostileArguments(canary.origin).flat();
    for (const id of declared) assert.equal(await runToCompletion(id, args), undefined, `${id} returns nothing`);
    assert.equal(standIn.requests.length, before, 'no command sent anything with a plain text file active');
    assert.deepEqual(canary.requests, [], 'no command called a URL from its arguments');
  },
  120_000,
);

hostTest(
  'T31: a request file on a virtual file system gets diagnostics, and Send sends its text',
  async () => {
    const { standIn, canary, memfs } = await setUp();
    const invalid = vscode.Uri.from({ scheme: MemoryFileSystem.scheme, path: '/customer/invalid.meeting.json' });
    memfs.writeFile(
      invalid,
      Buffer.from(
        '{ "operation": "huawei.meeting.updateMemberVmr", "pathParams": { "id": "room-virtual" }, "body": { "allowGustFirst": "false" } }\n',
      ),
    );
    const doc = await vscode.workspace.openTextDocument(invalid);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, LANGUAGE_ID, 'a .meeting.json on memfs is a request file');
    const diagnostic = await until(
      'the allowGustFirst diagnostic on the virtual file',
      () => vscode.languages.getDiagnostics(invalid).find((d) => d.message.includes('allowGustFirst')),
      15_000,
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);

    const valid = vscode.Uri.from({ scheme: MemoryFileSystem.scheme, path: '/customer/valid.meeting.json' });
    memfs.writeFile(
      valid,
      Buffer.from(
        '{ "operation": "huawei.meeting.updateMemberVmr", "pathParams": { "id": "room-virtual" }, "body": { "vmrName": "Virtual" } }\n',
      ),
    );
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(valid));
    const before = standIn.requests.length;
    assert.equal(await vscode.commands.executeCommand(CommandIds.sendRequest), undefined);
    const sent = standIn.requests.slice(before);
    assert.equal(sent.length, 1, 'the virtual file was sent (no file-system path needed)');
    assert.equal(sent[0]?.url, `${VMR_PATH}room-virtual`);
    assert.deepEqual(JSON.parse(sent[0]?.body ?? '{}'), { vmrName: 'Virtual' });
    assert.deepEqual(canary.requests, []);
  },
  60_000,
);

hostTest('security suite clean-up: user settings restored, servers stopped', async () => {
  const { standIn, canary, disposables } = await setUp();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const config = vscode.workspace.getConfiguration();
  await config.update(SettingIds.environment, undefined, vscode.ConfigurationTarget.Global);
  await config.update(SettingIds.environments, undefined, vscode.ConfigurationTarget.Global);
  for (const d of disposables) d.dispose();
  await Promise.all([standIn.close(), canary.close()]);
  assert.deepEqual(canary.requests, [], 'the canary got nothing in the whole suite');
});

/** A minimal in-memory FileSystemProvider: files by path; every prefix of a file's path is a folder. */
class MemoryFileSystem implements vscode.FileSystemProvider {
  static readonly scheme = 'memfs-e2e';
  private readonly files = new Map<string, Uint8Array>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  private isFolder(path: string): boolean {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    return [...this.files.keys()].some((p) => p.startsWith(prefix));
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const file = this.files.get(uri.path);
    if (file) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: file.byteLength };
    if (uri.path === '/' || this.isFolder(uri.path)) {
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    }
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  readDirectory(uri: vscode.Uri): Array<[string, vscode.FileType]> {
    const prefix = uri.path.endsWith('/') ? uri.path : `${uri.path}/`;
    const out = new Map<string, vscode.FileType>();
    for (const path of this.files.keys()) {
      if (!path.startsWith(prefix)) continue;
      const [name, ...rest] = path.slice(prefix.length).split('/');
      if (name) out.set(name, rest.length > 0 ? vscode.FileType.Directory : vscode.FileType.File);
    }
    return [...out];
  }

  createDirectory(): void {}

  readFile(uri: vscode.Uri): Uint8Array {
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return file;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const existed = this.files.has(uri.path);
    this.files.set(uri.path, content);
    this.emitter.fire([{ type: existed ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
  }

  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
    this.emitter.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('read-only test file system');
  }
}
