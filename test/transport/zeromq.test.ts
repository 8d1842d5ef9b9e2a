/**
 * The ZeroMQ transport through an in-process `ZmqProxy`: the shared
 * contract, then what only a broker over sockets shows (URL parsing, an
 * absent proxy, garbage on the wire, dying listeners, a proxy restart).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { isNovaError, type Logger, type RequestContext } from '@novats/core';
import { openTransport } from '@novats/drivers';
import { parseZmqUrl, ZmqProxy, ZmqTransport, zmqFrames } from '@novats/drivers/zeromq';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Dealer } from 'zeromq';
import { ensureBuiltCli, freePort, startZmqProxy } from '../support/zmq-proxy.js';
import { describeTransportContract } from './transport.contract.js';

const { Cmd, header, commandOf, idOf, argOf } = zmqFrames;

/** A bare DEALER to a zmq:// address, reading one message at a time. */
function rawSocket(url: string) {
  const dealer = new Dealer({ linger: 0 });
  dealer.connect(parseZmqUrl(url).endpoint);
  return {
    send: (frames: (Buffer | string)[]) => dealer.send(frames),
    next: async () => (await dealer.receive()) as Buffer[],
    close: async () => dealer.close(),
  };
}

describeTransportContract('zeromq', async () => {
  const proxy = await startZmqProxy();
  return {
    connect: () => new ZmqTransport(proxy.url, { heartbeatIntervalMs: 100 }),
    cleanup: () => proxy.stop(),
  };
});

const ctx: RequestContext = { request_id: 'r', user_id: null, project_id: null, roles: [], is_admin: true };

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const add = (msg: string) => void lines.push(msg);
  return { lines, debug: add, info: add, warning: add, error: add };
}

/** A hand-driven listener speaking the wire protocol, to die without acking. */
async function rawListener(url: string, topic: string, server: string) {
  const dealer = new Dealer({ linger: 0 });
  dealer.connect(parseZmqUrl(url).endpoint);
  const beat = setInterval(() => void dealer.send([header(Cmd.PING, 0, 50)]).catch(() => {}), 50);
  await dealer.send([header(Cmd.PING, 0, 50)]);
  await dealer.send([header(Cmd.LISTEN, 7, 1), topic, server]);
  const inbox: Buffer[][] = [];
  const loop = (async () => {
    for await (const frames of dealer) inbox.push(frames);
  })().catch(() => {});
  await vi.waitFor(() =>
    expect(inbox.some((f) => commandOf(f[0]) === Cmd.RECEIPT && idOf(f[0]) === 7)).toBe(true),
  );
  return {
    delivered: () => inbox.filter((f) => commandOf(f[0]) === Cmd.DELIVER_CALL).length,
    /** Like SIGKILL: no ack, no BYE, no more heartbeats. */
    kill: async () => {
      clearInterval(beat);
      dealer.close();
      await loop;
    },
  };
}

/**
 * A listener in a process of its own (built drivers), answering `who` with its name, to be SIGKILLed:
 * no BYE, no more heartbeats, its socket gone.
 */
async function listenerProcess(url: string, topic: string, server: string, hangs: boolean) {
  const drivers = join(__dirname, '..', '..', 'packages', 'drivers', 'dist', 'zeromq.js');
  const script = `
    const { ZmqTransport } = await import(${JSON.stringify(drivers)});
    const t = new ZmqTransport(${JSON.stringify(url)}, { heartbeatIntervalMs: 50 });
    await t.listen({ topic: ${JSON.stringify(topic)}, server: ${JSON.stringify(server)} }, {
      who: () => { process.send('took'); return ${hangs} ? new Promise(() => {}) : ${JSON.stringify(server)}; },
    });
    process.send('ready');`;
  const child = spawn(process.execPath, ['--input-type=module', '--eval', script], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d;
  });
  const messages: unknown[] = [];
  child.on('message', (m) => void messages.push(m));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await vi.waitFor(() => expect(messages, stderr).toContain('ready'), { timeout: 10_000 });
  return {
    took: () => messages.filter((m) => m === 'took').length,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('ZeroMQ transport', () => {
  // NOTE(build): listenerProcess runs the built drivers; a rebuild may take a while on a busy machine.
  beforeAll(() => void ensureBuiltCli(), 300_000);
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const track = <T extends { close(): Promise<void> } | ZmqProxy>(thing: T): T => {
    cleanups.push(() => ('close' in thing ? thing.close() : thing.stop()));
    return thing;
  };

  it.each([
    { url: 'zmq://127.0.0.1', endpoint: 'tcp://127.0.0.1:9501' },
    { url: 'zmq://', endpoint: 'tcp://127.0.0.1:9501' },
    { url: 'zmq://controller:6000/', endpoint: 'tcp://controller:6000' },
    { url: 'ZMQ://[::1]:7000', endpoint: 'tcp://[::1]:7000' },
  ])('reads $url as $endpoint', ({ url, endpoint }) => {
    expect(parseZmqUrl(url).endpoint).toBe(endpoint);
  });

  it.each([
    'zmq://guest:guest@host',
    'zmq://h1:9501,h2:9501',
    'zmq://host:99999',
    'zmq://host:port',
    'zmq://host/vhost',
  ])('refuses the malformed %s with InvalidTransportURL', async (url) => {
    expect(() => parseZmqUrl(url)).toThrow(expect.objectContaining({ code: 'transport.invalid_url' }));
    await expect(openTransport(url)).rejects.toMatchObject({ code: 'transport.invalid_url' });
  });

  it('fails to open within 5 s with TransportUnreachable naming transport_url when no proxy answers', async () => {
    const url = `zmq://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const error = await openTransport(url).catch((err: unknown) => err);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(isNovaError(error) && error.code).toBe('transport.unreachable');
    expect((error as Error).name).toBe('TransportUnreachable');
    expect((error as Error).message).toContain(url);
  });

  it('opens through openTransport and calls across a proxy', async () => {
    const proxy = track(await startZmqProxy());
    const server = track(await openTransport(proxy.url));
    const client = track(await openTransport(proxy.url));
    await server.listen({ topic: 'compute', server: 'h1' }, { echo: (_c, a) => a });
    await expect(client.call(ctx, { topic: 'compute' }, 'echo', { bytes: 'é\u0000✓' })).resolves.toEqual({
      bytes: 'é\u0000✓',
    });
  });

  it('drops undecodable frames with a log line; proxy and listeners keep working', async () => {
    const proxyLog = recordingLog();
    const serverLog = recordingLog();
    const proxy = track(await startZmqProxy({ log: proxyLog }));
    const server = track(new ZmqTransport(proxy.url, { log: serverLog }));
    const client = track(new ZmqTransport(proxy.url));
    await server.listen({ topic: 'compute', server: 'h1' }, { ping: () => 'pong' });
    const vandal = new Dealer({ linger: 0 });
    cleanups.push(async () => vandal.close());
    vandal.connect(parseZmqUrl(proxy.url).endpoint);
    await vandal.send([Buffer.from([0xff])]);
    await vandal.send([header(Cmd.CALL, 1, 1000)]);
    await vandal.send([Buffer.alloc(0), 'x']);
    await vandal.send([header(Cmd.CAST, 1, 0), 'compute', '', 'ping', '{not json']);
    await vandal.send([header(Cmd.CALL, 2, 1000), 'compute', '', 'ping', Buffer.from([0xc3, 0x28])]);
    await vi.waitFor(() => expect(proxyLog.lines.filter((l) => /undecodable/.test(l))).toHaveLength(3));
    await vi.waitFor(() => expect(serverLog.lines.filter((l) => /undecodable/.test(l))).toHaveLength(2));
    await expect(client.call(ctx, { topic: 'compute' }, 'ping', {})).resolves.toBe('pong');
  });

  it('re-delivers a call held by a listener that died to another listener of the topic', async () => {
    const proxy = track(await startZmqProxy());
    const client = track(new ZmqTransport(proxy.url));
    const doomed = await rawListener(proxy.url, 'conductor', 'c1');
    const pending = client.call(ctx, { topic: 'conductor' }, 'who', {}, { timeoutMs: 5_000 });
    await vi.waitFor(() => expect(doomed.delivered()).toBe(1));
    const survivor = track(new ZmqTransport(proxy.url));
    await survivor.listen(
      { topic: 'conductor', server: 'c2' },
      { who: (_c, _a, delivery) => `c2${delivery.redelivered ? ' (redelivered)' : ''}` },
    );
    await doomed.kill();
    const started = Date.now();
    await expect(pending).resolves.toBe('c2 (redelivered)');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('leaves the caller with MessagingTimeout when the dead listener was the only one', async () => {
    const proxy = track(await startZmqProxy());
    const client = track(new ZmqTransport(proxy.url));
    const doomed = await rawListener(proxy.url, 'conductor', 'c1');
    const pending = client.call(ctx, { topic: 'conductor' }, 'who', {}, { timeoutMs: 600 });
    await vi.waitFor(() => expect(doomed.delivered()).toBe(1));
    await doomed.kill();
    await expect(pending).rejects.toMatchObject({ name: 'MessagingTimeout' });
  });

  it('hands over what a closing transport held to another listener at once', async () => {
    const proxy = track(await startZmqProxy());
    const client = track(new ZmqTransport(proxy.url));
    const leaving = new ZmqTransport(proxy.url);
    let took!: () => void;
    const taken = new Promise<void>((resolve) => {
      took = resolve;
    });
    await leaving.listen(
      { topic: 'compute', server: 'h1' },
      {
        who: () => {
          took();
          return new Promise(() => {});
        },
      },
    );
    const pending = client.call(ctx, { topic: 'compute' }, 'who', {}, { timeoutMs: 5_000 });
    await taken;
    const staying = track(new ZmqTransport(proxy.url));
    await staying.listen({ topic: 'compute', server: 'h2' }, { who: () => 'h2' });
    await leaving.close();
    await expect(pending).resolves.toBe('h2');
  });

  it('stop drains: new messages go to the other listener, running handlers finish and their replies go out', async () => {
    const proxy = track(await startZmqProxy());
    const client = track(new ZmqTransport(proxy.url));
    const stopping = track(new ZmqTransport(proxy.url));
    let took!: () => void;
    const taken = new Promise<void>((resolve) => {
      took = resolve;
    });
    let finish!: (value: string) => void;
    const listener = await stopping.listen(
      { topic: 'compute', server: 'h1' },
      {
        who: () => {
          took();
          return new Promise<string>((resolve) => {
            finish = resolve;
          });
        },
      },
    );
    const first = client.call(ctx, { topic: 'compute' }, 'who', {}, { timeoutMs: 5_000 });
    await taken;
    const other = track(new ZmqTransport(proxy.url));
    await other.listen({ topic: 'compute', server: 'h2' }, { who: () => 'h2' });
    let isStopped = false;
    const stopped = listener.stop().then(() => {
      isStopped = true;
    });
    // Whatever comes while h1 drains goes to h2, and stop waits for h1's running handler.
    await expect(client.call(ctx, { topic: 'compute' }, 'who', {}, { timeoutMs: 2_000 })).resolves.toBe('h2');
    await expect(client.call(ctx, { topic: 'compute' }, 'who', {}, { timeoutMs: 2_000 })).resolves.toBe('h2');
    expect(isStopped).toBe(false);
    finish('h1 (finished)');
    await stopped;
    await expect(first).resolves.toBe('h1 (finished)');
  });

  it('calls a listener directly once its route is resolved: calls go on while the proxy is down', async () => {
    const proxy = await startZmqProxy();
    const server = track(new ZmqTransport(proxy.url));
    const client = track(new ZmqTransport(proxy.url, { defaultTimeoutMs: 500 }));
    await server.listen({ topic: 'compute', server: 'h1' }, { echo: (_c, a) => a });
    await expect(client.call(ctx, { topic: 'compute' }, 'echo', 1)).resolves.toBe(1);
    await proxy.stop();
    await expect(client.call(ctx, { topic: 'compute' }, 'echo', 2, { timeoutMs: 2_000 })).resolves.toBe(2);
    // A cast still needs the proxy's receipt.
    await expect(client.cast(ctx, { topic: 'compute' }, 'echo', 3)).rejects.toBeDefined();
  });

  it('re-sends a direct call held by a listener process that was killed to another listener, marked redelivered', async () => {
    const proxy = track(await startZmqProxy());
    const client = track(new ZmqTransport(proxy.url, { heartbeatIntervalMs: 50 }));
    const doomed = await listenerProcess(proxy.url, 'conductor', 'c1', true);
    const pending = client.call(ctx, { topic: 'conductor' }, 'who', {}, { timeoutMs: 8_000 });
    await vi.waitFor(() => expect(doomed.took()).toBe(1), { timeout: 5_000 });
    const survivor = track(new ZmqTransport(proxy.url, { heartbeatIntervalMs: 50 }));
    await survivor.listen(
      { topic: 'conductor', server: 'c2' },
      { who: (_c, _a, delivery) => `c2${delivery.redelivered ? ' (redelivered)' : ''}` },
    );
    await doomed.kill();
    await expect(pending).resolves.toBe('c2 (redelivered)');
    // And the dead one is no longer picked.
    for (let i = 0; i < 3; i++)
      await expect(client.call(ctx, { topic: 'conductor' }, 'who', {}, { timeoutMs: 1_000 })).resolves.toBe(
        'c2',
      );
  });

  it('leaves the caller with MessagingTimeout, never a hang, when the killed listener process was the only one', async () => {
    const proxy = track(await startZmqProxy());
    const client = track(new ZmqTransport(proxy.url, { heartbeatIntervalMs: 50 }));
    const doomed = await listenerProcess(proxy.url, 'conductor', 'c1', true);
    const pending = client.call(ctx, { topic: 'conductor' }, 'who', {}, { timeoutMs: 1_500 });
    await vi.waitFor(() => expect(doomed.took()).toBe(1), { timeout: 5_000 });
    await doomed.kill();
    await expect(pending).rejects.toMatchObject({ name: 'MessagingTimeout' });
  });

  it('on the wire: the proxy lists direct listeners, which answer a CALL and bounce it once stopped', async () => {
    const proxy = track(await startZmqProxy());
    const server = track(new ZmqTransport(proxy.url));
    const listener = await server.listen({ topic: 'conductor', server: 'c1' }, { who: () => 'c1' });
    const ask = track(rawSocket(proxy.url));
    await ask.send([header(Cmd.RESOLVE, 5), 'conductor', '']);
    const [head, topic, , list] = await ask.next();
    expect([commandOf(head), idOf(head), topic.toString()]).toEqual([Cmd.DIRECTORY, 5, 'conductor']);
    const [[endpoint, listenerId]] = JSON.parse(list.toString()) as [string, number][];
    expect(endpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    const caller = track(rawSocket(`zmq://${endpoint.slice('tcp://'.length)}`));
    await caller.send([header(Cmd.CALL, 41, listenerId), 'who', JSON.stringify([ctx, {}])]);
    const [reply, body] = await caller.next();
    expect([commandOf(reply), idOf(reply), argOf(reply), body.toString()]).toEqual([
      Cmd.REPLY,
      41,
      1,
      '"c1"',
    ]);
    await listener.stop();
    // The proxy pushes the now empty list to whoever resolved the route...
    const [pushed, , , empty] = await ask.next();
    expect([commandOf(pushed), idOf(pushed), empty.toString()]).toEqual([Cmd.DIRECTORY, 0, '[]']);
    // ...and a caller still sending there on an older list gets the call back.
    await caller.send([header(Cmd.CALL, 42, listenerId), 'who', JSON.stringify([ctx, {}])]);
    const [bounced] = await caller.next();
    expect([commandOf(bounced), idOf(bounced)]).toEqual([Cmd.BOUNCE, 42]);
  });

  it('keeps a cast nobody listens to yet, like a queue, and delivers it to the first listener', async () => {
    const proxy = track(await startZmqProxy());
    const client = track(new ZmqTransport(proxy.url));
    await client.cast(ctx, { topic: 'compute', server: 'late' }, 'build', { uuid: 'i1' });
    expect(proxy.backlogSize).toBe(1);
    const seen: unknown[] = [];
    const server = track(new ZmqTransport(proxy.url));
    await server.listen({ topic: 'compute', server: 'late' }, { build: (_c, a) => void seen.push(a) });
    await vi.waitFor(() => expect(seen).toEqual([{ uuid: 'i1' }]));
    expect(proxy.backlogSize).toBe(0);
  });

  it('resumes after a proxy restart: listeners register again and new calls work', async () => {
    const first = await startZmqProxy();
    const port = first.port;
    const log = recordingLog();
    const server = track(new ZmqTransport(first.url, { heartbeatIntervalMs: 50, log }));
    const client = track(new ZmqTransport(first.url, { heartbeatIntervalMs: 50 }));
    await server.listen({ topic: 'compute', server: 'h1' }, { ping: () => 'pong' });
    await expect(client.call(ctx, { topic: 'compute' }, 'ping', {})).resolves.toBe('pong');
    await first.stop();
    await vi.waitFor(() => expect(log.lines.some((l) => /Lost the zmq-proxy/.test(l))).toBe(true));
    const second = track(new ZmqProxy({ host: '127.0.0.1', port }));
    await second.start();
    await vi.waitFor(() => expect(log.lines.some((l) => /Reconnected/.test(l))).toBe(true), {
      timeout: 3_000,
    });
    await vi.waitFor(
      () =>
        expect(client.call(ctx, { topic: 'compute' }, 'ping', {}, { timeoutMs: 200 })).resolves.toBe('pong'),
      { timeout: 3_000 },
    );
  });
});
