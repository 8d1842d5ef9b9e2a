/**
 * InstanceMetadata as it crosses the bus: the conductor gathers it for a
 * compute host writing a config drive (hosts have no database), everything
 * but the random seed, which the host draws itself.
 */
import { randomBytes } from 'node:crypto';
import type { InstanceMetadata } from '@novats/core';

export type ShippedMetadata = Omit<InstanceMetadata, 'randomSeed'>;

export function shipMetadata(md: InstanceMetadata): ShippedMetadata {
  const { randomSeed: _seed, ...rest } = md;
  return rest;
}

export function landMetadata(shipped: ShippedMetadata): InstanceMetadata {
  return { ...shipped, randomSeed: () => randomBytes(512).toString('base64') };
}
