/**
 * The OpenStack half of the metadata tree (`/openstack/<version>/...`):
 * meta_data.json, network_data.json, vendor_data.json, vendor_data2.json,
 * user_data and password, each from the version that introduced it, as
 * Nova's `InstanceMetadata` serves them.
 */
import { type InstanceMetadata, metadataHostname, userDataBytes } from './instance-metadata.js';
import {
  OS_GRIZZLY,
  OS_HAVANA,
  OS_LIBERTY,
  OS_NEWTON_ONE,
  OS_NEWTON_TWO,
  openStackVersion,
  versionAtLeast,
} from './metadata-versions.js';

export const MD_JSON_NAME = 'meta_data.json';
export const NW_JSON_NAME = 'network_data.json';
export const VD_JSON_NAME = 'vendor_data.json';
export const VD2_JSON_NAME = 'vendor_data2.json';
export const UD_NAME = 'user_data';
export const PASS_NAME = 'password';

/** What a path names: bytes to send, a listing, or the password handler (GET and POST). */
export type MetadataItem =
  | { readonly kind: 'data'; readonly body: string | Uint8Array; readonly mimeType: string }
  | { readonly kind: 'listing'; readonly entries: readonly string[] }
  | { readonly kind: 'password' };

const JSON_TYPE = 'application/json';

function json(value: unknown): MetadataItem {
  return { kind: 'data', body: JSON.stringify(value), mimeType: JSON_TYPE };
}

/** meta_data.json of `version` (a dated OpenStack version). */
export function openStackMetadata(md: InstanceMetadata, version: string): Record<string, unknown> {
  const i = md.instance;
  const out: Record<string, unknown> = { uuid: i.uuid };
  if (Object.keys(i.metadata).length > 0) out.meta = { ...i.metadata };
  if (md.files.length > 0)
    out.files = md.files.map((f, n) => ({ path: f.path, content_path: `/content/${contentKey(n)}` }));
  if (md.keyPair) {
    out.public_keys = { [md.keyPair.name]: md.keyPair.public_key };
    out.keys = [{ name: md.keyPair.name, type: md.keyPair.type, data: md.keyPair.public_key }];
  }
  out.hostname = metadataHostname(md);
  out.name = i.display_name;
  out.launch_index = i.launch_index;
  out.availability_zone = md.availabilityZone;
  if (versionAtLeast(version, OS_GRIZZLY)) out.random_seed = md.randomSeed();
  if (versionAtLeast(version, OS_LIBERTY)) out.project_id = i.project_id;
  // NOTE(devices): no tagged devices exist in Novats yet, so the list is empty, as Nova's is then.
  if (versionAtLeast(version, OS_NEWTON_ONE)) out.devices = [];
  return out;
}

/** The files of `/openstack/<version>/`, in Nova's order. */
export function openStackVersionListing(md: InstanceMetadata, version: string): string[] {
  const out = [MD_JSON_NAME];
  if (md.instance.user_data !== null) out.push(UD_NAME);
  if (versionAtLeast(version, OS_GRIZZLY)) out.push(PASS_NAME);
  if (versionAtLeast(version, OS_HAVANA)) out.push(VD_JSON_NAME);
  if (versionAtLeast(version, OS_LIBERTY)) out.push(NW_JSON_NAME);
  if (versionAtLeast(version, OS_NEWTON_TWO)) out.push(VD2_JSON_NAME);
  return out;
}

/** The key of the n-th injected file under /openstack/content/ (Nova's "%04i"). */
export function contentKey(n: number): string {
  return String(n).padStart(4, '0');
}

/** Resolves `tokens` below /openstack; null when nothing is there (404). */
export function openStackItem(md: InstanceMetadata, tokens: readonly string[]): MetadataItem | null {
  if (tokens[0] === 'content') {
    if (tokens.length !== 2) return null;
    const n = /^\d{4}$/.test(tokens[1]) ? Number(tokens[1]) : -1;
    const file = md.files[n];
    return file ? { kind: 'data', body: file.contents, mimeType: 'text/plain' } : null;
  }
  const version = openStackVersion(tokens[0]);
  if (version === null) return null;
  if (tokens.length === 1) return { kind: 'listing', entries: openStackVersionListing(md, version) };
  const name = tokens.slice(1).join('/');
  switch (name) {
    case MD_JSON_NAME:
      return json(openStackMetadata(md, version));
    case UD_NAME: {
      const ud = userDataBytes(md);
      return ud === null ? null : { kind: 'data', body: ud, mimeType: 'text/plain' };
    }
    case PASS_NAME:
      return versionAtLeast(version, OS_GRIZZLY) ? { kind: 'password' } : null;
    case VD_JSON_NAME:
      return versionAtLeast(version, OS_HAVANA) ? json(md.vendorData) : null;
    case NW_JSON_NAME:
      return versionAtLeast(version, OS_LIBERTY) ? json(md.network ?? {}) : null;
    case VD2_JSON_NAME:
      return versionAtLeast(version, OS_NEWTON_TWO) ? json(md.vendorData2) : null;
    default:
      return null;
  }
}
