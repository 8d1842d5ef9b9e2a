/**
 * /servers/{id}/tags (2.26, Nova's os-server-tags): list, replace all,
 * delete all; one tag: check (204), add (201 new / 204 present), delete.
 * At most 50 tags of 1-60 characters without `,` or `/`; writes need the
 * server active, paused, suspended or stopped (409 otherwise).
 */
import type { RequestContext } from '@novats/core';
import { InstanceInvalidState, InvalidInput, NotFound } from '@novats/core';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { cellOf } from '../../compute-orchestration/server-action-start.js';
import { getServer } from '../../compute-orchestration/server-query.js';
import { resourceLinks } from './links.js';
import type { ComputeRoute } from './route-table.js';

const MAX_TAGS = 50;
const TAG = { type: 'string', minLength: 1, maxLength: 60, pattern: '^[^,/]*$' };
const WRITABLE = new Set(['active', 'paused', 'suspended', 'stopped']);

function checkTag(tag: string): void {
  if (tag.length < 1 || tag.length > 60 || /[,/]/.test(tag)) {
    throw new InvalidInput(`Invalid input for field/attribute tag. Value: ${tag}.`);
  }
}

async function change(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  next: (tags: string[]) => string[],
  action: string,
): Promise<string[]> {
  const found = await getServer(deps, ctx, uuid);
  if (!WRITABLE.has(found.instance.vm_state)) {
    throw new InstanceInvalidState(action, uuid, 'vm_state', found.instance.vm_state);
  }
  const tags = next([...(found.instance.tags ?? [])]);
  if (tags.length > MAX_TAGS) {
    throw new InvalidInput(`The number of tags exceeded the per-server limit ${MAX_TAGS}`);
  }
  const { cell } = await cellOf(deps, found);
  await cell.instances.update(uuid, { tags });
  return tags;
}

const range = { min: '2.26' } as const;

export const SERVER_TAGS_ROUTES: readonly ComputeRoute[] = [
  {
    ...range,
    method: 'GET',
    path: '/servers/:server_id/tags',
    policy: 'os_compute_api:os-server-tags:index',
    summary: "A server's tags",
    async handler(r) {
      return {
        body: { tags: [...((await getServer(r.deps, r.ctx, r.params.server_id)).instance.tags ?? [])] },
      };
    },
  },
  {
    ...range,
    method: 'PUT',
    path: '/servers/:server_id/tags',
    policy: 'os_compute_api:os-server-tags:update_all',
    summary: 'Replace all tags',
    body: () => ({
      type: 'object',
      properties: { tags: { type: 'array', items: TAG, maxItems: MAX_TAGS } },
      required: ['tags'],
      additionalProperties: false,
    }),
    async handler(r) {
      const tags = await change(
        r.deps,
        r.ctx,
        r.params.server_id,
        () => [...new Set<string>(r.body.tags)],
        'update tags',
      );
      return { body: { tags } };
    },
  },
  {
    ...range,
    method: 'DELETE',
    path: '/servers/:server_id/tags',
    policy: 'os_compute_api:os-server-tags:delete_all',
    status: 204,
    summary: 'Delete all tags',
    async handler(r) {
      await change(r.deps, r.ctx, r.params.server_id, () => [], 'delete tags');
      return {};
    },
  },
  {
    ...range,
    method: 'GET',
    path: '/servers/:server_id/tags/:tag',
    policy: 'os_compute_api:os-server-tags:show',
    status: 204,
    summary: 'Whether a tag is set (204, else 404)',
    async handler(r) {
      const tags = (await getServer(r.deps, r.ctx, r.params.server_id)).instance.tags ?? [];
      if (!tags.includes(r.params.tag)) throw new NotFound(`Tag ${r.params.tag} could not be found.`);
      return {};
    },
  },
  {
    ...range,
    method: 'PUT',
    path: '/servers/:server_id/tags/:tag',
    policy: 'os_compute_api:os-server-tags:update',
    summary: 'Add a tag (201 new, 204 present)',
    async handler(r) {
      checkTag(r.params.tag);
      let added = false;
      await change(
        r.deps,
        r.ctx,
        r.params.server_id,
        (tags) => {
          if (tags.includes(r.params.tag)) return tags;
          added = true;
          return [...tags, r.params.tag];
        },
        'update tag',
      );
      if (!added) return { status: 204 };
      return {
        status: 201,
        headers: {
          Location: `${resourceLinks(r.base, `servers/${r.params.server_id}/tags`, r.params.tag)[0].href}`,
        },
      };
    },
  },
  {
    ...range,
    method: 'DELETE',
    path: '/servers/:server_id/tags/:tag',
    policy: 'os_compute_api:os-server-tags:delete',
    status: 204,
    summary: 'Delete a tag',
    async handler(r) {
      await change(
        r.deps,
        r.ctx,
        r.params.server_id,
        (tags) => {
          if (!tags.includes(r.params.tag)) throw new NotFound(`Tag ${r.params.tag} could not be found.`);
          return tags.filter((t) => t !== r.params.tag);
        },
        'delete tag',
      );
      return {};
    },
  },
];
