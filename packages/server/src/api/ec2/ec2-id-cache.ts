/**
 * EC2 ids already read, per API database. An id, once given to a uuid, is
 * never given to another nor taken back (instance_id_mappings and s3_images
 * rows are never deleted), so a DescribeInstances of 1,000 instances asks
 * the database only for uuids it has not seen yet.
 */
import type { Ec2IdKind, Ec2IdRepository } from '@novats/core';

/** Bounds the memory of a long-running API; when full, it starts over. */
const MAX_CACHED = 100_000;
const caches = new WeakMap<Ec2IdRepository, Record<Ec2IdKind, Map<string, number>>>();

/** The integer ids of `uuids` (given out when missing), from the cache where known. */
export async function cachedEc2Ids(
  repo: Ec2IdRepository,
  kind: Ec2IdKind,
  uuids: readonly string[],
): Promise<Map<string, number>> {
  let byKind = caches.get(repo);
  if (!byKind) {
    byKind = { instance: new Map(), image: new Map() };
    caches.set(repo, byKind);
  }
  const cache = byKind[kind];
  const out = new Map<string, number>();
  const missing: string[] = [];
  for (const uuid of uuids) {
    const id = cache.get(uuid);
    if (id === undefined) missing.push(uuid);
    else out.set(uuid, id);
  }
  if (missing.length === 0) return out;
  const read = await repo.idsFor(kind, missing);
  if (cache.size + read.size > MAX_CACHED) cache.clear();
  for (const [uuid, id] of read) {
    cache.set(uuid, id);
    out.set(uuid, id);
  }
  return out;
}
