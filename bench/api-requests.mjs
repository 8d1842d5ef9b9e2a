#!/usr/bin/env node
// Server CPU per Compute API request, by kind: starts `novats up` (20 fake
// hosts) in a child process, boots --servers servers, then times sequential
// requests of each kind and prints the cloud process's CPU per request (from
// /proc, the steadier figure on a shared machine) and the wall time.
//   node bench/api-requests.mjs [--servers 200] [--reps 300] [--only REGEX] [--cpu-prof DIR]
// POST and DELETE include the build and the teardown they start (asynchronous).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startNovatsUpChild } from './novats-up-child.mjs';
import { processCpuMs } from './process-cpu.mjs';

const { values } = parseArgs({
  options: {
    servers: { type: 'string', default: '200' },
    reps: { type: 'string', default: '300' },
    only: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const N = Number(values.servers);
const REPS = Number(values.reps);
const ONLY = values.only ? new RegExp(values.only) : null;
const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const stateDir = mkdtempSync(join(tmpdir(), 'novats-api-requests-'));
const {
  child,
  compute,
  request: req,
} = await startNovatsUpChild({
  hosts: 20,
  stateDir,
  cpuProfDir: values['cpu-prof'],
  extraArgs: ['--no-dashboard'],
});

/** The cloud process's CPU time in ms. */
const cpu = () => processCpuMs(child.pid).total;

async function phase(name, count, concurrency, fn) {
  const c0 = cpu();
  const t0 = performance.now();
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < count) await fn(i++);
    }),
  );
  const perReq = ((cpu() - c0) * 1000) / count;
  const wall = (performance.now() - t0) / count;
  console.log(
    `${name.padEnd(40)} ${perReq.toFixed(0).padStart(6)} µs CPU/request  (${count} requests, ${wall.toFixed(2)} ms wall each)`,
  );
}
const optional = (name, count, concurrency, fn) =>
  ONLY && !ONLY.test(name) ? undefined : phase(name, count, concurrency, fn);

await req('PUT', '/os-quota-sets/admin', { quota_set: { instances: -1, cores: -1, ram: -1 } });
const before = new Date(Date.now() - 1000).toISOString();
const ids = [];
await phase('POST /servers (and the build)', N, 20, async (n) => {
  const res = await req('POST', '/servers', {
    server: { name: `api-${n}`, imageRef: IMAGE, flavorRef: '1' },
  });
  if (res.status !== 202) throw new Error(`POST /servers: ${res.status} ${JSON.stringify(res.body)}`);
  ids.push(res.body.server.id);
});
for (;;) {
  const res = await req('GET', '/servers/detail?all_tenants=1');
  if (res.body.servers.every((s) => s.status === 'ACTIVE')) break;
  await new Promise((r) => setTimeout(r, 50));
}
const changesSince = (t) => `/servers/detail?changes-since=${encodeURIComponent(t)}&all_tenants=1`;
await optional(`GET /servers/detail?changes-since (${N})`, Math.ceil(REPS / 5), 1, async () => {
  const res = await req('GET', changesSince(before));
  if (res.body.servers.length !== N) throw new Error(`listed ${res.body.servers.length} of ${N}`);
});
await optional('GET /servers/detail?changes-since (none)', REPS * 3, 1, async () => {
  await req('GET', changesSince(new Date(Date.now() + 60_000).toISOString()));
});
await optional('GET / (no authentication)', REPS * 3, 1, async () => {
  await (await fetch(compute.replace(/\/v2\.1.*$/, '/'))).text();
});
await optional('GET /flavors/1', REPS * 3, 1, async () => {
  await req('GET', '/flavors/1');
});
await optional('GET /servers/{id}', REPS * 3, 1, async (i) => {
  await req('GET', `/servers/${ids[i % ids.length]}`);
});
await phase('DELETE /servers/{id} (and the teardown)', N, 20, async (i) => {
  const res = await req('DELETE', `/servers/${ids[i]}`);
  if (res.status !== 204) throw new Error(`DELETE: ${res.status}`);
});
for (;;) {
  const res = await req('GET', '/servers?all_tenants=1');
  if (res.body.servers.length === 0) break;
  await new Promise((r) => setTimeout(r, 50));
}
child.kill('SIGINT');
await new Promise((r) => child.on('exit', r));
rmSync(stateDir, { recursive: true, force: true });
