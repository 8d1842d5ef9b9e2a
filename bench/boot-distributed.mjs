#!/usr/bin/env node
// Boot benchmark of a distributed deployment: every service its own OS
// process, as the install guide lays them out, over RabbitMQ or ZeroMQ.
//   node scripts/bootstrap.mjs && node bench/boot-distributed.mjs --transport rabbit|zmq
//     [--servers 200] [--computes 4] [--clients 20] [--conductors 2]
//     [--database mysql|postgresql|sqlite] [--poll-ms 5] [--timeout-s 300] [--cpu-prof DIR]
// It creates its own databases (MariaDB 127.0.0.1:3306 root, PostgreSQL
// 127.0.0.1:5432 postgres, or SQLite files in a temporary directory) and its
// own RabbitMQ vhost or zmq-proxy, writes nova.conf, runs the nova-manage
// steps, starts placement-api, nova-api, nova-scheduler, the conductors and
// the computes (fake driver), discovers the hosts and creates m1.tiny. Then
// --clients closed-loop clients each POST a server, wait until one status
// watcher (GET /servers/detail?changes-since every --poll-ms, as bench/boot-servers.mjs) sees it ACTIVE and
// take the next. It prints servers/s to ACTIVE, POST->ACTIVE median and p99,
// servers per compute and the CPU seconds each process used while booting;
// deletes every server, checks that placement usage is back to zero, stops
// every process with SIGTERM (each must exit 0) and removes what it created.
// --cpu-prof DIR starts every service with node's --cpu-prof and writes one
// DIR/<name>.cpuprofile per service when it exits (start to SIGTERM: boots,
// deletes and the start-up alike).
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import knex from 'knex';
import { httpJson } from './http-client.mjs';
import { startStatusWatcher } from './status-watcher.mjs';

const { values } = parseArgs({
  options: {
    transport: { type: 'string' },
    servers: { type: 'string', default: '200' },
    computes: { type: 'string', default: '4' },
    clients: { type: 'string', default: '20' },
    conductors: { type: 'string', default: '2' },
    database: { type: 'string', default: 'mysql' },
    'poll-ms': { type: 'string', default: '5' },
    'timeout-s': { type: 'string', default: '300' },
    'cpu-prof': { type: 'string' },
  },
});
const TRANSPORT = values.transport;
const DIALECT = values.database;
if (!['rabbit', 'zmq'].includes(TRANSPORT) || !['mysql', 'postgresql', 'sqlite'].includes(DIALECT)) {
  console.error(
    'usage: node bench/boot-distributed.mjs --transport rabbit|zmq [--servers 200] [--computes 4] [--clients 20] [--conductors 2] [--database mysql|postgresql|sqlite] [--poll-ms 5] [--timeout-s 300] [--cpu-prof DIR]',
  );
  process.exit(2);
}
const SERVERS = Number(values.servers);
const COMPUTES = Number(values.computes);
const CLIENTS = Number(values.clients);
const CONDUCTORS = Number(values.conductors);
const POLL_MS = Number(values['poll-ms']);
const TIMEOUT_MS = Number(values['timeout-s']) * 1000;
const CPU_PROF_DIR = values['cpu-prof'];

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'packages', 'cli', 'dist');
const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const TAG = randomBytes(4).toString('hex');
const run = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const T0 = performance.now();
const progress = (msg) =>
  console.log(`[${((performance.now() - T0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

/** Thrown when the whole run passes --timeout-s; the message says where it stood. */
class BenchTimeout extends Error {}
const deadline = Date.now() + TIMEOUT_MS;
function checkDeadline(what) {
  if (Date.now() > deadline) throw new BenchTimeout(`gave up after ${TIMEOUT_MS / 1000} s while ${what}`);
}

// ---- what this run created, so that teardown removes exactly that ----
const created = { dir: mkdtempSync(join(tmpdir(), 'novats-bench-dist-')), dbs: [], vhost: null };
const processes = new Map(); // name -> { child, exited, tail() }
const proxy = { proc: null };

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// ---- databases ----
function serverAdmin(dialect) {
  return dialect === 'mysql'
    ? knex({ client: 'mysql2', connection: { host: '127.0.0.1', port: 3306, user: 'root', password: '' } })
    : knex({
        client: 'pg',
        connection: { host: '127.0.0.1', port: 5432, user: 'postgres', password: '', database: 'postgres' },
        pool: { min: 0, max: 1 },
      });
}

async function createDatabase(role) {
  const name = `novats_bench_${role}_${TAG}`;
  if (DIALECT === 'sqlite') return `sqlite:///${join(created.dir, `${name}.sqlite`)}`;
  const admin = serverAdmin(DIALECT);
  try {
    await admin.raw(
      DIALECT === 'mysql' ? 'CREATE DATABASE ?? CHARACTER SET utf8mb4' : "CREATE DATABASE ?? ENCODING 'UTF8'",
      [name],
    );
  } finally {
    await admin.destroy();
  }
  created.dbs.push(name);
  return DIALECT === 'mysql'
    ? `mysql+pymysql://root:@127.0.0.1:3306/${name}`
    : `postgresql+psycopg2://postgres:@127.0.0.1:5432/${name}`;
}

async function dropDatabases() {
  if (created.dbs.length === 0 || DIALECT === 'sqlite') return;
  const admin = serverAdmin(DIALECT);
  try {
    for (const name of created.dbs) {
      // NOTE(postgresql): FORCE ends sessions a pool may still hold open.
      await admin.raw(
        DIALECT === 'mysql' ? 'DROP DATABASE IF EXISTS ??' : 'DROP DATABASE IF EXISTS ?? WITH (FORCE)',
        [name],
      );
    }
    created.dbs = [];
  } finally {
    await admin.destroy();
  }
}

// ---- message bus ----
const rabbitmqctl = (...args) => run('rabbitmqctl', args, { timeout: 60_000 });

async function createTransport() {
  if (TRANSPORT === 'rabbit') {
    const vhost = `novats_bench_${TAG}`;
    await rabbitmqctl('add_vhost', vhost);
    created.vhost = vhost;
    await rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
    return `rabbit://guest:guest@127.0.0.1:5672/${vhost}`;
  }
  return `zmq://127.0.0.1:${await freePort()}`;
}

// ---- processes ----
/** Starts `node dist/<binary>.js args` and waits until its output matches `ready`. */
async function startProcess(name, binary, args, ready = / started$/m) {
  const profile = CPU_PROF_DIR
    ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF_DIR, '--cpu-prof-name', `${name}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, [...profile, join(DIST, `${binary}.cjs`), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep only the last lines: the services log every request at INFO.
  let head = '';
  let lines = [];
  const take = (d) => {
    const text = head + d;
    const parts = text.split('\n');
    head = parts.pop();
    lines.push(...parts);
    if (lines.length > 400) lines = lines.slice(-200);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const proc = { name, binary, child, exited, tail: (n = 20) => [...lines, head].slice(-n).join('\n') };
  processes.set(name, proc);
  const startBy = Date.now() + 60_000;
  let seen = false;
  for (;;) {
    seen ||= lines.some((l) => ready.test(l)) || ready.test(head);
    if (seen) return proc;
    const state = await Promise.race([exited, sleep(25).then(() => 'running')]);
    if (state !== 'running') throw new Error(`${name} (${binary}) exited with ${state}:\n${proc.tail()}`);
    if (Date.now() > startBy)
      throw new Error(`${name} (${binary}) did not start within 60 s:\n${proc.tail()}`);
    checkDeadline(`starting ${name}`);
  }
}

async function manage(conf, ...args) {
  const t = performance.now();
  const { stdout } = await run(
    process.execPath,
    [join(DIST, 'nova-manage.cjs'), '--config-file', conf, ...args],
    { cwd: ROOT, timeout: 120_000 },
  );
  progress(`nova-manage ${args.slice(0, 2).join(' ')} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  return stdout;
}

function hostConf(host) {
  const file = join(created.dir, `${host}.conf`);
  writeFileSync(file, `[DEFAULT]\nhost = ${host}\n`);
  return file;
}

/**
 * CPU seconds (utime+stime) and run-queue wait seconds of a process, summed
 * over its threads (Linux /proc). The wait is time the process was ready to
 * run but had no core: on a shared 2-core machine it says whether a stage
 * was slow because it had work to do or because it was kept waiting.
 */
function processTimes(pid) {
  let cpu = 0;
  let wait = 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    cpu = (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks, USER_HZ = 100
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const sched = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
      wait += Number(sched[1]) / 1e9;
    }
  } catch {
    /* gone, or schedstat unavailable */
  }
  return { cpu, wait };
}

/** The database server and the broker (every process of that name), for the profile. */
function backendTimes() {
  const names = { mariadbd: 'mariadb', mysqld: 'mariadb', postgres: 'postgresql', 'beam.smp': 'rabbitmq' };
  const total = {};
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let comm;
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    const as = names[comm];
    if (!as) continue;
    const t = processTimes(pid);
    total[as] = { cpu: (total[as]?.cpu ?? 0) + t.cpu, wait: (total[as]?.wait ?? 0) + t.wait };
  }
  return total;
}

/** Busy and total CPU seconds of the whole machine, from /proc/stat. */
function machineTimes() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = ticks.map(Number);
  const idle = n[3] + n[4];
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / 100, total: total / 100 };
}

function timesSnapshot() {
  const snap = { ...backendTimes() };
  for (const [name, p] of processes) snap[name] = processTimes(p.child.pid);
  if (proxy.proc) snap['zmq-proxy'] = processTimes(proxy.proc.child.pid);
  // The clients' own share (HTTP and polling), counted with the deployment.
  snap['bench clients'] = processTimes(process.pid);
  return { procs: snap, machine: machineTimes() };
}

/** One line per process that used or waited for CPU between two snapshots, busiest first. */
function describeTimes(before, after) {
  const rows = Object.entries(after.procs)
    .map(([name, t]) => {
      const b = before.procs[name] ?? { cpu: 0, wait: 0 };
      return [name, t.cpu - b.cpu, t.wait - b.wait];
    })
    .sort((a, b) => b[1] - a[1]);
  const ours = rows.reduce((a, r) => a + r[1], 0);
  const busy = after.machine.busy - before.machine.busy;
  const total = after.machine.total - before.machine.total;
  return [
    `machine CPU while booting: ${busy.toFixed(1)} of ${total.toFixed(1)} CPU s busy ` +
      `(${((100 * busy) / total).toFixed(0)}%); this deployment ${ours.toFixed(1)} CPU s, ` +
      `everything else on the machine ${(busy - ours).toFixed(1)} CPU s`,
    `per process, CPU s / run-queue wait s: ${rows
      .filter(([, cpu, wait]) => cpu >= 0.05 || wait >= 0.05)
      .map(([n, cpu, wait]) => `${n} ${cpu.toFixed(2)}/${wait.toFixed(2)}`)
      .join(', ')}`,
  ];
}

// ---- HTTP ----
let apiUrl = '';
let placementUrl = '';
const compute = (method, path, body) =>
  httpJson(`${apiUrl}/v2.1${path}`, method, body, { 'x-auth-token': 'admin:admin' });
const placement = (method, path) =>
  httpJson(`${placementUrl}${path}`, method, undefined, {
    'x-auth-token': 'admin',
    'openstack-api-version': 'placement 1.39',
  });

/** Every resource class's usage summed over all resource providers. */
async function totalUsage() {
  const providers = await placement('GET', '/resource_providers');
  const total = {};
  for (const rp of providers.body.resource_providers) {
    const usages = await placement('GET', `/resource_providers/${rp.uuid}/usages`);
    for (const [rc, used] of Object.entries(usages.body.usages)) total[rc] = (total[rc] ?? 0) + used;
  }
  return total;
}

/** Runs `work(i)` for i in [0, count) on `clients` closed-loop workers, reporting progress each second. */
async function closedLoop(count, clients, label, work) {
  let next = 0;
  let done = 0;
  const started = performance.now();
  const ticker = setInterval(() => {
    const secs = (performance.now() - started) / 1000;
    progress(`${label} ${done}/${count} (${(done / secs).toFixed(1)}/s)`);
  }, 1000);
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < count) {
          const i = next++;
          await work(i);
          done += 1;
        }
      }),
    );
  } finally {
    clearInterval(ticker);
  }
  return (performance.now() - started) / 1000;
}

// ---- the run ----
async function main() {
  progress(
    `deployment: ${TRANSPORT}, ${DIALECT}, ${COMPUTES} computes, ${CONDUCTORS} conductors; ` +
      `${SERVERS} servers, ${CLIENTS} clients, watched every ${POLL_MS} ms`,
  );
  const [apiDb, cell0Db, cell1Db] = [
    await createDatabase('api'),
    await createDatabase('cell0'),
    await createDatabase('cell1'),
  ];
  const transportUrl = await createTransport();
  progress(`databases and ${TRANSPORT === 'rabbit' ? `vhost ${created.vhost}` : transportUrl} created`);
  const apiPort = await freePort();
  const placementPort = await freePort();
  apiUrl = `http://127.0.0.1:${apiPort}`;
  placementUrl = `http://127.0.0.1:${placementPort}`;
  const conf = join(created.dir, 'nova.conf');
  writeFileSync(
    conf,
    `[DEFAULT]
transport_url = ${transportUrl}
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = ${apiPort}
enabled_apis = osapi_compute
compute_driver = fake.FakeDriver

[api]
auth_strategy = noauth2

# The benchmark's servers go past Nova's default quotas of one project.
[quota]
instances = -1
cores = -1
ram = -1

[api_database]
connection = ${apiDb}

[database]
connection = ${cell1Db}

[placement]
auth_type = admin_token
token = admin
endpoint_override = ${placementUrl}
`,
  );
  if (TRANSPORT === 'zmq') {
    proxy.proc = await startProcess(
      'zmq-proxy',
      'novats',
      ['zmq-proxy', '--config-file', conf],
      /listening on/,
    );
    processes.delete('zmq-proxy'); // stopped last, after the services
    progress(`zmq-proxy listening on ${transportUrl}`);
  }
  await manage(conf, 'api_db', 'sync');
  await manage(conf, 'cell_v2', 'map_cell0', '--database_connection', cell0Db);
  await manage(conf, 'cell_v2', 'create_cell', '--name', 'cell1');
  await manage(conf, 'db', 'sync');

  const t = performance.now();
  await startProcess('placement-api', 'placement-api', [
    '--config-file',
    conf,
    '--host',
    '127.0.0.1',
    '--port',
    String(placementPort),
  ]);
  await Promise.all([
    startProcess('nova-api', 'nova-api', ['--config-file', conf]),
    startProcess('nova-scheduler', 'nova-scheduler', ['--config-file', conf]),
    ...Array.from({ length: CONDUCTORS }, (_, i) =>
      startProcess(`conductor${i + 1}`, 'nova-conductor', [
        '--config-file',
        conf,
        '--config-file',
        hostConf(`conductor${i + 1}`),
      ]),
    ),
  ]);
  const hosts = Array.from({ length: COMPUTES }, (_, i) => `compute${i + 1}`);
  await Promise.all(
    hosts.map((h) => startProcess(h, 'nova-compute', ['--config-file', conf, '--config-file', hostConf(h)])),
  );
  progress(`${processes.size} service processes started (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  await manage(conf, 'cell_v2', 'discover_hosts');
  const flavor = await compute('POST', '/flavors', {
    flavor: { name: 'm1.tiny', id: '1', ram: 512, vcpus: 1, disk: 1 },
  });
  if (flavor.status !== 200)
    throw new Error(`POST /flavors: ${flavor.status} ${JSON.stringify(flavor.body)}`);

  // Boot: closed loop, POST then wait until the status watcher sees that server ACTIVE.
  const watcher = startStatusWatcher(compute, POLL_MS);
  const latencies = [];
  const ids = [];
  const perHost = Object.fromEntries(hosts.map((h) => [h, 0]));
  const timesBefore = timesSnapshot();
  progress(`booting ${SERVERS} servers with ${CLIENTS} clients`);
  const bootSecs = await closedLoop(SERVERS, CLIENTS, 'ACTIVE', async (i) => {
    const start = performance.now();
    const res = await compute('POST', '/servers', {
      server: { name: `bench-${i}`, imageRef: IMAGE, flavorRef: '1' },
    });
    if (res.status !== 202) throw new Error(`POST /servers: ${res.status} ${JSON.stringify(res.body)}`);
    const id = res.body.server.id;
    ids.push(id);
    const active = await watcher.until(id, 'ACTIVE');
    latencies.push(active.at - start);
    const host = active.server['OS-EXT-SRV-ATTR:host'];
    perHost[host] = (perHost[host] ?? 0) + 1;
  });
  const timesAfter = timesSnapshot();

  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  const results = [
    `servers: ${SERVERS} over ${TRANSPORT} on ${DIALECT}, ${COMPUTES} computes, ${CONDUCTORS} conductors, ${CLIENTS} clients (watched every ${POLL_MS} ms)`,
    `boot:   ${(SERVERS / bootSecs).toFixed(1)} servers/s to ACTIVE (${bootSecs.toFixed(2)} s)`,
    `POST->ACTIVE: median ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${latencies.at(-1).toFixed(1)} ms`,
    `per compute: ${Object.entries(perHost)
      .map(([h, n]) => `${h} ${n}`)
      .join(', ')}`,
    ...describeTimes(timesBefore, timesAfter),
  ];
  for (const line of results) progress(line);

  // Delete: closed loop, DELETE then poll until 404.
  progress(`deleting ${ids.length} servers`);
  const deleteSecs = await closedLoop(ids.length, CLIENTS, 'deleted', async (i) => {
    const res = await compute('DELETE', `/servers/${ids[i]}`);
    if (res.status !== 204 && res.status !== 404) throw new Error(`DELETE ${ids[i]}: ${res.status}`);
    await watcher.until(ids[i], 'DELETED');
  });
  await watcher.stop();
  results.push(`delete: ${(ids.length / deleteSecs).toFixed(1)} servers/s (${deleteSecs.toFixed(2)} s)`);
  // Placement frees allocations as the compute finishes each delete; give stragglers a moment.
  let usage = {};
  for (const until = Date.now() + 15_000; ; ) {
    usage = await totalUsage();
    if (Object.values(usage).every((n) => n === 0) || Date.now() > until) break;
    await sleep(250);
  }
  const leaks = Object.entries(usage).filter(([, n]) => n !== 0);
  results.push(
    leaks.length === 0
      ? 'placement: usage back to zero on every provider (no leaks)'
      : `placement: LEAKED usage after deletes: ${leaks.map(([rc, n]) => `${rc}=${n}`).join(', ')}`,
  );
  progress(results.at(-1));
  return { results, ok: leaks.length === 0 };
}

/** SIGTERM to every service, then the proxy; returns the names that did not exit 0. */
async function stopAll() {
  const bad = [];
  const stop = async (p) => {
    p.child.kill('SIGTERM');
    const timer = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
    const code = await p.exited;
    clearTimeout(timer);
    if (code !== 0) bad.push(`${p.name} exited with ${code}:\n${p.tail(10)}`);
  };
  await Promise.all([...processes.values()].map(stop));
  processes.clear();
  if (proxy.proc) await stop(proxy.proc);
  proxy.proc = null;
  return bad;
}

async function teardown() {
  progress('stopping every process (SIGTERM)');
  const bad = await stopAll();
  await dropDatabases().catch((err) => bad.push(`dropping databases: ${err.message}`));
  if (created.vhost) {
    await rabbitmqctl('delete_vhost', created.vhost).catch((err) =>
      bad.push(`deleting vhost ${created.vhost}: ${err.message}`),
    );
    created.vhost = null;
  }
  rmSync(created.dir, { recursive: true, force: true });
  return bad;
}

let outcome;
let failure;
process.once('SIGINT', () => {
  failure ??= new Error('interrupted (SIGINT)');
  teardown().finally(() => process.exit(130));
});
// Bounded in time even when a request hangs: the deadline check in the loops
// covers polling, this timer covers everything else.
const watchdog = setTimeout(() => {
  console.error(`boot-distributed: gave up after ${TIMEOUT_MS / 1000} s (a step hung); tearing down`);
  teardown().finally(() => process.exit(1));
}, TIMEOUT_MS + 30_000);
try {
  outcome = await main();
} catch (err) {
  failure = err;
  // The logs' last lines before teardown clears the processes: usually they name the cause.
  for (const p of [...processes.values(), ...(proxy.proc ? [proxy.proc] : [])])
    console.error(`--- ${p.name} (last lines) ---\n${p.tail()}`);
}
const bad = await teardown();
clearTimeout(watchdog);
if (outcome) {
  console.log('\n--- result ---');
  for (const line of outcome.results) console.log(line);
}
if (bad.length > 0) console.log(`processes that did not stop cleanly:\n${bad.join('\n')}`);
else if (outcome) console.log('every process exited 0 on SIGTERM; databases and bus removed');
if (failure) {
  console.error(
    failure instanceof BenchTimeout
      ? `boot-distributed: ${failure.message}`
      : `boot-distributed failed: ${failure.stack ?? failure}`,
  );
}
process.exit(failure || bad.length > 0 || !outcome?.ok ? 1 : 0);
