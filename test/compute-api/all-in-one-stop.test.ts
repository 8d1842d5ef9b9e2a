/**
 * Stopping an all-in-one cloud while its services are busy: it must let the
 * work in flight finish and then stop, well within the grace period, never
 * waiting out an RPC timeout or a placement request that cannot be answered.
 * A live migration's source calls its destination after the copy
 * (post_live_migration_at_destination): with migrations both ways, whichever
 * host would stop first is the other's destination.
 */
import { NovaConfig } from '@novats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';
import { settleServer } from '../support/notification-consumers.js';
import { createRabbitVhost, deleteRabbitVhost, type RabbitVhost } from '../support/rabbitmq.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const mv = { 'openstack-api-version': 'compute 2.93' };
/** Far below the RPC timeout (60 s): a stop that waits one out overruns it. */
const GRACE_S = 20;
const conf = () => NovaConfig.fromSources([`[DEFAULT]\ngraceful_shutdown_timeout = ${GRACE_S}\n`]);

async function bootOn(t: TestCloud, host: string): Promise<string> {
  const res = await t.compute(
    'POST',
    '/servers',
    {
      server: {
        name: `on-${host}`,
        imageRef: IMAGE,
        flavorRef: '1',
        networks: 'none',
        availability_zone: `nova:${host}`,
      },
    },
    'admin:admin',
    mv,
  );
  expect(res.status).toBe(202);
  const server = await settleServer(t, res.body.server.id, 'ACTIVE', mv);
  expect(server['OS-EXT-SRV-ATTR:host']).toBe(host);
  return server.id;
}

async function timedStop(t: TestCloud): Promise<number> {
  const started = performance.now();
  await t.stop();
  return performance.now() - started;
}

/** Boots one server on each host, live-migrates each to the other, and stops the cloud mid-copy. */
async function liveMigrationsThenStop(transportUrl?: string): Promise<void> {
  const t = await startTestCloud('sqlite', { hosts: 2, config: conf(), transportUrl });
  let stopped = false;
  try {
    const hosts = t.cloud.computes.map((c) => c.host);
    const ids = [await bootOn(t, hosts[0]!), await bootOn(t, hosts[1]!)];
    // Both copies are still running when the stop begins, and they end 1.5 s apart: whichever host
    // stops first, the other's copy ends after it and calls it as the destination.
    ids.forEach((id, i) => {
      t.cloud.computes[i]!.driver.faults.delay('liveMigration', 1500 * (2 - i), {
        instanceUuid: id,
        times: 1,
      });
    });
    for (const id of ids) {
      const res = await t.compute(
        'POST',
        `/servers/${id}/action`,
        { 'os-migrateLive': { host: null, block_migration: 'auto' } },
        'admin:admin',
        mv,
      );
      expect(res.status).toBe(202);
    }
    for (const id of ids) {
      await waitFor('running migration', async () => {
        const r = await t.compute('GET', `/servers/${id}/migrations`, undefined, 'admin:admin', mv);
        return r.body.migrations?.find((m: { status: string }) => m.status === 'running');
      });
    }
    const drivers = t.cloud.computes.map((c) => c.driver);
    stopped = true;
    const ms = await timedStop(t);
    expect(ms).toBeLessThan(10_000);
    // Finished, not abandoned: each guest now runs on the other host only.
    for (const [i, id] of ids.entries()) {
      expect(await drivers[i]!.listInstanceUuids()).not.toContain(id);
      expect(await drivers[1 - i]!.listInstanceUuids()).toContain(id);
    }
  } finally {
    if (!stopped) await t.stop();
  }
}

describe('stopping an all-in-one cloud', () => {
  let rabbit: RabbitVhost;
  beforeAll(async () => {
    rabbit = await createRabbitVhost('novats_stop');
  });
  afterAll(async () => {
    await deleteRabbitVhost(rabbit);
  });

  it('during live migrations both ways: they finish, then the cloud stops promptly', async () => {
    await liveMigrationsThenStop();
  }, 60_000);

  it('on RabbitMQ, during live migrations both ways: the same', async () => {
    await liveMigrationsThenStop(rabbit.url);
  }, 60_000);

  it('during boots (placement claims in flight): every request settles and the cloud stops promptly', async () => {
    const t = await startTestCloud('sqlite', { hosts: 2, config: conf() });
    let stopped = false;
    try {
      t.cloud.computes.forEach((c) => {
        c.driver.faults.delay('spawn', 300, { times: 10 });
      });
      const posts = Array.from({ length: 10 }, (_, i) =>
        t.compute(
          'POST',
          '/servers',
          { server: { name: `busy-${i}`, imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
          'admin:admin',
          mv,
        ),
      );
      const accepted = await Promise.all(posts);
      expect(accepted.map((r) => r.status)).toEqual(Array(10).fill(202));
      stopped = true;
      expect(await timedStop(t)).toBeLessThan(10_000);
    } finally {
      if (!stopped) await t.stop();
    }
  }, 60_000);
});
