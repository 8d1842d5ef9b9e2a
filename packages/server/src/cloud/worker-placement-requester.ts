/**
 * Placement in the all-in-one's worker thread, reached by this process's
 * services through messages instead of loopback HTTP: each request is posted
 * to the worker (structured clone), which answers it from the Placement
 * API's route table (InProcessPlacement) and posts the reply back. Placement
 * keeps a core of its own; undici, fastify and the JSON text go.
 */
import type { Worker } from 'node:worker_threads';
import { adminContext } from '@novats/core';
import type { PlacementReply, PlacementRequest, PlacementRequester } from '@novats/drivers';

/** What crosses to the worker: the request with only the context's request ids. */
export interface WorkerPlacementMessage {
  readonly type: 'request';
  readonly id: number;
  readonly requestId: string;
  readonly method: PlacementRequest['method'];
  readonly path: string;
  readonly body?: unknown;
  readonly microversion: string;
}

/** The worker's side: the request its InProcessPlacement answers. */
export function requestOf(msg: WorkerPlacementMessage): PlacementRequest {
  // NOTE(context): only the request id travels; InProcessPlacement acts as the service user anyway.
  return {
    ctx: adminContext(msg.requestId),
    method: msg.method,
    path: msg.path,
    body: msg.body,
    microversion: msg.microversion,
  };
}

/** Answered while the worker is gone (stopped or crashed): what a refused connection would be to HTTP. */
const GONE: PlacementReply = {
  status: 503,
  body: { errors: [{ status: 503, detail: 'placement worker stopped' }] },
};

export class WorkerPlacementRequester implements PlacementRequester {
  readonly #pending = new Map<number, (reply: PlacementReply) => void>();
  #next = 0;
  #gone = false;

  constructor(private readonly worker: Worker) {
    worker.on('message', (msg: { type: string; id?: number; reply?: PlacementReply }) => {
      if (msg.type !== 'reply') return;
      const resolve = this.#pending.get(msg.id!);
      this.#pending.delete(msg.id!);
      resolve?.(msg.reply!);
    });
    worker.once('exit', () => this.#fail());
  }

  request(req: PlacementRequest): Promise<PlacementReply> {
    if (this.#gone) return Promise.resolve(GONE);
    const id = ++this.#next;
    const msg: WorkerPlacementMessage = {
      type: 'request',
      id,
      requestId: req.ctx.global_request_id ?? req.ctx.request_id,
      method: req.method,
      path: req.path,
      body: req.body,
      microversion: req.microversion,
    };
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.worker.postMessage(msg);
    });
  }

  #fail(): void {
    this.#gone = true;
    for (const resolve of this.#pending.values()) resolve(GONE);
    this.#pending.clear();
  }

  /** The worker belongs to the placement service, which stops it. */
  async close(): Promise<void> {}
}
