/**
 * Compute nodes (`compute_nodes`): one row per hypervisor, saved by the
 * resource tracker on every update. Saving is an upsert on uuid (the
 * placement provider uuid) followed by one read of the stored row.
 */
import type { ComputeNode, ComputeNodeRepository } from '@novats/core';
import type { Knex } from 'knex';
import { fromDbTime, fromDbTimeRequired, nowDbTime } from '../shared/db-time.js';
import { markerNotFound } from '../shared/keyset-pagination.js';
import { affectedRows } from '../shared/knex-connection.js';

/** The stats columns, named as on the ComputeNode object. */
const STAT_COLUMNS = [
  'host',
  'hypervisor_hostname',
  'hypervisor_type',
  'hypervisor_version',
  'host_ip',
  'vcpus',
  'memory_mb',
  'local_gb',
  'vcpus_used',
  'memory_mb_used',
  'local_gb_used',
  'free_ram_mb',
  'free_disk_gb',
  'running_vms',
  'current_workload',
  'disk_available_least',
  'cpu_info',
  'cpu_allocation_ratio',
  'ram_allocation_ratio',
  'disk_allocation_ratio',
] as const;

const NUMERIC = new Set<string>(
  STAT_COLUMNS.filter(
    (c) => !['host', 'hypervisor_hostname', 'hypervisor_type', 'host_ip', 'cpu_info'].includes(c),
  ),
);

function fromRow(r: Record<string, any>): ComputeNode {
  const node: Record<string, unknown> = { uuid: r.uuid };
  for (const c of STAT_COLUMNS) {
    const v = r[c];
    node[c] = NUMERIC.has(c) && v !== null && v !== undefined ? Number(v) : v;
  }
  node.created_at = fromDbTimeRequired(r.created_at);
  node.updated_at = fromDbTime(r.updated_at);
  return node as unknown as ComputeNode;
}

export class KnexComputeNodeRepository implements ComputeNodeRepository {
  constructor(private readonly db: Knex) {}

  async save(node: ComputeNode): Promise<ComputeNode> {
    const now = nowDbTime();
    const row: Record<string, unknown> = { uuid: node.uuid, created_at: now, updated_at: now };
    for (const c of STAT_COLUMNS) row[c] = node[c];
    await this.db('compute_nodes')
      .insert(row)
      .onConflict('uuid')
      .merge([...STAT_COLUMNS, 'updated_at']);
    return (await this.get(node.uuid))!;
  }

  async get(uuid: string): Promise<ComputeNode | null> {
    const row = await this.db('compute_nodes').first('*').where('uuid', uuid);
    return row ? fromRow(row) : null;
  }

  async list(query: { host?: string; limit?: number; marker?: string } = {}): Promise<ComputeNode[]> {
    if (query.limit === 0) return [];
    const qb = this.db('compute_nodes').select('*');
    if (query.host) qb.where('host', query.host);
    if (query.marker !== undefined) {
      const found = await this.db('compute_nodes').first('id').where('uuid', query.marker);
      if (!found) throw markerNotFound(query.marker);
      qb.where('id', '>', found.id);
    }
    qb.orderBy('id');
    if (query.limit !== undefined) qb.limit(query.limit);
    return (await qb).map(fromRow);
  }

  async delete(uuid: string): Promise<void> {
    await this.db('compute_nodes').where('uuid', uuid).del();
  }

  async setMapped(host: string | null, mapped: boolean): Promise<number> {
    const qb = this.db('compute_nodes').whereNot('mapped', mapped ? 1 : 0);
    if (host !== null) qb.where('host', host);
    return affectedRows(await qb.update({ mapped: mapped ? 1 : 0 }));
  }
}
