/**
 * The server representation of the Compute API (Nova's views/servers.py):
 * summary for lists, detail for show/detail, with fields gated by
 * microversion and by admin rights (OS-EXT-SRV-ATTR:*).
 */
import { createHash } from 'node:crypto';
import type { Flavor, Instance, InstanceFault, RequestContext } from '@novats/core';
import { instanceStatus } from '@novats/core';
import type { ApiVersion } from '../api-version.js';
import { type LinkBase, resourceLinks } from '../links.js';

export interface ServerViewContext {
  readonly ctx: RequestContext;
  readonly version: ApiVersion;
  readonly base: LinkBase;
}

/** What a detail view shows beside the fields every GET has (Nova's `show(...)` switches). */
export interface ServerDetailOptions {
  /**
   * PUT and rebuild before 2.75 answer a partial server: no AZ, config_drive,
   * key_name, OS-SRV-USG, security groups, OS-EXT-STS, volumes, extended
   * attributes, host_status or per-network MAC/type (Nova's show_all_attributes).
   */
  readonly partial?: boolean;
  /** key_name in a partial view (rebuild shows it from 2.54). */
  readonly showKeyName?: boolean;
  /** `server_groups` (2.71), the uuids of the server's groups: show, PUT and rebuild only, never the detail list. */
  readonly serverGroups?: readonly string[];
  /** OS-EXT-SRV-ATTR:user_data: not in rebuild, which adds `user_data` itself (2.57). */
  readonly showUserData?: boolean;
  /** `host_status` (2.16) when policy lets the caller see it; undefined: omitted. */
  readonly hostStatus?: string;
}

/** hostIds already computed, by their hash input; a list shows a few hosts per project many times. */
const HOST_ID_CACHE_SIZE = 10_000;
const hostIds = new Map<string, string>();

/** sha224(project_id + host), as Nova hides the host name from users. */
export function hostId(instance: Instance): string {
  if (!instance.host) return '';
  const input = `${instance.project_id}${instance.host}`;
  let id = hostIds.get(input);
  if (id === undefined) {
    id = createHash('sha224').update(input).digest('hex');
    if (hostIds.size >= HOST_ID_CACHE_SIZE) hostIds.clear();
    hostIds.set(input, id);
  }
  return id;
}

export function serverSummary(instance: Instance, view: ServerViewContext): Record<string, unknown> {
  return {
    id: instance.uuid,
    name: instance.display_name,
    links: resourceLinks(view.base, 'servers', instance.uuid),
  };
}

function addresses(instance: Instance, extended: boolean): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const a of instance.addresses) {
    out[a.network] ??= [];
    out[a.network].push({
      version: a.version,
      addr: a.addr,
      ...(extended ? { 'OS-EXT-IPS:type': a.type, 'OS-EXT-IPS-MAC:mac_addr': a.mac_addr } : {}),
    });
  }
  return out;
}

/** The server's `image`: a link, or '' when it boots from a volume. */
export function imageView(imageRef: string | null, base: LinkBase): unknown {
  if (!imageRef) return '';
  const proj = base.projectId ? `/${base.projectId}` : '';
  return {
    id: imageRef,
    links: [{ rel: 'bookmark', href: `${base.origin}${proj}/images/${imageRef}` }],
  };
}

/** The server's `flavor`: a link before 2.47, the flavor's figures from 2.47. */
export function flavorView(f: Flavor, view: ServerViewContext): unknown {
  if (!view.version.atLeast(2, 47)) {
    const proj = view.base.projectId ? `/${view.base.projectId}` : '';
    return {
      id: f.flavorid,
      links: [{ rel: 'bookmark', href: `${view.base.origin}${proj}/flavors/${f.flavorid}` }],
    };
  }
  const out: Record<string, unknown> = {
    vcpus: f.vcpus,
    ram: f.memory_mb,
    disk: f.root_gb,
    ephemeral: f.ephemeral_gb,
    swap: f.swap,
    original_name: f.name,
  };
  out.extra_specs = { ...f.extra_specs };
  return out;
}

function faultView(fault: InstanceFault, isAdmin: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    code: fault.code,
    created: isoSeconds(fault.created_at),
    message: fault.message,
  };
  // NOTE(nova): details (a traceback) are for admins, or for anyone when the fault is not a 500.
  if (isAdmin || fault.code !== 500) out.details = fault.details;
  return out;
}

/** Nova prints times as 2012-08-20T21:11:09Z. */
export function isoSeconds(iso: string | null): string | null {
  if (!iso) return null;
  return `${iso.slice(0, 19)}Z`;
}

function launchedAt(iso: string | null): string | null {
  // NOTE(nova): OS-SRV-USG timestamps keep microseconds and carry no zone.
  return iso ? iso.replace('Z', '').padEnd(26, '0').slice(0, 26) : null;
}

/** NOTE(nova): the attached volumes, with delete_on_termination from 2.3. */
function volumesAttached(instance: Instance, version: ApiVersion): unknown[] {
  const out: unknown[] = [];
  for (const b of instance.block_device_mappings ?? []) {
    if (b.destination_type !== 'volume' || b.volume_id === null) continue;
    out.push(
      version.atLeast(2, 3)
        ? { id: b.volume_id, delete_on_termination: b.delete_on_termination }
        : { id: b.volume_id },
    );
  }
  return out;
}

/** Nova's `_progress_statuses`: the statuses whose view carries `progress`. */
const PROGRESS_STATUSES = new Set(['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING']);

export function serverDetail(
  instance: Instance,
  fault: InstanceFault | undefined,
  view: ServerViewContext,
  opts: ServerDetailOptions = {},
): Record<string, unknown> {
  const { version, ctx } = view;
  const full = !opts.partial;
  const status = instanceStatus(instance.vm_state, instance.task_state);
  const out: Record<string, unknown> = {
    id: instance.uuid,
    name: instance.display_name,
    status,
    tenant_id: instance.project_id,
    user_id: instance.user_id,
    metadata: { ...instance.metadata },
    hostId: hostId(instance),
    image: imageView(instance.image_ref, view.base),
    flavor: flavorView(instance.flavor, view),
    created: isoSeconds(instance.created_at),
    updated: isoSeconds(instance.updated_at ?? instance.created_at),
    addresses: addresses(instance, full),
    accessIPv4: instance.access_ip_v4 ?? '',
    accessIPv6: instance.access_ip_v6 ?? '',
    links: resourceLinks(view.base, 'servers', instance.uuid),
    'OS-DCF:diskConfig': 'MANUAL',
  };
  if (PROGRESS_STATUSES.has(status)) out.progress = instance.progress;
  if (full) {
    // NOTE(perf): set one by one (no spread of a temporary object): a list renders every server.
    out['OS-EXT-AZ:availability_zone'] = instance.availability_zone ?? '';
    out.config_drive = instance.config_drive;
    out.key_name = instance.key_name;
    out['OS-SRV-USG:launched_at'] = launchedAt(instance.launched_at);
    out['OS-SRV-USG:terminated_at'] = launchedAt(instance.terminated_at);
    out['OS-EXT-STS:task_state'] = instance.task_state;
    out['OS-EXT-STS:vm_state'] = instance.vm_state;
    out['OS-EXT-STS:power_state'] = instance.power_state;
    out['os-extended-volumes:volumes_attached'] = volumesAttached(instance, version);
    if (status !== 'BUILD' || instance.addresses.length > 0) {
      out.security_groups = (instance.security_groups ?? ['default']).map((name) => ({ name }));
    }
  } else if (opts.showKeyName) {
    out.key_name = instance.key_name;
  }
  const extendedAttrs = full && ctx.is_admin;
  if (extendedAttrs) {
    out['OS-EXT-SRV-ATTR:host'] = instance.host;
    out['OS-EXT-SRV-ATTR:instance_name'] = instanceName(instance);
    out['OS-EXT-SRV-ATTR:hypervisor_hostname'] = instance.node;
    if (version.atLeast(2, 3)) {
      out['OS-EXT-SRV-ATTR:reservation_id'] = instance.reservation_id;
      out['OS-EXT-SRV-ATTR:launch_index'] = instance.launch_index;
      out['OS-EXT-SRV-ATTR:hostname'] = instance.hostname;
      out['OS-EXT-SRV-ATTR:kernel_id'] = '';
      out['OS-EXT-SRV-ATTR:ramdisk_id'] = '';
      out['OS-EXT-SRV-ATTR:root_device_name'] = instance.host ? '/dev/vda' : null;
      if (opts.showUserData !== false) out['OS-EXT-SRV-ATTR:user_data'] = instance.user_data;
    }
  }
  if (full && version.atLeast(2, 16) && opts.hostStatus !== undefined) out.host_status = opts.hostStatus;
  if (version.atLeast(2, 9)) out.locked = instance.locked;
  if (version.atLeast(2, 19)) out.description = instance.display_description;
  if (version.atLeast(2, 26)) out.tags = [...(instance.tags ?? [])];
  if (version.atLeast(2, 63)) {
    const certs = instance.system_metadata?.trusted_image_certificates;
    out.trusted_image_certificates = certs === undefined ? null : JSON.parse(certs);
  }
  if (version.atLeast(2, 71) && opts.serverGroups) out.server_groups = [...opts.serverGroups];
  if (version.atLeast(2, 73)) out.locked_reason = instance.locked_reason ?? null;
  if (!extendedAttrs && version.atLeast(2, 90)) out['OS-EXT-SRV-ATTR:hostname'] = instance.hostname;
  if (fault && (instance.vm_state === 'error' || instance.vm_state === 'deleted')) {
    out.fault = faultView(fault, ctx.is_admin);
  }
  return out;
}

/** Nova's `instance_name_template` default: instance-%08x of the row id; we use the uuid's low bits. */
export function instanceName(instance: Instance): string {
  return `instance-${instance.uuid.replace(/-/g, '').slice(-8)}`;
}
