/**
 * Addresses for guests when no Neutron is configured: one flat "private"
 * network, with an IPv4 address and a MAC derived from the instance uuid so
 * that every compute process hands out the same answer without coordination.
 * NOTE(limits): 2^22 addresses in 10.0.0.0/8; two uuids may collide (rare).
 */
import { createHash } from 'node:crypto';
import type { Instance, InstanceAddress } from '@novats/core';

export const PRIVATE_NETWORK = 'private';

export function allocateFixedAddress(instance: Pick<Instance, 'uuid'>): InstanceAddress {
  const h = createHash('sha1').update(instance.uuid).digest();
  const n = h.readUInt32BE(0) >>> 10; // 22 bits
  const addr = `10.${(n >>> 14) & 0xff}.${(n >>> 6) & 0xff}.${2 + (n & 0x3f) * 4 + (h[4] & 3)}`;
  const mac = `fa:16:3e:${h[5].toString(16).padStart(2, '0')}:${h[6].toString(16).padStart(2, '0')}:${h[7].toString(16).padStart(2, '0')}`;
  return { network: PRIVATE_NETWORK, addr, version: 4, type: 'fixed', mac_addr: mac };
}
