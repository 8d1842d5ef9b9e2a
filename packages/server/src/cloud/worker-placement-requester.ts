/**
 * Placement in the all-in-one's worker thread, reached by this process's
 * services through messages instead of loopback HTTP: each request is posted
 * to the worker (structured clone), which answers it from the Placement
 * API's route table (InProcessPlacement) and posts the reply back. The
 * requests of one event-loop turn go in one message, and so do the replies
 * the worker has ready (see MessageBatcher): each message wakes the thread
 * that receives it, and a wake-up costs more than the message. Placement
 * keeps a core of its own; undici, fastify and the JSON text go. Every
 * request settles: once placement stops or the worker is gone, pending and
 * later ones reject with PlacementUnreachable, as a refused connection would.
 */
import type { Worker } from 'node:worker_threads';
import { adminContext, PlacementUnreachable } from '@novats/core';
import type { PlacementReply, PlacementRequest, PlacementRequester } from '@novats/drivers';
import { MessageBatcher } from './message-batcher.js';

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

/** The requests posted together. */
export interface WorkerPlacementBatch {
  readonly type: 'requests';
  readonly requests: readonly WorkerPlacementMessage[];
}

/** The worker's answer to one request: Placement's reply, or why it could not answer (it was stopping). */
export type WorkerPlacementAnswer =
  | { readonly type: 'reply'; readonly id: number; readonly reply: PlacementReply }
  | { readonly type: 'reply'; readonly id: number; readonly unreachable: string };

/** The answers posted together. */
export interface WorkerPlacementAnswers {
  readonly type: 'replies';
  readonly replies: readonly WorkerPlacementAnswer[];
}

interface Pending {
  readonly resolve: (reply: PlacementReply) => void;
  readonly reject: (err: Error) => void;
}

export class WorkerPlacementRequester implements PlacementRequester {
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  /** Why new requests are refused: the service stopping or the worker gone. */
  #refused: string | null = null;

  readonly #outbox: MessageBatcher<WorkerPlacementMessage>;

  constructor(worker: Worker) {
    this.#outbox = new MessageBatcher((requests) =>
      worker.postMessage({ type: 'requests', requests } satisfies WorkerPlacementBatch),
    );
    worker.on('message', (msg: { type: string } & Partial<WorkerPlacementAnswers>) => {
      if (msg.type !== 'replies') return;
      for (const answer of msg.replies!) this.#settle(answer);
    });
    worker.once('exit', () => this.#fail('placement worker exited'));
  }

  #settle(answer: WorkerPlacementAnswer): void {
    const pending = this.#pending.get(answer.id);
    if (!pending) return;
    this.#pending.delete(answer.id);
    if ('reply' in answer) pending.resolve(answer.reply);
    else pending.reject(new PlacementUnreachable(answer.unreachable));
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
      this.#outbox.add(msg);
    });
  }

  /**
   * Refuses new requests; those already posted are still answered (the
   * worker takes them before its stop message), or rejected when it exits.
   */
  stopTaking(): void {
    this.#refused ??= 'placement service stopped';
    // The requests taken so far go before the stop message that follows.
    this.#outbox.flush();
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
