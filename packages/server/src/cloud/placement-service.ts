/**
 * Starts the Placement API for the all-in-one cloud, either in this thread
 * (tests, embedding) or in a worker thread of the same process (`novats up`),
 * where it gets a core of its own. Either way callers reach it over HTTP.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { openPlacementStore } from '@novats/drivers';
import { createPlacementApp } from '../api/placement/index.js';

export interface PlacementServiceOptions {
  readonly database: string;
  readonly host: string;
  readonly port: number;
  readonly indexMaxAgeMs: number;
  /** Run in a worker thread when the built worker script is available. */
  readonly inWorker: boolean;
}

export interface RunningPlacement {
  readonly url: string;
  readonly inWorker: boolean;
  stop(): Promise<void>;
}

/** The built worker entry next to this bundle (dist/placement-worker.js). */
function workerScript(): string | null {
  const path = fileURLToPath(new URL('./placement-worker.js', import.meta.url));
  return path.endsWith('/dist/placement-worker.js') && existsSync(path) ? path : null;
}

export async function startPlacementService(opts: PlacementServiceOptions): Promise<RunningPlacement> {
  const script = opts.inWorker ? workerScript() : null;
  if (!script) {
    const store = await openPlacementStore(opts.database, { indexMaxAgeMs: opts.indexMaxAgeMs });
    const app = createPlacementApp({ store });
    const url = await app.listen({ host: opts.host, port: opts.port });
    return {
      url,
      inWorker: false,
      async stop() {
        await app.close();
        await store.close();
      },
    };
  }
  const worker = new Worker(script, {
    workerData: {
      database: opts.database,
      host: opts.host,
      port: opts.port,
      indexMaxAgeMs: opts.indexMaxAgeMs,
    },
  });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (msg: { type: string; url?: string; message?: string }) => {
      if (msg.type === 'listening') resolve(msg.url!);
      if (msg.type === 'error') reject(new Error(`placement worker: ${msg.message}`));
    });
  });
  return {
    url,
    inWorker: true,
    async stop() {
      const stopped = new Promise<void>((resolve) =>
        worker.on('message', (msg: { type: string }) => msg.type === 'stopped' && resolve()),
      );
      worker.postMessage({ type: 'stop' });
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 5000))]);
      await worker.terminate();
    },
  };
}
