/**
 * Errors of volume and interface attachments (Nova's VolumeNotFound,
 * InvalidVolume, VolumeBDMNotFound, PortNotFound, PortInUse, ...), with the
 * messages Nova's exception.py gives them.
 */
import { Conflict, InvalidInput, NotFound } from './common-errors.js';

export class VolumeNotFound extends NotFound {
  override readonly code = 'compute.volume.not_found';
  constructor(volumeId: string) {
    super(`Volume ${volumeId} could not be found.`);
  }
}

/** Nova's InvalidVolume (400): the volume cannot be used as asked (in use, wrong status). */
export class InvalidVolume extends InvalidInput {
  override readonly code = 'compute.volume.invalid';
  constructor(reason: string) {
    super(`Invalid volume: ${reason}`);
  }
}

/** Nova's VolumeTaggedAttachToShelvedNotSupported (400). */
export class VolumeTaggedAttachToShelvedNotSupported extends InvalidInput {
  override readonly code = 'compute.volume.tagged_attach_to_shelved';
  constructor() {
    super('Tagged volume attachment is not supported for shelved-offloaded instances.');
  }
}

/** Nova's MultiattachNotSupportedOldMicroversion (400): a multiattach volume before 2.60. */
export class MultiattachNotSupportedOldMicroversion extends InvalidInput {
  override readonly code = 'compute.volume.multiattach_old_microversion';
  constructor() {
    super('Multiattach volumes are only supported starting with compute API version 2.60.');
  }
}

/** Nova's MultiattachToShelvedNotSupported (400). */
export class MultiattachToShelvedNotSupported extends InvalidInput {
  override readonly code = 'compute.volume.multiattach_to_shelved';
  constructor() {
    super('Attaching multiattach volumes is not supported for shelved-offloaded instances.');
  }
}

/** Nova's MultiattachSwapVolumeNotSupported (400). */
export class MultiattachSwapVolumeNotSupported extends InvalidInput {
  override readonly code = 'compute.volume.multiattach_swap';
  constructor() {
    super('Swapping multi-attach volumes with more than one read/write attachment is not supported.');
  }
}

/** Nova's MultiattachNotSupportedByVirtDriver (400): the host's driver lacks `supports_multiattach`. */
export class MultiattachNotSupportedByVirtDriver extends InvalidInput {
  override readonly code = 'compute.volume.multiattach_unsupported_by_driver';
  constructor(volumeId: string) {
    super(`Volume ${volumeId} has 'multiattach' set, which is not supported for this instance.`);
  }
}

/** Nova's VolumeBDMNotFound: no block device mapping of that volume on the instance. */
export class VolumeBDMNotFound extends NotFound {
  override readonly code = 'compute.bdm.volume_not_found';
  constructor(volumeId: string) {
    super(`No volume Block Device Mapping with id ${volumeId}.`);
  }
}

/** Nova's DevicePathInUse (409). */
export class DevicePathInUse extends Conflict {
  override readonly code = 'compute.bdm.device_in_use';
  constructor(path: string) {
    super(`The supplied device path (${path}) is in use.`);
  }
}

export class PortNotFound extends NotFound {
  override readonly code = 'compute.port.not_found';
  constructor(portId: string) {
    super(`Port id ${portId} could not be found.`);
  }
}

/** Nova's PortInUse (409): the port is bound to another device. */
export class PortInUse extends Conflict {
  override readonly code = 'compute.port.in_use';
  constructor(portId: string) {
    super(`Port ${portId} is still in use.`);
  }
}

/** Nova's NetworkNotFound (404 on attach, 400 on create). */
export class NetworkNotFound extends NotFound {
  override readonly code = 'compute.network.not_found';
  constructor(networkId: string) {
    super(`Network ${networkId} could not be found.`);
  }
}

/** Nova's FixedIpAlreadyInUse (409 on attach, 400 on create). */
export class FixedIpAlreadyInUse extends Conflict {
  override readonly code = 'compute.network.fixed_ip_in_use';
  constructor(address: string, instanceUuid: string) {
    super(`Fixed IP address ${address} is already in use on instance ${instanceUuid}.`);
  }
}
