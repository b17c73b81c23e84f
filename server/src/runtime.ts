/** What the server needs from its host, injected so tests and other entry points can provide their own. */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { WorkerData } from './worker/protocol';

export interface RuntimeEnvironment {
  /** Folder holding the bundled catalog (`*.openapi.json`, `request.schema.json`). */
  schemasDir: string;
  timer: {
    setTimeout(callback: () => void, ms: number): { dispose(): void };
  };
  /** Debounce before validating after a change, in ms. */
  validationDelayMs: number;
  /**
   * Starts the thread big documents are worked on in (`worker/entry.ts`). Without it, they are worked on in the
   * main thread, giving way between steps (`util/turn.ts`).
   */
  startWorker?: (data: WorkerData) => Worker;
  /** From which length (UTF-16 code units) a document is big; `BIG_DOCUMENT` unless set (tests). */
  bigDocument?: number;
}

export function nodeTimer(): RuntimeEnvironment['timer'] {
  return {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
  };
}

/**
 * The thread's young generation, in MB (V8 makes a third of it each semi-space). A big version lives there while it
 * is validated: a 10 MB text parses into tens of MB of objects, and each scavenge of the default 16 MB semi-spaces
 * copies all of them again while ajv and the walks add their garbage. With 64 MB semi-spaces the server takes about
 * a tenth less CPU per edit of a valid 10 MB document; its peak resident memory measured the same.
 */
const YOUNG_MB = 192;

/** `startWorker` for a bundle: the thread's bundle `file` (dist/bigDocuments.js), none when it is not there. */
export function workerFile(file: string): RuntimeEnvironment['startWorker'] {
  if (!existsSync(file)) return undefined;
  return (workerData) => {
    // On stdio, stdout is the protocol: the thread's output (`stdout: true` keeps it from the process's) goes to stderr.
    const worker = new Worker(file, {
      workerData,
      stdout: true,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
    });
    worker.stdout.pipe(process.stderr);
    return worker;
  };
}
