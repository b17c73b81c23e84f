/** The thread of big documents as `WorkerControl` starts it: the real `serve`, held before each piece of work. */
import { parentPort, workerData } from 'node:worker_threads';
import { serve } from '../../server/src/worker/serve';
import type { HeldWorkerData } from './workerControl';

const { hold, events, ...data } = workerData as HeldWorkerData;
const state = new Int32Array(hold);
serve(parentPort!, {
  ...data,
  beforeWork: () => {
    events.postMessage('started');
    Atomics.wait(state, 0, 1);
  },
});
