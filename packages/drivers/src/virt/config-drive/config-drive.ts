/**
 * A config drive image (Nova's ConfigDriveBuilder, iso9660 format): the
 * metadata tree's files on an ISO 9660 volume labelled config-2, which
 * cloud-init's ConfigDrive datasource finds by that label.
 */
import { type ConfigDriveFile } from '@novats/core';
import { buildIso9660 } from './iso9660-writer.js';

export const CONFIG_DRIVE_LABEL = 'config-2';

export function makeConfigDrive(files: readonly ConfigDriveFile[], date?: Date): Uint8Array {
  return buildIso9660(files, { volumeId: CONFIG_DRIVE_LABEL, date, applicationId: 'NOVA CONFIG DRIVE' });
}
