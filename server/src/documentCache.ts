/**
 * One parsed representation per document version, each part built lazily on the first request that needs it and
 * shared by every feature: the value (`JSON.parse`, or handed over by the validator) for completion, hover and
 * inlay hints, which read a valid text by scanning it (cursorScan.ts, validScan.ts) instead of building a tree;
 * the jsonc tree, built only for text that is not valid JSON (its quick fixes and outline; the inlay hints of a
 * range need only its nodes there: `rangeTree`); where the containers of valid text are, as quick fixes ask for them
 * (fixSubtrees.ts), never a tree of the whole file; and the outline itself, which VS Code asks for again and again
 * per version.
 */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LIMITS } from './features/analyze';
import { BOM, blankBom } from './features/bom';
import { ContainerIndex } from './features/fixSubtrees';
import { rangeTree } from './features/rangeTree';
import type { Outline } from './features/symbols';
import { tooDeepAt } from './features/scan';
import { tolerantValue } from './features/tolerantValue';

interface Entry {
  version: number;
  value: unknown;
  valid: boolean;
  tooDeep?: boolean;
  /** The tree quick fixes work on (that of the text after a byte-order mark), kept for the version's requests. */
  fixTree?: JsonNode | null;
  /** Where the containers of valid text are, as quick fixes asked for them (of the text after a byte-order mark). */
  containers?: ContainerIndex;
  /** The outline at the item limit it was cut at. */
  outline?: { maxItems: number; outline: Outline };
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
    const entry = this.entry(doc);
    return { value: entry.value, valid: entry.valid, tooDeep: entry.tooDeep === true };
  }

  /** The tree of {@link fixTree}, parsed once per version; none for a hostile nesting depth (the parser recurses). */
  fixTree(doc: TextDocument): JsonNode | undefined {
    const entry = this.entry(doc);
    if (entry.fixTree === undefined) {
      const text = doc.getText();
      entry.fixTree = entry.tooDeep ? null : (parseTree(text.startsWith(BOM) ? text.slice(1) : text) ?? null);
    }
    return entry.fixTree ?? undefined;
  }

  /**
   * The containers quick fixes edit in valid text (the text after a byte-order mark), indexed as they are asked
   * for and kept for the version: the editor asks per diagnostic, and each request then walks only its path.
   */
  containers(doc: TextDocument): ContainerIndex {
    const entry = this.entry(doc);
    const text = doc.getText();
    entry.containers ??= new ContainerIndex(text.startsWith(BOM) ? text.slice(1) : text);
    return entry.containers;
  }

  /** {@link fixTree} with the shift of its offsets from the document's (1 after a byte-order mark). */
  tree(doc: TextDocument): { root: JsonNode | undefined; shift: number } {
    return { root: this.fixTree(doc), shift: doc.getText().startsWith(BOM) ? 1 : 0 };
  }

  /**
   * A tree of text being typed for what reads only the nodes reaching into [start, end] (the inlay hints of the
   * visible lines): the version's tree when it is built already, else {@link rangeTree}, whose nodes there are
   * those of the whole tree while the rest of the file is not read token by token.
   */
  rangeTree(doc: TextDocument, start: number, end: number): { root: JsonNode | undefined; shift: number } {
    const entry = this.entry(doc);
    if (entry.fixTree !== undefined || entry.tooDeep) return this.tree(doc);
    return { root: rangeTree(blankBom(doc.getText()), start, end), shift: 0 };
  }

  /** The outline of this version at `maxItems`, computed by `compute` the first time it is asked for at that limit. */
  outline(doc: TextDocument, maxItems: number, compute: () => Outline): Outline {
    const entry = this.entry(doc);
    if (entry.outline?.maxItems !== maxItems) entry.outline = { maxItems, outline: compute() };
    return entry.outline.outline;
  }

  private entry(doc: TextDocument): Entry {
    let entry = this.entries.get(doc.uri);
    if (!entry || entry.version !== doc.version) {
      entry = { version: doc.version, ...parseValue(blankBom(doc.getText())) };
      this.entries.set(doc.uri, entry);
    }
    return entry;
  }

  /** Lets the validator hand over the value it already parsed. */
  set(doc: TextDocument, value: unknown): void {
    const entry = this.entries.get(doc.uri);
    // Same version: keep what was built from it (the tree, the outline); the value is the same.
    if (entry?.version === doc.version && entry.valid) return;
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
    const tooDeep = tooDeepAt(text, LIMITS.maxDepth) !== undefined;
    return { value, valid: !tooDeep, tooDeep };
  } catch (error) {
    // jsonc-parser's parser recurses: never hand it a hostile nesting depth.
    if (tooDeepAt(text, LIMITS.maxDepth) !== undefined) {
      return { value: undefined, valid: false, tooDeep: true };
    }
    return { value: tolerantValue(text, error), valid: false, tooDeep: false };
  }
}
