#!/usr/bin/env node
// RPC transport benchmark over the built @novats/drivers (packages/drivers/dist),
// for any transport_url (rabbit://, inproc://, zmq:// once registered):
//   (a) call round trip: median / p99 / mean over sequential calls after warm-up;
//   (b) casts/s, each confirmed by the bus (publisher confirms on RabbitMQ),
//       sent one at a time and with a window of in-flight casts; the rate
//       counts until the listener has handled every cast.
// Build first: node scripts/bootstrap.mjs
//   node bench/rpc-transport.bench.mjs --url rabbit://guest:guest@127.0.0.1:5672/ [--calls 5000] [--casts 5000]
import { parseArgs } from 'node:util';
import { parseRabbitUrl } from '../packages/drivers/dist/amqp.js';
import { openTransport } from '../packages/drivers/dist/index.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'inproc://bench' },
    calls: { type: 'string', default: '5000' },
    warmup: { type: 'string', default: '500' },
    casts: { type: 'string', default: '5000' },
    window: { type: 'string', default: '64' },
  },
});
const CALLS = Number(values.calls);
const WARMUP = Number(values.warmup);
const CASTS = Number(values.casts);
const WINDOW = Number(values.window);
const ctx = { request_id: 'req-bench', user_id: 'u', project_id: 'p', roles: ['member'], is_admin: false };
const topic = `bench_${process.pid}`;
const target = { topic };
const args = {
  instance_uuid: '3f1c0c4e-9d6b-4a5e-8b61-6f3a9a2c1d00',
  host: 'compute1',
  flavor: { vcpus: 2, ram: 2048 },
};

const server = await openTransport(values.url, { defaultTimeoutMs: 10_000 });
const client = await openTransport(values.url, { defaultTimeoutMs: 10_000 });
let handled = 0;
let waiter;
await server.listen(
  { topic, server: 'b1' },
  {
    ping: (_c, a) => a,
    work: () => {
      handled += 1;
      if (waiter && handled >= waiter.until) waiter.resolve();
    },
  },
);
const allHandled = (until) =>
  handled >= until
    ? Promise.resolve()
    : new Promise((resolve) => {
        waiter = { until, resolve };
      });

for (let i = 0; i < WARMUP; i++) await client.call(ctx, target, 'ping', args);
const samples = new Float64Array(CALLS);
for (let i = 0; i < CALLS; i++) {
  const t0 = process.hrtime.bigint();
  await client.call(ctx, target, 'ping', args);
  samples[i] = Number(process.hrtime.bigint() - t0) / 1e6;
}
samples.sort();
const pick = (q) => samples[Math.min(CALLS - 1, Math.floor(q * CALLS))];
const mean = samples.reduce((a, b) => a + b, 0) / CALLS;

async function castRate(window) {
  const before = handled;
  const t0 = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < CASTS) {
      next += 1;
      await client.cast(ctx, target, 'work', args);
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  await allHandled(before + CASTS);
  return CASTS / (Number(process.hrtime.bigint() - t0) / 1e9);
}
const sequential = await castRate(1);
const windowed = await castRate(WINDOW);

await client.close();
await server.close();
await dropBenchQueues();

const row = (label, value) => console.log(`| ${label.padEnd(38)} | ${value.padStart(10)} |`);
console.log(`transport_url ${values.url.replace(/:([^:@/]*)@/g, ':***@')}`);
row('measure', 'value');
console.log(`|${'-'.repeat(40)}|${'-'.repeat(11)}:|`);
row('call round trip median (ms)', pick(0.5).toFixed(3));
row('call round trip p99 (ms)', pick(0.99).toFixed(3));
row('call round trip mean (ms)', mean.toFixed(3));
row(`calls measured (after ${WARMUP} warm-up)`, String(CALLS));
row('casts/s, confirmed, one at a time', sequential.toFixed(0));
row(`casts/s, confirmed, ${WINDOW} in flight`, windowed.toFixed(0));

/** The durable queues of the bench topic would outlive it on a broker; remove them. */
async function dropBenchQueues() {
  if (!values.url.startsWith('rabbit://')) return;
  const { connect } = await import('amqplib');
  const { hosts, virtualHost } = parseRabbitUrl(values.url);
  const [h] = hosts;
  const conn = await connect({
    protocol: 'amqp',
    hostname: h.hostname,
    port: h.port,
    username: h.username,
    password: h.password,
    vhost: virtualHost,
  });
  const ch = await conn.createChannel();
  for (const queue of [topic, `${topic}.b1`]) await ch.deleteQueue(queue);
  await ch.deleteExchange(`${topic}_fanout`);
  await conn.close();
}
