/**
 * One path of the metadata service resolved against an instance's metadata
 * (Nova's `InstanceMetadata.lookup`): `/openstack/...` is the OpenStack
 * tree, anything else is read as `/ec2/...`, and the roots list versions.
 */
import { ec2Print, ec2VersionTree, findInTree } from './ec2-tree.js';
import type { InstanceMetadata } from './instance-metadata.js';
import { EC2_VERSIONS, ec2Version, LATEST, listedOpenStackVersions } from './metadata-versions.js';
import { type MetadataItem, openStackItem } from './openstack-tree.js';

/** Path segments without empty ones, `.` and `..` applied (posixpath.normpath). */
export function metadataPathTokens(path: string): string[] {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out;
}

/** The listing at `/` (before any instance is looked up): EC2's versions. */
export function rootListing(): string {
  return [...EC2_VERSIONS, LATEST].join('\n');
}

/**
 * What `path` names for this instance, or null (404). `today` (YYYY-MM-DD)
 * hides OpenStack versions dated in the future, as Nova does.
 */
export function lookupMetadata(md: InstanceMetadata, path: string, today: string): MetadataItem | null {
  let tokens = metadataPathTokens(path);
  if (tokens[0] !== 'ec2' && tokens[0] !== 'openstack') tokens = ['ec2', ...tokens];
  if (tokens.length === 1) {
    const entries = tokens[0] === 'openstack' ? listedOpenStackVersions(today) : [...EC2_VERSIONS, LATEST];
    return { kind: 'listing', entries };
  }
  if (tokens[0] === 'openstack') return openStackItem(md, tokens.slice(1));
  const version = ec2Version(tokens[1]);
  if (version === null) return null;
  const node = findInTree(ec2VersionTree(md, version), tokens.slice(2));
  if (node === undefined) return null;
  return { kind: 'data', body: ec2Print(node), mimeType: 'text/plain' };
}

/** A listing's body, one entry a line (Nova's ec2_md_print of a list). */
export function listingBody(entries: readonly string[]): string {
  return entries.join('\n');
}
