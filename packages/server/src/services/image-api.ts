/**
 * novats-image: the embedded image service (Glance v2) on its own, for
 * deployments that run one service per process. Records in `[api_database]`,
 * data under `[glance_store] filesystem_store_datadir`; nova-api finds it
 * through `[glance] api_servers`.
 */
import type { Logger } from '@novats/core';
import { type NovaConfig, Tokens } from '@novats/core';
import { CIRROS_IMAGE } from '@novats/drivers';
import { inject, injectable } from 'tsyringe';
import { apiAuth } from '../container/api-auth-setting.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';
import {
  listenImageApi,
  openEmbeddedImageService,
  type RunningImageApi,
} from '../image/embedded-image-api.js';
import { imageSettingsFromConfig } from '../image/image-settings.js';

@injectable()
export class ImageApiService {
  static readonly needs: readonly symbol[] = [];

  constructor(
    @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
    @inject(Tokens.Config) private readonly conf: NovaConfig,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  async start(): Promise<RunningImageApi> {
    // NOTE(seed): whichever service creates the image tables seeds the public CirrOS record, as `novats up` does.
    const opened = await openEmbeddedImageService(
      imageSettingsFromConfig(this.conf, this.settings.databases.api),
      [CIRROS_IMAGE],
    );
    try {
      const { host, port } = this.settings.imageApi ?? { host: '0.0.0.0', port: 9292 };
      const api = await listenImageApi(opened.service, {
        host,
        port,
        authStrategy: apiAuth(this.settings, this.conf),
        logger: this.logger,
      });
      return {
        ...api,
        stop: async () => {
          await api.stop();
          await opened.close();
        },
      };
    } catch (err) {
      await opened.close();
      throw err;
    }
  }
}
