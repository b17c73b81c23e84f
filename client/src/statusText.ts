/**
 * Words of the status bar item and the language status item. Pure, so they are unit-tested; the glue
 * only copies them onto VS Code's items. Never shows a token value, only whether one is set.
 */
import type { CatalogStatusParams } from '../../common/protocol';

export type Severity = 'info' | 'warning' | 'error';

export interface CatalogStatusView {
  text: string;
  detail: string;
  severity: Severity;
  busy: boolean;
}

export function catalogStatusView(status: CatalogStatusParams | undefined, serverRunning: boolean): CatalogStatusView {
  if (!serverRunning && status === undefined) {
    return { text: 'Catalog: starting', detail: 'The language server is starting', severity: 'info', busy: true };
  }
  if (status === undefined) {
    return { text: 'Catalog: loading', detail: 'Loading the operation catalog', severity: 'info', busy: true };
  }
  const ops = `${status.operationCount} operation${status.operationCount === 1 ? '' : 's'}`;
  if (status.problems.length === 0) {
    return { text: `Catalog: ${ops}`, detail: 'Built-in and user catalogs loaded', severity: 'info', busy: false };
  }
  const n = status.problems.length;
  const first = status.problems[0];
  const name = first ? (first.uri.split('/').pop() ?? first.uri) : '';
  return {
    text: `Catalog: ${ops}, ${n} problem${n === 1 ? '' : 's'}`,
    detail: first ? `${name}: ${first.message}${n > 1 ? ` (and ${n - 1} more; see Output)` : ''}` : '',
    severity: status.operationCount === 0 ? 'error' : 'warning',
    busy: false,
  };
}

export interface EnvironmentStatusInput {
  environment: string;
  /** Origin requests of the active file go to, when it could be resolved. */
  origin?: string;
  /** Why the origin could not be resolved. */
  problem?: string;
  /** Credential slots of the active file's operation, with whether a token is stored for this origin. */
  credentials: Array<{ label: string; set: boolean }>;
  trusted: boolean;
}

export interface EnvironmentStatusView {
  text: string;
  tooltip: string;
  warning: boolean;
}

export function environmentStatusView(input: EnvironmentStatusInput): EnvironmentStatusView {
  const anySet = input.credentials.some((c) => c.set);
  const needsToken = input.credentials.length > 0;
  const icon =
    input.problem !== undefined ? '$(warning)' : needsToken ? (anySet ? '$(key)' : '$(circle-slash)') : '$(globe)';
  const lines = [`Meeting Payloads environment: ${input.environment} (click to change)`];
  if (input.origin !== undefined) lines.push(`Requests from this file go to ${input.origin}`);
  if (input.problem !== undefined) lines.push(input.problem);
  for (const c of input.credentials) {
    lines.push(
      `${c.label}: ${c.set ? 'token set' : 'no token set'}${input.origin !== undefined ? ` for ${input.origin}` : ''}`,
    );
  }
  if (needsToken && !anySet && input.origin !== undefined) lines.push('Run "Meeting Payloads: Set Token" to add one.');
  if (!input.trusted) lines.push('Sending is disabled in Restricted Mode.');
  return {
    text: `${icon} ${input.environment}`,
    tooltip: lines.join('\n'),
    warning: input.problem !== undefined,
  };
}
