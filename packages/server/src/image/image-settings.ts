/**
 * What the embedded image service reads from nova.conf, with Glance's option
 * names: the records go to `[api_database] connection`, the data to
 * `[glance_store] filesystem_store_datadir` (default `$state_path/images`),
 * uploads are capped by `[DEFAULT] image_size_cap` (Glance's default, 1 TiB).
 */
import type { NovaConfig } from '@novats/core';
import { DEFAULT_IMAGE_SIZE_CAP } from '@novats/drivers';
import { InvalidServiceOption } from '../container/deployment-errors.js';

export interface ImageSettings {
  readonly connection: string;
  readonly storeDirectory: string;
  readonly sizeCap: number;
}

export function imageSettingsFromConfig(conf: NovaConfig, apiConnection: string | null): ImageSettings {
  if (!apiConnection)
    throw new InvalidServiceOption(
      'api_database',
      'connection',
      'the image service keeps its records there; set it',
    );
  const capText = conf.getString('DEFAULT', 'image_size_cap');
  const sizeCap = capText === undefined ? DEFAULT_IMAGE_SIZE_CAP : Number(capText);
  if (!Number.isSafeInteger(sizeCap) || sizeCap < 0)
    throw new InvalidServiceOption('DEFAULT', 'image_size_cap', `${capText} is not a number of bytes`);
  return {
    connection: apiConnection,
    storeDirectory:
      conf.getString('glance_store', 'filesystem_store_datadir') ??
      `${conf.get('DEFAULT', 'state_path')}/images`,
    sizeCap,
  };
}
