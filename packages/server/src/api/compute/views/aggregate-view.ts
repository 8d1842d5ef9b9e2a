/**
 * The aggregate view of os-aggregates (Nova's `_marshall_aggregate`): the
 * object's fields with naive ISO timestamps, `availability_zone` taken from
 * the metadata, `deleted` always false (the API database hard-deletes), and
 * `uuid` from microversion 2.41.
 */
import type { Aggregate } from '@novats/core';
import { aggregateZone } from '../../../compute-orchestration/availability-zones.js';
import type { ApiVersion } from '../api-version.js';

/** Nova's naive datetime serialisation: `2016-12-27T23:47:32.911000`. */
export function novaTimestamp(iso: string | null): string | null {
  return iso === null ? null : `${iso.slice(0, 23)}000`;
}

export function aggregateView(
  a: Aggregate,
  v: ApiVersion,
  opts: { withMembers?: boolean } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    availability_zone: aggregateZone(a),
    created_at: novaTimestamp(a.created_at),
    deleted: false,
    deleted_at: null,
    id: a.id,
    name: a.name,
    updated_at: novaTimestamp(a.updated_at),
  };
  // NOTE(nova): the create reply predates the object model and omits hosts and metadata.
  if (opts.withMembers !== false) {
    out.hosts = [...a.hosts];
    out.metadata = { ...a.metadata };
  }
  if (v.atLeast(2, 41)) out.uuid = a.uuid;
  return out;
}
