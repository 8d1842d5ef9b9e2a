/**
 * network_data.json from an instance's addresses (Nova's
 * netutils.get_network_metadata). Novats' networks without Neutron are one
 * flat 10.0.0.0/8 with the gateway at .1 (server/src/network/fake-network.ts);
 * ids are derived from the MAC so that every read says the same.
 */
import { createHash } from 'node:crypto';
import type { Instance, NetworkMetadata } from '@novats/core';

function uuidFrom(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function networkMetadata(instance: Instance): NetworkMetadata | null {
  const fixed = instance.addresses.filter((a) => a.type === 'fixed');
  if (fixed.length === 0) return null;
  const links: NetworkMetadata['links'][number][] = [];
  const networks: NetworkMetadata['networks'][number][] = [];
  for (const a of fixed) {
    const vif = uuidFrom(`vif:${instance.uuid}:${a.mac_addr}`);
    const tap = `tap${vif.slice(0, 11)}`;
    if (!links.some((l) => l.id === tap))
      links.push({ id: tap, vif_id: vif, type: 'bridge', mtu: 1500, ethernet_mac_address: a.mac_addr });
    networks.push({
      id: `network${networks.length}`,
      type: a.version === 4 ? 'ipv4' : 'ipv6',
      link: tap,
      ip_address: a.addr,
      netmask: a.version === 4 ? '255.0.0.0' : 'ffff:ffff:ffff:ffff::',
      routes: a.version === 4 ? [{ network: '0.0.0.0', netmask: '0.0.0.0', gateway: '10.0.0.1' }] : [],
      network_id: uuidFrom(`network:${a.network}`),
      services: [],
    });
  }
  return { links, networks, services: [] };
}
