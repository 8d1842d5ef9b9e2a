/**
 * nova-api-metadata: the metadata service on `metadata_listen`:
 * `metadata_listen_port` (8775), reading instances from the API and cell
 * databases. `nova-api` serves it too when `enabled_apis` names metadata.
 */
import type { ApiDatabase, Clock, Logger, NovaConfig } from '@novats/core';
import { Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import { InstanceLocator } from '../api/metadata/instance-locator.js';
import { createMetadataApp } from '../api/metadata/metadata-app.js';
import { type MetadataSettings, metadataSettingsFromConfig } from '../api/metadata/metadata-settings.js';
import { MetadataSource } from '../api/metadata/metadata-source.js';
import { VendorData } from '../api/metadata/vendor-data.js';
import type { CellRegistry } from '../cells/cell-registry.js';
import { ServerTokens } from '../container/service-tokens.js';
import type { RunningService } from './running-service.js';

export interface RunningMetadataApi extends RunningService {
  /** The service's root, e.g. http://127.0.0.1:8775. */
  readonly url: string;
  /** Gathers what the service would say about an instance (the compute side writes config drives from it). */
  readonly source: MetadataSource;
}

/** Builds the metadata source and app from the parsed options (shared with nova-api and the all-in-one). */
export async function startMetadataApi(
  deps: { api: ApiDatabase; cells: CellRegistry; clock: Clock; logger: Logger },
  settings: MetadataSettings,
): Promise<RunningMetadataApi> {
  const locator = new InstanceLocator(deps.api, deps.cells, deps.clock);
  const source = new MetadataSource(
    deps.api,
    deps.cells,
    locator,
    new VendorData(settings, deps.logger),
    settings,
    deps.clock,
  );
  const app = createMetadataApp({ settings, source, clock: deps.clock });
  const address = await app.listen({ host: settings.listen.host, port: settings.listen.port });
  const url = address.replace('[::1]', 'localhost');
  deps.logger.info(`metadata listening on ${url}`);
  return { name: 'nova-api-metadata', url, source, stop: () => app.close() };
}

@injectable()
export class NovaApiMetadataService {
  static readonly needs = [Tokens.ApiDatabase, ServerTokens.CellRegistry, Tokens.Clock];

  constructor(
    @inject(Tokens.ApiDatabase) private readonly api: ApiDatabase,
    @inject(ServerTokens.CellRegistry) private readonly cells: CellRegistry,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Config) private readonly conf: NovaConfig,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  start(): Promise<RunningMetadataApi> {
    return startMetadataApi(
      { api: this.api, cells: this.cells, clock: this.clock, logger: this.logger },
      metadataSettingsFromConfig(this.conf),
    );
  }
}
