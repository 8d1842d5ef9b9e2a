/**
 * Starts the Placement API for the all-in-one cloud, either in this thread
 * (tests, embedding) or in a worker thread of the same process (`novats up`),
 * where it gets a core of its own. Either way it is the placement-api service
 * started from a deployment scope, and it offers this process's services a
 * requester without HTTP: its route table in this thread, or messages to the
 * worker. Other clients use its HTTP port.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DeploymentScope } from '../container/deployment-scope.js';
import { PlacementApiService, type RunningPlacementApi } from '../services/placement-api.js';
import { startService } from '../services/running-service.js';
import { WorkerPlacementRequester } from './worker-placement-requester.js';

/** What the worker needs to build its own scope: the settings, which are plain data. */
export interface PlacementWorkerData {
  readonly settings: DeploymentScope['settings'];
}

/** The built worker entry next to this bundle (dist/placement-worker.js). */
function workerScript(): string | null {
  const path = fileURLToPath(new URL('./placement-worker.js', import.meta.url));
  return path.endsWith('/dist/placement-worker.js') && existsSync(path) ? path : null;
}

export async function startPlacementService(
  scope: DeploymentScope,
  inWorker: boolean,
): Promise<RunningPlacementApi> {
  const script = inWorker ? workerScript() : null;
  if (!script) return startService(scope, PlacementApiService);
  const worker = new Worker(script, {
    workerData: { settings: scope.settings } satisfies PlacementWorkerData,
  });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.on(
      'message',
      (msg: { type: string; url?: string; message?: string; code?: string; port?: number }) => {
        if (msg.type === 'listening') resolve(msg.url!);
        if (msg.type === 'error')
          reject(
            Object.assign(new Error(`placement worker: ${msg.message}`), { code: msg.code, port: msg.port }),
          );
      },
    );
  });
  const inProcess = new WorkerPlacementRequester(worker);
  return {
    name: 'placement-api',
    url,
    inProcess,
    async stop() {
      // NOTE(settle): requests posted before this are answered first; later ones reject at once.
      inProcess.stopTaking();
      const stopped = new Promise<void>((resolve) =>
        worker.on('message', (msg: { type: string }) => msg.type === 'stopped' && resolve()),
      );
      worker.postMessage({ type: 'stop' });
      // NOTE(exit): a worker that does not answer in 5 s is terminated anyway; the timer must not hold the process.
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 5000).unref())]);
      await worker.terminate();
    },
  };
}
