import type { RequestContext, RpcEndpoint } from '@novats/core';
import { InProcessBus, InProcessTransport } from '@novats/drivers';
import { describe, expect, it } from 'vitest';
import { IdleTrackingTransport } from './idle-tracking-transport.js';

const ctx = { request_id: 'req-1' } as unknown as RequestContext;

describe('IdleTrackingTransport', () => {
  it('resolves idle() only once every running handler, and the calls it made, have settled', async () => {
    const transport = new IdleTrackingTransport(new InProcessTransport(new InProcessBus()));
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const endpoint: RpcEndpoint = {
      slow: async () => {
        await gate;
        // Work in flight may call a peer, as a live migration's source calls its destination.
        await transport.call(ctx, { topic: 'work', server: 'h1' }, 'fast', {});
        events.push('slow done');
      },
      fast: async () => {
        await new Promise((r) => setTimeout(r, 20));
        events.push('fast done');
      },
      fails: async () => {
        throw new Error('boom');
      },
    };
    await transport.listen({ topic: 'work', server: 'h1' }, endpoint);
    await transport.cast(ctx, { topic: 'work', server: 'h1' }, 'slow', {});
    await expect(transport.call(ctx, { topic: 'work', server: 'h1' }, 'fails', {})).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 10));
    const idle = transport.idle().then(() => events.push('idle'));
    await new Promise((r) => setTimeout(r, 30));
    expect(events).toEqual([]);
    release();
    await idle;
    expect(events).toEqual(['fast done', 'slow done', 'idle']);
    await transport.close();
  });
});
