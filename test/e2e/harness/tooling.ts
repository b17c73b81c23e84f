/**
 * The real-VS-Code tooling of scripts/e2e (plain ESM, shared with `npm start`). Test files are
 * CommonJS here, so the ES module is loaded with a dynamic import; its types come from index.d.mts.
 */
import type * as ToolingModule from '../../../scripts/e2e/index.mjs' with { 'resolution-mode': 'import' };

export type { RunningCodeServer, Toolchain } from '../../../scripts/e2e/index.mjs' with { 'resolution-mode': 'import' };
type Tooling = typeof ToolingModule;

let loaded: Promise<Tooling> | undefined;

export function tooling(): Promise<Tooling> {
  loaded ??= import('../../../scripts/e2e/index.mjs');
  return loaded;
}
