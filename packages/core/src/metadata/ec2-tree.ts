/**
 * The EC2-compatible half of the metadata tree (`/<version>/meta-data/...`,
 * `/<version>/user-data`), keys appearing by version as in Nova's
 * `get_ec2_metadata`, and its plain-text rendering (`ec2_md_print`).
 */
import { type InstanceMetadata, metadataHostname, userDataBytes } from './instance-metadata.js';
import { versionAtLeast } from './metadata-versions.js';

/** A node of the EC2 tree: a leaf, a list (one line each) or a sub-tree; `_name` overrides a sub-tree's listing line. */
export type Ec2Node = string | number | Uint8Array | readonly string[] | Ec2Tree;
export interface Ec2Tree {
  readonly [key: string]: Ec2Node;
}

function blockDeviceMapping(md: InstanceMetadata): Record<string, string> {
  // NOTE(devices): Novats' guests boot from a local disk named as libvirt's virtio disks are.
  const out: Record<string, string> = { ami: 'vda', root: '/dev/vda' };
  if (md.instance.flavor.ephemeral_gb > 0) out.ephemeral0 = 'vdb';
  if (md.instance.flavor.swap > 0) out.swap = md.instance.flavor.ephemeral_gb > 0 ? 'vdc' : 'vdb';
  return out;
}

/** The first fixed and floating IPv4 addresses. */
function ipv4(md: InstanceMetadata, type: 'fixed' | 'floating'): string {
  return md.instance.addresses.find((a) => a.type === type && a.version === 4)?.addr ?? '';
}

/** `meta-data` of a dated EC2 version. */
export function ec2MetaData(md: InstanceMetadata, version: string): Record<string, Ec2Node> {
  const i = md.instance;
  const hostname = metadataHostname(md);
  const data: Record<string, Ec2Node> = {
    'ami-id': md.ec2ImageId,
    'ami-launch-index': i.launch_index,
    'ami-manifest-path': 'FIXME',
    'instance-id': md.ec2InstanceId,
    hostname,
    'local-ipv4': ipv4(md, 'fixed'),
    'reservation-id': i.reservation_id,
    'security-groups': [...md.securityGroups],
  };
  if (md.keyPair) {
    // NOTE(ec2): public-keys/ lists "0=<name>", and public-keys/0/ the key's formats.
    data['public-keys'] = { '0': { _name: `0=${md.keyPair.name}`, 'openssh-key': md.keyPair.public_key } };
  }
  if (versionAtLeast(version, '2007-01-19')) {
    data['local-hostname'] = hostname;
    data['public-hostname'] = hostname;
    data['public-ipv4'] = ipv4(md, 'floating');
  }
  if (versionAtLeast(version, '2007-08-29')) data['instance-type'] = i.flavor.name;
  if (versionAtLeast(version, '2007-12-15')) data['block-device-mapping'] = blockDeviceMapping(md);
  if (versionAtLeast(version, '2008-02-01'))
    data.placement = { 'availability-zone': md.availabilityZone ?? '' };
  if (versionAtLeast(version, '2008-09-01')) data['instance-action'] = 'none';
  return data;
}

/** The whole tree of one EC2 version: `meta-data` and, when set, `user-data`. */
export function ec2VersionTree(md: InstanceMetadata, version: string): Record<string, Ec2Node> {
  const out: Record<string, Ec2Node> = { 'meta-data': ec2MetaData(md, version) };
  const ud = userDataBytes(md);
  if (ud !== null) out['user-data'] = ud;
  return out;
}

function isTree(node: Ec2Node): node is Ec2Tree {
  return typeof node === 'object' && !Array.isArray(node) && !(node instanceof Uint8Array);
}

/** Walks `tokens` down the tree (Nova's find_path_in_tree); undefined when a step is missing. */
export function findInTree(tree: Ec2Node, tokens: readonly string[]): Ec2Node | undefined {
  let node: Ec2Node = tree;
  for (const t of tokens) {
    if (isTree(node)) {
      if (!Object.hasOwn(node, t) || t === '_name') return undefined;
      node = node[t];
    } else if (Array.isArray(node)) {
      const n = /^\d+$/.test(t) ? Number(t) : -1;
      if (n < 0 || n >= node.length) return undefined;
      node = node[n];
    } else {
      return undefined;
    }
  }
  return node;
}

/** Nova's ec2_md_print: sorted keys one a line, sub-trees with "/" (or their `_name`), lists one item a line. */
export function ec2Print(node: Ec2Node): string | Uint8Array {
  if (node instanceof Uint8Array) return node;
  if (Array.isArray(node)) return node.join('\n');
  if (isTree(node)) {
    return Object.keys(node)
      .filter((k) => k !== '_name')
      .sort()
      .map((k) => {
        const child = node[k];
        if (isTree(child)) return typeof child._name === 'string' ? child._name : `${k}/`;
        return k;
      })
      .join('\n');
  }
  return String(node);
}

/** The tree as plain JSON (for a config drive's meta-data.json): `_name` dropped, bytes as text. */
export function ec2TreeAsJson(node: Ec2Node): unknown {
  if (node instanceof Uint8Array) return new TextDecoder().decode(node);
  if (Array.isArray(node)) return [...node];
  if (isTree(node)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== '_name') out[k] = ec2TreeAsJson(v);
    return out;
  }
  return node;
}
