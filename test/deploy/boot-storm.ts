/**
 * Boot storms against a deployment's Compute API: many servers at once,
 * then waiting until each is out of BUILD, and checks that nothing leaked
 * in placement once they are deleted.
 */
import { expect } from 'vitest';
import type { Deployment } from '../support/deployment.js';

export const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';

export async function ensureFlavor(d: Deployment): Promise<void> {
  const res = await d.compute('POST', '/flavors', {
    flavor: { name: 'm1.tiny', id: '1', ram: 512, vcpus: 1, disk: 1 },
  });
  expect([200, 409]).toContain(res.status);
}

/** POSTs `count` servers, `parallel` at a time; returns their ids. */
export async function bootServers(
  d: Deployment,
  count: number,
  prefix: string,
  parallel = 10,
  opts: { tolerate?: readonly number[] } = {},
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        const res = await d.compute('POST', '/servers', {
          server: { name: `${prefix}-${i}`, imageRef: IMAGE, flavorRef: '1' },
        });
        if (res.status !== 202 && opts.tolerate?.includes(res.status)) continue;
        expect(res.status, JSON.stringify(res.body)).toBe(202);
        ids.push(res.body.server.id);
      }
    }),
  );
  return ids;
}

/** Polls until no server of `ids` is in BUILD; returns status and host by id. */
export async function waitSettled(
  d: Deployment,
  ids: readonly string[],
  timeoutMs = 60_000,
): Promise<Map<string, { status: string; host: string | null }>> {
  const wanted = new Set(ids);
  const deadline = Date.now() + timeoutMs;
  let last = new Map<string, { status: string; host: string | null }>();
  while (Date.now() < deadline) {
    const res = await d.compute('GET', '/servers/detail?limit=1000');
    if (res.status === 200) {
      last = new Map(
        (res.body.servers as any[])
          .filter((s) => wanted.has(s.id))
          .map((s) => [s.id, { status: s.status, host: s['OS-EXT-SRV-ATTR:host'] ?? null }]),
      );
      if (last.size === wanted.size && [...last.values()].every((s) => s.status !== 'BUILD')) return last;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const stuck = [...last.entries()].filter(([, s]) => s.status === 'BUILD').map(([id]) => id);
  const details = await Promise.all(
    stuck.map(async (id) => {
      const s = (await d.compute('GET', `/servers/${id}`)).body?.server ?? {};
      return `${id} task_state=${s['OS-EXT-STS:task_state']} host=${s['OS-EXT-SRV-ATTR:host']}\n${d.logsMentioning(id)}`;
    }),
  );
  throw new Error(
    `servers still in BUILD after ${timeoutMs} ms (seen ${last.size}/${wanted.size}): ${details.join('; ')}`,
  );
}

export async function deleteServers(
  d: Deployment,
  ids: readonly string[],
  timeoutMs = 60_000,
): Promise<void> {
  for (const id of ids) {
    const res = await d.compute('DELETE', `/servers/${id}`);
    expect([204, 404]).toContain(res.status);
  }
  const deadline = Date.now() + timeoutMs;
  for (const id of ids) {
    for (;;) {
      const res = await d.compute('GET', `/servers/${id}`);
      if (res.status === 404) break;
      if (Date.now() > deadline) throw new Error(`server ${id} not gone: ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Sum of every resource provider's usages in placement (all zero when nothing leaked). */
export async function totalUsage(d: Deployment): Promise<Record<string, number>> {
  const providers = await d.placement('GET', '/resource_providers');
  const total: Record<string, number> = {};
  for (const rp of providers.body.resource_providers as any[]) {
    const usages = await d.placement('GET', `/resource_providers/${rp.uuid}/usages`);
    for (const [rc, used] of Object.entries(usages.body.usages as Record<string, number>)) {
      total[rc] = (total[rc] ?? 0) + used;
    }
  }
  return total;
}

export function expectNoUsage(usage: Record<string, number>): void {
  for (const used of Object.values(usage)) expect(used).toBe(0);
}

/** Every server ACTIVE; otherwise fails naming each other server's status and fault. */
export async function expectAllActive(
  d: Deployment,
  settled: Map<string, { status: string; host: string | null }>,
): Promise<void> {
  const others = [...settled.entries()].filter(([, s]) => s.status !== 'ACTIVE');
  const described = await Promise.all(
    others.map(async ([id, s]) => {
      const fault = (await d.compute('GET', `/servers/${id}`)).body?.server?.fault;
      return `${id} ${s.status}: ${fault?.message ?? ''} ${fault?.details ?? ''}`;
    }),
  );
  expect(described).toEqual([]);
}

/** Polls `check` until it stops throwing (an assertion) or `timeoutMs` passes. */
export async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
