#!/usr/bin/env node
// EC2 DescribeInstances with 1,000 instances: starts `novats up` (10 fake
// hosts, embedded identity) in a child process, makes EC2 credentials for
// its admin (openrc in the state directory), launches 1,000 instances with
// RunInstances, then times N DescribeInstances calls through
// @aws-sdk/client-ec2 (Signature V4, each verified by /v3/ec2tokens).
// Prints the wall-clock median/p90/max, the HTTP exchange alone (no XML
// parsing) and the server's CPU time per call
// (from /proc: all of novats up's work for the call, identity included),
// which holds on a machine other work is sharing.
//   node bench/ec2-describe-instances.bench.mjs [--instances 1000] [--calls 40]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { processCpuMs } from './process-cpu.mjs';

const { values } = parseArgs({
  options: { instances: { type: 'string', default: '1000' }, calls: { type: 'string', default: '40' } },
});
const INSTANCES = Number(values.instances);
const CALLS = Number(values.calls);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = mkdtempSync(join(tmpdir(), 'novats-bench-ec2-'));
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
    '10',
    '--vcpus',
    '1000',
    '--ram',
    '1000000',
    '--disk',
    '100000',
    '--state-dir',
    stateDir,
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
}, 600_000);

const urls = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const identity = /Identity API\s+(\S+)/.exec(out)?.[1];
    const ec2 = /EC2 API\s+(\S+)/.exec(out)?.[1];
    const compute = /Compute API\s+(\S+)/.exec(out)?.[1];
    if (identity && ec2 && compute) resolve({ identity, ec2, compute });
  });
  child.on('exit', (code) => reject(new Error(`novats up exited ${code}`)));
});

const serverCpuMs = () => processCpuMs(child.pid).total;

try {
  const password = /OS_PASSWORD=(\S+)/.exec(readFileSync(join(stateDir, 'openrc'), 'utf8'))[1];
  const ks = async (path, token, body) => {
    const res = await fetch(`${urls.identity}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { 'x-auth-token': token } : {}) },
      body: JSON.stringify(body),
    });
    return { token: res.headers.get('x-subject-token'), body: await res.json() };
  };
  const auth = await ks('/auth/tokens', null, {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: 'admin', domain: { name: 'Default' }, password } },
      },
      scope: { project: { name: 'admin', domain: { id: 'default' } } },
    },
  });
  // NOTE(quota): 1,000 instances go past Nova's default quotas of one project; lift them.
  const lifted = await fetch(`${urls.compute}/os-quota-sets/${auth.body.token.project.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-auth-token': auth.token },
    body: JSON.stringify({ quota_set: { instances: -1, cores: -1, ram: -1 } }),
  });
  if (lifted.status !== 200) throw new Error(`lifting the quota answered ${lifted.status}`);
  const cred = await ks(`/users/${auth.body.token.user.id}/credentials/OS-EC2`, auth.token, {
    tenant_id: auth.body.token.project.id,
  });
  const ec2 = new EC2Client({
    endpoint: urls.ec2,
    region: 'nova',
    credentials: { accessKeyId: cred.body.credential.access, secretAccessKey: cred.body.credential.secret },
  });
  // NOTE(split): the server's share of a call, without the SDK's XML parsing: this middleware sits
  // innermost in the deserialize step, times the signed HTTP exchange up to the last byte of the body
  // (read here into memory), then hands the bytes on to the SDK's parser.
  let exchangeMs = 0;
  ec2.middlewareStack.add(
    (next) => async (args) => {
      const t0 = performance.now();
      const out = await next(args);
      const chunks = [];
      for await (const chunk of out.response.body) chunks.push(chunk);
      out.response.body = new Uint8Array(Buffer.concat(chunks));
      exchangeMs = performance.now() - t0;
      return out;
    },
    { step: 'deserialize', priority: 'low', name: 'benchExchangeTimer' },
  );
  const ami = (await ec2.send(new DescribeImagesCommand({}))).Images[0].ImageId;
  const launched = performance.now();
  for (let left = INSTANCES; left > 0; left -= 100) {
    const n = Math.min(100, left);
    await ec2.send(
      new RunInstancesCommand({ ImageId: ami, MinCount: n, MaxCount: n, InstanceType: 'm1.tiny' }),
    );
  }
  for (;;) {
    const d = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }),
    );
    if ((d.Reservations ?? []).flatMap((r) => r.Instances).length >= INSTANCES) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`${INSTANCES} instances running after ${((performance.now() - launched) / 1000).toFixed(1)} s`);
  await new Promise((r) => setTimeout(r, 2000));
  const times = [];
  const exchanges = [];
  const cpus = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    const c0 = serverCpuMs();
    const d = await ec2.send(new DescribeInstancesCommand({}));
    times.push(performance.now() - t0);
    exchanges.push(exchangeMs);
    cpus.push(serverCpuMs() - c0);
    const n = (d.Reservations ?? []).flatMap((r) => r.Instances).length;
    if (n !== INSTANCES) throw new Error(`DescribeInstances returned ${n} instances`);
  }
  const stats = (xs) => {
    xs.sort((a, b) => a - b);
    const at = (q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))].toFixed(1);
    return `median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`;
  };
  console.log(`DescribeInstances (${INSTANCES} instances, ${CALLS} calls)`);
  console.log(`  wall clock, with the SDK's signing and XML parsing: ${stats(times)}`);
  console.log(
    `  the HTTP exchange alone (request sent to last byte received, no parsing): ${stats(exchanges)}`,
  );
  console.log(`  server CPU time per call (novats up, identity included; 10 ms ticks): ${stats(cpus)}`);
  ec2.destroy();
} finally {
  clearTimeout(killer);
  stop();
}
