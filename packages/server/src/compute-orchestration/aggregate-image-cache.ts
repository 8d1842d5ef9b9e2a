/**
 * POST /os-aggregates/{id}/images (2.81): Nova's image pre-cache. The API
 * checks that every image exists (a missing one is 400, as Nova's conductor
 * API lets ImageNotFound surface as a NovaException), then each compute host
 * of the aggregate gets a `cache_images` cast and caches them through its
 * driver. NOTE(simplification): Nova goes through the conductor, which skips
 * hosts whose service is down and tallies the answers for its log; here the
 * API casts to each host directly and nothing waits for the answers.
 */
import type { RequestContext } from '@novats/core';
import { InvalidInput, isNovaError } from '@novats/core';
import { AggregateApi } from './aggregate-api.js';
import type { ComputeApiDeps } from './compute-api-deps.js';

export async function cacheImagesOnAggregate(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  aggregateId: number,
  imageIds: readonly string[],
): Promise<void> {
  if (new Set(imageIds).size !== imageIds.length) throw new InvalidInput('Duplicate images in request');
  const aggregate = await new AggregateApi(deps).get(aggregateId);
  for (const id of imageIds) {
    try {
      await deps.images.show(ctx, id);
    } catch (err) {
      if (isNovaError(err) && err.status === 404) throw new InvalidInput(`Image ${id} could not be found.`);
      throw err;
    }
  }
  await Promise.all(aggregate.hosts.map((host) => deps.compute.cacheImages(ctx, host, imageIds)));
}
