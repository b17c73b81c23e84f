/**
 * The parsed value of each open document, computed once per version (or handed over by the validator) and
 * shared by completion and hover, which find the cursor with a scan instead of a tree (features/cursorScan.ts);
 * and the jsonc tree quick fixes edit, built on the first code-action request of a version.
 */
import { parse, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LIMITS } from './features/analyze';
import { BOM, blankBom } from './features/bom';
import { scanStructure } from './features/scan';

interface Entry {
  version: number;
  value: unknown;
  valid: boolean;
  tooDeep?: boolean;
  /** The tree quick fixes work on (that of the text after a byte-order mark), kept for the version's requests. */
  fixTree?: JsonNode | null;
}

export interface Parsed {
  value: unknown;
  /** `JSON.parse` accepted the text (and its depth is within the limit). */
  valid: boolean;
  /** Nested past the depth limit: jsonc-parser (which locates the cursor) recurses, so cursor features stay off. */
  tooDeep: boolean;
}

export class DocumentValues {
  private readonly entries = new Map<string, Entry>();

  get(doc: TextDocument): Parsed {
    let entry = this.entries.get(doc.uri);
    if (!entry || entry.version !== doc.version) {
      entry = { version: doc.version, ...parseValue(blankBom(doc.getText())) };
      this.entries.set(doc.uri, entry);
    }
    return { value: entry.value, valid: entry.valid, tooDeep: entry.tooDeep === true };
  }

  /** The tree of {@link fixTree}, parsed once per version; none for a hostile nesting depth (the parser recurses). */
  fixTree(doc: TextDocument): JsonNode | undefined {
    let entry = this.entries.get(doc.uri);
    if (!entry || entry.version !== doc.version) {
      entry = { version: doc.version, ...parseValue(blankBom(doc.getText())) };
      this.entries.set(doc.uri, entry);
    }
    if (entry.fixTree === undefined) {
      const text = doc.getText();
      entry.fixTree = entry.tooDeep ? null : (parseTree(text.startsWith(BOM) ? text.slice(1) : text) ?? null);
    }
    return entry.fixTree ?? undefined;
  }

  /** Lets the validator hand over the value it already parsed. */
  set(doc: TextDocument, value: unknown): void {
    this.entries.set(doc.uri, { version: doc.version, value, valid: true });
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}

function parseValue(text: string): { value: unknown; valid: boolean; tooDeep: boolean } {
  if (text.length > LIMITS.maxTextLength) return { value: undefined, valid: false, tooDeep: false };
  try {
    const value: unknown = JSON.parse(text);
    // A valid but hostile depth would make the tree builder recurse too deep.
    const tooDeep = scanStructure(text, LIMITS.maxDepth).tooDeepAt !== undefined;
    return { value, valid: !tooDeep, tooDeep };
  } catch {
    // jsonc-parser's parser recurses: never hand it a hostile nesting depth.
    if (scanStructure(text, LIMITS.maxDepth).tooDeepAt !== undefined) {
      return { value: undefined, valid: false, tooDeep: true };
    }
    return { value: parse(text, [], { allowTrailingComma: true }), valid: false, tooDeep: false };
  }
}
