/**
 * Drives the VS Code workbench in the page the way a user does: keyboard, command palette, quick open.
 * Every wait is on real UI state with a bound; when a bound is hit the failure names what was awaited
 * and points at a screenshot of that moment.
 */
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Monaco renders spaces as U+00A0 in view lines. */
const normalize = (text: string): string => text.replace(/\u00a0/g, ' ');

export class Workbench {
  private shots = 0;

  constructor(
    readonly page: Page,
    readonly outputDir: string,
  ) {}

  /** Saves a PNG of the page under the session's output folder; returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = join(this.outputDir, `${String(++this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file }).catch(() => undefined);
    return file;
  }

  /** Fails with a screenshot: the one place a timed-out wait turns into an error. */
  async fail(what: string, timeoutMs: number, detail = ''): Promise<never> {
    const shot = await this.screenshot(`timeout-${what.replace(/[^\w]+/g, '-').slice(0, 60)}`);
    throw new Error(
      `Timed out after ${timeoutMs / 1000} s waiting for ${what}.${detail ? ` ${detail}` : ''} Screenshot: ${shot}`,
    );
  }

  /** Waits until `locator` is visible. */
  async visible(locator: Locator, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Locator> {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      await this.fail(what, timeoutMs);
    }
    return locator.first();
  }

  /** Waits until `locator` is hidden or gone. */
  async hidden(locator: Locator, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    try {
      await locator.first().waitFor({ state: 'hidden', timeout: timeoutMs });
    } catch {
      await this.fail(what, timeoutMs);
    }
  }

  /**
   * Polls `probe` until it returns something other than undefined/false. `describe` reports the last
   * observation in the failure message (e.g. the text that was there instead).
   */
  async until<T>(
    what: string,
    probe: () => T | undefined | false | Promise<T | undefined | false>,
    { timeoutMs = DEFAULT_TIMEOUT_MS, describe }: { timeoutMs?: number; describe?: () => Promise<string> } = {},
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      // A probe that throws (a frame being replaced, a detached element) counts as "not yet".
      const value = await Promise.resolve()
        .then(probe)
        .catch(() => undefined);
      if (value !== undefined && value !== false) return value;
      await this.page.waitForTimeout(200);
    }
    const seen = describe ? await describe().catch((e: unknown) => String(e)) : '';
    return this.fail(what, timeoutMs, seen ? `Last seen: ${seen}` : '');
  }

  // ---------------------------------------------------------------------------------------------
  // The workbench

  async waitForWorkbench(): Promise<void> {
    await this.visible(this.page.locator('.monaco-workbench'), 'the workbench', 60_000);
    // The explorer lists the folder once the remote file system answers.
    await this.visible(
      this.page.locator('.explorer-folders-view .monaco-list-row').first(),
      'the explorer to list the workspace',
      60_000,
    );
  }

  /**
   * Waits until the workbench has written state holding every one of `needles` (one stored value, e.g. a webview's
   * saved state inside the editors' layout). The browser workbench writes its state to IndexedDB when idle, and a
   * page reload keeps only what was written: a test that reloads waits for the state it means to see restored.
   */
  async stateSaved(what: string, needles: string[], timeoutMs = 60_000): Promise<void> {
    // No named helpers inside: the function is sent to the page as text, where tsx's name helpers do not exist.
    await this.until(
      what,
      () =>
        this.page.evaluate(async (wanted) => {
          for (const { name } of await indexedDB.databases()) {
            if (!name?.startsWith('vscode-web-state-db-')) continue;
            const db = await new Promise<IDBDatabase>((resolve, reject) => {
              const r = indexedDB.open(name);
              r.onsuccess = () => resolve(r.result);
              r.onerror = () => reject(r.error ?? new Error(`IndexedDB ${name}`));
            });
            try {
              if (!db.objectStoreNames.contains('ItemTable')) continue;
              const values = await new Promise<unknown[]>((resolve, reject) => {
                const r = db.transaction('ItemTable').objectStore('ItemTable').getAll();
                r.onsuccess = () => resolve(r.result);
                r.onerror = () => reject(r.error ?? new Error(`IndexedDB ${name} ItemTable`));
              });
              if (values.some((v) => typeof v === 'string' && wanted.every((n) => v.includes(n)))) return true;
            } finally {
              db.close();
            }
          }
          return false;
        }, needles),
      { timeoutMs },
    );
  }

  get statusBar(): Locator {
    return this.page.locator('#workbench\\.parts\\.statusbar');
  }

  /** Text of the whole status bar (icons dropped). */
  async statusBarText(): Promise<string> {
    return normalize(await this.statusBar.innerText());
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  get notifications(): Locator {
    return this.page.locator(
      '.notifications-toasts .notification-toast, .notifications-center .notification-list-item',
    );
  }

  /** Runs a command by its title through the command palette (F1), like a user. */
  async runCommand(title: string): Promise<void> {
    // A webview that takes the focus just after a click (its tab) can close the palette as it opens: then the
    // input goes inert and hidden under `fill`, so the palette is opened again (a bounded number of times).
    for (let attempt = 1; ; attempt++) {
      await this.closeQuickInput();
      await this.page.keyboard.press('F1');
      const input = await this.visible(this.quickInput.locator('input'), 'the command palette');
      try {
        await input.fill(`>${title}`, { timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
    const row = this.quickInput.locator('.monaco-list-row', { hasText: title });
    await this.visible(row, `the command "${title}" in the command palette`);
    await row.first().click();
  }

  /** Opens a workspace file by name through quick open (Ctrl+P) and waits for its editor. */
  async openFile(name: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+P');
    const input = await this.visible(this.quickInput.locator('input'), 'quick open');
    await input.fill(name);
    // Wait for the filtered list: with the file already open (in history), the unfiltered list shows it at once but
    // its first, focused row is another file until the filter applies, and Enter would open that one.
    const row = this.quickInput.locator('.monaco-list-row.focused', { hasText: name });
    await this.visible(row, `"${name}" first in quick open`);
    await this.page.keyboard.press('Enter');
    await this.visible(this.page.locator(`.tab.active[aria-label*="${name}"]`), `the editor tab of ${name}`);
    await this.visible(this.activeEditor.locator('.view-lines'), `the text of ${name}`);
    // Quick open leaves the keyboard focus in the editor. (No click: the first line may hold a CodeLens.)
    await this.visible(
      this.page.locator('.editor-group-container.active .monaco-editor.focused'),
      `the keyboard focus in ${name}`,
    );
  }

  async closeQuickInput(): Promise<void> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.hidden(this.quickInput, 'the quick input to close');
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The editor

  get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /**
   * The visible text of the active editor (the fixture files fit on one screen); inlay hints, text VS Code
   * injects that is not the file's, only with `hints`.
   */
  async editorText(options: { hints?: boolean } = {}): Promise<string> {
    const lines = await this.activeEditor.locator('.view-lines .view-line').evaluateAll(
      (nodes, hints) =>
        nodes
          .map((n) => {
            const line = n as HTMLElement;
            let text = line.innerText;
            if (!hints) {
              const copy = line.cloneNode(true) as HTMLElement;
              copy.querySelectorAll('[class*="dyn-rule"]').forEach((s) => s.remove());
              text = copy.textContent ?? '';
            }
            return { top: parseFloat(line.style.top || '0'), text };
          })
          .sort((a, b) => a.top - b.top)
          .map((l) => l.text),
      options.hints === true,
    );
    return normalize(lines.join('\n'));
  }

  /** Moves the cursor with Go to Line (Ctrl+G), 1-based like the status bar. */
  async goTo(line: number, column: number): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+G');
    const input = await this.visible(this.quickInput.locator('input'), 'Go to Line');
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.hidden(this.quickInput, 'Go to Line to close');
    await this.until(
      `the cursor at ${line}:${column}`,
      async () => (await this.statusBarText()).includes(`Ln ${line}, Col ${column}`),
      {
        timeoutMs: 10_000,
        describe: () => this.statusBarText(),
      },
    );
  }

  /** Moves the cursor to the first occurrence of `needle` in the editor (plus `offset` characters). */
  async goToText(needle: string, offset = 0): Promise<void> {
    const text = await this.editorText();
    const at = text.indexOf(needle);
    if (at < 0) throw new Error(`"${needle}" is not in the editor:\n${text}`);
    const before = text.slice(0, at + offset).split('\n');
    await this.goTo(before.length, (before[before.length - 1] ?? '').length + 1);
  }

  get suggestWidget(): Locator {
    return this.page.locator('.editor-widget.suggest-widget.visible');
  }

  /**
   * Label, detail and kind of each row the suggest widget shows (it renders the first dozen or so).
   * The detail is in every row's DOM (the widget only displays it for the focused row), so reading
   * textContent sees all of them.
   */
  async suggestions(): Promise<Array<{ label: string; detail: string; kind: string }>> {
    return this.suggestWidget.locator('.monaco-list-row').evaluateAll((rows) =>
      rows.map((r) => ({
        label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
        detail: (r.querySelector('.details-label')?.textContent ?? '').trim(),
        // The icon names the item's kind: codicon-symbol-property, -value, -snippet…
        kind: /codicon-symbol-(\w+)/.exec(r.querySelector('.suggest-icon')?.className ?? '')?.[1] ?? '',
      })),
    );
  }

  /**
   * Waits for the suggest widget; asks for it (Ctrl+Space) when typing did not bring it up, or at once
   * when `explicit`. If it shows up just as Ctrl+Space is pressed, the key only toggles the details
   * pane: harmless.
   */
  async showSuggestions(what: string, { explicit = false } = {}): Promise<void> {
    const appeared =
      !explicit &&
      (await this.suggestWidget
        .waitFor({ state: 'visible', timeout: 3_000 })
        .then(() => true)
        .catch(() => false));
    if (!appeared) await this.page.keyboard.press('Control+Space');
    await this.visible(this.suggestWidget, what);
    await this.visible(this.suggestWidget.locator('.monaco-list-row'), `${what} (rows)`);
  }

  get hoverWidget(): Locator {
    return this.page.locator(
      '.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-resizable-hover .monaco-hover-content',
    );
  }

  /** Error squiggles in the active editor. */
  get errorSquiggles(): Locator {
    return this.activeEditor.locator('.squiggly-error');
  }

  get warningSquiggles(): Locator {
    return this.activeEditor.locator('.squiggly-warning');
  }

  /** Rows of the code action (quick fix) menu. */
  get codeActions(): Locator {
    return this.page.locator('.action-widget .monaco-list-row');
  }

  // ---------------------------------------------------------------------------------------------
  // Panels

  get problemsPanel(): Locator {
    return this.page.locator('.markers-panel');
  }

  /** Opens the Problems view (Ctrl+Shift+M). */
  async showProblems(): Promise<void> {
    if (!(await this.problemsPanel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await this.visible(this.problemsPanel, 'the Problems view');
  }

  /** Text of each row of the Problems view. */
  async problemRows(): Promise<string[]> {
    const texts = await this.problemsPanel.locator('.monaco-list-row').allInnerTexts();
    return texts.map((t) => normalize(t).replace(/\s+/g, ' ').trim());
  }

  /**
   * The frames of an extension's webview: an iframe (the host, VS Code's code) holding an iframe (the
   * content, the extension's HTML). Resolved afresh on each call: VS Code swaps the content frame
   * when a webview's HTML is replaced.
   */
  async webviewFrames(
    extensionId: string,
    what = 'the webview',
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<{ host: Frame; content: Frame }> {
    const hostElement = await this.visible(
      this.page.locator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`),
      what,
      timeoutMs,
    );
    const host = await (await hostElement.elementHandle())?.contentFrame();
    if (!host) return this.fail(`${what} (host frame)`, timeoutMs);
    const contentElement = host.locator('iframe#active-frame');
    try {
      await contentElement.waitFor({ state: 'attached', timeout: timeoutMs });
    } catch {
      await this.fail(`${what} (content frame)`, timeoutMs);
    }
    const content = await (await contentElement.elementHandle())?.contentFrame();
    if (!content) return this.fail(`${what} (content frame)`, timeoutMs);
    return { host, content };
  }
}

/** Lets the page read and write the clipboard, so a test reads back what a copy command wrote. */
export async function grantClipboard(page: Page): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
}
