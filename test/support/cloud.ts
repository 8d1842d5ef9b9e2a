/**
 * Starts an all-in-one cloud for a test on ephemeral ports, on SQLite or on
 * fresh MariaDB or PostgreSQL databases, and gives a tiny HTTP client for its APIs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AllInOneCloud, type AllInOneOptions, startAllInOne } from '@novats/server';
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js';

export interface TestCloud {
  readonly cloud: AllInOneCloud;
  compute(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<HttpResult>;
  placement(method: string, path: string, body?: unknown, version?: string): Promise<HttpResult>;
  stop(): Promise<void>;
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** One JSON request; the body is parsed when it is JSON. */
export async function http(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<HttpResult> {
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export async function startTestCloud(
  dialect: Dialect,
  opts: Partial<AllInOneOptions> = {},
): Promise<TestCloud> {
  const stateDir = mkdtempSync(join(tmpdir(), 'novats-cloud-'));
  const dbs: TestDatabase[] = [];
  let databases: AllInOneOptions['databases'];
  if (dialect !== 'sqlite') {
    for (const name of ['api', 'cell0', 'cell1', 'placement'])
      dbs.push(await createTestDatabase(dialect, `novats_${name}`));
    databases = { api: dbs[0].url, cell0: dbs[1].url, cell1: dbs[2].url, placement: dbs[3].url };
  }
  const cloud = await startAllInOne({
    stateDir,
    hosts: 3,
    hostResources: { vcpus: 8, memory_mb: 8192, local_gb: 100 },
    ports: { compute: 0, placement: 0, image: 0 },
    databases,
    ...opts,
  });
  const computeBase = cloud.endpoints.compute;
  // NOTE(quota): suites boot many servers as admin:admin; that project has no instances, cores
  // or ram limit here. Every other project keeps Nova's default quotas.
  const lifted = await http(
    `${computeBase}/os-quota-sets/admin`,
    'PUT',
    { quota_set: { instances: -1, cores: -1, ram: -1 } },
    { 'x-auth-token': 'admin:admin' },
  );
  if (lifted.status !== 200) throw new Error(`lifting the admin project's quota: ${lifted.status}`);
  return {
    cloud,
    compute: (method, path, body, token = 'admin:admin', headers = {}) =>
      http(`${computeBase}${path}`, method, body, { 'x-auth-token': token, ...headers }),
    placement: (method, path, body, version = '1.39') =>
      http(`${cloud.endpoints.placement}${path}`, method, body, {
        'x-auth-token': 'admin',
        'openstack-api-version': `placement ${version}`,
      }),
    async stop() {
      await cloud.stop();
      for (const db of dbs) await db.drop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** The image every test cloud's embedded image service holds (cirros, public). */
export const TEST_IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';

/** POST /servers of `name` from the test image with flavor 1 as `token`; expects 202, returns the new id. */
export async function postServer(t: TestCloud, name: string, token = 'admin:admin'): Promise<string> {
  const res = await t.compute(
    'POST',
    '/servers',
    { server: { name, imageRef: TEST_IMAGE, flavorRef: '1' } },
    token,
  );
  if (res.status !== 202) throw new Error(`POST /servers ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { server: { id: string } }).server.id;
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
