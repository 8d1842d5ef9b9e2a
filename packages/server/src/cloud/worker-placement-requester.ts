/**
 * Placement in the all-in-one's worker thread, reached by this process's
 * services through messages instead of loopback HTTP: each request is posted
 * to the worker (structured clone), which answers it from the Placement
 * API's route table (InProcessPlacement) and posts the reply back. Placement
 * keeps a core of its own; undici, fastify and the JSON text go. Every
 * request settles: once placement stops or the worker is gone, pending and
 * later ones reject with PlacementUnreachable, as a refused connection would.
 */
import type { Worker } from 'node:worker_threads';
import { adminContext, PlacementUnreachable } from '@novats/core';
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

/** The worker's answer to one request: Placement's reply, or why it could not answer (it was stopping). */
export type WorkerPlacementAnswer =
  | { readonly type: 'reply'; readonly id: number; readonly reply: PlacementReply }
  | { readonly type: 'reply'; readonly id: number; readonly unreachable: string };

interface Pending {
  readonly resolve: (reply: PlacementReply) => void;
  readonly reject: (err: Error) => void;
}

export class WorkerPlacementRequester implements PlacementRequester {
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  /** Why new requests are refused: the service stopping or the worker gone. */
  #refused: string | null = null;

  constructor(private readonly worker: Worker) {
    worker.on('message', (msg: { type: string } & Partial<WorkerPlacementAnswer>) => {
      if (msg.type !== 'reply') return;
      const pending = this.#pending.get(msg.id!);
      if (!pending) return;
      this.#pending.delete(msg.id!);
      if ('reply' in msg) pending.resolve(msg.reply!);
      else pending.reject(new PlacementUnreachable((msg as { unreachable: string }).unreachable));
    });
    worker.once('exit', () => this.#fail('placement worker exited'));
  }

  request(req: PlacementRequest): Promise<PlacementReply> {
    if (this.#refused) return Promise.reject(new PlacementUnreachable(this.#refused));
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
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.worker.postMessage(msg);
    });
  }

  /**
   * Refuses new requests; those already posted are still answered (the
   * worker takes them before its stop message), or rejected when it exits.
   */
  stopTaking(): void {
    this.#refused ??= 'placement service stopped';
  }

  #fail(why: string): void {
    this.#refused = why;
    for (const pending of this.#pending.values()) pending.reject(new PlacementUnreachable(why));
    this.#pending.clear();
  }

  /** The worker belongs to the placement service, which stops it. */
  async close(): Promise<void> {
    this.stopTaking();
  }
}
