/**
 * jsonc-parser's tolerant `parse` of text that is not valid JSON (being typed), answering what it answers (oracle
 * tests: test/unit/server/tolerantParse.test.ts) at a fraction of the cost: its recursive descent, error recovery
 * included, token by token, except over the parts valid JSON alone (tolerantParts.ts), read by `JSON.parse`.
 */
import { SyntaxKind } from 'jsonc-parser';
import { NOT_LITERAL, Tokens, ValidParts } from './tolerantParts';

/**
 * What jsonc-parser's `parse(text, [], { allowTrailingComma: true })` returns, `text` having a comma at each offset
 * of `commas` (after the key it ends).
 */
export function tolerantParse(text: string, commas?: ReadonlySet<number>): unknown {
  const tokens = new Tokens(text, commas?.size ? commas : undefined);
  const valid = ValidParts.of(text);

  function parseValue(): { value: unknown } | undefined {
    const token = tokens.kind;
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      const whole = valid.at(tokens.offset);
      if (whole) {
        tokens.jump(whole.end);
        return { value: whole.value };
      }
      return { value: token === SyntaxKind.OpenBraceToken ? parseObject() : parseArray() };
    }
    const value = tokens.literal();
    if (value === NOT_LITERAL) return undefined;
    tokens.next();
    return { value };
  }

  function parseObject(): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    tokens.next();
    for (let token = tokens.kind; token !== SyntaxKind.CloseBraceToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        if (tokens.next() === SyntaxKind.CloseBraceToken) break; // a trailing comma
      }
      if (tokens.kind !== SyntaxKind.StringLiteral) {
        tokens.skip([SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
      } else {
        const name = tokens.value;
        if (tokens.next() === SyntaxKind.ColonToken) {
          tokens.next();
          const member = parseValue();
          // The plain assignment jsonc-parser makes (so `__proto__` behaves alike).
          if (member) object[name] = member.value;
          else tokens.skip([SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        } else {
          tokens.skip([SyntaxKind.CloseBraceToken, SyntaxKind.CommaToken]);
        }
      }
      token = tokens.kind;
    }
    if (tokens.kind === SyntaxKind.CloseBraceToken) tokens.next();
    else tokens.skip([], [SyntaxKind.CloseBraceToken]);
    return object;
  }

  function parseArray(): unknown[] {
    const array: unknown[] = [];
    tokens.next();
    for (let token = tokens.kind; token !== SyntaxKind.CloseBracketToken && token !== SyntaxKind.EOF;) {
      if (token === SyntaxKind.CommaToken) {
        if (tokens.next() === SyntaxKind.CloseBracketToken) break; // a trailing comma
      }
      const run = valid.items(tokens.offset);
      if (run?.values) {
        for (const value of run.values) array.push(value);
        tokens.jump(run.ends[run.ends.length - 1]);
      } else {
        const item = parseValue();
        if (item) array.push(item.value);
        else tokens.skip([SyntaxKind.CloseBracketToken, SyntaxKind.CommaToken]);
      }
      token = tokens.kind;
    }
    if (tokens.kind === SyntaxKind.CloseBracketToken) tokens.next();
    else tokens.skip([], [SyntaxKind.CloseBracketToken]);
    return array;
  }

  tokens.next();
  if (tokens.kind === SyntaxKind.EOF) return undefined;
  return parseValue()?.value;
}
