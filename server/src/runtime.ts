/** What the server needs from its host, injected so tests and other entry points can provide their own. */
export interface RuntimeEnvironment {
  /** Folder holding the bundled catalog (`*.openapi.json`, `request.schema.json`). */
  schemasDir: string;
  timer: {
    setTimeout(callback: () => void, ms: number): { dispose(): void };
  };
  /** Debounce before validating after a change, in ms. */
  validationDelayMs: number;
}

export function nodeTimer(): RuntimeEnvironment['timer'] {
  return {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
  };
}
