/**
 * os-volume_attachments on the API side (Nova's compute API
 * `attach_volume`, `detach_volume`, `swap_volume` and the Cinder calls they
 * make): the volume service (the deployment's fake unless one is given)
 * reserves the volume, the instance's host plugs it through its virt driver
 * (an RPC call), and the block device mapping is written on the instance.
 * A shelved-offloaded server has no host: only its mappings change, as Nova.
 */
import { randomUUID } from 'node:crypto';
import type { BlockDeviceMapping, RequestContext, VolumeConnection, VolumeService } from '@novats/core';
import {
  DevicePathInUse,
  InstanceInvalidState,
  InvalidInput,
  InvalidVolume,
  isNovaError,
  MultiattachNotSupportedByVirtDriver,
  MultiattachNotSupportedOldMicroversion,
  MultiattachSwapVolumeNotSupported,
  MultiattachToShelvedNotSupported,
  NotFound,
  nextDeviceName,
  VolumeBDMNotFound,
  VolumeTaggedAttachToShelvedNotSupported,
} from '@novats/core';
import { fakeVolumesFor } from '../volume/fake-volume-service.js';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { cellOf, requireCapability, startAction } from './server-action-start.js';
import { type FoundServer, getServer } from './server-query.js';

export function volumesOf(deps: ComputeApiDeps): VolumeService {
  return deps.volumes ?? fakeVolumesFor(deps.api);
}

/** The mappings of attached volumes (not the local root disk). */
function volumeBdms(found: FoundServer): readonly BlockDeviceMapping[] {
  return (found.instance.block_device_mappings ?? []).filter((b) => b.destination_type === 'volume');
}

function connectionOf(volumeId: string, attachmentId: string): VolumeConnection {
  return { volume_id: volumeId, driver_volume_type: 'fake', data: { attachment_id: attachmentId } };
}

/** Nova's "Instance <id> is not attached to volume <id>" (404). */
function notAttached(uuid: string, volumeId: string): NotFound {
  return new NotFound(`Instance ${uuid} is not attached to volume ${volumeId}`);
}

export async function listVolumeAttachments(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
): Promise<readonly BlockDeviceMapping[]> {
  return volumeBdms(await getServer(deps, ctx, uuid));
}

export async function showVolumeAttachment(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  volumeId: string,
): Promise<BlockDeviceMapping> {
  const bdm = volumeBdms(await getServer(deps, ctx, uuid)).find((b) => b.volume_id === volumeId);
  if (!bdm) throw notAttached(uuid, volumeId);
  return bdm;
}

export interface AttachVolumeRequest {
  readonly volumeId: string;
  readonly device?: string | null;
  readonly tag?: string;
  readonly delete_on_termination?: boolean;
}

/** Saves the instance's block device mappings; the save is reported as instance.update. */
async function writeBdms(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  found: FoundServer,
  change: (bdms: BlockDeviceMapping[]) => BlockDeviceMapping[],
): Promise<void> {
  const { cell } = await cellOf(deps, found);
  const current = (await cell.instances.get(found.instance.uuid)) ?? found.instance;
  const updated = await cell.instances.update(found.instance.uuid, {
    block_device_mappings: change([...(current.block_device_mappings ?? [])]),
  });
  await deps.instanceUpdates?.saved(ctx, current, updated);
}

/** What the request's microversion allows (Nova's API-side gates of attach and detach). */
export interface VolumeAttachGates {
  /** 2.20: shelved and shelved_offloaded servers; before, 409 InstanceInvalidState. */
  readonly shelved: boolean;
  /** 2.60: multiattach volumes; before, 400 MultiattachNotSupportedOldMicroversion. */
  readonly multiattach: boolean;
}

/** Nova's `_check_request_version(req, '2.20', ...)` for a shelved server. */
function checkShelved(found: FoundServer, action: string, gates: VolumeAttachGates): void {
  const state = found.instance.vm_state;
  if ((state === 'shelved' || state === 'shelved_offloaded') && !gates.shelved) {
    throw new InstanceInvalidState(action, found.instance.uuid, 'vm_state', state);
  }
}

export async function attachVolume(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  req: AttachVolumeRequest,
  gates: VolumeAttachGates,
): Promise<BlockDeviceMapping> {
  const volumes = volumesOf(deps);
  const found = await getServer(deps, ctx, uuid);
  checkShelved(found, 'attach_volume', gates);
  const volume = await volumes.get(ctx, req.volumeId);
  if (found.instance.vm_state === 'shelved_offloaded') {
    // NOTE(nova): no compute host to ask whether it supports device tagging or multiattach.
    if (req.tag) throw new VolumeTaggedAttachToShelvedNotSupported();
    if (volume.multiattach) throw new MultiattachToShelvedNotSupported();
  }
  const bdms = found.instance.block_device_mappings ?? [];
  if (bdms.some((b) => b.volume_id === req.volumeId)) {
    throw new InvalidVolume(`volume ${req.volumeId} already attached`);
  }
  const used = ['/dev/vda', ...bdms.map((b) => b.device_name)];
  if (req.device && used.includes(req.device)) throw new DevicePathInUse(req.device);
  if (volume.multiattach && !gates.multiattach) throw new MultiattachNotSupportedOldMicroversion();
  if (volume.multiattach && found.instance.host) {
    await requireCapability(deps, ctx, found.instance.host, 'supports_multiattach').catch((err: unknown) => {
      if (isNovaError(err) && err.code === 'compute.driver.action_unsupported') {
        throw new MultiattachNotSupportedByVirtDriver(volume.id);
      }
      throw err;
    });
  }
  const started = await startAction(deps, ctx, uuid, 'attachVolume', { found });
  const attachmentId = await volumes.attachmentCreate(ctx, req.volumeId, uuid);
  const mountpoint = req.device || nextDeviceName(used);
  if (started.host) {
    try {
      await deps.compute.call(ctx, started.host, 'attach_volume', {
        instance: started.instance,
        connection: connectionOf(req.volumeId, attachmentId),
        mountpoint,
      });
    } catch (err) {
      await volumes.attachmentDelete(ctx, attachmentId);
      throw err;
    }
  }
  // NOTE(nova): a shelved_offloaded server's attachment is completed without a host, so the
  // volume is in-use as with the old attach flow; the unshelve host plugs it.
  await volumes.attachmentComplete(ctx, attachmentId, mountpoint);
  const bdm: BlockDeviceMapping = {
    uuid: randomUUID(),
    source_type: 'volume',
    destination_type: 'volume',
    volume_id: req.volumeId,
    image_id: null,
    attachment_id: attachmentId,
    boot_index: null,
    device_name: mountpoint,
    volume_size: null,
    tag: req.tag ?? null,
    delete_on_termination: req.delete_on_termination ?? false,
  };
  await writeBdms(deps, ctx, found, (list) => [...list, bdm]);
  return bdm;
}

export async function detachVolume(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  volumeId: string,
  gates: VolumeAttachGates,
): Promise<void> {
  const volumes = volumesOf(deps);
  const found = await getServer(deps, ctx, uuid);
  checkShelved(found, 'detach_volume', gates);
  await volumes.get(ctx, volumeId);
  const bdm = volumeBdms(found).find((b) => b.volume_id === volumeId);
  if (!bdm) throw notAttached(uuid, volumeId);
  if (bdm.boot_index === 0) throw new InvalidInput('Cannot detach a root device volume');
  const started = await startAction(deps, ctx, uuid, 'detachVolume', { found });
  if (started.host) {
    await deps.compute.call(ctx, started.host, 'detach_volume', {
      instance: started.instance,
      volume_id: volumeId,
    });
  }
  if (bdm.attachment_id) await volumes.attachmentDelete(ctx, bdm.attachment_id);
  await writeBdms(deps, ctx, found, (list) => list.filter((b) => b.uuid !== bdm.uuid));
}

/** PUT with a different volumeId: swap the attached `oldId` for `newId` (admin). */
export async function swapVolume(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  oldId: string,
  newId: string,
): Promise<void> {
  const volumes = volumesOf(deps);
  const found = await getServer(deps, ctx, uuid);
  const old = await volumes.get(ctx, oldId);
  try {
    await volumes.get(ctx, newId);
  } catch (err) {
    // NOTE(nova): an unknown volume in the body (not the URL) is 400, as the API-WG guideline says.
    if (isNovaError(err) && err.status === 404) throw new InvalidInput(err.message);
    throw err;
  }
  const bdm = volumeBdms(found).find((b) => b.volume_id === oldId);
  if (!bdm) throw new VolumeBDMNotFound(oldId);
  // NOTE(nova): the other servers of a multiattach volume would lose their disk.
  if (old.attachments.length > 1) throw new MultiattachSwapVolumeNotSupported();
  const started = await startAction(deps, ctx, uuid, 'swapVolume', { found });
  const attachmentId = await volumes.attachmentCreate(ctx, newId, uuid);
  const mountpoint = bdm.device_name ?? nextDeviceName(['/dev/vda']);
  if (started.host) {
    try {
      await deps.compute.call(ctx, started.host, 'swap_volume', {
        instance: started.instance,
        old_volume_id: oldId,
        connection: connectionOf(newId, attachmentId),
        mountpoint,
      });
    } catch (err) {
      await volumes.attachmentDelete(ctx, attachmentId);
      throw err;
    }
  }
  await volumes.attachmentComplete(ctx, attachmentId, mountpoint);
  if (bdm.attachment_id) await volumes.attachmentDelete(ctx, bdm.attachment_id);
  await writeBdms(deps, ctx, found, (list) =>
    list.map((b) => (b.uuid === bdm.uuid ? { ...b, volume_id: newId, attachment_id: attachmentId } : b)),
  );
}

/** PUT (2.85) with the same volumeId: change delete_on_termination. */
export async function updateVolumeAttachment(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  volumeId: string,
  change: { delete_on_termination?: boolean },
): Promise<BlockDeviceMapping> {
  const found = await getServer(deps, ctx, uuid);
  await volumesOf(deps).get(ctx, volumeId);
  const bdm = volumeBdms(found).find((b) => b.volume_id === volumeId);
  if (!bdm) throw new VolumeBDMNotFound(volumeId);
  const next = { ...bdm, ...change };
  await writeBdms(deps, ctx, found, (list) => list.map((b) => (b.uuid === bdm.uuid ? next : b)));
  return next;
}
