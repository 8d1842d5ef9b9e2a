/**
 * Shared steps of the console tests: boot a fake instance and wait for it,
 * ask the Compute API for a console, and pull the token out of its URL.
 */
import type { Clock } from '@novats/core';
import { type TestCloud, waitFor } from '../support/cloud.js';

export const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';

export function versionHeader(v: string): Record<string, string> {
  return { 'x-openstack-nova-api-version': v };
}

/** Boots a server and resolves its uuid once ACTIVE. */
export async function bootActive(t: TestCloud, name: string, token = 'admin:admin'): Promise<string> {
  const res = await t.compute(
    'POST',
    '/servers',
    { server: { name, imageRef: IMAGE, flavorRef: '1' } },
    token,
  );
  if (res.status !== 202) throw new Error(`boot ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  const id = res.body.server.id as string;
  await waitFor(`server ${name} ACTIVE`, async () => {
    const s = await t.compute('GET', `/servers/${id}`, undefined, token);
    return s.body.server?.status === 'ACTIVE' ? true : undefined;
  });
  return id;
}

/** POST remote-consoles at 2.6 (or `version`); resolves the response. */
export function remoteConsole(
  t: TestCloud,
  id: string,
  protocol: string,
  type: string,
  version = '2.6',
  token = 'admin:admin',
) {
  return t.compute(
    'POST',
    `/servers/${id}/remote-consoles`,
    { remote_console: { protocol, type } },
    token,
    versionHeader(version),
  );
}

/** The token of a console URL: in noVNC's `path` (`?token=`) or as `token`. */
export function tokenOfUrl(url: string): string {
  const q = new URL(url).searchParams;
  const path = q.get('path');
  if (path) return new URLSearchParams(path.split('?')[1]).get('token') ?? '';
  return q.get('token') ?? '';
}

/** A clock the test moves forward by hand (token expiry). */
export function manualClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}
