#!/usr/bin/env node
// Compute API benchmark on the all-in-one cloud (fake driver, SQLite):
//   node scripts/bootstrap.mjs && node bench/compute-api.bench.mjs [--servers 1000] [--clients 20] [--seconds 5] [--rounds 20] [--warmup 1]
// 1. boots --servers servers, then times GET /servers/detail (all of them, limit 1000): median and p95 of 20 requests;
// 2. GET /servers/{id} from --clients closed-loop clients for --seconds: requests/s (the clients of 1 and 2
//    run in a child process, bench/http-load.mjs; the server's CPU per request is printed too);
// 3. each action's round trip (POST the action, GET /servers/{id} back to back until its end state),
//    from the child process too: median over --rounds rounds, with the server's CPU in that time
//    (its share of serving the polling GETs included).
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
    warmup: { type: 'string', default: '1' },
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
  // NOTE(load): the list, show and action clients run in a child process (bench/http-load.mjs),
  // as a load generator would; the server's own CPU per request is read from process.cpuUsage().
  // The child asks for the server's CPU between actions ({mark}) to time each action's share.
  const load = (job) =>
    new Promise((resolve, reject) => {
      const child = fork(join(root, 'bench/http-load.mjs'));
      const cpuMs = () => {
        const cpu = process.cpuUsage();
        return (cpu.user + cpu.system) / 1000;
      };
      const cpu0 = cpuMs();
      child.on('message', (out) => {
        if (out.mark) child.send({ cpuMs: cpuMs() });
        else resolve({ ...out, cpuMs: cpuMs() - cpu0 });
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

  // NOTE(fair): every action the Compute API serves that has an end state on the fake driver, in a
  // cycle that brings the server back to ACTIVE. Left out: changePassword, trigger_crash_dump,
  // os-getConsoleOutput, os-resetState (answered without a state to wait for), shelveOffload
  // (shelve offloads at once here), restore/forceDelete (need a soft-deleted server),
  // add/removeSecurityGroup (no network on these servers), the pre-2.6 console actions.
  const rounds = Number(values.rounds);
  const cycle = [
    { name: 'pause', body: { pause: null }, status: 'PAUSED' },
    { name: 'unpause', body: { unpause: null }, status: 'ACTIVE' },
    { name: 'suspend', body: { suspend: null }, status: 'SUSPENDED' },
    { name: 'resume', body: { resume: null }, status: 'ACTIVE' },
    { name: 'os-stop', body: { 'os-stop': null }, status: 'SHUTOFF' },
    { name: 'os-start', body: { 'os-start': null }, status: 'ACTIVE' },
    { name: 'reboot', body: { reboot: { type: 'SOFT' } }, status: 'ACTIVE' },
    { name: 'rescue', body: { rescue: null }, status: 'RESCUE' },
    { name: 'unrescue', body: { unrescue: null }, status: 'ACTIVE' },
    { name: 'lock', body: { lock: null }, status: 'ACTIVE', expect: { locked: true } },
    { name: 'unlock', body: { unlock: null }, status: 'ACTIVE', expect: { locked: false } },
    { name: 'rebuild', body: { rebuild: { imageRef: IMAGE } }, status: 'ACTIVE' },
    { name: 'createImage', body: { createImage: { name: 'bench-snapshot' } }, status: 'ACTIVE' },
    // NOTE(flavor): resize alternates between m1.small and m1.tiny (revert after migrate keeps the flavor).
    {
      name: 'resize',
      bodies: [{ resize: { flavorRef: '2' } }, { resize: { flavorRef: '1' } }],
      status: 'VERIFY_RESIZE',
    },
    { name: 'confirmResize', body: { confirmResize: null }, status: 'ACTIVE' },
    { name: 'migrate', body: { migrate: null }, status: 'VERIFY_RESIZE' },
    { name: 'revertResize', body: { revertResize: null }, status: 'ACTIVE' },
    { name: 'shelve', body: { shelve: null }, status: 'SHELVED_OFFLOADED' },
    { name: 'unshelve', body: { unshelve: null }, status: 'ACTIVE' },
    {
      name: 'os-migrateLive',
      body: { 'os-migrateLive': { host: null, block_migration: 'auto' } },
      status: 'ACTIVE',
    },
  ];
  // NOTE(evacuate): only from a host that is down (its compute service is forced down around it);
  // the guest stays on that host until its compute restarts, so each round evacuates another server.
  const once = [
    {
      name: 'evacuate',
      body: { evacuate: {} },
      status: 'ACTIVE',
      before: { forceDown: true },
      after: { forceDown: false },
    },
  ];
  if (rounds > 0) {
    const onceIds = ids.slice(1, 1 + rounds);
    const done = await load({
      kind: 'actions',
      id: ids[0],
      cycle,
      rounds,
      warmup: Number(values.warmup),
      once,
      onceIds,
    });
    for (const [name, t] of Object.entries(done.result)) {
      if (typeof t.wall !== 'number') {
        console.log(`action ${name}: not run (needs --servers above --rounds)`);
        continue;
      }
      console.log(
        `action ${name}: median ${t.wall.toFixed(1)} ms to its end state; server CPU ${t.cpu.toFixed(1)} ms (${t.polls} GETs polled)`,
      );
    }
  }
} finally {
  await cloud.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
