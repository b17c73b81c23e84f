/**
 * The rules for a path parameter's value, defined once: the sender refuses such a value
 * (`client/src/http/url.ts`) and the editor and `validate` report it at the value (`server/src/features/envelope.ts`),
 * with the same words.
 */

/** A lone surrogate: `\ud800` in a JSON string is no character, and cannot be percent-encoded. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a path parameter's value cannot be sent, if it cannot. */
export function pathValueProblem(name: string, value: string): string | undefined {
  if (value.length === 0) return `The path parameter {${name}} is empty.`;
  if (LONE_SURROGATE.test(value)) return `The path parameter {${name}} is not valid Unicode text.`;
  if (value === '.' || value === '..') {
    return `The path parameter {${name}} may not be "." or ".." (it would change which resource is addressed).`;
  }
  return undefined;
}
