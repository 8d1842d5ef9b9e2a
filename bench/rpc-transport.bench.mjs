#!/usr/bin/env node
// RPC transport benchmark over the built @novats/drivers (packages/drivers/dist),
// for any transport_url (rabbit://, inproc://, zmq:// once registered):
//   (a) call round trip: median / p99 / mean over sequential calls after warm-up;
//   (b) casts/s, each confirmed by the bus (publisher confirms on RabbitMQ),
//       sent one at a time and with a window of in-flight casts; the rate
//       counts until the listener has handled every cast.
// Build first: node scripts/bootstrap.mjs
//   node bench/rpc-transport.bench.mjs --url rabbit://guest:guest@127.0.0.1:5672/ [--calls 5000] [--casts 5000]
// --listener-process runs the listener in a child process of its own (as a
// service is), instead of beside the caller in this one; it also reports the
// CPU each side spent per call.
import { fork } from 'node:child_process';
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
    'listener-process': { type: 'boolean', default: false },
    // internal: the child of --listener-process
    'as-listener': { type: 'string' },
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

if (values['as-listener']) await runListener(values['as-listener']);

let handled = 0;
let waiter;
const onHandled = (count) => {
  handled = count;
  if (waiter && handled >= waiter.until) waiter.resolve();
};
let server;
let child;
if (values['listener-process']) {
  child = fork(new URL(import.meta.url), ['--url', values.url, '--as-listener', topic]);
  child.on('message', (m) => {
    if (m.handled !== undefined) onHandled(m.handled);
  });
  await new Promise((resolve) => child.once('message', resolve));
} else {
  server = await openTransport(values.url, { defaultTimeoutMs: 10_000 });
  await server.listen({ topic, server: 'b1' }, listenerEndpoint(onHandled));
}
const client = await openTransport(values.url, { defaultTimeoutMs: 10_000 });
const allHandled = (until) =>
  handled >= until
    ? Promise.resolve()
    : new Promise((resolve) => {
        waiter = { until, resolve };
      });

for (let i = 0; i < WARMUP; i++) await client.call(ctx, target, 'ping', args);
const listenerCpu0 = await listenerCpu();
const cpu0 = process.cpuUsage();
const samples = new Float64Array(CALLS);
for (let i = 0; i < CALLS; i++) {
  const t0 = process.hrtime.bigint();
  await client.call(ctx, target, 'ping', args);
  samples[i] = Number(process.hrtime.bigint() - t0) / 1e6;
}
const cpu = process.cpuUsage(cpu0);
const listenerCpuUs = (await listenerCpu()) - listenerCpu0;
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
if (child) {
  child.send('exit');
  await new Promise((resolve) => child.once('exit', resolve));
} else await server.close();
await dropBenchQueues();

const row = (label, value) => console.log(`| ${label.padEnd(38)} | ${value.padStart(10)} |`);
console.log(`transport_url ${values.url.replace(/:([^:@/]*)@/g, ':***@')}`);
row('measure', 'value');
console.log(`|${'-'.repeat(40)}|${'-'.repeat(11)}:|`);
row('call round trip median (ms)', pick(0.5).toFixed(3));
row('call round trip p99 (ms)', pick(0.99).toFixed(3));
row('call round trip mean (ms)', mean.toFixed(3));
row(`calls measured (after ${WARMUP} warm-up)`, String(CALLS));
row('listener', child ? 'own process' : 'same process');
row('CPU per call, caller process (µs)', ((cpu.user + cpu.system) / CALLS).toFixed(1));
if (child) row('CPU per call, listener process (µs)', (listenerCpuUs / CALLS).toFixed(1));
row('casts/s, confirmed, one at a time', sequential.toFixed(0));
row(`casts/s, confirmed, ${WINDOW} in flight`, windowed.toFixed(0));

function listenerEndpoint(report) {
  let count = 0;
  return {
    ping: (_c, a) => a,
    work: () => {
      count += 1;
      report(count);
    },
  };
}

/** The listener's CPU time so far (µs): its own process's when it has one. */
async function listenerCpu() {
  if (!child) return 0;
  child.send('cpu');
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (m.cpu === undefined) return;
      child.off('message', onMessage);
      resolve(m.cpu);
    };
    child.on('message', onMessage);
  });
}

/** The child of --listener-process: listens, reports handled casts (batched) and its CPU, exits when told. */
async function runListener(listenTopic) {
  const transport = await openTransport(values.url, { defaultTimeoutMs: 10_000 });
  let latest = 0;
  let isReportQueued = false;
  await transport.listen(
    { topic: listenTopic, server: 'b1' },
    listenerEndpoint((count) => {
      latest = count;
      if (isReportQueued) return;
      isReportQueued = true;
      setImmediate(() => {
        isReportQueued = false;
        process.send({ handled: latest });
      });
    }),
  );
  process.on('message', async (m) => {
    if (m === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send({ cpu: user + system });
    } else if (m === 'exit') {
      await transport.close();
      process.exit(0);
    }
  });
  process.send({ ready: true });
  await new Promise(() => {});
}

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
