/**
 * The mapping between `flavors` rows (plus their extra specs) and Flavor
 * objects; the one place that knows how booleans and times are stored.
 */
import type { Flavor } from '@novats/core';
import { fromDbTime, fromDbTimeRequired } from '../shared/db-time.js';

export interface FlavorRow {
  readonly id: number;
  readonly flavorid: string;
  readonly name: string;
  readonly memory_mb: number;
  readonly vcpus: number;
  readonly root_gb: number;
  readonly ephemeral_gb: number;
  readonly swap: number;
  readonly rxtx_factor: number;
  readonly vcpu_weight: number | null;
  readonly disabled: number | boolean;
  readonly is_public: number | boolean;
  readonly description: string | null;
  readonly created_at: string | null;
  readonly updated_at: string | null;
}

/** Nova's valid flavor sort keys (`nova/api/openstack/compute/flavors.py`). */
export const FLAVOR_SORT_KEYS: ReadonlySet<string> = new Set([
  'created_at',
  'description',
  'disabled',
  'ephemeral_gb',
  'flavorid',
  'id',
  'is_public',
  'memory_mb',
  'name',
  'root_gb',
  'rxtx_factor',
  'swap',
  'updated_at',
  'vcpu_weight',
  'vcpus',
]);

export function flavorFromRow(row: FlavorRow, extraSpecs: Record<string, string>): Flavor {
  return {
    id: row.id,
    flavorid: row.flavorid,
    name: row.name,
    memory_mb: row.memory_mb,
    vcpus: row.vcpus,
    root_gb: row.root_gb,
    ephemeral_gb: row.ephemeral_gb,
    swap: row.swap,
    rxtx_factor: Number(row.rxtx_factor),
    vcpu_weight: row.vcpu_weight,
    disabled: Boolean(row.disabled),
    is_public: Boolean(row.is_public),
    description: row.description,
    extra_specs: extraSpecs,
    created_at: fromDbTimeRequired(row.created_at),
    updated_at: fromDbTime(row.updated_at),
  };
}

/** Extra spec rows grouped by flavor id. */
export function groupExtraSpecs(
  rows: readonly { flavor_id: number; key: string; value: string | null }[],
): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>();
  for (const r of rows) {
    let specs = out.get(r.flavor_id);
    if (!specs) {
      specs = {};
      out.set(r.flavor_id, specs);
    }
    specs[r.key] = r.value ?? '';
  }
  return out;
}
