/**
 * POST /os-aggregates/{id}/images (2.81): Nova's image pre-cache. The API
 * checks that every image exists (a missing one is 400, as Nova's conductor
 * API lets ImageNotFound surface as a NovaException), then each compute host
 * goes to the conductor (a cast: the API answers 202), which asks each
 * compute host of the aggregate that is up (conductor/aggregate-image-precache.ts).
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
  await deps.conductor.cacheImages(ctx, aggregate.hosts, imageIds);
}
