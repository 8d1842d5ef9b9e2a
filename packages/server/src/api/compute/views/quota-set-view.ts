/**
 * The `quota_set` and `quota_class_set` bodies (Nova's `_format_quota_set`
 * of both controllers): the resources in the engine's order, less the keys
 * the microversion filters out, with `id` when the controller names one.
 */
import {
  FILTERED_QUOTAS_2_36,
  FILTERED_QUOTAS_2_57,
  QUOTA_RESOURCES,
  type QuotaResource,
} from '@novats/core';
import type { ApiVersion } from '../api-version.js';

/** Keys os-quota-sets leaves out at this microversion. */
export function quotaSetFilter(v: ApiVersion): readonly QuotaResource[] {
  if (v.atLeast(2, 57)) return FILTERED_QUOTAS_2_57;
  if (v.atLeast(2, 36)) return FILTERED_QUOTAS_2_36;
  return [];
}

/** Keys os-quota-class-sets leaves out: server groups before 2.50, nova-network's from 2.50. */
export function quotaClassSetFilter(v: ApiVersion): readonly QuotaResource[] {
  if (v.atLeast(2, 57)) return FILTERED_QUOTAS_2_57;
  if (v.atLeast(2, 50)) return FILTERED_QUOTAS_2_36;
  return ['server_groups', 'server_group_members'];
}

export function quotaSetView<T>(
  id: string | null,
  values: Readonly<Record<QuotaResource, T>>,
  filtered: readonly QuotaResource[],
): Record<string, unknown> {
  const out: Record<string, unknown> = id === null ? {} : { id };
  for (const r of QUOTA_RESOURCES) if (!filtered.includes(r) && r in values) out[r] = values[r];
  return out;
}
