import { openTransport } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRabbitVhost, deleteRabbitVhost, type RabbitVhost } from '../../../test/support/rabbitmq.js';
import { registerBrokerDrivers } from './broker-drivers.js';

let vhost: RabbitVhost;
beforeAll(async () => {
  vhost = await createRabbitVhost('novats_cli');
});
afterAll(() => deleteRabbitVhost(vhost));

describe('the CLI’s broker drivers', () => {
  it('open rabbit:// with the amqplib the CLI depends on, and a call gets its reply', async () => {
    registerBrokerDrivers();
    const transport = await openTransport(vhost.url, { defaultTimeoutMs: 5000 });
    try {
      const listener = await transport.listen(
        { topic: 'cli-check', server: 'h1' },
        { ping: (_ctx, args) => ({ pong: args }) },
      );
      expect(await transport.call({} as never, { topic: 'cli-check' }, 'ping', { n: 1 })).toEqual({
        pong: { n: 1 },
      });
      await listener.stop();
    } finally {
      await transport.close();
    }
  });
});
