/**
 * The files of a config drive (Nova's `metadata_for_config_drive`): the EC2
 * tree as ec2/<version>/meta-data.json and user-data for the versions not
 * skipped, and every OpenStack version's files, with the injected contents.
 */
import { ec2TreeAsJson, ec2VersionTree } from './ec2-tree.js';
import type { InstanceMetadata } from './instance-metadata.js';
import {
  DEFAULT_CONFIG_DRIVE_SKIP_VERSIONS,
  EC2_VERSIONS,
  ec2Version,
  LATEST,
  OPENSTACK_VERSIONS,
  openStackVersion,
} from './metadata-versions.js';
import { contentKey, openStackItem, openStackVersionListing, PASS_NAME } from './openstack-tree.js';

export interface ConfigDriveFile {
  /** Relative path, '/'-separated, e.g. `openstack/latest/meta_data.json`. */
  readonly path: string;
  readonly data: Uint8Array;
}

const encoder = new TextEncoder();

function bytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? encoder.encode(body) : body;
}

export function configDriveFiles(
  md: InstanceMetadata,
  skipVersions: readonly string[] = DEFAULT_CONFIG_DRIVE_SKIP_VERSIONS,
): ConfigDriveFile[] {
  const out: ConfigDriveFile[] = [];
  for (const version of [...EC2_VERSIONS, LATEST]) {
    if (skipVersions.includes(version)) continue;
    const tree = ec2VersionTree(md, ec2Version(version)!);
    const ud = tree['user-data'];
    if (ud instanceof Uint8Array) out.push({ path: `ec2/${version}/user-data`, data: ud });
    const metaData = JSON.stringify(ec2TreeAsJson(tree['meta-data']));
    out.push({ path: `ec2/${version}/meta-data.json`, data: encoder.encode(metaData) });
  }
  for (const version of [...OPENSTACK_VERSIONS, LATEST]) {
    // NOTE(password): the guest posts its password to the service; a drive has no such file.
    const names = openStackVersionListing(md, openStackVersion(version)!).filter((n) => n !== PASS_NAME);
    for (const name of names) {
      const item = openStackItem(md, [version, name]);
      if (item?.kind === 'data') out.push({ path: `openstack/${version}/${name}`, data: bytes(item.body) });
    }
  }
  md.files.forEach((f, n) => {
    out.push({ path: `openstack/content/${contentKey(n)}`, data: encoder.encode(f.contents) });
  });
  return out;
}
