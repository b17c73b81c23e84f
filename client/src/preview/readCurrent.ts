/**
 * Reads the current state of what a PUT replaces: the documented read (`x-read`, common/readPlan.ts) sent through
 * the caller's send function (the HTTP core, with its token and origin rules), page by page for a paged read,
 * then the preview of the PUT against it. No `vscode` import: the editor and `meeting-payloads diff` share it.
 */
import {
  hasRead,
  noReadReason,
  previewPut,
  readRequest,
  selectResource,
  type PutPreview,
} from '../../../common/readPlan';
import type { PreparedRequest } from '../../../common/requestSpec';
import type { SendOutcome } from '../http';

export type CurrentState =
  | { ok: true; read: PreparedRequest; resource: Record<string, unknown>; preview: PutPreview }
  | { ok: false; reason: string; outcome?: SendOutcome };

/**
 * `send` sends one read request; `onSent` sees every outcome (to print or log what was sent). Never more pages
 * than the read's `x-read` allows.
 */
export async function readCurrentState(
  put: PreparedRequest,
  send: (req: PreparedRequest) => Promise<SendOutcome>,
  onSent: (outcome: SendOutcome) => void = () => undefined,
): Promise<CurrentState> {
  const first = readRequest(put);
  if (!first.ok || !hasRead(put.read)) {
    return { ok: false, reason: first.ok ? (noReadReason(put) ?? '') : first.reason };
  }
  let request = first.value;
  let offset = 0;
  for (let page = 0; ; page++) {
    const outcome = await send(request);
    onSent(outcome);
    if (outcome.kind !== 'response') return { ok: false, reason: `the read failed: ${outcome.message}`, outcome };
    if (outcome.status < 200 || outcome.status > 299) {
      const status = `${outcome.status} ${outcome.statusText}`.trimEnd();
      return { ok: false, reason: `the read ${request.operationId} answered ${status}`, outcome };
    }
    let answer: unknown;
    try {
      answer = JSON.parse(outcome.bodyText);
    } catch {
      return {
        ok: false,
        reason: `the read ${request.operationId} answered ${outcome.status} without a JSON body`,
        outcome,
      };
    }
    const found = selectResource(put, answer, offset, page);
    if (found.kind === 'missing') return { ok: false, reason: found.reason, outcome };
    if (found.kind === 'next') {
      offset = found.offset;
      const next = readRequest(put, offset);
      if (!next.ok) return { ok: false, reason: next.reason };
      request = next.value;
      continue;
    }
    const preview = previewPut(put, found.resource);
    if (!preview.ok) return { ok: false, reason: preview.reason };
    return { ok: true, read: request, resource: found.resource, preview: preview.value };
  }
}
