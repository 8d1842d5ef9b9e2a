#!/usr/bin/env node
// The libvirt driver against this machine's libvirtd:
//   (a) RPC round trip of DOMAIN_GET_INFO over libvirt's own protocol, one call
//       at a time (median, p99), on test:///default's built-in domain and on an
//       inactive domain defined on qemu:///system;
//   (b) boot to ACTIVE through the all-in-one (API -> scheduler -> conductor ->
//       compute -> libvirt, in one process as `novats up` runs it) of the tiny
//       guest under QEMU/TCG, split into libvirt's DOMAIN_CREATE (libvirtd
//       starting QEMU) and the rest, which is ours.
// Needs libvirtd running and the tiny guest built (both done by the libvirt tests:
//   timeout 600 npx vitest run test/virt/libvirt-guest.test.ts), then:
//   node scripts/bootstrap.mjs && node bench/libvirt-rpc.bench.mjs [--calls 5000] [--boots 5]
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NovaConfig } from '../packages/core/dist/index.js';
import { LibvirtClient } from '../packages/drivers/dist/index.js';
import { startAllInOne } from '../packages/server/dist/index.js';

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '5000' }, boots: { type: 'string', default: '5' } },
});
const CALLS = Number(values.calls);
const BOOTS = Number(values.boots);
const GUEST = join(tmpdir(), 'novats-cache', 'tiny-guest-v1');

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => `${x.toFixed(3)} ms`;

async function roundTrips(label, client, dom) {
  for (let i = 0; i < 500; i += 1) await client.getInfo(dom);
  const times = [];
  const started = performance.now();
  for (let i = 0; i < CALLS; i += 1) {
    const t = performance.now();
    await client.getInfo(dom);
    times.push(performance.now() - t);
  }
  const total = (performance.now() - started) / 1000;
  console.log(
    `${label}: DOMAIN_GET_INFO x${CALLS}: median ${ms(pct(times, 50))}, p99 ${ms(pct(times, 99))}, ${Math.round(CALLS / total)} calls/s`,
  );
}

async function rpc() {
  const test = await LibvirtClient.connect('test:///default');
  await roundTrips('test:///default', test, (await test.listAllDomains())[0]);
  await test.close();
  const qemu = await LibvirtClient.connect('qemu:///system');
  const uuid = crypto.randomUUID();
  const dom = await qemu.defineXml(
    `<domain type="qemu"><name>novats-bench-${uuid}</name><uuid>${uuid}</uuid><memory unit="MiB">64</memory><os><type arch="x86_64">hvm</type></os></domain>`,
  );
  try {
    await roundTrips('qemu:///system', qemu, dom);
  } finally {
    await qemu.undefine(dom, 0);
    await qemu.close();
  }
}

/** Uploads the tiny guest as three images (aki, ari, ami) to the cloud's embedded Image API; returns the ami's id. */
async function uploadImages(imageApi) {
  const headers = { 'x-auth-token': 'admin:admin' };
  const add = async (name, format, path, properties = {}) => {
    const created = await fetch(`${imageApi}/v2/images`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        name,
        disk_format: format,
        container_format: format,
        visibility: 'public',
        ...properties,
      }),
    });
    if (created.status !== 201)
      throw new Error(`POST /v2/images ${name}: ${created.status} ${await created.text()}`);
    const { id } = await created.json();
    const uploaded = await fetch(`${imageApi}/v2/images/${id}/file`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: readFileSync(path),
    });
    if (uploaded.status !== 204) throw new Error(`PUT /v2/images/${id}/file: ${uploaded.status}`);
    return id;
  };
  const kernel = await add('tiny-vmlinuz', 'aki', join(GUEST, 'vmlinuz'));
  const ramdisk = await add('tiny-initramfs', 'ari', join(GUEST, 'initramfs.gz'));
  return add('tiny-guest', 'ami', join(GUEST, 'disk.raw'), {
    kernel_id: kernel,
    ramdisk_id: ramdisk,
    os_command_line: 'root=/dev/vda rdinit=/init quiet',
  });
}

/** The same boot loop on the fake driver: what the stack costs without a hypervisor, measured alongside. */
async function fakeBoots() {
  const dir = mkdtempSync(join(tmpdir(), 'novats-libvirt-bench-'));
  const cloud = await startAllInOne({
    stateDir: join(dir, 'state'),
    hosts: 1,
    ports: { compute: 0, placement: 0, image: 0 },
  });
  const times = [];
  try {
    for (let i = 0; i <= BOOTS; i += 1) {
      const t = performance.now();
      const id = await bootOne(cloud.endpoints.compute, 'a2459075-d96c-40d5-893e-577ff92e721c', `f${i}`);
      if (i > 0) times.push(performance.now() - t);
      await deleteOne(cloud.endpoints.compute, id);
    }
  } finally {
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`  the same loop on the fake driver: POST -> ACTIVE median ${ms(pct(times, 50))}`);
}

const HEADERS = { 'x-auth-token': 'admin:admin', 'content-type': 'application/json' };
async function call(base, method, path, body) {
  const res = await fetch(`${base}${path}`, { method, headers: HEADERS, body: body && JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** POSTs one m1.tiny and polls until ACTIVE; returns its id. */
async function bootOne(base, imageRef, name) {
  const { body } = await call(base, 'POST', '/servers', { server: { name, imageRef, flavorRef: '1' } });
  const id = body.server.id;
  const started = performance.now();
  for (;;) {
    const s = (await call(base, 'GET', `/servers/${id}`)).body.server;
    if (s.status === 'ACTIVE') return id;
    if (s.status === 'ERROR') throw new Error(`boot failed: ${JSON.stringify(s.fault)}`);
    if (performance.now() - started > 120_000)
      throw new Error(`boot stuck in ${s.status}/${s['OS-EXT-STS:task_state']}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function deleteOne(base, id) {
  await call(base, 'DELETE', `/servers/${id}`);
  while ((await call(base, 'GET', `/servers/${id}`)).status !== 404)
    await new Promise((r) => setTimeout(r, 5));
}

async function boots() {
  const dir = mkdtempSync(join(tmpdir(), 'novats-libvirt-bench-'));
  const config = NovaConfig.fromSources([
    {
      name: 'nova.conf',
      text: [
        '[DEFAULT]',
        'compute_driver = libvirt.LibvirtDriver',
        `instances_path = ${join(dir, 'instances')}`,
        'shutdown_timeout = 0',
        '[libvirt]',
        'virt_type = qemu',
        'connection_uri = qemu:///system',
      ].join('\n'),
    },
  ]);
  const cloud = await startAllInOne({
    stateDir: join(dir, 'state'),
    hosts: 1,
    ports: { compute: 0, placement: 0, image: 0 },
    config,
  });
  const machine = await uploadImages(cloud.endpoints.image);
  const creates = [];
  cloud.computes[0].driver.observeSpawnTimings((t) => creates.push(t));
  const rows = [];
  try {
    for (let i = 0; i <= BOOTS; i += 1) {
      const t = performance.now();
      const id = await bootOne(cloud.endpoints.compute, machine, `b${i}`);
      const active = performance.now() - t;
      await deleteOne(cloud.endpoints.compute, id);
      // NOTE(warm-up): the first boot downloads the images into the cache; it is not counted.
      if (i > 0) rows.push({ active, ...creates[creates.length - 1] });
    }
  } finally {
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const med = (k) =>
    pct(
      rows.map((r) => r[k]),
      50,
    );
  const ours = rows.map((r) => r.active - r.createMs);
  console.log(`boot to ACTIVE, tiny guest on QEMU/TCG, ${BOOTS} boots one at a time (image cached):`);
  console.log(`  POST -> ACTIVE median ${ms(med('active'))}`);
  console.log(`  libvirt DOMAIN_CREATE (libvirtd starts QEMU) median ${ms(med('createMs'))}`);
  console.log(`  ours (everything else) median ${ms(pct(ours, 50))}, max ${ms(Math.max(...ours))}`);
  console.log(
    `    of which the driver: disks and files ${ms(med('prepareMs'))}, DOMAIN_DEFINE_XML ${ms(med('defineMs'))}`,
  );
}

if (!existsSync(join(GUEST, 'vmlinuz'))) {
  console.error(
    `the tiny guest is not built in ${GUEST}: run timeout 600 npx vitest run test/virt/libvirt-guest.test.ts once`,
  );
  process.exit(2);
}
await rpc();
await boots();
await fakeBoots();
