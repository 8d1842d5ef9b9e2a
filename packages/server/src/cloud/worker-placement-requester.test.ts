import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { adminContext, PlacementUnreachable } from '@novats/core';
import { describe, expect, it } from 'vitest';
import {
  requestOf,
  type WorkerPlacementMessage,
  WorkerPlacementRequester,
} from './worker-placement-requester.js';

/** A worker that keeps what it was sent and answers when told, in any order. */
class FakeWorker extends EventEmitter {
  readonly sent: WorkerPlacementMessage[] = [];
  postMessage(msg: WorkerPlacementMessage): void {
    this.sent.push(msg);
  }
  answer(msg: WorkerPlacementMessage, status: number): void {
    this.emit('message', { type: 'reply', id: msg.id, reply: { status, body: { path: msg.path } } });
  }
}

const ctx = { ...adminContext('req-1'), global_request_id: 'req-global' };

describe('WorkerPlacementRequester', () => {
  it('matches replies to their requests by id, whatever the order', async () => {
    const worker = new FakeWorker();
    const requester = new WorkerPlacementRequester(worker as unknown as Worker);
    const a = requester.request({ ctx, method: 'GET', path: '/a', microversion: '1.36' });
    const b = requester.request({ ctx, method: 'PUT', path: '/b', body: { x: 1 }, microversion: '1.36' });
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
    await expect(
      requester.request({ ctx, method: 'GET', path: '/c', microversion: '1.36' }),
    ).rejects.toBeInstanceOf(PlacementUnreachable);
    worker.answer(worker.sent[0]!, 200);
    worker.emit('message', {
      type: 'reply',
      id: worker.sent[1]!.id,
      unreachable: 'placement service stopped',
    });
    expect(await posted).toEqual({ status: 200, body: { path: '/a' } });
    await expect(refusedByWorker).rejects.toThrow('placement service stopped');
    expect(worker.sent).toHaveLength(2);
  });
});
