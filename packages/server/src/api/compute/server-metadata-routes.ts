/**
 * /servers/{id}/metadata and /metadata/{key} (Nova's server-metadata): read,
 * merge (POST), replace (PUT), one key (GET/PUT/DELETE). Writes need the
 * instance in active/paused/suspended/stopped (transition table rows
 * updateMetadata / deleteMetadata) and stay within the `metadata_items` quota.
 */
import type { RequestContext } from '@novats/core';
import { assertTransition, InvalidInput, NotFound } from '@novats/core';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { checkMetadataQuota } from '../../compute-orchestration/quota-engine.js';
import { cellOf } from '../../compute-orchestration/server-action-start.js';
import { getServer } from '../../compute-orchestration/server-query.js';
import type { ComputeRoute } from './route-table.js';

const ITEMS = {
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};
const metadataBody = {
  type: 'object',
  properties: { metadata: ITEMS },
  required: ['metadata'],
  additionalProperties: false,
};
const metaBody = {
  type: 'object',
  properties: { meta: { ...ITEMS, minProperties: 1, maxProperties: 1 } },
  required: ['meta'],
  additionalProperties: false,
};

async function write(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  next: (current: Record<string, string>) => Record<string, string>,
  deleting = false,
): Promise<Record<string, string>> {
  const found = await getServer(deps, ctx, uuid);
  assertTransition(found.instance, deleting ? 'deleteMetadata' : 'updateMetadata', { isAdmin: ctx.is_admin });
  const metadata = next({ ...found.instance.metadata });
  if (!deleting) await checkMetadataQuota(deps, ctx, Object.keys(metadata).length);
  const { cell } = await cellOf(deps, found);
  const updated = await cell.instances.update(uuid, { metadata });
  await deps.instanceUpdates?.saved(ctx, found.instance, updated);
  return metadata;
}

export const SERVER_METADATA_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/servers/:server_id/metadata',
    policy: 'os_compute_api:server-metadata:index',
    summary: "A server's metadata",
    async handler(r) {
      return {
        body: { metadata: { ...(await getServer(r.deps, r.ctx, r.params.server_id)).instance.metadata } },
      };
    },
  },
  {
    method: 'POST',
    path: '/servers/:server_id/metadata',
    policy: 'os_compute_api:server-metadata:create',
    summary: 'Merge metadata items',
    body: () => metadataBody,
    async handler(r) {
      const metadata = await write(r.deps, r.ctx, r.params.server_id, (m) => ({ ...m, ...r.body.metadata }));
      return { body: { metadata } };
    },
  },
  {
    method: 'PUT',
    path: '/servers/:server_id/metadata',
    policy: 'os_compute_api:server-metadata:update_all',
    summary: 'Replace all metadata',
    body: () => metadataBody,
    async handler(r) {
      const metadata = await write(r.deps, r.ctx, r.params.server_id, () => ({ ...r.body.metadata }));
      return { body: { metadata } };
    },
  },
  {
    method: 'GET',
    path: '/servers/:server_id/metadata/:key',
    policy: 'os_compute_api:server-metadata:show',
    summary: 'One metadata item',
    async handler(r) {
      const m = (await getServer(r.deps, r.ctx, r.params.server_id)).instance.metadata;
      if (!Object.hasOwn(m, r.params.key)) throw new NotFound('Metadata item was not found');
      return { body: { meta: { [r.params.key]: m[r.params.key] } } };
    },
  },
  {
    method: 'PUT',
    path: '/servers/:server_id/metadata/:key',
    policy: 'os_compute_api:server-metadata:update',
    summary: 'Set one metadata item',
    body: () => metaBody,
    async handler(r) {
      if (!Object.hasOwn(r.body.meta, r.params.key)) throw new InvalidInput('Request body and URI mismatch');
      await write(r.deps, r.ctx, r.params.server_id, (m) => ({ ...m, ...r.body.meta }));
      return { body: { meta: r.body.meta } };
    },
  },
  {
    method: 'DELETE',
    path: '/servers/:server_id/metadata/:key',
    policy: 'os_compute_api:server-metadata:delete',
    status: 204,
    summary: 'Delete one metadata item',
    async handler(r) {
      await write(
        r.deps,
        r.ctx,
        r.params.server_id,
        (m) => {
          if (!Object.hasOwn(m, r.params.key)) throw new NotFound('Metadata item was not found');
          const { [r.params.key]: _gone, ...rest } = m;
          return rest;
        },
        true,
      );
      return {};
    },
  },
];
