/**
 * /os-aggregates (admin only, Nova's os-aggregates policies): list, create,
 * show, update, delete, and the add_host / remove_host / set_metadata
 * actions. Every action answers 200 with the aggregate, as Nova does for
 * backwards compatibility; rules live in compute-orchestration/aggregate-api.ts.
 * From 2.81 POST /os-aggregates/{id}/images pre-caches images on its hosts.
 */
import {
  AGGREGATE_ADD_HOST,
  AGGREGATE_CREATE,
  AGGREGATE_IMAGES,
  AGGREGATE_REMOVE_HOST,
  AGGREGATE_SET_METADATA,
  AGGREGATE_UPDATE,
  type AggregateImages,
  InvalidInput,
  NotFound,
} from '@novats/core';
import { AggregateApi } from '../../compute-orchestration/aggregate-api.js';
import { cacheImagesOnAggregate } from '../../compute-orchestration/aggregate-image-cache.js';
import { admit, type ComputeRoute, type RouteRequest } from './route-table.js';
import { aggregateView } from './views/aggregate-view.js';

/** Aggregate ids are integers; anything else names no aggregate. */
function aggregateId(r: RouteRequest): number {
  const raw = r.params.id;
  if (!/^\d+$/.test(raw)) throw new NotFound(`Aggregate ${raw} could not be found.`);
  return Number(raw);
}

const rule = (action: string) => `os_compute_api:os-aggregates:${action}`;

/** The aggregate actions, by body key, each with its own rule and schema. */
const AGGREGATE_ACTIONS = {
  add_host: {
    policy: rule('add_host'),
    body: () => AGGREGATE_ADD_HOST,
    run: (api: AggregateApi, r: RouteRequest, id: number) => api.addHost(r.ctx, id, r.body.add_host.host),
  },
  remove_host: {
    policy: rule('remove_host'),
    body: () => AGGREGATE_REMOVE_HOST,
    run: (api: AggregateApi, r: RouteRequest, id: number) =>
      api.removeHost(r.ctx, id, r.body.remove_host.host),
  },
  set_metadata: {
    policy: rule('set_metadata'),
    body: () => AGGREGATE_SET_METADATA,
    run: (api: AggregateApi, r: RouteRequest, id: number) =>
      api.setMetadata(id, r.body.set_metadata.metadata),
  },
} as const;

export const AGGREGATES_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/os-aggregates',
    policy: rule('index'),
    summary: 'List aggregates (uuid from 2.41)',
    async handler(r) {
      return {
        body: { aggregates: (await new AggregateApi(r.deps).list()).map((a) => aggregateView(a, r.version)) },
      };
    },
  },
  {
    method: 'POST',
    path: '/os-aggregates',
    policy: rule('create'),
    summary: 'Create an aggregate, optionally with a zone',
    body: () => AGGREGATE_CREATE,
    async handler(r) {
      const body = r.body.aggregate as { name: string; availability_zone?: string | null };
      const aggregate = await new AggregateApi(r.deps).create(body.name, body.availability_zone ?? null);
      return { body: { aggregate: aggregateView(aggregate, r.version, { withMembers: false }) } };
    },
  },
  {
    method: 'GET',
    path: '/os-aggregates/:id',
    policy: rule('show'),
    summary: 'Show an aggregate',
    async handler(r) {
      return {
        body: { aggregate: aggregateView(await new AggregateApi(r.deps).get(aggregateId(r)), r.version) },
      };
    },
  },
  {
    method: 'PUT',
    path: '/os-aggregates/:id',
    policy: rule('update'),
    summary: 'Rename an aggregate or change its zone',
    body: () => AGGREGATE_UPDATE,
    async handler(r) {
      const id = aggregateId(r);
      const updated = await new AggregateApi(r.deps).update(id, r.body.aggregate);
      return { body: { aggregate: aggregateView(updated, r.version) } };
    },
  },
  {
    method: 'DELETE',
    path: '/os-aggregates/:id',
    policy: rule('delete'),
    summary: 'Delete an empty aggregate',
    async handler(r) {
      await new AggregateApi(r.deps).delete(aggregateId(r));
      return {};
    },
  },
  {
    method: 'POST',
    path: '/os-aggregates/:id/action',
    policy: null,
    summary: 'add_host / remove_host / set_metadata (rules os-aggregates:<action>)',
    async handler(r) {
      const body = r.body as Record<string, unknown> | undefined;
      const name = body && typeof body === 'object' ? Object.keys(body)[0] : undefined;
      if (name === undefined || !Object.hasOwn(AGGREGATE_ACTIONS, name)) {
        throw new InvalidInput(`There is no such action: ${name ?? ''}`);
      }
      const action = AGGREGATE_ACTIONS[name as keyof typeof AGGREGATE_ACTIONS];
      const checked = admit(action, r, r.body);
      const id = aggregateId(r);
      const aggregate = await action.run(new AggregateApi(r.deps), { ...r, body: checked }, id);
      return { body: { aggregate: aggregateView(aggregate, r.version) } };
    },
  },
  {
    method: 'POST',
    path: '/os-aggregates/:id/images',
    min: '2.81',
    policy: 'compute:aggregates:images',
    status: 202,
    summary: 'Pre-cache images on the hosts of an aggregate (2.81)',
    body: () => AGGREGATE_IMAGES,
    async handler(r) {
      // NOTE(nova): here a non-integer id is 400 (utils.validate_integer), not 404 as elsewhere.
      if (!/^\d+$/.test(r.params.id)) throw new InvalidInput('Invalid input received: id must be an integer');
      const ids = (r.body as AggregateImages).cache.map((c) => c.id);
      await cacheImagesOnAggregate(r.deps, r.ctx, Number(r.params.id), ids);
      return {};
    },
  },
];
