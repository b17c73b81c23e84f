/** JSON paths as the reports print them. */
import type { JsonPath } from '../../server/src/features/locate';

/** `$.a[0].b`, for messages: the place in the example (a body block's paths start at the body). */
export function pathText(path: JsonPath): string {
  return (
    '$' +
    path
      .map((s) =>
        typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`,
      )
      .join('')
  );
}
