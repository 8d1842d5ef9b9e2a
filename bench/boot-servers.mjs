#!/usr/bin/env node
// Boot-and-delete benchmark through the HTTP API of `novats up`:
// starts the all-in-one cloud with 20 fake hosts in a child process, boots
// 200 servers with 20 concurrent clients, waits for each to be ACTIVE,
// deletes them all, and prints servers per second and POST->ACTIVE latency.
//   node bench/boot-servers.mjs [--servers 200] [--hosts 20] [--clients 20] [--poll-ms 5] [--database URL] [--cpu-prof DIR]
// It also prints the cloud process's CPU time per boot-and-delete cycle (from /proc), the steadier
// figure on a shared machine; --cpu-prof DIR writes that process's V8 CPU profiles there.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startNovatsUpChild } from './novats-up-child.mjs';
import { processCpuMs } from './process-cpu.mjs';
import { startStatusWatcher } from './status-watcher.mjs';

const { values } = parseArgs({
  options: {
    servers: { type: 'string', default: '200' },
    hosts: { type: 'string', default: '20' },
    clients: { type: 'string', default: '20' },
    database: { type: 'string' },
    'poll-ms': { type: 'string', default: '5' },
    'cpu-prof': { type: 'string' },
  },
});
const SERVERS = Number(values.servers);
const CLIENTS = Number(values.clients);
const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const stateDir = mkdtempSync(join(tmpdir(), 'novats-bench-'));
const { child, request: req } = await startNovatsUpChild({
  hosts: values.hosts,
  stateDir,
  cpuProfDir: values['cpu-prof'],
  extraArgs: values.database ? ['--database', values.database] : [],
});
process.on('uncaughtException', (err) => {
  console.error(err);
  process.exit(1);
});

// NOTE(quota): the benchmark's servers go past Nova's default quotas of one project; lift them.
await req('PUT', '/os-quota-sets/admin', { quota_set: { instances: -1, cores: -1, ram: -1 } });

const POLL_MS = Number(values['poll-ms']);
const watcher = startStatusWatcher(req, POLL_MS);
const until = async (id, want) => (await watcher.until(id, want)).at;

const latencies = [];
const cpu0 = processCpuMs(child.pid);
const ids = [];
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    while (next < SERVERS) {
      const n = next++;
      const start = performance.now();
      const res = await req('POST', '/servers', {
        server: { name: `bench-${n}`, imageRef: IMAGE, flavorRef: '1' },
      });
      if (res.status !== 202) throw new Error(`POST /servers: ${res.status} ${JSON.stringify(res.body)}`);
      const id = res.body.server.id;
      ids.push(id);
      const activeAt = await until(id, 'ACTIVE');
      latencies.push(activeAt - start);
    }
  }),
);
const tActive = performance.now();
let di = 0;
await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    while (di < ids.length) {
      const id = ids[di++];
      const res = await req('DELETE', `/servers/${id}`);
      if (res.status !== 204) throw new Error(`DELETE ${id}: ${res.status}`);
      await until(id, 'DELETED');
    }
  }),
);
const tDone = performance.now();
const cpuCycles = processCpuMs(child.pid);
await watcher.stop();
const left = await req('GET', '/servers?all_tenants=1');
if (left.body.servers.length !== 0)
  throw new Error(`${left.body.servers.length} servers left after the deletes`);

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const bootSecs = (tActive - t0) / 1000;
const cycleSecs = (tDone - t0) / 1000;
console.log(
  `servers: ${SERVERS} on ${values.hosts} fake hosts, ${CLIENTS} concurrent clients, ${values.database ? 'MariaDB' : 'SQLite'}`,
);
console.log(`boot:   ${(SERVERS / bootSecs).toFixed(1)} servers/s to ACTIVE (${bootSecs.toFixed(2)} s)`);
console.log(
  `cycle:  ${(SERVERS / cycleSecs).toFixed(1)} boot-and-delete cycles/s (${cycleSecs.toFixed(2)} s)`,
);
console.log(
  `POST->ACTIVE (watched every ${POLL_MS} ms): median ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`,
);

if (cpu0 !== null && cpuCycles !== null) {
  // System time is shown apart: it is the kernel's share (syscalls, page-table isolation on some VMs).
  const user = (cpuCycles.user - cpu0.user) / SERVERS;
  const system = (cpuCycles.system - cpu0.system) / SERVERS;
  console.log(
    `cloud CPU: ${(user + system).toFixed(1)} ms per boot-and-delete cycle (user ${user.toFixed(1)}, system ${system.toFixed(1)})`,
  );
}
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);

child.kill('SIGINT');
await new Promise((r) => child.on('exit', r));
rmSync(stateDir, { recursive: true, force: true });
