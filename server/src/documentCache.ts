/** The parsed value of each open document, computed once per version and shared by completion and hover. */
import { parse } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LIMITS } from './features/analyze';
import { scanStructure } from './features/scan';

interface Entry {
  version: number;
  value: unknown;
}

export class DocumentValues {
  private readonly entries = new Map<string, Entry>();

  get(doc: TextDocument): unknown {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.value;
    const value = parseValue(doc.getText());
    this.entries.set(doc.uri, { version: doc.version, value });
    return value;
  }

  /** Lets the validator hand over the value it already parsed. */
  set(doc: TextDocument, value: unknown): void {
    this.entries.set(doc.uri, { version: doc.version, value });
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}

function parseValue(text: string): unknown {
  if (text.length > LIMITS.maxTextLength) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // jsonc-parser's parser recurses: never hand it a hostile nesting depth.
    if (scanStructure(text, LIMITS.maxDepth).tooDeepAt !== undefined) return undefined;
    return parse(text, [], { allowTrailingComma: true });
  }
}
