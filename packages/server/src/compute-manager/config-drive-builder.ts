/**
 * The compute side of config drives (Nova's `configdrive.required_by` and
 * ConfigDriveBuilder): an instance gets one when it asked (`config_drive`)
 * or `[DEFAULT] force_config_drive` is set; its files are the metadata
 * service's tree, gathered by the conductor, written as ISO 9660.
 */
import { configDriveFiles, type Instance, type RequestContext } from '@novats/core';
import { makeConfigDrive } from '@novats/drivers';
import { landMetadata } from '../api/metadata/shipped-metadata.js';
import type { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';

export interface ConfigDriveOptions {
  /** `[DEFAULT] force_config_drive`. */
  readonly force: boolean;
  /** `[DEFAULT] config_drive_skip_versions`. */
  readonly skipVersions: readonly string[];
}

export function requiresConfigDrive(instance: Instance, force: boolean): boolean {
  return force || ['true', '1', 'yes', 'on'].includes(String(instance.config_drive).toLowerCase());
}

/** The ISO image for `instance`, or null when it needs none (or its metadata is gone). */
export async function buildConfigDrive(
  conductor: ConductorRpcApi,
  ctx: RequestContext,
  instance: Instance,
  opts: ConfigDriveOptions,
): Promise<Uint8Array | null> {
  if (!requiresConfigDrive(instance, opts.force)) return null;
  const shipped = await conductor.instanceMetadata(ctx, instance.uuid);
  if (!shipped) return null;
  return makeConfigDrive(configDriveFiles(landMetadata(shipped), opts.skipVersions));
}
