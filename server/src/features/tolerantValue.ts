/**
 * The value of text that is not valid JSON (being typed), for completion, hover and the validator's recovered
 * value. jsonc-parser's tolerant parse recovers from a key without a colon by skipping to the next `,` or `}`, so
 * a half-typed key on its own line (`"na⏎` or `"na"⏎`) would swallow the member after it: completion offered that
 * member again and hover lost it. Such a key is ended with a comma first (in a copy: only the value is read from
 * it, never offsets), so each member after it is kept. One linear scan; callers check the depth beforehand.
 */
import { createScanner, parse, ScanError, SyntaxKind } from 'jsonc-parser';

export function tolerantValue(text: string): unknown {
  return parse(endHalfKeys(text), [], { allowTrailingComma: true });
}

/** The text with a `,` (and the closing quote) after every object key that is followed, on a later line, by a string instead of a colon. */
export function endHalfKeys(text: string): string {
  const scanner = createScanner(text, false);
  const containers: Array<'object' | 'array'> = [];
  /** Where to end a half key: with `,`, or `",` for one whose closing quote is not typed yet. */
  const inserts: Array<[number, string]> = [];
  let expectKey = false;
  /** The end of a key whose colon has not come yet, and how to end it. */
  let keyEnd: [number, string] | undefined;
  let newLine = false;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineBreakTrivia) newLine = true;
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) continue;
    if (keyEnd !== undefined && kind === SyntaxKind.StringLiteral && newLine) {
      inserts.push(keyEnd); // the half-typed key ends here; this string is the next key
      expectKey = true;
    }
    keyEnd = undefined;
    newLine = false;
    const inObject = containers[containers.length - 1] === 'object';
    switch (kind) {
      case SyntaxKind.OpenBraceToken:
        containers.push('object');
        expectKey = true;
        break;
      case SyntaxKind.OpenBracketToken:
        containers.push('array');
        expectKey = false;
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        containers.pop();
        expectKey = false;
        break;
      case SyntaxKind.CommaToken:
        expectKey = inObject;
        break;
      case SyntaxKind.StringLiteral:
        if (inObject && expectKey) {
          const open = scanner.getTokenError() === ScanError.UnexpectedEndOfString;
          keyEnd = [scanner.getTokenOffset() + scanner.getTokenLength(), open ? '",' : ','];
        }
        expectKey = false;
        break;
      default:
        expectKey = false;
    }
  }
  if (inserts.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [offset, end] of inserts) {
    out += text.slice(at, offset) + end;
    at = offset;
  }
  return out + text.slice(at);
}
