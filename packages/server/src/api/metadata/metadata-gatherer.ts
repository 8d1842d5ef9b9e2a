/**
 * The conductor's side of config drives: gathers an instance's metadata from
 * the databases exactly as nova-api-metadata does (same source, no cache),
 * ready to cross the bus to the compute host.
 */
import type { ApiDatabase, Clock, Logger, NovaConfig } from '@novats/core';
import type { CellRegistry } from '../../cells/cell-registry.js';
import { InstanceLocator } from './instance-locator.js';
import { metadataSettingsFromConfig } from './metadata-settings.js';
import { MetadataSource } from './metadata-source.js';
import { type ShippedMetadata, shipMetadata } from './shipped-metadata.js';
import { VendorData } from './vendor-data.js';

export function metadataGatherer(
  deps: { api: ApiDatabase; cells: CellRegistry; clock: Clock; logger: Logger },
  conf: NovaConfig,
): (uuid: string) => Promise<ShippedMetadata | null> {
  const settings = { ...metadataSettingsFromConfig(conf), cacheExpiration: 0 };
  const locator = new InstanceLocator(deps.api, deps.cells, deps.clock);
  const source = new MetadataSource(
    deps.api,
    deps.cells,
    locator,
    new VendorData(settings, deps.logger),
    settings,
    deps.clock,
  );
  return async (uuid) => {
    const md = await source.byInstanceId(uuid);
    return md ? shipMetadata(md) : null;
  };
}
