/**
 * The parts of a server create request beyond flavor and image, checked
 * before anything is written, as Nova's servers controller and compute API
 * do: `networks` (auto, none, or a list of network uuid / port / fixed IP
 * / tag on the fake network), `block_device_mapping_v2` for the local image
 * disk and for volumes (blank ones are created on the fake volume service,
 * existing ones attached), `user_data` as base64, tags (2.52) and trusted
 * image certificates (2.63, kept in system_metadata and shown back).
 */
import { randomUUID } from 'node:crypto';
import type { BlockDeviceMapping, Instance, InstanceAddress, RequestContext } from '@novats/core';
import {
  InvalidInput,
  isNovaError,
  MultiattachNotSupportedOldMicroversion,
  nextDeviceName,
} from '@novats/core';
import { allocateFixedAddress, PRIVATE_NETWORK_ID, portAddress } from '../network/fake-network.js';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { networkOf } from './server-interfaces.js';
import { volumesOf } from './server-volume-attachments.js';

/** The system_metadata key the compute host reads its requested network info from. */
export const REQUESTED_NETWORKS_KEY = 'requested_networks';
export const TRUSTED_CERTS_KEY = 'trusted_image_certificates';

const UUID_RE = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

export interface RequestedNetwork {
  readonly uuid?: string;
  readonly port?: string | null;
  readonly fixed_ip?: string;
  readonly tag?: string;
}

/** Nova's `format: base64` check of user_data. */
export function checkUserData(userData: string | undefined): void {
  if (userData === undefined) return;
  const ok =
    /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/.test(userData) && userData.replace(/[\r\n]/g, '').length % 4 === 0;
  if (!ok) {
    throw new InvalidInput(
      `Invalid input for field/attribute user_data. Value: ${userData}. '${userData}' is not a 'base64'`,
    );
  }
}

/**
 * Resolves `networks` into the network info each new instance starts with:
 * undefined for `auto` (the host allocates one port), [] for `none`, else
 * the ports asked for, in order. Bad references are 400 as Nova's create.
 */
export function requestedNetworks(
  deps: ComputeApiDeps,
  networks: 'auto' | 'none' | readonly RequestedNetwork[] | undefined,
  count: number,
): ((instance: Pick<Instance, 'uuid'>) => InstanceAddress[]) | undefined {
  if (networks === undefined || networks === 'auto') return undefined;
  if (networks === 'none') return () => [];
  const network = networkOf(deps);
  for (const n of networks) {
    if (n.port) {
      if (count > 1) {
        throw new InvalidInput(
          'Unable to launch multiple instances with a single configured port ID. Please launch your instance one by one with different ports.',
        );
      }
      try {
        network.showPort(n.port);
      } catch (err) {
        if (isNovaError(err) && err.status === 404) throw new InvalidInput(err.message);
        throw err;
      }
      continue;
    }
    if (n.uuid === undefined)
      throw new InvalidInput('Bad networks format: network uuid is not in proper format ()');
    if (!UUID_RE.test(n.uuid)) {
      throw new InvalidInput(`Bad networks format: network uuid is not in proper format (${n.uuid})`);
    }
    try {
      network.network(n.uuid);
    } catch (err) {
      if (isNovaError(err) && err.status === 404) throw new InvalidInput(err.message);
      throw err;
    }
  }
  return (instance) =>
    networks.map((n, i) => {
      if (n.port) return portAddress(network.bind(n.port, instance.uuid), n.tag ?? null);
      if (i === 0 && n.fixed_ip === undefined)
        return { ...allocateFixedAddress(instance), tag: n.tag ?? null };
      const port = network.createPort({ network_id: n.uuid ?? PRIVATE_NETWORK_ID, fixed_ip: n.fixed_ip });
      return portAddress(network.bind(port.id, instance.uuid), n.tag ?? null);
    });
}

export interface BdmV2 {
  readonly source_type?: string;
  readonly destination_type?: string;
  readonly uuid?: string;
  readonly boot_index?: number | string | null;
  readonly volume_size?: number | string;
  readonly delete_on_termination?: boolean | string;
  readonly device_name?: string;
  readonly tag?: string;
}

/** Nova's InvalidBDMBootSequence: no boot device, two of them, or a local image disk that is not the root. */
export function invalidBootSequence(): InvalidInput {
  return invalidBdm(
    'Boot sequence for the instance and image/block device mapping combination is not valid.',
  );
}

/** Whether a mapping that makes a volume asks for a positive volume_size. */
function hasVolumeSize(b: BdmV2): boolean {
  return b.volume_size !== undefined && Number(b.volume_size) > 0;
}

function invalidBdm(details: string): InvalidInput {
  return new InvalidInput(`Block Device Mapping is Invalid: ${details}`);
}

function bootIndexOf(b: BdmV2): number | null {
  return b.boot_index === undefined || b.boot_index === null ? null : Number(b.boot_index);
}

function destinationOf(b: BdmV2): string {
  return b.destination_type ?? (b.source_type === 'image' ? 'local' : 'volume');
}

/** The mapping the server boots from when it is a volume (boot_index 0, destination volume). */
export function bootVolumeMapping(bdms: readonly BdmV2[] | undefined): BdmV2 | undefined {
  return bdms?.find((b) => bootIndexOf(b) === 0 && destinationOf(b) === 'volume');
}

/**
 * Checks block_device_mapping_v2 (before any write) and returns how to make
 * each instance's mappings: the local image disk is recorded as it is; a
 * blank volume and a volume from an image are created, an existing one
 * reserved, per instance. `imageId` is null when the server boots from a
 * volume (no imageRef).
 */
export async function plannedBdms(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  bdms: readonly BdmV2[] | undefined,
  imageId: string | null,
  opts: { supportsMultiattach?: boolean } = {},
): Promise<((instance: Pick<Instance, 'uuid'>) => Promise<BlockDeviceMapping[]>) | undefined> {
  if (!bdms || bdms.length === 0) return undefined;
  const volumes = volumesOf(deps);
  const boots = bdms.filter((b) => bootIndexOf(b) === 0);
  if (boots.length > 1 || (imageId === null && boots.length === 0)) throw invalidBootSequence();
  for (const b of bdms) {
    const boot = bootIndexOf(b);
    const dest = destinationOf(b);
    if (b.source_type === 'image' && dest === 'local') {
      if (boot !== 0 || imageId === null) throw invalidBootSequence();
      if (b.uuid !== undefined && b.uuid !== imageId)
        throw invalidBdm('Image id of the boot device does not match imageRef.');
    } else if (b.source_type === 'image' && dest === 'volume') {
      if (!hasVolumeSize(b))
        throw invalidBdm("Images with destination_type 'volume' need to have a non-zero size specified");
      if (!b.uuid) throw invalidBdm('An image mapping needs its uuid.');
      try {
        await deps.images.show(ctx, b.uuid);
      } catch (err) {
        if (isNovaError(err) && err.status === 404)
          throw new InvalidInput(`Image ${b.uuid} could not be found.`);
        throw err;
      }
    } else if (b.source_type === 'blank' && dest === 'volume') {
      if (!hasVolumeSize(b)) throw invalidBdm('Missing or invalid volume_size.');
      if (boot === 0) throw invalidBdm('Booting from a blank volume is not supported.');
    } else if (b.source_type === 'volume' && dest === 'volume') {
      if (!b.uuid) throw invalidBdm('A volume mapping needs its uuid.');
      try {
        const v = await volumes.get(ctx, b.uuid);
        if (v.multiattach && !opts.supportsMultiattach) throw new MultiattachNotSupportedOldMicroversion();
        // NOTE(cinder): a multiattach volume takes more attachments while in use.
        if (v.status !== 'available' && !v.multiattach) {
          throw new InvalidInput(`Invalid volume: volume ${v.id} is ${v.status}`);
        }
      } catch (err) {
        if (isNovaError(err) && err.status === 404) throw new InvalidInput(err.message);
        throw err;
      }
    } else {
      throw invalidBdm(`source_type ${b.source_type} with destination_type ${dest} is not supported.`);
    }
  }
  return async (instance) => {
    const out: BlockDeviceMapping[] = [];
    // NOTE(nova): the root disk (local image or boot volume) is /dev/vda; other volumes take the next names.
    const used: (string | null)[] = ['/dev/vda'];
    for (const b of bdms) {
      const boot = bootIndexOf(b);
      const dot =
        b.delete_on_termination === true ||
        b.delete_on_termination === 'true' ||
        b.delete_on_termination === 'True';
      if (b.source_type === 'image' && destinationOf(b) === 'local') {
        out.push({
          uuid: randomUUID(),
          source_type: 'image',
          destination_type: 'local',
          volume_id: null,
          image_id: imageId,
          attachment_id: null,
          boot_index: 0,
          device_name: '/dev/vda',
          volume_size: null,
          tag: b.tag ?? null,
          delete_on_termination: true,
        });
        continue;
      }
      let volumeId = b.uuid as string;
      if (b.source_type === 'blank') {
        volumeId = (
          await volumes.create(ctx, { size: Number(b.volume_size), name: `${instance.uuid}-blank-vol` })
        ).id;
      } else if (b.source_type === 'image') {
        // NOTE(fake): Nova's compute creates this volume from the image; the fake volume service only records the image.
        volumeId = (
          await volumes.create(ctx, {
            size: Number(b.volume_size),
            name: '',
            imageId: b.uuid as string,
          })
        ).id;
      }
      const device =
        boot === 0
          ? '/dev/vda'
          : b.device_name && !used.includes(b.device_name)
            ? b.device_name
            : nextDeviceName(used);
      if (boot !== 0) used.push(device);
      const attachmentId = await volumes.attachmentCreate(ctx, volumeId, instance.uuid);
      await volumes.attachmentComplete(ctx, attachmentId, device);
      out.push({
        uuid: randomUUID(),
        source_type: b.source_type as 'blank' | 'volume' | 'image',
        destination_type: 'volume',
        volume_id: volumeId,
        image_id: b.source_type === 'image' ? (b.uuid as string) : null,
        attachment_id: attachmentId,
        boot_index: boot !== null && boot >= 0 ? boot : null,
        device_name: device,
        volume_size: b.volume_size === undefined ? null : Number(b.volume_size),
        tag: b.tag ?? null,
        delete_on_termination: dot,
      });
    }
    return out;
  };
}
