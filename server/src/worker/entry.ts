/** Entry of the thread big documents are worked on in (bundled as dist/bigDocuments.js by esbuild.mjs). */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerData } from './protocol';
import { serve } from './serve';

if (parentPort) serve(parentPort, workerData as WorkerData);
