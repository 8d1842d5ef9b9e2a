#!/usr/bin/env node
// startCloud() timings: start, one server POST->ACTIVE (median of N after a warm-up), reset().
//   node bench/start-cloud.mjs [--runs 20] [--poll-ms 0]   (needs the packages' dist: node scripts/bootstrap.mjs)
//
// NOTE(fairness): the cloud runs on this process's one JavaScript thread, so a client polling
// GET /servers/{id} every millisecond takes that thread from the boot it measures (each GET is
// an HTTP round trip through the Compute API). By default the bench waits for the fake host's
// spawn to finish (an in-process event) and only then polls the API, back to back, until it
// answers ACTIVE: the figure is still what a client sees, without a poll loop competing with the
// boot. `--poll-ms N` polls from the POST on instead, every N ms, as `compute.waitFor` does.
import { parseArgs } from 'node:util';
import { startCloud } from '../packages/server/dist/testing.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, 'poll-ms': { type: 'string' } },
});
const pollMs = values['poll-ms'] === undefined ? null : Number(values['poll-ms']);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const t0 = performance.now();
const c0 = cpuMs();
const cloud = await startCloud({ hosts: 2 });
const startMs = performance.now() - t0;
const startCpu = cpuMs() - c0;

// uuid -> a promise the fake host's spawn resolves when it returns
const spawned = new Map();
const deferred = () => {
  const d = {};
  d.promise = new Promise((r) => {
    d.resolve = r;
  });
  return d;
};
for (const host of cloud.hosts) {
  const driver = cloud.driver(host);
  const spawn = driver.spawn.bind(driver);
  driver.spawn = async (instance, ...rest) => {
    try {
      return await spawn(instance, ...rest);
    } finally {
      if (!spawned.has(instance.uuid)) spawned.set(instance.uuid, deferred());
      spawned.get(instance.uuid).resolve();
    }
  };
}
const spawnOf = (uuid) => {
  if (!spawned.has(uuid)) spawned.set(uuid, deferred());
  return spawned.get(uuid).promise;
};

const { compute } = cloud.client;
const active = [];
const cpu = [];
const resets = [];
for (let i = 0; i <= Number(values.runs); i++) {
  const a = performance.now();
  const c = cpuMs();
  const created = await compute.createServer({ name: `s${i}`, flavorRef: '1', imageRef: cloud.imageRef });
  if (pollMs === null) {
    await spawnOf(created.id);
    await compute.waitFor(created, 'ACTIVE', { intervalMs: 0 });
  } else {
    await compute.waitFor(created, 'ACTIVE', { intervalMs: pollMs });
  }
  if (i > 0) active.push(performance.now() - a);
  if (i > 0) cpu.push(cpuMs() - c);
  const r = performance.now();
  await cloud.reset();
  if (i > 0) resets.push(performance.now() - r);
}
await cloud.stop();
console.log(
  `start ${startMs.toFixed(0)} ms (CPU ${startCpu.toFixed(0)} ms); POST->ACTIVE median ${median(active).toFixed(1)} ms (min ${Math.min(...active).toFixed(1)}; CPU median ${median(cpu).toFixed(1)} ms); reset median ${median(resets).toFixed(1)} ms (${pollMs === null ? 'waits for the spawn, then polls' : `polls every ${pollMs} ms`})`,
);
