/** The catalog's `x-read` of an operation → what a client needs to read the current state (`ReadPlanSpec`). */
import type { ReadPlanSpec } from '../../../common/readPlan';
import { bodyShape } from '../catalog/bodyShape';
import type { Catalog } from '../catalog/catalog';
import { secretFieldNames } from '../catalog/secretFields';
import type { Operation } from '../catalog/types';

export function readSpecFor(op: Operation, catalog: Catalog): ReadPlanSpec | undefined {
  const link = op.read;
  if (!link) return undefined;
  if ('none' in link) return link;
  const read = catalog.read(link.operationId);
  if (!read || read.family !== op.family) {
    return { none: `its documented read ${link.operationId} is not in the catalog.` };
  }
  const resolve = (ref: string) => catalog.resolveRef(ref);
  return {
    link,
    operationId: read.id,
    method: read.method,
    pathTemplate: read.path,
    serverUrls: read.servers,
    credentials: read.credentials,
    documentedHeaders: read.params.filter((p) => p.in === 'header').map((p) => p.name),
    documentedStatuses: read.responses.map((r) => r.status),
    secretFields: secretFieldNames(read, resolve),
    shape: op.body ? bodyShape(op.body.schema, resolve) : {},
    ...(read.docsUrl ? { docsUrl: read.docsUrl } : {}),
  };
}
