#!/usr/bin/env node
// What one server boot costs inside startCloud(): process CPU per boot, RPC
// messages per boot by method, and SQL statements per boot by text, for
// sequential boots (one at a time) and for a concurrent batch.
//   node bench/boot-cost.mjs [--boots 40] [--concurrent 20] [--hosts 4] [--rounds 3] [--show-sql] [--delete] [--cpu-prof FILE]
// --cpu-prof writes a V8 profile of the measured boots only (not the start or the warm-up).
// Everything runs in this process (API, placement, conductor, scheduler, computes,
// in-process transport, SQLite on tmpfs), so the CPU figure is the whole cloud's.
// Counting wraps node-sqlite3's Statement/Database and the in-process transport;
// it costs a little CPU itself (the same for every build compared).
// Needs the packages' dist: node scripts/bootstrap.mjs.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    boots: { type: 'string', default: '40' },
    concurrent: { type: 'string', default: '20' },
    hosts: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    'show-sql': { type: 'boolean', default: false },
    delete: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const BOOTS = Number(values.boots);
const CONCURRENT = Number(values.concurrent);

const root = new URL('..', import.meta.url);
const requireDrivers = createRequire(new URL('packages/drivers/package.json', root));
const sqlite3 = requireDrivers('sqlite3');
const { InProcessTransport } = await import(new URL('packages/drivers/dist/index.js', root));
const { startCloud } = await import(new URL('packages/server/dist/testing.js', root));

let counting = false;
const sql = new Map();
const rpc = new Map();
const bump = (map, key) => counting && map.set(key, (map.get(key) ?? 0) + 1);
for (const m of ['all', 'run', 'get', 'each']) {
  const orig = sqlite3.Statement.prototype[m];
  sqlite3.Statement.prototype[m] = function (...args) {
    bump(sql, this.sql ?? '(prepared)');
    return orig.apply(this, args);
  };
}
// NOTE(counting): Database#all/run/get/each make a Statement and call the same
// method on it, so the Statement wrappers above count those too (once).
// node-sqlite3's Statement does not keep its SQL text; remember it at prepare.
const prepare = sqlite3.Database.prototype.prepare;
sqlite3.Database.prototype.prepare = function (text, ...args) {
  const stmt = prepare.call(this, text, ...args);
  Object.defineProperty(stmt, 'sql', { value: text });
  return stmt;
};
// NOTE(polling): the boots are not watched through the API (each GET would be counted as boot
// cost); a server is ACTIVE when the conductor answered its compute host's update to ACTIVE.
const activeWaiters = new Map();
for (const m of ['call', 'cast']) {
  const orig = InProcessTransport.prototype[m];
  InProcessTransport.prototype[m] = function (ctx, target, method, args, ...rest) {
    const route = `${target.topic}${target.server ? `.${target.server}` : ''}`.replace(
      /^compute\..*/,
      'compute.<host>',
    );
    bump(rpc, `${m} ${route} ${method}`);
    const sent = orig.call(this, ctx, target, method, args, ...rest);
    if (method === 'instance_update' && args?.values?.vm_state === 'active') {
      const waiter = activeWaiters.get(args.uuid);
      if (waiter)
        sent.then(
          () => waiter(),
          () => {},
        );
    }
    return sent;
  };
}

const cloud = await startCloud({ hosts: Number(values.hosts) });
const { compute } = cloud.client;
// NOTE(quota): more servers than Nova's default quota of one project; lifted after every reset.
const liftQuota = () =>
  fetch(`${cloud.endpoints.compute}/os-quota-sets/admin`, {
    method: 'PUT',
    headers: { 'x-auth-token': cloud.credentials.adminToken, 'content-type': 'application/json' },
    body: JSON.stringify({ quota_set: { instances: -1, cores: -1, ram: -1 } }),
  }).then((r) => {
    if (r.status !== 200) throw new Error(`quota: ${r.status}`);
  });
await liftQuota();
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bootOne(i) {
  let active;
  const activated = new Promise((resolve) => {
    active = resolve;
  });
  const created = await compute.createServer({ name: `b${i}`, flavorRef: '1', imageRef: cloud.imageRef });
  activeWaiters.set(created.id, active);
  await activated;
  activeWaiters.delete(created.id);
  return created;
}
async function deleteAll(servers) {
  await Promise.all(
    servers.map(async (s) => {
      await compute.deleteServer(s);
      await compute.waitFor(s, 'DELETED', { intervalMs: 5 }).catch(() => {});
    }),
  );
}

// Warm-up: JIT, caches, first statements.
await deleteAll(await Promise.all(Array.from({ length: 4 }, (_, i) => bootOne(i))));

const profiler = values['cpu-prof'] ? new Session() : null;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
const seq = [];
const conc = [];
const seqWall = [];
let table = null;
for (let round = 0; round < Number(values.rounds); round++) {
  // Sequential: one boot at a time (what a test suite does).
  sql.clear();
  rpc.clear();
  counting = true;
  let c0 = cpuMs();
  const servers = [];
  for (let i = 0; i < BOOTS; i++) {
    const t = performance.now();
    servers.push(await bootOne(i));
    seqWall.push(performance.now() - t);
  }
  seq.push((cpuMs() - c0) / BOOTS);
  counting = false;
  if (round === 0) table = { sql: new Map(sql), rpc: new Map(rpc) };
  await cloud.reset();
  await liftQuota();
  // Concurrent: CONCURRENT boots at once.
  c0 = cpuMs();
  const batch = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => bootOne(i)));
  conc.push((cpuMs() - c0) / CONCURRENT);
  if (values.delete) await deleteAll(batch);
  await cloud.reset();
  await liftQuota();
}
if (profiler) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(values['cpu-prof'], JSON.stringify(profile));
}
await cloud.stop();

const per = (n) => (n / BOOTS).toFixed(2);
const sqlTotal = [...table.sql.values()].reduce((a, b) => a + b, 0);
const rpcTotal = [...table.rpc.values()].reduce((a, b) => a + b, 0);
console.log(`RPC sends per boot: ${per(rpcTotal)}`);
for (const [k, n] of [...table.rpc].sort((a, b) => b[1] - a[1])) console.log(`  ${per(n).padStart(6)}  ${k}`);
console.log(`SQL statements per boot: ${per(sqlTotal)}`);
const shown = [...table.sql].sort((a, b) => b[1] - a[1]);
for (const [k, n] of values['show-sql'] ? shown : shown.slice(0, 12))
  console.log(
    `  ${per(n).padStart(6)}  ${k
      .replace(/\s+/g, ' ')
      .replace(/^select `uuid`, `display_name`.*? from/, 'select <instance columns> from')
      .slice(0, 200)}`,
  );
console.log(
  `CPU per boot, sequential: ${seq.map((x) => x.toFixed(1)).join(', ')} ms (median ${median(seq).toFixed(1)}); ` +
    `POST->ACTIVE wall median ${median(seqWall).toFixed(1)} ms`,
);
console.log(
  `CPU per boot, ${CONCURRENT} at once: ${conc.map((x) => x.toFixed(1)).join(', ')} ms (median ${median(conc).toFixed(1)})`,
);
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
