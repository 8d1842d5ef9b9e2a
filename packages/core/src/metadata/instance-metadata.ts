/**
 * Everything the metadata service and a config drive say about one instance,
 * gathered once (Nova's `InstanceMetadata`): the services look it up, this
 * module and its trees only shape it. Randomness comes in as a function,
 * since core draws none itself.
 */
import type { Instance } from '../objects/instance.js';
import type { KeyPair } from '../objects/key-pair.js';

/** One entry of network_data.json's `links` (Nova's netutils.get_network_metadata). */
export interface NetworkLink {
  readonly id: string;
  readonly vif_id: string;
  readonly type: string;
  readonly mtu: number | null;
  readonly ethernet_mac_address: string;
}

export interface NetworkRoute {
  readonly network: string;
  readonly netmask: string;
  readonly gateway: string;
}

export interface NetworkEntry {
  readonly id: string;
  readonly type: 'ipv4' | 'ipv6' | 'ipv4_dhcp' | 'ipv6_dhcp' | 'ipv6_slaac';
  readonly link: string;
  readonly ip_address?: string;
  readonly netmask?: string;
  readonly routes?: readonly NetworkRoute[];
  readonly network_id: string;
  readonly services: readonly { readonly type: string; readonly address: string }[];
}

/** network_data.json. */
export interface NetworkMetadata {
  readonly links: readonly NetworkLink[];
  readonly networks: readonly NetworkEntry[];
  readonly services: readonly { readonly type: string; readonly address: string }[];
}

/** A file given to the guest (personality), served under /openstack/content/. */
export interface InjectedFile {
  readonly path: string;
  readonly contents: string;
}

export interface InstanceMetadata {
  readonly instance: Instance;
  /** `i-%08x` of the instance. */
  readonly ec2InstanceId: string;
  /** `ami-%08x` of its image. */
  readonly ec2ImageId: string;
  /** The instance's key pair, when it has one and it still exists. */
  readonly keyPair: KeyPair | null;
  readonly availabilityZone: string | null;
  readonly securityGroups: readonly string[];
  /** network_data.json; null when the instance has no network information. */
  readonly network: NetworkMetadata | null;
  /** vendor_data.json (the StaticJSON provider's file). */
  readonly vendorData: unknown;
  /** vendor_data2.json: each dynamic target's answer by name. */
  readonly vendorData2: Readonly<Record<string, unknown>>;
  /** The password the guest posted (system metadata password_0..3 joined); '' when none. */
  readonly password: string;
  /** `[api] dhcp_domain`, appended to the hostname; '' for none. */
  readonly dhcpDomain: string;
  readonly files: readonly InjectedFile[];
  /** 512 random bytes, base64 (Nova draws new ones for every read of meta_data.json). */
  readonly randomSeed: () => string;
}

/** The guest's host name: hostname plus `.dhcp_domain` when one is set. */
export function metadataHostname(md: InstanceMetadata): string {
  return md.dhcpDomain ? `${md.instance.hostname}.${md.dhcpDomain}` : md.instance.hostname;
}

/** user_data as bytes (the API stores it base64); null when the instance has none. */
export function userDataBytes(md: InstanceMetadata): Uint8Array | null {
  const ud = md.instance.user_data;
  if (ud === null || ud === undefined) return null;
  return base64ToBytes(ud);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes standard base64 without node's Buffer (core has no node: modules). */
export function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const ch of clean) {
    acc = (acc << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}
