/**
 * nova-api-metadata against a booted instance of the all-in-one cloud: the
 * OpenStack and EC2 trees, instance lookup through the Neutron proxy's
 * signed headers and through the guest's address, the password, the config
 * drive the compute host wrote (ISO 9660, read back with genisoimage's
 * isoinfo), and cloud-init's own OpenStack datasource readers on both.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as get_ } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { NovaConfig, silentLogger, systemClock } from '@novats/core';
import type { FakeDriver } from '@novats/drivers';
import {
  type CellRegistry,
  metadataSettingsFromConfig,
  type RunningMetadataApi,
  ServerTokens,
  startMetadataApi,
} from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const exec = promisify(execFile);
const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const SECRET = 's3cret';
const USER_DATA = '#cloud-config\nruncmd: [echo hello]\n';
const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForMetadataTests alice@example';
const READER = join(dirname(new URL(import.meta.url).pathname), 'cloud-init-reader.py');

let t: TestCloud;
let xff: RunningMetadataApi;
let proxy: RunningMetadataApi;
let server: { id: string; ip: string };
let work: string;

async function boot(name: string, extra: Record<string, unknown>): Promise<{ id: string; ip: string }> {
  const res = await t.compute(
    'POST',
    '/servers',
    { server: { name, imageRef: IMAGE, flavorRef: '1', ...extra } },
    'alice:proj-a',
  );
  expect(res.status).toBe(202);
  const id = res.body.server.id as string;
  return waitFor(`${name} ACTIVE`, async () => {
    const s = (await t.compute('GET', `/servers/${id}`, undefined, 'alice:proj-a')).body.server;
    return s?.status === 'ACTIVE' ? { id, ip: s.addresses.private[0].addr as string } : undefined;
  });
}

function get(
  base: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: string,
) {
  return fetch(`${base}${path}`, { method, headers, body });
}

function signed(id: string, tenant = 'proj-a'): Record<string, string> {
  return {
    'X-Instance-ID': id,
    'X-Tenant-ID': tenant,
    'X-Instance-ID-Signature': createHmac('sha256', SECRET).update(id).digest('hex'),
  };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'novats-metadata-'));
  const conf = NovaConfig.fromSources(['[DEFAULT]\nforce_config_drive = false\n']);
  t = await startTestCloud('sqlite', { config: conf });
  await t.cloud.apiDatabase.keyPairs.create({
    name: 'k1',
    user_id: 'alice',
    fingerprint: 'aa:bb',
    public_key: PUBLIC_KEY,
    type: 'ssh',
  });
  server = await boot('vm1', {
    key_name: 'k1',
    metadata: { role: 'web' },
    user_data: Buffer.from(USER_DATA).toString('base64'),
    config_drive: true,
  });
  const base = { ...metadataSettingsFromConfig(conf), listen: { host: '127.0.0.1', port: 0 } };
  const deps = {
    api: t.cloud.apiDatabase,
    cells: t.cloud.scope.resolve<CellRegistry>(ServerTokens.CellRegistry),
    clock: systemClock,
    logger: silentLogger,
  };
  xff = await startMetadataApi(deps, { ...base, useForwardedFor: true });
  proxy = await startMetadataApi(deps, { ...base, serviceMetadataProxy: true, proxySharedSecret: SECRET });
}, 60_000);

afterAll(async () => {
  await xff?.stop();
  await proxy?.stop();
  await t?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the OpenStack tree', () => {
  const from = () => ({ 'X-Forwarded-For': server.ip });

  it('lists versions at /openstack and files per version', async () => {
    const versions = (await (await get(xff.url, '/openstack', from())).text()).split('\n');
    expect(versions[0]).toBe('2012-08-10');
    expect(versions).toContain('2020-10-14');
    expect(versions.at(-1)).toBe('latest');
    const files = (await (await get(xff.url, '/openstack/latest', from())).text()).split('\n');
    expect(files).toEqual([
      'meta_data.json',
      'user_data',
      'password',
      'vendor_data.json',
      'network_data.json',
      'vendor_data2.json',
    ]);
    const old = (await (await get(xff.url, '/openstack/2012-08-10/', from())).text()).split('\n');
    expect(old).toEqual(['meta_data.json', 'user_data']);
  });

  it('serves meta_data.json with Nova keys, by version', async () => {
    const res = await get(xff.url, '/openstack/latest/meta_data.json', from());
    expect(res.headers.get('content-type')).toContain('application/json');
    const md = (await res.json()) as any;
    expect(md).toMatchObject({
      uuid: server.id,
      meta: { role: 'web' },
      public_keys: { k1: PUBLIC_KEY },
      keys: [{ name: 'k1', type: 'ssh', data: PUBLIC_KEY }],
      hostname: 'vm1.novalocal',
      name: 'vm1',
      launch_index: 0,
      availability_zone: 'nova',
      project_id: 'proj-a',
      devices: [],
    });
    expect(Buffer.from(md.random_seed, 'base64')).toHaveLength(512);
    const folsom = (await (await get(xff.url, '/openstack/2012-08-10/meta_data.json', from())).json()) as any;
    expect(folsom.random_seed).toBeUndefined();
    expect(folsom.project_id).toBeUndefined();
  });

  it('serves user_data raw, network_data.json with the fixed address, and vendor data', async () => {
    expect(await (await get(xff.url, '/openstack/latest/user_data', from())).text()).toBe(USER_DATA);
    const net = (await (await get(xff.url, '/openstack/latest/network_data.json', from())).json()) as any;
    expect(net.networks[0]).toMatchObject({ type: 'ipv4', ip_address: server.ip, link: net.links[0].id });
    expect(net.links[0].ethernet_mac_address).toMatch(/^fa:16:3e:/);
    expect(await (await get(xff.url, '/openstack/latest/vendor_data.json', from())).json()).toEqual({});
    expect(await (await get(xff.url, '/openstack/latest/vendor_data2.json', from())).json()).toEqual({});
    expect((await get(xff.url, '/openstack/2013-04-04/vendor_data.json', from())).status).toBe(404);
    expect((await get(xff.url, '/openstack/2099-01-01/meta_data.json', from())).status).toBe(404);
  });
});

describe('the EC2 tree', () => {
  const from = () => ({ 'X-Forwarded-For': server.ip });
  const text = async (path: string) => (await get(xff.url, path, from())).text();

  it('lists versions at / and meta-data keys by version', async () => {
    expect((await text('/')).split('\n')).toEqual([
      '1.0',
      '2007-01-19',
      '2007-03-01',
      '2007-08-29',
      '2007-10-10',
      '2007-12-15',
      '2008-02-01',
      '2008-09-01',
      '2009-04-04',
      'latest',
    ]);
    const keys = (await text('/latest/meta-data/')).split('\n');
    expect(keys).toEqual([...keys].sort());
    expect(keys).toEqual(
      expect.arrayContaining([
        'ami-id',
        'instance-id',
        'instance-type',
        'placement/',
        'public-keys/',
        'block-device-mapping/',
      ]),
    );
    expect((await text('/1.0/meta-data/')).split('\n')).not.toContain('instance-type');
  });

  it('answers ids, addresses, keys and user-data, the same under /latest and /2009-04-04', async () => {
    const id = await text('/latest/meta-data/instance-id');
    expect(id).toMatch(/^i-[0-9a-f]{8}$/);
    expect(await text('/2009-04-04/meta-data/instance-id')).toBe(id);
    expect(await text('/ec2/latest/meta-data/instance-id')).toBe(id);
    expect(await text('/latest/meta-data/ami-id')).toMatch(/^ami-[0-9a-f]{8}$/);
    expect(await text('/latest/meta-data/local-ipv4')).toBe(server.ip);
    expect(await text('/latest/meta-data/instance-type')).toBe('m1.tiny');
    expect(await text('/latest/meta-data/placement/availability-zone')).toBe('nova');
    expect(await text('/latest/meta-data/public-keys/')).toBe('0=k1');
    expect(await text('/latest/meta-data/public-keys/0/openssh-key')).toBe(PUBLIC_KEY);
    expect(await text('/latest/meta-data/security-groups')).toBe('default');
    expect(await text('/latest/user-data')).toBe(USER_DATA);
    expect((await get(xff.url, '/latest/meta-data/no-such-key', from())).status).toBe(404);
  });
});

describe('finding the instance', () => {
  it('ignores X-Forwarded-For unless [api] use_forwarded_for is set', async () => {
    const res = await get(t.cloud.endpoints.metadata, '/latest/meta-data/instance-id', {
      'X-Forwarded-For': server.ip,
    });
    expect(res.status).toBe(404);
    expect(
      (await get(xff.url, '/latest/meta-data/instance-id', { 'X-Forwarded-For': '10.255.255.254' })).status,
    ).toBe(404);
  });

  it('behind the proxy: needs both headers (400), the right signature (403) and the owner (404)', async () => {
    const ok = signed(server.id);
    expect((await get(proxy.url, '/openstack/latest/meta_data.json', ok)).status).toBe(200);
    const noTenant = { ...ok } as Record<string, string>;
    delete noTenant['X-Tenant-ID'];
    const missing = await get(proxy.url, '/openstack/latest/meta_data.json', noTenant);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('X-Tenant-ID header is missing from request.');
    const forged = {
      ...ok,
      'X-Instance-ID-Signature': createHmac('sha256', 'guess').update(server.id).digest('hex'),
    };
    expect((await get(proxy.url, '/openstack/latest/meta_data.json', forged)).status).toBe(403);
    const unsigned = { 'X-Instance-ID': server.id, 'X-Tenant-ID': 'proj-a' };
    expect((await get(proxy.url, '/openstack/latest/meta_data.json', unsigned)).status).toBe(403);
    expect(
      (await get(proxy.url, '/openstack/latest/meta_data.json', signed(server.id, 'proj-b'))).status,
    ).toBe(404);
    // NOTE(raw): fetch joins repeated headers into one line; node:http sends each.
    const status = await new Promise<number>((resolve, reject) => {
      const headers = { ...ok, 'X-Instance-ID': [server.id, server.id] };
      get_(`${proxy.url}/openstack/latest/meta_data.json`, { headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(400);
  });
});

describe('the password', () => {
  it('is empty, refuses what is too large, is set once, then 409', async () => {
    const h = signed(server.id);
    const path = '/openstack/latest/password';
    expect(await (await get(proxy.url, path, h)).text()).toBe('');
    expect((await get(proxy.url, path, h, 'POST', 'x'.repeat(1021))).status).toBe(400);
    expect((await get(proxy.url, path, h, 'POST', 'c2VjcmV0')).status).toBe(200);
    expect(await (await get(proxy.url, path, h)).text()).toBe('c2VjcmV0');
    expect((await get(proxy.url, path, h, 'POST', 'other')).status).toBe(409);
    expect((await get(proxy.url, path, h, 'PUT', 'other')).status).toBe(400);
    expect(await (await get(proxy.url, path, h)).text()).toBe('c2VjcmV0');
  });
});

async function cloudInit(args: string[]): Promise<any> {
  const { stdout } = await exec('/usr/bin/python3', [READER, ...args], { timeout: 60_000 });
  return JSON.parse(stdout);
}

describe("cloud-init's OpenStack datasource reader", () => {
  it('reads meta_data.json, user_data and the EC2 tree from the service', async () => {
    const r = await cloudInit(['url', proxy.url, JSON.stringify(signed(server.id))]);
    expect(r.metadata.uuid).toBe(server.id);
    expect(r.metadata['instance-id']).toBe(server.id);
    expect(r.metadata['local-hostname']).toBe('vm1.novalocal');
    expect(r.metadata.public_keys).toEqual({ k1: PUBLIC_KEY });
    expect(r.random_seed_bytes).toBe(512);
    expect(r.userdata).toBe(USER_DATA);
    expect(r.networkdata.networks[0].ip_address).toBe(server.ip);
    expect(r['ec2-metadata']['instance-id']).toMatch(/^i-[0-9a-f]{8}$/);
    expect(r['ec2-metadata']['public-keys']).toEqual({ k1: PUBLIC_KEY });
  });

  it('reads the config drive the compute host attached (ISO 9660, label config-2)', async () => {
    const guest = t.cloud.computes
      .flatMap((c) => (c.driver as FakeDriver).guests())
      .find((g) => g.uuid === server.id);
    expect(guest?.config_drive).toBeInstanceOf(Uint8Array);
    const iso = join(work, 'disk.config');
    writeFileSync(iso, guest!.config_drive!);
    const { stdout: pvd } = await exec('isoinfo', ['-d', '-i', iso]);
    expect(pvd).toMatch(/Volume id: config-2/);
    expect(pvd).toMatch(/Joliet/);
    const { stdout: listing } = await exec('isoinfo', ['-J', '-f', '-i', iso]);
    const paths = listing.split('\n').filter((p) => /\/(user[-_]data|[^/]+\.json)$/.test(p));
    expect(paths).toContain('/openstack/latest/vendor_data2.json');
    expect(paths).toContain('/ec2/2009-04-04/meta-data.json');
    expect(paths.some((p) => p.includes('/ec2/1.0/'))).toBe(false);
    const root = join(work, 'drive');
    for (const p of paths) {
      const { stdout } = await exec('isoinfo', ['-J', '-x', p, '-i', iso], { encoding: 'buffer' });
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), stdout);
    }
    const r = await cloudInit(['drive', root]);
    expect(r.metadata.uuid).toBe(server.id);
    expect(r.metadata.public_keys).toEqual({ k1: PUBLIC_KEY });
    expect(r.userdata).toBe(USER_DATA);
    expect(r['ec2-metadata']['instance-id']).toMatch(/^i-[0-9a-f]{8}$/);
    expect(r.networkdata.networks[0].ip_address).toBe(server.ip);
  });

  it('gives an instance without config_drive none', async () => {
    const other = await boot('vm2', {});
    const guest = t.cloud.computes
      .flatMap((c) => (c.driver as FakeDriver).guests())
      .find((g) => g.uuid === other.id);
    expect(guest?.config_drive).toBeNull();
  });
});
