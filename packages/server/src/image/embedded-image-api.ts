/**
 * Starting the embedded image service: its tables created in the API
 * database when missing (seeded with `seed` on that first start, as
 * devstack uploads CirrOS), the data store, and the HTTP API. Used by
 * `novats-image` (ImageApiService) and by the all-in-one cloud, which also
 * hands the same service to nova-api as its ImageService.
 */
import type { ImageMeta, Logger } from '@novats/core';
import { EmbeddedImageService, FilesystemImageStore, ImageMembers, openImageDatabase } from '@novats/drivers';
import type { ApiAuth } from '../api/auth/api-auth.js';
import type { RunningService } from '../services/running-service.js';
import { createImageApp } from './image-app.js';
import type { ImageSettings } from './image-settings.js';

/** Opens the service (tables created when missing); close() releases its pool. */
export async function openEmbeddedImageService(
  settings: ImageSettings,
  seed: readonly ImageMeta[] = [],
): Promise<{ service: EmbeddedImageService; close(): Promise<void> }> {
  const { repository, created } = await openImageDatabase(settings.connection);
  const service = new EmbeddedImageService({
    repository,
    store: new FilesystemImageStore(settings.storeDirectory),
    sizeCap: settings.sizeCap,
  });
  if (created) for (const image of seed) await service.seed(image);
  return { service, close: () => repository.db.destroy() };
}

export interface RunningImageApi extends RunningService {
  /** The API's root, e.g. http://127.0.0.1:9292. */
  readonly url: string;
}

/** Serves `service` on host:port; stop() closes the listener (not the service). */
export async function listenImageApi(
  service: EmbeddedImageService,
  where: { host: string; port: number; authStrategy?: ApiAuth; logger?: Logger },
): Promise<RunningImageApi> {
  const app = createImageApp({
    deps: { images: service, members: new ImageMembers(service.repository) },
    authStrategy: where.authStrategy,
  });
  const url = (await app.listen({ host: where.host, port: where.port })).replace('[::1]', 'localhost');
  where.logger?.info(`image API listening on ${url}`);
  return { name: 'image-api', url, stop: () => app.close() };
}
