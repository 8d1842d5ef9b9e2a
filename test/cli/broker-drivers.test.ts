import { openTransport } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBrokerDrivers } from '../../packages/cli/src/broker-drivers.js';
import { createRabbitVhost, deleteRabbitVhost, type RabbitVhost } from '../support/rabbitmq.js';
import { startZmqProxy } from '../support/zmq-proxy.js';

let vhost: RabbitVhost;
beforeAll(async () => {
  vhost = await createRabbitVhost('novats_cli');
  registerBrokerDrivers();
});
afterAll(() => deleteRabbitVhost(vhost));

/** One call to a listener of the same transport; its reply. */
async function pingThrough(url: string): Promise<unknown> {
  const transport = await openTransport(url, { defaultTimeoutMs: 5000 });
  try {
    const listener = await transport.listen(
      { topic: 'cli-check', server: 'h1' },
      { ping: (_ctx, args) => ({ pong: args }) },
    );
    const reply = await transport.call({} as never, { topic: 'cli-check' }, 'ping', { n: 1 });
    await listener.stop();
    return reply;
  } finally {
    await transport.close();
  }
}

describe('the CLI’s broker drivers', () => {
  it('open rabbit:// with the amqplib the CLI depends on', async () => {
    expect(await pingThrough(vhost.url)).toEqual({ pong: { n: 1 } });
  });

  it('open zmq:// with the zeromq the CLI depends on', async () => {
    const proxy = await startZmqProxy();
    try {
      expect(await pingThrough(proxy.url)).toEqual({ pong: { n: 1 } });
    } finally {
      await proxy.stop();
    }
  });
});
