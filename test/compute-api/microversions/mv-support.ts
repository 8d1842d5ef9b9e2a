/**
 * Helpers of the per-microversion tests: one in-process cloud per file,
 * requests at an explicit microversion, and a server booted to ACTIVE.
 */
import { expect } from 'vitest';
import type { HttpResult, TestCloud } from '../../support/cloud.js';
import { waitFor } from '../../support/cloud.js';

/** The CirrOS image the embedded image service seeds. */
export const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
export const ADMIN = 'admin:admin';
export const ALICE = 'alice:proj-a';

export type Call = (
  method: string,
  path: string,
  version: string,
  body?: unknown,
  token?: string,
) => Promise<HttpResult>;

/** A request at microversion `version` (OpenStack-API-Version: compute X). */
export function caller(t: () => TestCloud): Call {
  return (method, path, version, body, token = ADMIN) =>
    t().compute(method, path, body, token, { 'openstack-api-version': `compute ${version}` });
}

/** Boots a server (no networks) and waits for ACTIVE; returns its uuid. */
export async function boot(call: Call, name: string, token = ADMIN, extra: object = {}): Promise<string> {
  const res = await call(
    'POST',
    '/servers',
    '2.37',
    { server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'none', ...extra } },
    token,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const id: string = res.body.server.id;
  await waitForStatus(call, id, 'ACTIVE', token);
  return id;
}

export async function waitForStatus(call: Call, id: string, status: string, token = ADMIN): Promise<void> {
  await waitFor(`${id} ${status}`, async () =>
    (await call('GET', `/servers/${id}`, '2.1', undefined, token)).body.server?.status === status
      ? true
      : undefined,
  );
}

/** Asserts the status at N-1 and at N of the same request. */
export async function statusAcross(
  call: Call,
  method: string,
  path: string,
  [before, at]: [string, string],
  body: unknown,
  [want1, want2]: [number, number],
  token = ADMIN,
): Promise<[HttpResult, HttpResult]> {
  const a = await call(method, path, before, body, token);
  expect(a.status, `${method} ${path} at ${before}: ${JSON.stringify(a.body)}`).toBe(want1);
  const b = await call(method, path, at, body, token);
  expect(b.status, `${method} ${path} at ${at}: ${JSON.stringify(b.body)}`).toBe(want2);
  return [a, b];
}
