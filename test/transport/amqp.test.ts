/**
 * The RabbitMQ transport against the machine's broker: the shared contract
 * suite (one fresh vhost per test), then AMQP specifics: URL parsing, a fast
 * typed failure on an unreachable broker, oslo's exchange/queue layout,
 * undecodable messages dropped, and redelivery when a consumer dies unacked.
 */
import type { Socket } from 'node:net';
import type { RequestContext, Transport } from '@novats/core';
import { isNovaError } from '@novats/core';
import { openTransport } from '@novats/drivers';
import { type AmqpClientLibrary, AmqpTransport } from '@novats/drivers/amqp';
import * as amqplib from 'amqplib';
import { connect as amqpConnect, type Channel, type ChannelModel, type Message } from 'amqplib';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { coalesceWrites } from '../../packages/drivers/src/transport/amqp/amqp-write-coalescing.js';
import {
  createRabbitVhosts,
  deleteRabbitVhosts,
  type RabbitVhost,
  rabbitmqctl,
} from '../support/rabbitmq.js';
import { describeTransportContract } from './transport.contract.js';

const ctx: RequestContext = {
  request_id: 'req-amqp',
  user_id: 'u',
  project_id: 'p',
  roles: [],
  is_admin: false,
};

// NOTE(speed): one `rabbitmqctl eval` creates every vhost of the file; each test gets its own.
const vhosts: RabbitVhost[] = [];
let pool: Promise<RabbitVhost[]> | undefined;
async function freshVhost(): Promise<RabbitVhost> {
  pool ??= createRabbitVhosts(26).then((list) => {
    vhosts.push(...list);
    return [...list];
  });
  const free = await pool;
  const vhost = free.shift();
  if (!vhost) throw new Error('the vhost pool of amqp.test.ts is exhausted; raise its size');
  return vhost;
}

afterAll(async () => {
  await deleteRabbitVhosts(vhosts);
});

describeTransportContract('rabbit', async () => {
  const vhost = await freshVhost();
  return { connect: () => openTransport(vhost.url, { defaultTimeoutMs: 5_000 }) };
});

describe('AmqpTransport on RabbitMQ', () => {
  const opened: Transport[] = [];
  const connections: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const t of opened.splice(0)) await t.close();
    for (const c of connections.splice(0)) await c.close().catch(() => {});
  });

  const open = async (url: string, logs: string[] = []) => {
    const record = (level: string) => (msg: string) => void logs.push(`${level}: ${msg}`);
    const t = await openTransport(url, {
      defaultTimeoutMs: 5_000,
      log: {
        debug: record('debug'),
        info: record('info'),
        warning: record('warning'),
        error: record('error'),
      },
    });
    opened.push(t);
    return t;
  };
  const raw = async (vhost: RabbitVhost) => {
    const connection = await amqpConnect(vhost.amqpUrl);
    connections.push(connection);
    return connection.createChannel();
  };

  it('fails fast with TransportUnreachable naming transport_url and the hosts tried', async () => {
    const started = Date.now();
    const error = await openTransport('rabbit://guest:secret@127.0.0.1:1,guest:secret@127.0.0.1:2/').catch(
      (err: unknown) => err,
    );
    expect(Date.now() - started).toBeLessThan(5_500);
    expect(isNovaError(error) && error.code).toBe('transport.unreachable');
    const message = (error as Error).message;
    expect(message).toContain('transport_url rabbit://guest:***@127.0.0.1:1,guest:***@127.0.0.1:2/');
    expect(message).toContain('127.0.0.1:1, 127.0.0.1:2');
    expect(message).not.toContain('secret');
  });

  it('gives up on a host that never answers within connection_timeout', async () => {
    const started = Date.now();
    // NOTE(blackhole): a TEST-NET-1 address (RFC 5737) that routes nowhere.
    const error = await openTransport('rabbit://guest:guest@192.0.2.1:5672/', {
      rabbit: { connection_timeout: 1 },
    }).catch((err: unknown) => err);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toMatchObject({ code: 'transport.unreachable' });
  });

  it('fails over to the next host of the URL', async () => {
    const vhost = await freshVhost();
    const url = `rabbit://guest:guest@127.0.0.1:1,guest:guest@127.0.0.1:5672/${vhost.name}`;
    const t = await open(url);
    await t.listen({ topic: 'compute', server: 'h' }, { ping: () => 'pong' });
    await expect(t.call(ctx, { topic: 'compute' }, 'ping', {})).resolves.toBe('pong');
  });

  it("declares oslo's layout: topic exchange, durable topic and direct queues, fanout exchange, reply queue", async () => {
    const vhost = await freshVhost();
    const t = await open(vhost.url);
    await t.listen({ topic: 'compute', server: 'host1' }, {});
    const ch = await raw(vhost);
    await expect(ch.checkExchange('nova')).resolves.toBeDefined();
    await expect(ch.checkExchange('compute_fanout')).resolves.toBeDefined();
    await expect(ch.checkQueue('compute')).resolves.toMatchObject({ queue: 'compute', consumerCount: 1 });
    await expect(ch.checkQueue('compute.host1')).resolves.toMatchObject({ consumerCount: 1 });
    const replyQueue = (t as AmqpTransport).replyQueue;
    expect(replyQueue).toMatch(/^reply_[0-9a-f]{32}$/);
    await expect(ch.checkQueue(replyQueue)).resolves.toMatchObject({ consumerCount: 1 });
    // Re-declaring with durable: true would fail (PRECONDITION_FAILED) if they were not durable.
    await expect(ch.assertQueue('compute', { durable: true })).resolves.toBeDefined();
    await expect(ch.assertQueue('compute.host1', { durable: true })).resolves.toBeDefined();
    await expect(ch.assertExchange('nova', 'topic', { durable: true })).resolves.toBeDefined();
  });

  it('logs and drops undecodable messages, and keeps consuming', async () => {
    const vhost = await freshVhost();
    const logs: string[] = [];
    const t = await open(vhost.url, logs);
    await t.listen({ topic: 'compute', server: 'host1' }, { ping: () => 'pong' });
    const ch = await raw(vhost);
    ch.publish('nova', 'compute', Buffer.from('{not json'));
    ch.publish(
      'nova',
      'compute',
      Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': '{"args":{}}' })),
    );
    ch.sendToQueue('compute.host1', Buffer.from('[1,2]'));
    await vi.waitFor(() => expect(logs.filter((l) => l.includes('undecodable'))).toHaveLength(3));
    await expect(t.call(ctx, { topic: 'compute' }, 'ping', {})).resolves.toBe('pong');
    // Dropped means acked: nothing waits for redelivery.
    await expect(ch.checkQueue('compute')).resolves.toMatchObject({ messageCount: 0 });
  });

  it('redelivers to another consumer a cast whose first consumer died before acking', async () => {
    const vhost = await freshVhost();
    const [client, first, second] = [await open(vhost.url), await open(vhost.url), await open(vhost.url)];
    let taken!: () => void;
    const tookIt = new Promise<void>((resolve) => {
      taken = resolve;
    });
    await first.listen(
      { topic: 'conductor', server: 'c1' },
      {
        work: () => {
          taken();
          return new Promise(() => {});
        },
      },
    );
    await client.cast(ctx, { topic: 'conductor' }, 'work', { n: 1 });
    await tookIt;
    const received: { n: number; redelivered: boolean }[] = [];
    await second.listen(
      { topic: 'conductor', server: 'c2' },
      {
        work: (_c, a: { n: number }, d?: { redelivered: boolean }) =>
          void received.push({ ...a, redelivered: !!d?.redelivered }),
      },
    );
    expect(received).toEqual([]);
    await first.close(); // dies with the message unacked
    await vi.waitFor(() => expect(received).toEqual([{ n: 1, redelivered: true }]));
  });

  it('rejects a cast with MessageDeliveryFailure when no connection comes back in publish_timeout', async () => {
    const vhost = await freshVhost();
    const t = await openTransport(vhost.url, { rabbit: { publish_timeout: 0.3, rabbit_retry_interval: 10 } });
    opened.push(t);
    // Cut the connection from the broker side; the transport waits for a reconnection that is 10 s away.
    await rabbitmqctlCloseConnections(vhost);
    const started = Date.now();
    const error = await t.cast(ctx, { topic: 'compute' }, 'x', {}).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'transport.delivery_failure' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('sends casts with publisher confirms, calls and replies without, and a reply before its ack', async () => {
    const vhost = await freshVhost();
    const { library, sent } = recordingAmqplib();
    const t = await AmqpTransport.open(vhost.url, { defaultTimeoutMs: 5_000 }, library);
    opened.push(t);
    await t.listen({ topic: 'compute', server: 'host1' }, { ping: () => 'pong', work: () => {} });
    await expect(t.call(ctx, { topic: 'compute' }, 'ping', {})).resolves.toBe('pong');
    await t.cast(ctx, { topic: 'compute' }, 'work', {});
    await vi.waitFor(() => expect(sent.filter((s) => s.what === 'ack')).toHaveLength(2));
    const [call, reply, callAck, cast, castAck] = sent;
    expect(call).toMatchObject({ what: 'publish', to: 'nova/compute', confirms: false });
    expect(reply).toMatchObject({ what: 'publish', to: `/${t.replyQueue}`, confirms: false });
    expect(callAck).toMatchObject({ what: 'ack', channel: reply.channel });
    expect(cast).toMatchObject({ what: 'publish', to: 'nova/compute', confirms: true });
    expect(castAck).toMatchObject({ what: 'ack', channel: reply.channel });
    expect(sent).toHaveLength(5);
  });

  it("writes the frames of one tick in one system call on amqplib's socket", async () => {
    const vhost = await freshVhost();
    const connection = await amqpConnect(vhost.amqpUrl);
    connections.push(connection);
    expect(coalesceWrites(connection)).toBe(true);
    const ch = await connection.createChannel();
    await ch.assertQueue('burst', { durable: false });
    const socket = (connection.connection as unknown as { stream: Socket }).stream;
    // NOTE(spy): what the socket hands the kernel: _write for one chunk, _writev for several at once.
    const flushes: number[] = [];
    const write = socket._write.bind(socket);
    const writev = socket._writev?.bind(socket);
    socket._write = (chunk, encoding, callback) => {
      flushes.push(1);
      write(chunk, encoding, callback);
    };
    socket._writev = (chunks, callback) => {
      flushes.push(chunks.length);
      writev?.(chunks, callback);
    };
    for (let i = 0; i < 10; i += 1) ch.sendToQueue('burst', Buffer.from(`m${i}`));
    await vi.waitFor(() => expect(flushes).toEqual([10]));
    await vi.waitFor(async () => expect(await ch.checkQueue('burst')).toMatchObject({ messageCount: 10 }));
  });
});

interface Sent {
  readonly what: 'publish' | 'ack';
  readonly channel: number;
  readonly to?: string;
  readonly confirms?: boolean;
}

/** amqplib whose channels record, in order, what the transport publishes and acks on them. */
function recordingAmqplib(): { library: AmqpClientLibrary; sent: Sent[] } {
  const sent: Sent[] = [];
  let channels = 0;
  const record = <C extends Channel>(ch: C, confirms: boolean): C => {
    const channel = ++channels;
    const publish = ch.publish.bind(ch);
    const ack = ch.ack.bind(ch);
    ch.publish = (exchange: string, routingKey: string, ...rest: unknown[]) => {
      sent.push({ what: 'publish', channel, to: `${exchange}/${routingKey}`, confirms });
      return (publish as (...args: unknown[]) => boolean)(exchange, routingKey, ...rest);
    };
    ch.ack = (message: Message, allUpTo?: boolean) => {
      sent.push({ what: 'ack', channel });
      ack(message, allUpTo);
    };
    return ch;
  };
  const connect = async (...args: Parameters<typeof amqplib.connect>): Promise<ChannelModel> => {
    const model = await amqplib.connect(...args);
    const plain = model.createChannel.bind(model);
    const confirming = model.createConfirmChannel.bind(model);
    model.createChannel = async (options) => record(await plain(options), false);
    model.createConfirmChannel = async (options) => record(await confirming(options), true);
    return model;
  };
  return { library: { connect } as AmqpClientLibrary, sent };
}

async function rabbitmqctlCloseConnections(vhost: RabbitVhost): Promise<void> {
  await rabbitmqctl(['close_all_connections', '-p', vhost.name, 'test cut']);
  // NOTE(async): the client learns about the close on its socket a moment later.
  await new Promise((r) => setTimeout(r, 300));
}
