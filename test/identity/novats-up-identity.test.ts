/**
 * `novats up` with its embedded identity service: the openrc it writes
 * (names, the exact variables, no token) works with the real openstack
 * client, the catalog names the cloud's own APIs, the Compute and Placement
 * APIs take the Keystone token and still take noauth2 tokens, a revoked
 * token is refused at once; `--noauth` starts no identity service.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/cloud.js';
import { openstackJson, requireOpenstackCli } from '../support/openstack-cli.js';

const CLI = join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'novats.cjs');
const FREE_PORTS = [
  '--compute-port',
  '0',
  '--placement-port',
  '0',
  '--image-port',
  '0',
  '--identity-port',
  '0',
  '--metadata-port',
  '0',
];

async function up(args: string[]): Promise<{ child: ChildProcess; out: () => string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'novats-up-identity-'));
  const child = spawn(
    process.execPath,
    [CLI, 'up', '--hosts', '1', '--state-dir', dir, ...FREE_PORTS, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  await waitFor(
    'novats up',
    async () => {
      if (child.exitCode !== null) throw new Error(`novats up exited ${child.exitCode}: ${out}`);
      return out.includes('Press Ctrl+C') ? true : undefined;
    },
    30_000,
  );
  return { child, out: () => out, dir };
}

const started: { child: ChildProcess; dir: string }[] = [];
afterAll(() => {
  for (const s of started) {
    s.child.kill('SIGKILL');
    rmSync(s.dir, { recursive: true, force: true });
  }
});

describe('novats up with the embedded identity service', () => {
  it('writes openrc, serves the catalog and accepts Keystone and noauth2 tokens', async () => {
    requireOpenstackCli();
    const cloud = await up([]);
    started.push(cloud);
    const out = cloud.out();
    const identity = /Identity API\s+(\S+)/.exec(out)![1];
    const compute = /Compute API\s+(\S+)/.exec(out)![1];
    const placement = /Placement API\s+(\S+)/.exec(out)![1];
    const openrc = join(cloud.dir, 'openrc');
    expect(out).toContain(`. ${openrc}`);
    expect(statSync(openrc).mode & 0o777).toBe(0o600);
    const vars = Object.fromEntries(
      [...readFileSync(openrc, 'utf8').matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(Object.keys(vars).sort()).toEqual([
      'OS_AUTH_URL',
      'OS_IDENTITY_API_VERSION',
      'OS_PASSWORD',
      'OS_PROJECT_DOMAIN_NAME',
      'OS_PROJECT_NAME',
      'OS_USERNAME',
      'OS_USER_DOMAIN_NAME',
    ]);
    expect(vars).toMatchObject({
      OS_AUTH_URL: identity,
      OS_USERNAME: 'admin',
      OS_PROJECT_NAME: 'admin',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_IDENTITY_API_VERSION: '3',
    });
    expect(out).not.toContain(vars.OS_PASSWORD);

    const token = await openstackJson(['token', 'issue'], vars);
    const catalog = await fetch(`${identity}/auth/catalog`, { headers: { 'x-auth-token': token.id } });
    const services = ((await catalog.json()) as any).catalog;
    expect(services.map((s: { type: string }) => s.type)).toEqual([
      'identity',
      'compute',
      'placement',
      'image',
    ]);
    expect(services[1].endpoints.map((e: { url: string }) => e.url)).toEqual([compute, compute, compute]);

    const projects = await fetch(`${identity}/projects`, { headers: { 'x-auth-token': token.id } });
    expect(((await projects.json()) as any).projects.map((p: { name: string }) => p.name).sort()).toEqual([
      'admin',
      'service',
    ]);
    const servers = await fetch(`${compute}/servers`, { headers: { 'x-auth-token': token.id } });
    expect(servers.status).toBe(200);
    const aggregates = await fetch(`${compute}/os-aggregates`, { headers: { 'x-auth-token': token.id } });
    expect(aggregates.status).toBe(200);
    const noauth = await fetch(`${compute}/flavors`, { headers: { 'x-auth-token': 'admin:admin' } });
    expect(noauth.status).toBe(200);
    const rps = await fetch(`${placement}/resource_providers`, { headers: { 'x-auth-token': token.id } });
    expect(rps.status).toBe(200);

    const revoke = await fetch(`${identity}/auth/tokens`, {
      method: 'DELETE',
      headers: { 'x-auth-token': token.id, 'x-subject-token': token.id },
    });
    expect(revoke.status).toBe(204);
    const after = await fetch(`${compute}/servers`, { headers: { 'x-auth-token': token.id } });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toBe(`Keystone uri="${identity}"`);
    expect(cloud.out()).not.toContain(token.id);
    cloud.child.kill('SIGINT');
    await new Promise((r) => cloud.child.once('exit', r));
  }, 120_000);

  it('starts no identity service with --noauth', async () => {
    const cloud = await up(['--noauth']);
    started.push(cloud);
    expect(cloud.out()).not.toContain('Identity API');
    expect(cloud.out()).toContain('Authentication is noauth2');
    expect(existsSync(join(cloud.dir, 'openrc'))).toBe(false);
  }, 60_000);
});
