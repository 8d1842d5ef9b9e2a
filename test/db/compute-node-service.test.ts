import { randomUUID } from 'node:crypto';
import type { ComputeNode } from '@novats/core';
import type { KnexCellDatabase } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type Opened, openSyncedCell } from './db-fixtures.js';

function makeNode(host: string, o: Partial<ComputeNode> = {}): ComputeNode {
  return {
    uuid: randomUUID(),
    host,
    hypervisor_hostname: `${host}.example`,
    hypervisor_type: 'fake',
    hypervisor_version: 8_000_000_000,
    host_ip: '192.0.2.10',
    vcpus: 16,
    memory_mb: 65536,
    local_gb: 1000,
    vcpus_used: 0,
    memory_mb_used: 512,
    local_gb_used: 0,
    free_ram_mb: 65024,
    free_disk_gb: 1000,
    running_vms: 0,
    current_workload: 0,
    disk_available_least: null,
    cpu_info: '{"arch": "x86_64"}',
    cpu_allocation_ratio: 16,
    ram_allocation_ratio: 1.5,
    disk_allocation_ratio: 1,
    ...o,
  };
}

describe.each(DIALECTS)('cell compute nodes and services on %s', (dialect) => {
  let h: Opened<KnexCellDatabase>;
  beforeAll(async () => {
    h = await openSyncedCell(dialect);
  });
  afterAll(() => h.close());

  describe('ComputeNodeRepository', () => {
    it('inserts, then updates by uuid keeping created_at', async () => {
      const repo = h.db.computeNodes;
      const node = makeNode('cn1');
      const saved = await repo.save(node);
      const { created_at, updated_at, ...stats } = saved;
      expect(stats).toEqual(node);
      expect(updated_at).toBe(created_at);
      expect(created_at).toMatch(/Z$/);
      const again = await repo.save({
        ...node,
        vcpus_used: 4,
        running_vms: 2,
        disk_available_least: 900,
        ram_allocation_ratio: 1.25,
      });
      expect(again).toMatchObject({
        vcpus_used: 4,
        running_vms: 2,
        disk_available_least: 900,
        ram_allocation_ratio: 1.25,
        created_at,
      });
      expect(await repo.get(node.uuid)).toEqual(again);
      expect(await repo.get(randomUUID())).toBeNull();
    });

    it('lists by host with limit and marker, and deletes', async () => {
      const repo = h.db.computeNodes;
      const nodes = [makeNode('cn2'), makeNode('cn2'), makeNode('cn3')];
      for (const n of nodes) await repo.save(n);
      expect((await repo.list({ host: 'cn2' })).map((n) => n.uuid)).toEqual([nodes[0].uuid, nodes[1].uuid]);
      const all = (await repo.list()).map((n) => n.uuid);
      expect(all).toHaveLength(4);
      expect((await repo.list({ marker: all[1], limit: 1 })).map((n) => n.uuid)).toEqual([all[2]]);
      await expect(repo.list({ marker: 'nope' })).rejects.toMatchObject({
        message: 'marker [nope] not found',
        status: 400,
      });
      await repo.delete(nodes[2].uuid);
      expect(await repo.get(nodes[2].uuid)).toBeNull();
    });
  });

  describe('ServiceRepository', () => {
    it('registers once per host and binary and finds the row again on restart', async () => {
      const repo = h.db.services;
      const s = await repo.register('cn1', 'nova-compute', 'compute', 66);
      expect(s).toMatchObject({
        host: 'cn1',
        binary: 'nova-compute',
        topic: 'compute',
        disabled: false,
        forced_down: false,
        report_count: 0,
        version: 66,
      });
      expect(s.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(await repo.register('cn1', 'nova-compute', 'compute', 66)).toEqual(s);
      const upgraded = await repo.register('cn1', 'nova-compute', 'compute', 67);
      expect(upgraded).toMatchObject({ id: s.id, uuid: s.uuid, version: 67 });
    });

    it('lets racing registrations of one service share a row', async () => {
      const [x, y] = await Promise.all([
        h.db.services.register('cn9', 'nova-compute', 'compute', 66),
        h.db.services.register('cn9', 'nova-compute', 'compute', 66),
      ]);
      expect(x.id).toBe(y.id);
      expect(await h.db.services.list({ host: 'cn9' })).toHaveLength(1);
    });

    it('counts heartbeats and bumps updated_at', async () => {
      const repo = h.db.services;
      const s = await repo.register('cn2', 'nova-compute', 'compute', 66);
      await Promise.all([repo.heartbeat(s.id), repo.heartbeat(s.id), repo.heartbeat(s.id)]);
      const after = await repo.get(s.id);
      expect(after?.report_count).toBe(3);
      expect(after?.updated_at).not.toBeNull();
      await expect(repo.heartbeat(999_999)).rejects.toMatchObject({ code: 'compute.service.not_found' });
    });

    it('updates disabled and forced_down, filters lists, and soft-deletes', async () => {
      const repo = h.db.services;
      const sched = await repo.register('ctl', 'nova-scheduler', null, 66);
      const out = await repo.update(sched.id, {
        disabled: true,
        disabled_reason: 'maintenance',
        forced_down: true,
      });
      expect(out).toMatchObject({
        disabled: true,
        disabled_reason: 'maintenance',
        forced_down: true,
        topic: null,
      });
      expect((await repo.list({ binary: 'nova-scheduler' })).map((s) => s.id)).toEqual([sched.id]);
      expect((await repo.list({ host: 'ctl', binary: 'nova-compute' })).length).toBe(0);
      await repo.delete(sched.id);
      expect(await repo.get(sched.id)).toBeNull();
      await expect(repo.delete(sched.id)).rejects.toMatchObject({ status: 404 });
      await expect(repo.update(sched.id, { disabled: false })).rejects.toMatchObject({ status: 404 });
      // The (host, binary) pair is free again once deleted.
      const again = await repo.register('ctl', 'nova-scheduler', null, 66);
      expect(again.id).not.toBe(sched.id);
    });
  });
});
