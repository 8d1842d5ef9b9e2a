#!/usr/bin/env node
// Compute API benchmark on the all-in-one cloud (fake driver, SQLite):
//   node scripts/bootstrap.mjs && node bench/compute-api.bench.mjs [--servers 1000] [--clients 20] [--seconds 5] [--rounds 20]
// 1. boots --servers servers, then times GET /servers/detail (all of them, limit 1000): median and p95 of 20 requests;
// 2. GET /servers/{id} from --clients closed-loop clients for --seconds: requests/s (the clients of 1 and 2
//    run in a child process, bench/http-load.mjs; the server's CPU per request is printed too);
// 3. each in-place action's round trip (POST the action, poll GET /servers/{id} until its end state):
//    median over --rounds rounds.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    servers: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '20' },
  },
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startAllInOne } = await import(pathToFileURL(join(root, 'packages/server/dist/index.js')).href);
const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const stateDir = mkdtempSync(join(tmpdir(), 'novats-bench-api-'));
const cloud = await startAllInOne({
  stateDir,
  hosts: 4,
  hostResources: { vcpus: 1024, memory_mb: 1024 * 1024, local_gb: 100000 },
  ports: { compute: 0, placement: 0, image: 0 },
});
const base = cloud.endpoints.compute;
const headers = {
  'x-auth-token': 'admin:admin',
  'content-type': 'application/json',
  'openstack-api-version': 'compute 2.93',
};
const api = async (method, path, body) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};
// NOTE(quota): a thousand servers of one project go past Nova's default quotas; lift them.
await api('PUT', '/os-quota-sets/admin', { quota_set: { instances: -1, cores: -1, ram: -1 } });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const n = Number(values.servers);
  const ids = [];
  for (let i = 0; i < n; i += 50) {
    const count = Math.min(50, n - i);
    const res = await api('POST', '/servers', {
      server: {
        name: `b${i}`,
        imageRef: IMAGE,
        flavorRef: '1',
        networks: 'none',
        min_count: count,
        max_count: count,
      },
    });
    if (res.status !== 202) throw new Error(`boot: ${res.status} ${JSON.stringify(res.body)}`);
  }
  for (;;) {
    const list = await api('GET', '/servers/detail?status=ACTIVE&limit=1000');
    if (list.body.servers.length >= Math.min(n, 1000)) {
      for (const s of list.body.servers) ids.push(s.id);
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  // NOTE(load): the list and show clients run in a child process (bench/http-load.mjs), as a
  // load generator would; the server's own CPU per request is read from process.cpuUsage().
  const load = (job) =>
    new Promise((resolve, reject) => {
      const child = fork(join(root, 'bench/http-load.mjs'));
      const cpu0 = process.cpuUsage();
      child.once('message', (out) => {
        const cpu = process.cpuUsage(cpu0);
        resolve({ ...out, cpuMs: (cpu.user + cpu.system) / 1000 });
      });
      child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited ${code}`)));
      child.send({ base, headers: { ...headers }, ...job });
    });
  const listed = Math.min(n, 1000);
  const detail = await load({
    kind: 'detail',
    path: '/servers/detail?limit=1000',
    requests: 20,
    expect: listed,
  });
  console.log(
    `GET /servers/detail (${listed} servers): median ${detail.median.toFixed(1)} ms, p95 ${detail.p95.toFixed(1)} ms; server CPU ${(detail.cpuMs / 20).toFixed(1)} ms a request`,
  );

  const seconds = Number(values.seconds);
  const shown = await load({ kind: 'show', ids, clients: Number(values.clients), seconds });
  if (shown.failed) throw new Error(`${shown.failed} GET /servers/{id} failed`);
  console.log(
    `GET /servers/{id}, ${values.clients} clients: ${(shown.done / seconds).toFixed(0)} requests/s; server CPU ${((shown.cpuMs * 1000) / shown.done).toFixed(0)} µs a request (${((shown.done * 1000) / shown.cpuMs).toFixed(0)} requests per server CPU second)`,
  );
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );

  const id = ids[0];
  const cycle = [
    ['pause', { pause: null }, 'PAUSED'],
    ['unpause', { unpause: null }, 'ACTIVE'],
    ['suspend', { suspend: null }, 'SUSPENDED'],
    ['resume', { resume: null }, 'ACTIVE'],
    ['os-stop', { 'os-stop': null }, 'SHUTOFF'],
    ['os-start', { 'os-start': null }, 'ACTIVE'],
    ['reboot', { reboot: { type: 'SOFT' } }, 'ACTIVE'],
    ['rescue', { rescue: null }, 'RESCUE'],
    ['unrescue', { unrescue: null }, 'ACTIVE'],
    // NOTE(flavor): resize alternates between m1.small and m1.tiny (revert after migrate keeps the flavor).
    ['resize', (round) => ({ resize: { flavorRef: round % 2 === 0 ? '2' : '1' } }), 'VERIFY_RESIZE'],
    ['confirmResize', { confirmResize: null }, 'ACTIVE'],
    ['migrate', { migrate: null }, 'VERIFY_RESIZE'],
    ['revertResize', { revertResize: null }, 'ACTIVE'],
    ['shelve', { shelve: null }, 'SHELVED_OFFLOADED'],
    ['unshelve', { unshelve: null }, 'ACTIVE'],
  ];
  const times = new Map(cycle.map(([name]) => [name, []]));
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const [name, body, status] of cycle) {
      const t0 = performance.now();
      const res = await api('POST', `/servers/${id}/action`, typeof body === 'function' ? body(round) : body);
      if (res.status >= 300) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
      for (;;) {
        const s = (await api('GET', `/servers/${id}`)).body.server;
        if (s.status === status && s['OS-EXT-STS:task_state'] === null) break;
      }
      times.get(name).push(performance.now() - t0);
    }
  }
  for (const [name, xs] of times.size && Number(values.rounds) > 0 ? times : [])
    console.log(`action ${name}: median ${median(xs).toFixed(1)} ms to its end state`);
} finally {
  await cloud.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
