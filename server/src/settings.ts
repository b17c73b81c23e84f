/** Per-resource settings pulled from the client (`workspace/configuration`), cached until they change. */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SERVER_SETTINGS, serverSettingsFrom, type ServerSettings } from '../../common/settings';
import { SettingIds } from '../../common/ids';

export class SettingsStore {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  /** Settings pushed by clients that cannot be asked (no `workspace/configuration` support). */
  private pushed: ServerSettings = DEFAULT_SERVER_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private pulling: boolean,
  ) {}

  get canPull(): boolean {
    return this.pulling;
  }

  setCanPull(value: boolean): void {
    this.pulling = value;
  }

  forResource(uri: string): Promise<ServerSettings> {
    if (!this.pulling) return Promise.resolve(this.pushed);
    let hit = this.cache.get(uri);
    if (!hit) {
      hit = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: SettingIds.section })
        .then(serverSettingsFrom, () => DEFAULT_SERVER_SETTINGS);
      this.cache.set(uri, hit);
    }
    return hit;
  }

  /** A `didChangeConfiguration`: forget everything; take pushed values when the client sent them. */
  changed(pushedSettings: unknown): void {
    this.cache.clear();
    const section = (pushedSettings as Record<string, unknown> | null)?.[SettingIds.section];
    if (section !== undefined) this.pushed = serverSettingsFrom(section);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
