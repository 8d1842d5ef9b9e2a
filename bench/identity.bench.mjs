#!/usr/bin/env node
// Identity benchmark over the built packages (node scripts/bootstrap.mjs first):
//   node bench/identity.bench.mjs [--validations 20000] [--logins 50] [--seconds 5] [--clients 16]
// (a) what Keystone validation adds to an API request once the token is in
//     the cache: the auth hook every API calls (keystoneAuth -> validator ->
//     request context), per call, after a first validation filled the cache;
// (b) POST /v3/auth/tokens (password, project scope, catalog) one at a time
//     against `novats-identity` in its own process, next to the KDF alone
//     (scrypt N=2^14, r=8, p=1) measured in this process;
// (c) GET /v3/auth/tokens (validation by the identity service, as
//     keystonemiddleware asks it) from --clients keep-alive connections for
//     --seconds: validations per second.
// It bootstraps its own SQLite API database in a temporary directory.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KeystoneTokenValidator } from '../packages/drivers/dist/index.js';
import {
  hashPassword,
  KDF_DESCRIPTION,
  keystoneAuth,
  verifyPassword,
} from '../packages/server/dist/index.js';
import { processCpuMs } from './process-cpu.mjs';

const { values } = parseArgs({
  options: {
    validations: { type: 'string', default: '20000' },
    logins: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '5' },
    clients: { type: 'string', default: '16' },
  },
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const IDENTITY = join(root, 'packages', 'cli', 'dist', 'novats-identity.cjs');
const dir = mkdtempSync(join(tmpdir(), 'novats-identity-bench-'));
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const conf = join(dir, 'nova.conf');
writeFileSync(
  conf,
  `[api_database]\nconnection = sqlite:///${join(dir, 'api.sqlite')}\n[identity]\nlisten = 127.0.0.1\nlisten_port = ${port}\n`,
);
spawnSync(process.execPath, [
  IDENTITY,
  'bootstrap',
  '--bootstrap-password',
  'bench-pw',
  '--config-file',
  conf,
]);
const child = spawn(process.execPath, [IDENTITY, '--config-file', conf], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve) => child.stdout.on('data', (d) => String(d).includes('listening') && resolve()));
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(values.clients) });

function request(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const loginBody = JSON.stringify({
  auth: {
    identity: {
      methods: ['password'],
      password: { user: { name: 'admin', domain: { id: 'default' }, password: 'bench-pw' } },
    },
    scope: { project: { name: 'admin', domain: { id: 'default' } } },
  },
});
const login = async () => {
  const r = await request('POST', '/v3/auth/tokens', { 'content-type': 'application/json' }, loginBody);
  if (r.status !== 201) throw new Error(`login failed: ${r.status}`);
  return r.headers['x-subject-token'];
};
/** CPU seconds (user + system, all threads) the identity process has used. */
const childCpu = () => processCpuMs(child.pid).total / 1000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p99 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)];

try {
  const token = await login();
  // (a) warm-cache validation through the auth hook.
  const validator = new KeystoneTokenValidator({ authUrl: `http://127.0.0.1:${port}` });
  const hook = keystoneAuth(validator);
  const headers = { 'x-auth-token': token };
  await hook.authenticate(headers, 'req-warm');
  const n = Number(values.validations);
  for (let i = 0; i < 2000; i++) await hook.authenticate(headers, 'req-warm');
  const t0 = process.hrtime.bigint();
  const hookCpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await hook.authenticate(headers, 'req-bench');
  const perCall = Number(process.hrtime.bigint() - t0) / n / 1e6;
  const hookCpuUse = process.cpuUsage(hookCpu0);
  // NOTE(load): CPU time is what the hook costs a request; wall time also counts waiting for a core.
  const perCallCpu = (hookCpuUse.user + hookCpuUse.system) / 1e3 / n;
  await validator.close();

  // (b) login cost next to the KDF.
  const stored = await hashPassword('bench-pw');
  const kdf = [];
  const kdfCpu0 = process.cpuUsage();
  for (let i = 0; i < Number(values.logins); i++) {
    const s = performance.now();
    await verifyPassword('bench-pw', stored);
    kdf.push(performance.now() - s);
  }
  const kdfCpuUse = process.cpuUsage(kdfCpu0);
  const kdfCpu = (kdfCpuUse.user + kdfCpuUse.system) / 1e3 / Number(values.logins);
  const logins = [];
  const loginCpu0 = childCpu();
  for (let i = 0; i < Number(values.logins); i++) {
    const s = performance.now();
    await login();
    logins.push(performance.now() - s);
  }
  const loginCpu = ((childCpu() - loginCpu0) * 1000) / Number(values.logins);

  // (c) validation throughput of the identity service, after a warm-up (JIT, connections) that is not counted.
  const vheaders = { 'x-auth-token': token, 'x-subject-token': token };
  let warm = 0;
  await Promise.all(
    Array.from({ length: Number(values.clients) }, async () => {
      while (warm++ < 3000) await request('GET', '/v3/auth/tokens', vheaders);
    }),
  );
  const validateCpu0 = childCpu();
  const until = Date.now() + Number(values.seconds) * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: Number(values.clients) }, async () => {
      while (Date.now() < until) {
        const r = await request('GET', '/v3/auth/tokens', vheaders);
        if (r.status !== 200) throw new Error(`validation failed: ${r.status}`);
        done++;
      }
    }),
  );
  const rate = done / Number(values.seconds);
  const validateCpu = ((childCpu() - validateCpu0) * 1e6) / done;

  console.log(
    `(a) warm-cache validation through the auth hook: ${(perCallCpu * 1000).toFixed(1)} µs CPU, ${(perCall * 1000).toFixed(1)} µs wall per request (${n} calls)`,
  );
  console.log(
    `(b) KDF alone (${KDF_DESCRIPTION}): median ${median(kdf).toFixed(1)} ms, p99 ${p99(kdf).toFixed(1)} ms`,
  );
  console.log(
    `    POST /v3/auth/tokens: median ${median(logins).toFixed(1)} ms, p99 ${p99(logins).toFixed(1)} ms; over the KDF: ${(median(logins) - median(kdf)).toFixed(1)} ms`,
  );
  console.log(
    `    CPU per login in the identity process ${loginCpu.toFixed(1)} ms, of which the KDF ${kdfCpu.toFixed(1)} ms`,
  );
  console.log(`(c) GET /v3/auth/tokens from ${values.clients} clients: ${Math.round(rate)} validations/s`);
  console.log(
    `    CPU per validation in the identity process ${validateCpu.toFixed(0)} µs (${Math.round(1e6 / validateCpu)}/s per core)`,
  );
  console.log(
    `    load average while measuring: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );
} finally {
  agent.destroy();
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
