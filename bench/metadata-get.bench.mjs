#!/usr/bin/env node
// Metadata service throughput: starts `novats up` (1 fake host) in a child
// process with `[api] use_forwarded_for = True`, boots one server, then keeps
// N keep-alive connections busy for D seconds per path, asking as that
// server (X-Forwarded-For its fixed address), and prints requests per second,
// both by the wall clock and per CPU second the server process spent (the
// latter holds on a machine other work is sharing).
//   node bench/metadata-get.bench.mjs [--connections 32] [--seconds 5]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { connections: { type: 'string', default: '32' }, seconds: { type: 'string', default: '5' } },
});
const CONNECTIONS = Number(values.connections);
const SECONDS = Number(values.seconds);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = mkdtempSync(join(tmpdir(), 'novats-bench-md-'));
const conf = join(stateDir, 'nova.conf');
writeFileSync(conf, '[api]\nuse_forwarded_for = True\n');
const ports = ['compute', 'placement', 'image', 'metadata', 'ec2', 'identity'].flatMap((p) => [
  `--${p}-port`,
  '0',
]);
const child = spawn(
  process.execPath,
  [
    join(root, 'packages/cli/dist/novats.cjs'),
    'up',
    '--hosts',
    '1',
    '--state-dir',
    stateDir,
    '--config-file',
    conf,
    ...ports,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const stop = () => {
  child.kill('SIGTERM');
  rmSync(stateDir, { recursive: true, force: true });
};
const killer = setTimeout(() => {
  stop();
  process.exit(1);
}, 120_000);

const urls = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const compute = /Compute API\s+(\S+)/.exec(out)?.[1];
    const metadata = /Metadata API\s+(\S+)/.exec(out)?.[1];
    if (compute && metadata) resolve({ compute, metadata });
  });
  child.on('exit', (code) => reject(new Error(`novats up exited ${code}`)));
});

const TOKEN = { 'x-auth-token': 'admin:admin', 'content-type': 'application/json' };
const boot = await fetch(`${urls.compute}/servers`, {
  method: 'POST',
  headers: TOKEN,
  body: JSON.stringify({
    server: { name: 'bench', imageRef: 'a2459075-d96c-40d5-893e-577ff92e721c', flavorRef: '1' },
  }),
});
const id = (await boot.json()).server.id;
let ip;
for (let i = 0; i < 400 && !ip; i++) {
  const s = (await (await fetch(`${urls.compute}/servers/${id}`, { headers: TOKEN })).json()).server;
  if (s.status === 'ACTIVE') ip = s.addresses.private[0].addr;
  else await new Promise((r) => setTimeout(r, 25));
}
if (!ip) throw new Error('server never became ACTIVE');

// NOTE(settle): the fresh cloud's first periodic tasks run in its first seconds; let them pass.
await new Promise((r) => setTimeout(r, 3000));
const { hostname, port } = new URL(urls.metadata);
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function get(path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, agent, headers: { 'X-Forwarded-For': ip } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** CPU seconds the server process has used (utime + stime), for a figure that holds on a busy machine. */
function serverCpuSeconds() {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function run(path, print = true) {
  // Warm up (metadata cache, JIT) for a second before measuring.
  const warm = performance.now() + 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < warm) await get(path);
    }),
  );
  const cpu0 = serverCpuSeconds();
  let done = 0;
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        await get(path);
        done++;
      }
    }),
  );
  const rate = done / ((performance.now() - started) / 1000);
  const perCore = done / Math.max(0.01, serverCpuSeconds() - cpu0);
  if (print)
    console.log(
      `GET ${path}: ${Math.round(rate)} req/s wall clock, ${Math.round(perCore)} req/s per server CPU second (${done} requests, ${CONNECTIONS} connections, ${SECONDS} s)`,
    );
}

// NOTE(first): the first window of a new process measures slower whatever the path; it is not printed.
await run('/latest/meta-data/', false);
for (const path of [
  '/openstack/latest/network_data.json',
  '/openstack/latest/meta_data.json',
  '/latest/meta-data/instance-id',
])
  await run(path);
agent.destroy();
clearTimeout(killer);
stop();
