import { adminContext } from '@novats/core';
import { describe, expect, it } from 'vitest';
import type { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import { withActionEvent } from './instance-action-runner.js';

/** A conductor whose event start answers when `release()` is called, or fails with `startError`. */
function harness(startError?: Error) {
  const log: string[] = [];
  let release = () => {};
  const conductor = {
    actionEventStart(_ctx: unknown, _uuid: string, e: { event: string }) {
      log.push(`start sent ${e.event}`);
      return new Promise<void>((resolve, reject) => {
        release = () => {
          log.push('start recorded');
          if (startError) reject(startError);
          else resolve();
        };
      });
    },
    async actionEventFinish(_ctx: unknown, _uuid: string, e: { event: string; result: string }) {
      log.push(`finish ${e.event} ${e.result}`);
    },
  } as unknown as ConductorRpcApi;
  const deps = { host: 'h1', conductor, clock: { now: () => 0 } } as never;
  return { deps, log, release: () => release() };
}

describe('withActionEvent', () => {
  it('starts the work while the start is recorded, and finishes only after the start', async () => {
    const h = harness();
    const done = withActionEvent(h.deps, adminContext('req-1'), 'u1', 'compute_x', async () => {
      h.log.push('work');
      return 42;
    });
    await new Promise((r) => setImmediate(r));
    expect(h.log).toEqual(['start sent compute_x', 'work']);
    h.release();
    expect(await done).toBe(42);
    expect(h.log).toEqual(['start sent compute_x', 'work', 'start recorded', 'finish compute_x Success']);
  });

  it('a start that fails while the work runs fails the call after the work, with no unhandled rejection', async () => {
    const h = harness(new Error('conductor gone'));
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    try {
      const done = withActionEvent(h.deps, adminContext('req-1'), 'u1', 'compute_x', async () => {
        h.release();
        await new Promise((r) => setTimeout(r, 5));
        h.log.push('work');
      });
      await expect(done).rejects.toThrow('conductor gone');
      await new Promise((r) => setTimeout(r, 5));
      expect(unhandled).toEqual([]);
      expect(h.log).toEqual(['start sent compute_x', 'start recorded', 'work', 'finish compute_x Error']);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a failed work finishes the event with Error after the start, and rethrows', async () => {
    const h = harness();
    const done = withActionEvent(h.deps, adminContext('req-1'), 'u1', 'compute_x', async () => {
      throw new Error('hypervisor said no');
    });
    await new Promise((r) => setImmediate(r));
    h.release();
    await expect(done).rejects.toThrow('hypervisor said no');
    expect(h.log).toEqual(['start sent compute_x', 'start recorded', 'finish compute_x Error']);
  });
});
