/**
 * Valid JSON re-indented the way VS Code formats it (two spaces per level, `"key": value`, empty containers
 * kept as `{}` and `[]`), every string and number kept exactly as written. Linear: the indentation alone can
 * be quadratic in the input, so the result is measured while it is built and given up past `maxLength`.
 * (jsonc-parser's `format` is not used here: it costs an edit per token, and 3.3.1 writes "undefined" for an
 * indentation of exactly 200 spaces.)
 */
const WHITESPACE = /[ \t\n\r]/;
const CLOSING: Record<string, string> = { '{': '}', '[': ']' };

/** `json` re-indented, its first line at `level` (for nesting in a larger document), or undefined when too long. */
export function indentJson(json: string, level: number, maxLength: number): string | undefined {
  const parts: string[] = [];
  const indents: string[] = [];
  let length = 0;
  let depth = level;
  const push = (s: string): void => {
    parts.push(s);
    length += s.length;
  };
  const newline = (): void => push((indents[depth] ??= '\n' + '  '.repeat(depth)));
  let i = 0;
  while (i < json.length) {
    if (length > maxLength) return undefined;
    const c = json[i];
    if (c === '"') {
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      push(json.slice(i, j + 1));
      i = j + 1;
    } else if (c === '{' || c === '[') {
      let k = i + 1;
      while (k < json.length && WHITESPACE.test(json[k])) k++;
      if (json[k] === CLOSING[c]) {
        push(c + CLOSING[c]);
        i = k + 1;
        continue;
      }
      depth++;
      push(c);
      newline();
      i++;
    } else if (c === '}' || c === ']') {
      depth--;
      newline();
      push(c);
      i++;
    } else if (c === ',') {
      push(',');
      newline();
      i++;
    } else if (c === ':') {
      push(': ');
      i++;
    } else if (WHITESPACE.test(c)) i++;
    else {
      let j = i + 1;
      while (j < json.length && !WHITESPACE.test(json[j]) && !',:]}'.includes(json[j])) j++;
      push(json.slice(i, j));
      i = j;
    }
  }
  return length > maxLength ? undefined : parts.join('');
}
