/** The error response examples of the bundled catalog, per operation, as the mock serves them and the tests read them. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMAS_DIR } from './catalog';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});

export interface ErrorExample {
  /** The catalog file (`webex-meetings.openapi.json`), the operation's method (lower case) and path. */
  file: string;
  method: string;
  path: string;
  status: number;
  name: string;
  summary: string | undefined;
  value: Json;
}

/** Every error response example of each operation, by operation id, `$ref`s followed within the document. */
export function errorExamples(): Map<string, ErrorExample[]> {
  const out = new Map<string, ErrorExample[]>();
  for (const file of readdirSync(SCHEMAS_DIR).filter((n) => n.endsWith('.openapi.json'))) {
    const d = JSON.parse(readFileSync(join(SCHEMAS_DIR, file), 'utf8')) as Json;
    const resolve = (v: unknown): Json => {
      const ref = obj(v).$ref;
      return typeof ref === 'string'
        ? obj(
            ref
              .slice(2)
              .split('/')
              .reduce<unknown>((at, k) => obj(at)[k], d),
          )
        : obj(v);
    };
    for (const [path, item] of Object.entries(obj(d.paths))) {
      for (const [method, op] of Object.entries(obj(item)).map(([m, o]) => [m, obj(o)] as const)) {
        if (typeof op.operationId !== 'string') continue;
        const list: ErrorExample[] = [];
        for (const [status, r] of Object.entries(obj(op.responses))) {
          if (Number(status) < 400) continue;
          const examples = obj(obj(obj(resolve(r).content)['application/json']).examples);
          for (const [name, ex] of Object.entries(examples)) {
            const example = resolve(ex);
            const summary = typeof example.summary === 'string' ? example.summary : undefined;
            list.push({ file, method, path, status: Number(status), name, summary, value: obj(example.value) });
          }
        }
        out.set(op.operationId, list);
      }
    }
  }
  return out;
}
