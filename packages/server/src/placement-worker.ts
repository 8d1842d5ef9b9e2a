/**
 * The Placement API in a worker thread of the all-in-one process, so that
 * placement's SQL and HTTP work runs on a second core. It is the same app
 * and store as the standalone service; the parent talks to it over HTTP.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openPlacementStore } from '@novats/drivers';
import { createPlacementApp } from './api/placement/index.js';

interface PlacementWorkerData {
  readonly database: string;
  readonly host: string;
  readonly port: number;
  readonly indexMaxAgeMs: number;
}

async function main(): Promise<void> {
  const data = workerData as PlacementWorkerData;
  const store = await openPlacementStore(data.database, { indexMaxAgeMs: data.indexMaxAgeMs });
  const app = createPlacementApp({ store });
  const url = await app.listen({ host: data.host, port: data.port });
  parentPort!.on('message', async (msg: { type: string }) => {
    if (msg.type !== 'stop') return;
    await app.close();
    await store.close();
    parentPort!.postMessage({ type: 'stopped' });
  });
  parentPort!.postMessage({ type: 'listening', url });
}

main().catch((err: Error) =>
  parentPort!.postMessage({ type: 'error', message: err.message, stack: err.stack }),
);
