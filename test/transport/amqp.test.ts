/**
 * The RabbitMQ transport against the machine's broker: the shared contract
 * suite (one fresh vhost per test), then AMQP specifics: URL parsing, a fast
 * typed failure on an unreachable broker, oslo's exchange/queue layout,
 * undecodable messages dropped, and redelivery when a consumer dies unacked.
 */
import type { RequestContext, Transport } from '@novats/core';
import { isNovaError } from '@novats/core';
import { AmqpTransport, openTransport, parseRabbitUrl, redactTransportUrl } from '@novats/drivers';
import { connect as amqpConnect } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRabbitVhosts, deleteRabbitVhosts, type RabbitVhost } from '../support/rabbitmq.js';
import { describeTransportContract } from './transport.contract.js';

const ctx: RequestContext = { request_id: 'req-amqp', user_id: 'u', project_id: 'p', roles: [], is_admin: false };

// NOTE(speed): one `rabbitmqctl eval` creates every vhost of the file; each test gets its own.
const vhosts: RabbitVhost[] = [];
let pool: Promise<RabbitVhost[]> | undefined;
async function freshVhost(): Promise<RabbitVhost> {
  pool ??= createRabbitVhosts(24).then((list) => {
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
