/**
 * Accepting a new server (Nova's compute API `create`): check the flavor and
 * the image, record build requests, request specs and instance mappings in
 * the API database, then hand the build to the conductor. Everything that
 * can be refused is refused before the first write.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Flavor, ImageMeta, Instance, InstanceAddress, RequestContext, RequestSpec } from '@novats/core';
import { buildStartState, ImageNotFound, InvalidInput, isNovaError } from '@novats/core';
import { availableZones, parseAvailabilityZone, type RequestedZone } from './availability-zones.js';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { authorize } from './compute-policy.js';
import { admitInstances, checkInjectedFilesQuota, checkMetadataQuota } from './quota-engine.js';
import { requestedDestination } from './requested-destination.js';
import {
  type BdmV2,
  bootVolumeMapping,
  checkUserData,
  invalidBootSequence,
  plannedBdms,
  REQUESTED_NETWORKS_KEY,
  type RequestedNetwork,
  requestedNetworks,
  TRUSTED_CERTS_KEY,
} from './server-create-extras.js';
import { joinServerGroup, requestedServerGroup } from './server-group-api.js';
import { volumesOf } from './server-volume-attachments.js';

export interface CreateServerRequest {
  readonly name: string;
  /** '' when the server boots from a volume of block_device_mapping_v2. */
  readonly imageRef: string;
  readonly flavorRef: string;
  readonly adminPass?: string;
  readonly metadata?: Record<string, string>;
  readonly availability_zone?: string;
  readonly key_name?: string;
  readonly min_count: number;
  readonly max_count: number;
  readonly user_data?: string;
  readonly description?: string | null;
  readonly accessIPv4?: string;
  readonly accessIPv6?: string;
  readonly config_drive?: boolean;
  readonly hostname?: string;
  readonly scheduler_hints?: Record<string, string | string[]>;
  /** Personality files (before 2.57): checked against the injected-file quotas. */
  readonly personality?: readonly { readonly path?: string; readonly contents?: string }[];
  readonly networks?: 'auto' | 'none' | readonly RequestedNetwork[];
  readonly block_device_mapping_v2?: readonly BdmV2[];
  readonly tags?: readonly string[];
  readonly trusted_image_certificates?: readonly string[];
  /** 2.74: the host and/or node to build on (admin). */
  readonly host?: string;
  readonly hypervisor_hostname?: string;
  /** 2.60: block device mappings may name multiattach volumes. */
  readonly supports_multiattach?: boolean;
}

export interface CreatedServers {
  readonly instances: Instance[];
  readonly adminPass: string;
  readonly reservation_id: string;
}

/** The last path segment, since Nova accepts hrefs as well as ids for refs. */
export function refId(ref: string): string {
  const trimmed = ref.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function sanitizeHostname(name: string, fallback: string): string {
  const h = name
    .toLowerCase()
    .replace(/[ _]/g, '-')
    .replace(/[^a-z0-9.-]/g, '')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 63);
  return h || fallback;
}

function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

async function resolveFlavor(deps: ComputeApiDeps, ref: string): Promise<Flavor> {
  try {
    const flavor = await deps.api.flavors.getByFlavorId(refId(ref));
    if (flavor.disabled) throw new InvalidInput(`Flavor '${flavor.flavorid}' is disabled.`);
    return flavor;
  } catch (err) {
    if (isNovaError(err) && err.status === 404)
      throw new InvalidInput(`Flavor ${refId(ref)} could not be found.`);
    throw err;
  }
}

async function resolveImage(deps: ComputeApiDeps, ctx: RequestContext, ref: string): Promise<ImageMeta> {
  try {
    return await deps.images.show(ctx, refId(ref));
  } catch (err) {
    if (err instanceof ImageNotFound || (isNovaError(err) && err.status === 404)) {
      throw new InvalidInput(`Image ${refId(ref)} could not be found.`);
    }
    throw err;
  }
}

function checkImageFitsFlavor(image: ImageMeta, flavor: Flavor, volumeBacked: boolean): void {
  if (image.status !== 'active') throw new InvalidInput(`Image ${image.id} is not active.`);
  if (image.min_ram > flavor.memory_mb) {
    throw new InvalidInput("Flavor's memory is too small for requested image.");
  }
  // NOTE(nova): a volume-backed server's root disk is its volume, not the flavor's disk.
  if (volumeBacked) return;
  const sizeGb = Math.ceil(image.size / 1024 ** 3);
  if (flavor.root_gb > 0 && (image.min_disk > flavor.root_gb || sizeGb > flavor.root_gb)) {
    throw new InvalidInput(
      image.min_disk > flavor.root_gb
        ? "Flavor's disk is too small for requested image. Flavor disk is " +
            `${flavor.root_gb * 1024 ** 3} bytes, minimum image size is ${image.min_disk * 1024 ** 3} bytes.`
        : `Flavor's disk is too small for requested image. Flavor disk is ${flavor.root_gb * 1024 ** 3} bytes, image is ${image.size} bytes.`,
    );
  }
}

function hintsOf(req: CreateServerRequest): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(req.scheduler_hints ?? {})) out[k] = [v].flat().map(String);
  return out;
}

/**
 * What the server boots from: the image of imageRef, or without one the
 * boot volume of block_device_mapping_v2 (Nova's `_get_bdm_image_metadata`):
 * the image a volume is to be made from, the image an existing volume was
 * made from, or no image at all for a plain volume.
 */
async function bootImage(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  req: CreateServerRequest,
  bootVolume: BdmV2 | undefined,
): Promise<ImageMeta | null> {
  if (req.imageRef) return resolveImage(deps, ctx, req.imageRef);
  if (!bootVolume) throw invalidBootSequence();
  if (bootVolume.source_type === 'image' && bootVolume.uuid) return resolveImage(deps, ctx, bootVolume.uuid);
  if (bootVolume.source_type !== 'volume' || !bootVolume.uuid) return null;
  const volume = await volumesOf(deps)
    .get(ctx, bootVolume.uuid)
    .catch((err) => {
      if (isNovaError(err) && err.status === 404) throw new InvalidInput(err.message);
      throw err;
    });
  const from = volume.volume_image_metadata?.image_id;
  return from ? resolveImage(deps, ctx, from) : null;
}

/**
 * The requested zone, checked as Nova's compute API does: a forced host or
 * node needs the forced_host policy (admin); otherwise the zone must be one
 * that an enabled compute service is in.
 */
async function resolveZone(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  value?: string,
): Promise<RequestedZone> {
  const requested = parseAvailabilityZone(value);
  if (requested.host || requested.node) {
    authorize(deps.policy, ctx, 'os_compute_api:servers:create:forced_host', { project_id: ctx.project_id });
  }
  if (requested.zone && !requested.host && !requested.node) {
    if (!(await availableZones(deps)).has(requested.zone)) {
      throw new InvalidInput('The requested availability zone is not available');
    }
  }
  return requested;
}

/** What the host and the views read back: requested network info, trusted certificates. */
function extrasMetadata(
  req: CreateServerRequest,
  addresses: InstanceAddress[] | undefined,
): { system_metadata?: Record<string, string> } {
  const meta: Record<string, string> = {};
  if (addresses) meta[REQUESTED_NETWORKS_KEY] = JSON.stringify(addresses);
  if (req.trusted_image_certificates)
    meta[TRUSTED_CERTS_KEY] = JSON.stringify(req.trusted_image_certificates);
  return Object.keys(meta).length > 0 ? { system_metadata: meta } : {};
}

export async function createServers(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  req: CreateServerRequest,
): Promise<CreatedServers> {
  const flavor = await resolveFlavor(deps, req.flavorRef);
  const bootVolume = bootVolumeMapping(req.block_device_mapping_v2);
  const image = await bootImage(deps, ctx, req, bootVolume);
  if (image) checkImageFitsFlavor(image, flavor, bootVolume !== undefined);
  // NOTE(nova): a server booted from a volume without imageRef shows `image: ""`.
  const imageRef = req.imageRef && image ? image.id : '';
  if (req.min_count > req.max_count) throw new InvalidInput('min_count must be <= max_count');
  const zone = await resolveZone(deps, ctx, req.availability_zone);
  const destination = await requestedDestination(deps, ctx, req, Boolean(zone.host || zone.node));
  if (req.key_name !== undefined && !(await deps.api.keyPairs.get(ctx.user_id as string, req.key_name))) {
    throw new InvalidInput('Invalid key_name provided.');
  }
  await checkMetadataQuota(deps, ctx, Object.keys(req.metadata ?? {}).length);
  await checkInjectedFilesQuota(deps, ctx, req.personality ?? []);
  const group = await requestedServerGroup(deps, hintsOf(req));
  checkUserData(req.user_data);
  const networkInfo = requestedNetworks(deps, req.networks, req.max_count);
  const bdmsFor = await plannedBdms(deps, ctx, req.block_device_mapping_v2, imageRef || null, {
    supportsMultiattach: req.supports_multiattach === true,
  });

  const now = new Date(deps.clock.now()).toISOString();
  const adminPass = req.adminPass ?? generatePassword();
  const reservationId = `r-${randomBytes(4).toString('hex')}`;
  // NOTE(nova): as many as the quota admits, from min_count to max_count; the records are
  // written before the next request of the project may count (quota-engine.ts).
  const { instances, spec } = await admitInstances(deps, ctx, flavor, req.min_count, req.max_count, (count) =>
    recordBuild(count),
  );
  async function recordBuild(count: number): Promise<{ instances: Instance[]; spec: RequestSpec }> {
    const instances: Instance[] = [];
    for (let i = 0; i < count; i++) {
      const uuid = randomUUID();
      const displayName = count > 1 ? `${req.name}-${i + 1}` : req.name;
      instances.push({
        uuid,
        display_name: displayName,
        display_description: req.description ?? null,
        project_id: ctx.project_id!,
        user_id: ctx.user_id!,
        ...buildStartState(),
        host: null,
        node: null,
        image_ref: imageRef,
        flavor,
        availability_zone: zone.zone,
        key_name: req.key_name ?? null,
        metadata: req.metadata ?? {},
        addresses: [],
        access_ip_v4: req.accessIPv4 ?? null,
        access_ip_v6: req.accessIPv6 ?? null,
        config_drive: req.config_drive ? 'True' : '',
        progress: 0,
        launch_index: i,
        reservation_id: reservationId,
        hostname: sanitizeHostname(req.hostname ?? displayName, `server-${uuid}`),
        locked: false,
        locked_by: null,
        user_data: req.user_data ?? null,
        created_at: now,
        updated_at: null,
        launched_at: null,
        terminated_at: null,
        deleted_at: null,
        deleted: false,
        ...(req.tags ? { tags: [...new Set(req.tags)] } : {}),
        ...extrasMetadata(req, networkInfo?.({ uuid })),
        ...(bdmsFor ? { block_device_mappings: await bdmsFor({ uuid }) } : {}),
      });
    }
    const spec: RequestSpec = {
      instance_uuid: instances[0].uuid,
      project_id: ctx.project_id!,
      user_id: ctx.user_id!,
      flavor,
      image,
      num_instances: count,
      availability_zone: zone.zone,
      scheduler_hints: hintsOf(req),
      ignore_hosts: [],
      force_hosts: zone.host ? [zone.host] : [],
      force_nodes: zone.node ? [zone.node] : [],
      ...(destination ? { requested_destination: destination } : {}),
      // NOTE(nova): the root disk of a volume-backed server claims no DISK_GB on the host.
      is_bfv: bootVolume !== undefined,
      instance_group: group
        ? { uuid: group.uuid, policy: group.policy, rules: group.rules, hosts: [], members: [] }
        : null,
    };
    if (group)
      await joinServerGroup(
        deps,
        ctx,
        group,
        instances.map((i) => i.uuid),
      );
    // NOTE(lock): this runs under the project's quota lease; the three records of an
    // instance are independent rows, written together so the lease is held for less.
    for (const instance of instances) {
      await Promise.all([
        // NOTE(nova): requested_destination is per request, never persisted (RequestSpec._get_update_primitives).
        deps.api.requestSpecs.save({ ...spec, instance_uuid: instance.uuid, requested_destination: null }),
        deps.api.buildRequests.create({
          instance_uuid: instance.uuid,
          project_id: instance.project_id,
          instance,
          created_at: now,
        }),
        deps.api.instanceMappings.create({
          instance_uuid: instance.uuid,
          cell_uuid: null,
          project_id: instance.project_id,
          user_id: instance.user_id,
          queued_for_delete: false,
        }),
      ]);
    }
    return { instances, spec };
  }
  try {
    await deps.conductor.scheduleAndBuildInstances(ctx, {
      instance_uuids: instances.map((i) => i.uuid),
      request_spec: spec,
      image,
      admin_password: adminPass,
    });
  } catch (err) {
    // NOTE(bus down): nobody will ever build these; take the records back so that no server stays in BUILD.
    for (const instance of instances) {
      await deps.api.buildRequests.delete(instance.uuid);
      await deps.api.instanceMappings.delete(instance.uuid);
      await deps.api.requestSpecs.delete(instance.uuid);
    }
    throw err;
  }
  return { instances, adminPass, reservation_id: reservationId };
}
