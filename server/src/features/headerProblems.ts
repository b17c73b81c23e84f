/** The header rules of `common/headerRules.ts` as problems at the header they concern (the sender applies the same). */
import { checkHeaders, GENERIC_HEADERS, type HeaderContext } from '../../../common/headerRules';
import { wireText } from '../../../common/requestSpec';
import type { Operation } from '../catalog/types';
import { MAX_PROBLEMS, type Fix, type Problem } from './problems';
import { unknownKeyHelp } from './unknownKeys';
import { isObj } from '../../../common/json';

/** What the rules need to know of the operation; without one, only the allow-list is skipped. */
export function headerContext(op: Operation | undefined): HeaderContext {
  return {
    operationId: op?.id ?? '',
    documented: op?.params.filter((p) => p.in === 'header').map((p) => p.name),
    credentialHeaders: op?.credentials.map((c) => c.header) ?? [],
  };
}

/** The file's headers as they would go on the wire, in document order. */
export function fileHeaders(doc: unknown): Array<readonly [string, string]> {
  return isObj(doc) && isObj(doc.headers) ? Object.entries(doc.headers).map(([k, v]) => [k, wireText(v)] as const) : [];
}

export function headerProblems(doc: unknown, op: Operation | undefined): Problem[] {
  const headers = fileHeaders(doc);
  const ctx = headerContext(op);
  const { problems } = checkHeaders(headers, ctx);
  let given: Set<string> | undefined; // the file's header names, lower case, made on first need
  // Past the cap the headers are counted, not placed (checkParams reports how many members there are).
  return problems.slice(0, MAX_PROBLEMS).map((p) => {
    if (p.name === undefined) {
      return { severity: p.severity, code: p.code, message: p.message, path: ['headers'], target: 'key' };
    }
    const path = ['headers', p.name];
    const name = p.name;
    if (p.code === 'header-not-allowed') {
      // A typo of a header it may set: Rename (keeping the value) before Remove.
      const { hint, fixes } = unknownKeyHelp(
        name,
        [...(ctx.documented ?? []), ...GENERIC_HEADERS].filter((h) => h.toLowerCase() !== name.toLowerCase()),
        (h) => (given ??= new Set(headers.map(([k]) => k.toLowerCase()))).has(h.toLowerCase()),
        path,
        `Remove the "${name}" header`,
      );
      return { severity: p.severity, code: p.code, message: p.message + hint, path, target: 'key', fixes };
    }
    const fixes: Fix[] =
      p.target === 'key'
        ? [
            {
              kind: 'remove',
              title:
                p.code === 'header-duplicate'
                  ? `Remove this second "${p.name}" (and its value)`
                  : `Remove the "${p.name}" header`,
              path,
              // Removing a credential is mechanical (it is never sent anyway), so Fix all takes it too.
              ...(p.code === 'credential-header' ? { fixAll: true as const } : {}),
            },
          ]
        : [];
    return {
      severity: p.severity,
      code: p.code,
      message: p.message,
      path,
      target: p.target === 'value' ? 'value' : 'key',
      fixes,
    };
  });
}
