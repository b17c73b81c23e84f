/**
 * Oracle: the char-code loop that ends half-typed keys (features/tolerantValue.ts `endHalfKeys`) gives what the same
 * logic over jsonc-parser's scanner gave (its implementation before, kept here), over generated texts being typed:
 * valid JSON of every layout with characters dropped, doubled or inserted (quotes, colons, commas, brackets, line
 * breaks, backslashes, comments, unknown characters).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScanner, ScanError, SyntaxKind } from 'jsonc-parser';
import { endHalfKeys } from '../../../server/src/features/tolerantValue';
import { jsonText, rng, typing } from '../../helpers/jsonTexts';

function scannerEndHalfKeys(text: string): string {
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

test('endHalfKeys reads tokens as the scanner does, over 20,000 generated texts being typed', () => {
  let changed = 0;
  for (let seed = 1; seed <= 20_000; seed++) {
    const r = rng(seed);
    const text = typing(r, jsonText(r, r() < 0.3 ? '\r\n' : '\n'));
    const expected = scannerEndHalfKeys(text);
    assert.equal(endHalfKeys(text), expected, `seed ${seed}: ${JSON.stringify(text)}`);
    if (expected !== text) changed++;
  }
  assert.ok(changed > 2000, `only ${changed} texts had a half-typed key`);
});
