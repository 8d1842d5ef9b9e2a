import { isNovaError, type RequestContext } from '@novats/core';
import {
  createTransport,
  InProcessBus,
  InProcessTransport,
  TransportNotAvailable,
  transportScheme,
} from '@novats/drivers';
import { describe, expect, it } from 'vitest';
import { describeTransportContract } from './transport.contract.js';

describeTransportContract('in-process (shared bus)', () => {
  const bus = new InProcessBus();
  return { connect: () => new InProcessTransport(bus) };
});

let urlCounter = 0;
describeTransportContract('in-process (createTransport by URL)', () => {
  const url = `inproc://contract-${++urlCounter}`;
  return { connect: () => createTransport(url) };
});

const ctx: RequestContext = { request_id: 'r', user_id: null, project_id: null, roles: [], is_admin: true };

describe('createTransport', () => {
  it('joins transports of the same URL and keeps other URLs apart', async () => {
    const a = createTransport('inproc://same');
    const b = createTransport('inproc://same');
    const other = createTransport('inproc://other');
    await a.listen({ topic: 't', server: 's' }, { ping: () => 'pong' });
    await expect(b.call(ctx, { topic: 't' }, 'ping', {})).resolves.toBe('pong');
    await expect(other.call(ctx, { topic: 't' }, 'ping', {}, { timeoutMs: 20 })).rejects.toMatchObject({
      name: 'MessagingTimeout',
    });
    await Promise.all([a.close(), b.close(), other.close()]);
  });

  it('uses the default reply timeout given to it (rpc_response_timeout)', async () => {
    const t = createTransport('', { defaultTimeoutMs: 20 });
    await expect(t.call(ctx, { topic: 'none' }, 'x', {})).rejects.toMatchObject({ name: 'MessagingTimeout' });
    await t.close();
  });

  it.each([
    { url: undefined, scheme: 'inproc' },
    { url: '', scheme: 'inproc' },
    { url: 'fake://', scheme: 'fake' },
    { url: 'rabbit://guest:guest@controller:5672/', scheme: 'rabbit' },
    { url: 'zmq://', scheme: 'zmq' },
  ])('reads the driver of $url', ({ url, scheme }) => {
    expect(transportScheme(url)).toBe(scheme);
  });

  it.each(['kafka://k:9092', 'amqp://guest:guest@controller'])('refuses %s clearly', (url) => {
    let error: unknown;
    try {
      createTransport(url);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TransportNotAvailable);
    expect((error as { code: string }).code).toBe('transport.driver_not_available');
  });

  it.each(['controller:5672', 'mqtt://x'])('rejects the invalid URL %s', (url) => {
    let error: unknown;
    try {
      createTransport(url);
    } catch (err) {
      error = err;
    }
    expect(isNovaError(error) && error.code).toBe('transport.invalid_url');
  });

  it('rejects a fanout call and args that cannot be copied', async () => {
    const t = createTransport('inproc://misuse');
    await expect(t.call(ctx, { topic: 't', fanout: true }, 'x', {})).rejects.toMatchObject({ status: 400 });
    await expect(t.cast(ctx, { topic: 't' }, 'x', { fn: () => 1 })).rejects.toThrow();
    await t.close();
  });

  it('reports failures of cast handlers to onCastError', async () => {
    const errors: string[] = [];
    const t = new InProcessTransport(new InProcessBus(), {
      onCastError: (m, e) => errors.push(`${m}:${(e as Error).message}`),
    });
    await t.listen({ topic: 't', server: 's' }, { bad: () => Promise.reject(new Error('nope')) });
    await t.cast(ctx, { topic: 't' }, 'bad', {});
    await new Promise((r) => setTimeout(r, 10));
    expect(errors).toEqual(['bad:nope']);
    await t.close();
  });
});
