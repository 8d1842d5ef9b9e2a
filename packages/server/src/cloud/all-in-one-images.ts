/**
 * The all-in-one cloud's images: with `[glance] api_servers` set, Nova uses
 * that Glance and nothing is started here; otherwise the embedded image
 * service runs on the API database with its data under the state directory
 * (seeded with the public CirrOS record on first start), serves Glance v2
 * on the image port, and is nova-api's ImageService.
 */
import { join, resolve } from 'node:path';
import { Tokens } from '@novats/core';
import { CIRROS_IMAGE } from '@novats/drivers';
import { apiAuth } from '../container/api-auth-setting.js';
import type { DeploymentScope } from '../container/deployment-scope.js';
import { listenImageApi, openEmbeddedImageService } from '../image/embedded-image-api.js';
import { imageSettingsFromConfig } from '../image/image-settings.js';
import type { RunningService } from '../services/running-service.js';
import type { AllInOneOptions } from './all-in-one.js';

/** Starts the embedded image service unless Glance is configured; resolves the image endpoint. */
export async function startImages(
  scope: DeploymentScope,
  opts: AllInOneOptions,
  apiDatabase: string,
  running: RunningService[],
): Promise<string> {
  const glance = scope.conf.get('glance', 'api_servers');
  if (glance && glance.length > 0) return glance[0];
  const settings = imageSettingsFromConfig(scope.conf, apiDatabase);
  const opened = await openEmbeddedImageService(
    scope.conf.isSet('glance_store', 'filesystem_store_datadir')
      ? settings
      : { ...settings, storeDirectory: join(resolve(opts.stateDir), 'images') },
    [CIRROS_IMAGE],
  );
  scope.bind(Tokens.ImageService, opened.service, opened.close);
  const api = await listenImageApi(opened.service, {
    host: opts.bindHost ?? '127.0.0.1',
    port: opts.ports?.image ?? 9292,
    authStrategy: apiAuth(scope.settings, scope.conf),
  });
  running.push(api);
  return api.url;
}
