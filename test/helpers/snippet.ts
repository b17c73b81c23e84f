/** Snippet text as the editor inserts it, for tests of completion items and templates. */

/** What a snippet inserts: placeholders keep their text, a choice its first value, escapes are undone. */
export function snippetText(snippet: string): string {
  let out = '';
  let open = 0;
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\') {
      out += snippet[++i] ?? '';
    } else if (c === '$') {
      let j = i + 1;
      const braced = snippet[j] === '{';
      if (braced) j++;
      while (/\d/.test(snippet[j] ?? '')) j++;
      if (braced && snippet[j] === '|') {
        const end = snippet.indexOf('|}', j);
        out += snippet.slice(j + 1, end).split(',')[0];
        i = end + 1;
      } else if (braced && snippet[j] === ':') {
        open++;
        i = j;
      } else {
        i = braced ? j : j - 1; // `${1}` or `$1`
      }
    } else if (c === '}' && open > 0) {
      open--;
    } else {
      out += c;
    }
  }
  return out;
}
