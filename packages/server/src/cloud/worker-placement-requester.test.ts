import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { adminContext, PlacementUnreachable } from '@novats/core';
import { describe, expect, it } from 'vitest';
import {
  requestOf,
  type WorkerPlacementAnswer,
  type WorkerPlacementBatch,
  type WorkerPlacementMessage,
  WorkerPlacementRequester,
} from './worker-placement-requester.js';

/** A worker that keeps what it was sent and answers when told, in any order. */
class FakeWorker extends EventEmitter {
  /** The messages posted, each a batch of requests. */
  readonly posts: WorkerPlacementBatch[] = [];
  get sent(): WorkerPlacementMessage[] {
    return this.posts.flatMap((p) => p.requests);
  }
  postMessage(msg: WorkerPlacementBatch): void {
    this.posts.push(msg);
  }
  reply(...replies: WorkerPlacementAnswer[]): void {
    this.emit('message', { type: 'replies', replies });
  }
  answer(msg: WorkerPlacementMessage, status: number): void {
    this.reply({ type: 'reply', id: msg.id, reply: { status, body: { path: msg.path } } });
  }
}

/** Lets the setImmediate that posts a turn's requests run. */
const nextTurn = () => new Promise((r) => setImmediate(r));

const ctx = { ...adminContext('req-1'), global_request_id: 'req-global' };

describe('WorkerPlacementRequester', () => {
  it('matches replies to their requests by id, whatever the order', async () => {
    const worker = new FakeWorker();
    const requester = new WorkerPlacementRequester(worker as unknown as Worker);
    const a = requester.request({ ctx, method: 'GET', path: '/a', microversion: '1.36' });
    const b = requester.request({ ctx, method: 'PUT', path: '/b', body: { x: 1 }, microversion: '1.36' });
    expect(worker.posts).toHaveLength(0);
    await nextTurn();
    // Both requests of the turn went in one message.
    expect(worker.posts).toHaveLength(1);
    const [ma, mb] = worker.sent;
    expect(mb).toMatchObject({ method: 'PUT', path: '/b', body: { x: 1 }, requestId: 'req-global' });
    worker.emit('message', { type: 'listening', url: 'http://x' });
    worker.answer(mb!, 204);
    worker.answer(ma!, 200);
    expect(await a).toEqual({ status: 200, body: { path: '/a' } });
    expect(await b).toEqual({ status: 204, body: { path: '/b' } });
    expect(requestOf(mb!)).toMatchObject({ method: 'PUT', path: '/b', microversion: '1.36' });
    expect(requestOf(mb!).ctx.request_id).toBe('req-global');
  });

  it('rejects pending and later requests with PlacementUnreachable once the worker is gone', async () => {
    const worker = new FakeWorker();
    const requester = new WorkerPlacementRequester(worker as unknown as Worker);
    const pending = requester.request({ ctx, method: 'GET', path: '/a', microversion: '1.36' });
    await nextTurn();
    worker.emit('exit', 1);
    await expect(pending).rejects.toBeInstanceOf(PlacementUnreachable);
    await expect(
      requester.request({ ctx, method: 'GET', path: '/b', microversion: '1.36' }),
    ).rejects.toMatchObject({ code: 'nova.placement_unreachable', status: 503 });
    expect(worker.sent).toHaveLength(1);
  });

  it('once stopping, refuses new requests but still takes the answers to those already posted', async () => {
    const worker = new FakeWorker();
    const requester = new WorkerPlacementRequester(worker as unknown as Worker);
    const posted = requester.request({ ctx, method: 'GET', path: '/a', microversion: '1.36' });
    const refusedByWorker = requester.request({ ctx, method: 'GET', path: '/b', microversion: '1.36' });
    requester.stopTaking();
    // Stopping posts the requests taken so far at once, ahead of the stop message.
    expect(worker.sent).toHaveLength(2);
    await expect(
      requester.request({ ctx, method: 'GET', path: '/c', microversion: '1.36' }),
    ).rejects.toBeInstanceOf(PlacementUnreachable);
    worker.reply(
      { type: 'reply', id: worker.sent[0]!.id, reply: { status: 200, body: { path: '/a' } } },
      { type: 'reply', id: worker.sent[1]!.id, unreachable: 'placement service stopped' },
    );
    expect(await posted).toEqual({ status: 200, body: { path: '/a' } });
    await expect(refusedByWorker).rejects.toThrow('placement service stopped');
    expect(worker.sent).toHaveLength(2);
  });
});
