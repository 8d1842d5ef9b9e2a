/**
 * /resource_providers and /resource_providers/{uuid}: list with filters,
 * create (201 + Location, 200 + body from 1.20), show, update (re-parenting
 * only from 1.37), delete.
 */
import { randomUUID } from 'node:crypto';
import {
  newestModifiedAt,
  PlacementError,
  type ProviderQuery,
  recordModifiedAt,
  resourceProviderCreateSchemaFor,
  resourceProviderUpdateSchemaFor,
} from '@novats/core';
import {
  checkTraitsExist,
  parseMemberOf,
  parseRequired,
  parseResources,
  parseUuidFilter,
  values,
} from '../placement-query.js';
import { canonicalUuid } from '../placement-schema.js';
import type { PlacementRoute } from '../route-table.js';
import { providerView } from './resource-provider-view.js';

function listParams(minor: number): string[] {
  const p = ['name', 'uuid'];
  if (minor >= 3) p.push('member_of');
  if (minor >= 4) p.push('resources');
  if (minor >= 14) p.push('in_tree');
  if (minor >= 18) p.push('required');
  return p;
}

/** Placement reports the store's 400s (ObjectActionError) behind `prefix`. */
async function rewordBadRequest<T>(prefix: string, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (err instanceof PlacementError && err.status === 400)
      throw new PlacementError(400, `${prefix}${err.message}`, err.code);
    throw err;
  }
}

export const resourceProviderRoutes: PlacementRoute[] = [
  {
    method: 'GET',
    path: '/resource_providers',
    policy: 'placement:resource_providers:list',
    query: listParams,
    async handler({ store, minor, query }) {
      const q: { -readonly [K in keyof ProviderQuery]: ProviderQuery[K] } = {};
      // Placement's order: the query schema, member_of, required, then resources.
      const [name] = values(query, 'name', false);
      const [uuid] = values(query, 'uuid', false);
      const [inTree] = values(query, 'in_tree', false);
      if (name !== undefined) q.name = name;
      if (uuid !== undefined) q.uuid = parseUuidFilter('uuid', uuid);
      if (inTree !== undefined) q.in_tree = parseUuidFilter('in_tree', inTree);
      Object.assign(q, parseMemberOf(values(query, 'member_of', true), minor));
      Object.assign(q, parseRequired(values(query, 'required', true), minor));
      const [resources] = values(query, 'resources', false);
      if (resources !== undefined) q.resources = await parseResources(store, resources);
      await checkTraitsExist(
        store,
        [...(q.required ?? []).flat(), ...(q.forbidden ?? [])],
        'Invalid trait(s) in "required" parameter: ',
      );
      const list = await store.listProviders(q);
      return {
        status: 200,
        body: { resource_providers: list.map((rp) => providerView(rp, minor)) },
        lastModified: newestModifiedAt(list),
      };
    },
  },
  {
    method: 'POST',
    path: '/resource_providers',
    policy: 'placement:resource_providers:create',
    cacheHeaders: true,
    body: resourceProviderCreateSchemaFor,
    async handler({ store, minor, body }) {
      const uuid = body.uuid ? canonicalUuid(body.uuid) : randomUUID();
      const rp = await rewordBadRequest(
        `Unable to create resource provider "${body.name}", ${uuid}: Object action create failed because: `,
        store.createProvider({
          name: body.name,
          uuid,
          parent_provider_uuid: body.parent_provider_uuid && canonicalUuid(body.parent_provider_uuid),
        }),
      );
      const headers = { location: `/resource_providers/${rp.uuid}` };
      return minor >= 20
        ? { status: 200, body: providerView(rp, minor), headers, lastModified: recordModifiedAt(rp) }
        : { status: 201, headers };
    },
  },
  {
    method: 'GET',
    path: '/resource_providers/:uuid',
    policy: 'placement:resource_providers:show',
    async handler({ store, minor, params }) {
      const rp = await store.getProvider(params.uuid!);
      if (!rp) throw new PlacementError(404, `No resource provider with uuid ${params.uuid} found`);
      return { status: 200, body: providerView(rp, minor), lastModified: recordModifiedAt(rp) };
    },
  },
  {
    method: 'PUT',
    path: '/resource_providers/:uuid',
    policy: 'placement:resource_providers:update',
    cacheHeaders: true,
    body: resourceProviderUpdateSchemaFor,
    async handler({ store, minor, params, body }) {
      const current = await store.getProvider(params.uuid!);
      if (!current) throw new PlacementError(404, `No resource provider with uuid ${params.uuid} found`);
      const parent: string | null | undefined =
        body.parent_provider_uuid && canonicalUuid(body.parent_provider_uuid);
      const prefix = `Unable to save resource provider ${params.uuid}: Object action update failed because: `;
      if (
        parent !== undefined &&
        minor < 37 &&
        current.parent_provider_uuid !== null &&
        parent !== current.parent_provider_uuid
      ) {
        throw new PlacementError(
          400,
          `${prefix}${parent === null ? 'un-parenting' : 're-parenting'} a provider is not currently allowed.`,
        );
      }
      const rp = await rewordBadRequest(
        prefix,
        store.updateProvider(params.uuid!, { name: body.name, parent_provider_uuid: parent }),
      );
      return { status: 200, body: providerView(rp, minor), lastModified: recordModifiedAt(rp) };
    },
  },
  {
    method: 'DELETE',
    path: '/resource_providers/:uuid',
    policy: 'placement:resource_providers:delete',
    async handler({ store, params }) {
      try {
        await store.deleteProvider(params.uuid!);
      } catch (err) {
        if (err instanceof PlacementError && err.status === 404)
          throw new PlacementError(404, `No resource provider with uuid ${params.uuid} found for delete`);
        throw err;
      }
      return { status: 204 };
    },
  },
];
