/**
 * The Placement API in a worker thread of the all-in-one process, so that
 * placement's SQL and HTTP work runs on a second core. It builds its own
 * deployment scope from the parent's settings and starts the same
 * placement-api service. The parent's own services send their requests as
 * messages (no HTTP, no JSON text; see worker-placement-requester.ts); other
 * clients use its HTTP port.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { NovaConfig } from '@novats/core';
import { MessageBatcher } from './cloud/message-batcher.js';
import type { PlacementWorkerData } from './cloud/placement-service.js';
import {
  requestOf,
  type WorkerPlacementAnswer,
  type WorkerPlacementAnswers,
  type WorkerPlacementBatch,
  type WorkerPlacementMessage,
} from './cloud/worker-placement-requester.js';
import { DeploymentScope } from './container/deployment-scope.js';
import { PlacementApiService } from './services/placement-api.js';
import { startService } from './services/running-service.js';

async function main(): Promise<void> {
  const data = workerData as PlacementWorkerData;
  const scope = DeploymentScope.fromConfig(NovaConfig.fromSources([]), { settings: data.settings });
  const placement = await startService(scope, PlacementApiService);
  const local = placement.inProcess!;
  const replies = new MessageBatcher<WorkerPlacementAnswer>((batch) =>
    parentPort!.postMessage({ type: 'replies', replies: batch } satisfies WorkerPlacementAnswers),
  );
  const answer = async (msg: WorkerPlacementMessage): Promise<void> => {
    // NOTE(settle): a request that finds placement stopping is answered too, so the parent never waits.
    replies.add(
      await local.request(requestOf(msg)).then(
        (reply): WorkerPlacementAnswer => ({ type: 'reply', id: msg.id, reply }),
        (err: Error): WorkerPlacementAnswer => ({ type: 'reply', id: msg.id, unreachable: err.message }),
      ),
    );
  };
  parentPort!.on('message', async (msg: WorkerPlacementBatch | { type: 'stop' }) => {
    if (msg.type === 'requests') {
      for (const request of msg.requests) void answer(request);
      return;
    }
    if (msg.type !== 'stop') return;
    await placement.stop();
    await scope.close();
    // The answers still gathered go before the stopped message.
    replies.flush();
    parentPort!.postMessage({ type: 'stopped' });
  });
  parentPort!.postMessage({ type: 'listening', url: placement.url });
}

// NOTE(codes): code and port cross the thread boundary so that the parent can tell EADDRINUSE without reading text.
main().catch((err: Error & { code?: unknown; port?: unknown }) =>
  parentPort!.postMessage({
    type: 'error',
    message: err.message,
    stack: err.stack,
    code: typeof err.code === 'string' ? err.code : undefined,
    port: typeof err.port === 'number' ? err.port : undefined,
  }),
);
