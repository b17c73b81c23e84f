/**
 * The two sides of each Preview Changes diff, served read-only from memory under {@link PREVIEW_SCHEME}, with
 * what Send from the preview needs: the request as previewed and the state it was compared with.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { PREVIEW_SCHEME } from '../../../common/ids';
import type { ActiveRequest } from '../services';
import type { StateBefore } from '../send/sendController';
import { previewIdOf, previewPaths, type DiffKind, type Previewed } from './previewState';

/** Previews held at a time; an older one's editor says it is gone. */
const KEPT_PREVIEWS = 10;

/** What Send from a preview sends: the request prepared from exactly `previewed.text`, and the state it was compared with. */
export interface Sendable {
  previewed: Previewed;
  active: ActiveRequest;
  before: StateBefore;
  /** Sent once already: the state it was compared with is gone, so it is not sent again. */
  sent?: boolean;
}

export interface PreviewEntry {
  id: string;
  fileLabel: string;
  left: string;
  right: string;
  /** Absent for Compare with Before (after a send): that diff has nothing to send. */
  send?: Sendable;
}

/** A diff that can be sent from is a preview; one without (Compare with Before) is named apart (no Send button). */
const kindOf = (entry: PreviewEntry): DiffKind => (entry.send ? 'preview' : 'compare');

export class PreviewContent implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly entries = new Map<string, PreviewEntry>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this);

  newId(): string {
    return randomUUID().replace(/-/g, '');
  }

  /** Holds a preview; returns the URIs of its two sides. */
  add(entry: PreviewEntry): { left: vscode.Uri; right: vscode.Uri } {
    const id = entry.id;
    this.entries.set(id, entry);
    while (this.entries.size > KEPT_PREVIEWS) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    const paths = previewPaths(id, entry.fileLabel, kindOf(entry));
    return {
      left: vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: paths.left }),
      right: vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: paths.right }),
    };
  }

  /** The preview a side belongs to. */
  entryOf(uri: vscode.Uri): PreviewEntry | undefined {
    if (uri.scheme !== PREVIEW_SCHEME) return undefined;
    const id = previewIdOf(uri.path);
    return id === undefined ? undefined : this.entries.get(id);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const entry = this.entryOf(uri);
    if (!entry) return '// This preview is no longer held: run Preview Changes again.\n';
    return previewPaths(entry.id, entry.fileLabel, kindOf(entry)).left === uri.path ? entry.left : entry.right;
  }

  dispose(): void {
    this.registration.dispose();
    this.entries.clear();
  }
}
