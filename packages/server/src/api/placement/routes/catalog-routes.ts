/**
 * /traits (1.6), /resource_classes (1.2) and /usages (1.9): the catalogues
 * of names providers refer to, and the per-project usage totals.
 */
import { isCustomTrait, PlacementError, type PlacementStore, RESOURCE_CLASS_BODY } from '@novats/core';
import { checkQueryLength, values } from '../placement-query.js';
import { validateBody } from '../placement-schema.js';
import type { PlacementRoute } from '../route-table.js';

/**
 * The newest date among the named catalogue entries; undefined (dated now)
 * when the list is empty or the store does not date its records.
 */
export async function catalogDate(
  store: PlacementStore,
  catalog: 'traits' | 'resource_classes',
  names?: readonly string[],
): Promise<Date | undefined> {
  if (names?.length === 0) return undefined;
  return (await store.catalogLastModified?.(catalog, names)) ?? undefined;
}

const classView = (name: string) => ({ name, links: [{ rel: 'self', href: `/resource_classes/${name}` }] });

function traitFilter(query: Record<string, string | string[]>) {
  const filter: { names?: string[]; startswith?: string; associated?: boolean } = {};
  const [name] = values(query, 'name', false);
  if (name !== undefined) {
    if (name.startsWith('in:')) filter.names = name.slice(3).split(',');
    else if (name.startsWith('startswith:')) filter.startswith = name.slice('startswith:'.length);
    else
      throw new PlacementError(
        400,
        `Badly formatted name parameter. Expected name query string parameter in form: ?name=[in|startswith]:[name1,name2|prefix]. Got: "${name}"`,
      );
  }
  const [raw] = values(query, 'associated', false);
  if (raw !== undefined) {
    // Case-insensitive like Placement: osc-placement sends Python's `True`.
    const associated = raw.toLowerCase();
    if (associated !== 'true' && associated !== 'false') {
      throw new PlacementError(400, `The query parameter "associated" only accepts "true" or "false"`);
    }
    filter.associated = associated === 'true';
  }
  return filter;
}

export const traitRoutes: PlacementRoute[] = [
  {
    method: 'GET',
    path: '/traits',
    minVersion: 6,
    policy: 'placement:traits:list',
    query: () => ['name', 'associated'],
    async handler({ store, query }) {
      const traits = await store.listTraits(traitFilter(query));
      return { status: 200, body: { traits }, lastModified: await catalogDate(store, 'traits', traits) };
    },
  },
  {
    method: 'GET',
    path: '/traits/:name',
    minVersion: 6,
    policy: 'placement:traits:show',
    // Placement's get_trait has no check_accept (it answers 204 without a body).
    acceptJson: false,
    async handler({ store, params }) {
      if (!(await store.traitExists(params.name!)))
        throw new PlacementError(404, `No such trait(s): ${params.name}`);
      return { status: 204, lastModified: await catalogDate(store, 'traits', [params.name!]) };
    },
  },
  {
    method: 'PUT',
    path: '/traits/:name',
    minVersion: 6,
    policy: 'placement:traits:update',
    cacheHeaders: true,
    async handler({ store, params }) {
      if (!isCustomTrait(params.name!)) {
        throw new PlacementError(
          400,
          'The trait is invalid. A valid trait must be no longer than 255 characters, start with the prefix "CUSTOM_" and use following characters: "A"-"Z", "0"-"9" and "_"',
        );
      }
      const created = await store.createTrait(params.name!);
      return {
        status: created ? 201 : 204,
        headers: { location: `/traits/${params.name}` },
        lastModified: await catalogDate(store, 'traits', [params.name!]),
      };
    },
  },
  {
    method: 'DELETE',
    path: '/traits/:name',
    minVersion: 6,
    policy: 'placement:traits:delete',
    async handler({ store, params }) {
      await store.deleteTrait(params.name!);
      return { status: 204 };
    },
  },
];

export const resourceClassRoutes: PlacementRoute[] = [
  {
    method: 'GET',
    path: '/resource_classes',
    minVersion: 2,
    policy: 'placement:resource_classes:list',
    async handler({ store }) {
      const names = await store.listResourceClasses();
      return {
        status: 200,
        body: { resource_classes: names.map(classView) },
        lastModified: await catalogDate(store, 'resource_classes', names),
      };
    },
  },
  {
    method: 'POST',
    path: '/resource_classes',
    minVersion: 2,
    policy: 'placement:resource_classes:create',
    body: () => RESOURCE_CLASS_BODY,
    async handler({ store, body }) {
      if (!(await store.createResourceClass(body.name))) {
        throw new PlacementError(
          409,
          `Conflicting resource class already exists: ${body.name}`,
          'placement.duplicate_name',
        );
      }
      return { status: 201, headers: { location: `/resource_classes/${body.name}` } };
    },
  },
  {
    method: 'GET',
    path: '/resource_classes/:name',
    minVersion: 2,
    policy: 'placement:resource_classes:show',
    async handler({ store, params }) {
      if (!(await store.resourceClassExists(params.name!)))
        throw new PlacementError(404, `No such resource class ${params.name}.`);
      return {
        status: 200,
        body: classView(params.name!),
        lastModified: await catalogDate(store, 'resource_classes', [params.name!]),
      };
    },
  },
  {
    method: 'PUT',
    path: '/resource_classes/:name',
    minVersion: 2,
    policy: 'placement:resource_classes:update',
    body: (minor) => (minor < 7 ? RESOURCE_CLASS_BODY : undefined),
    async handler({ store, minor, params, body }) {
      if (minor < 7) {
        await store.renameResourceClass(params.name!, body.name);
        return { status: 200, body: classView(body.name) };
      }
      // Placement validates the path's name with the 1.2 body schema.
      validateBody(RESOURCE_CLASS_BODY, { name: params.name });
      const created = await store.createResourceClass(params.name!);
      return { status: created ? 201 : 204, headers: { location: `/resource_classes/${params.name}` } };
    },
  },
  {
    method: 'DELETE',
    path: '/resource_classes/:name',
    minVersion: 2,
    policy: 'placement:resource_classes:delete',
    async handler({ store, params }) {
      await store.deleteResourceClass(params.name!);
      return { status: 204 };
    },
  },
];

export const usageRoutes: PlacementRoute[] = [
  {
    method: 'GET',
    path: '/usages',
    minVersion: 9,
    policy: 'placement:usages',
    policyTarget: (query) => ({ project_id: [query.project_id ?? null].flat()[0] }),
    query: (minor) => (minor >= 38 ? ['project_id', 'user_id', 'consumer_type'] : ['project_id', 'user_id']),
    async handler({ store, minor, query }) {
      const [project_id] = values(query, 'project_id', false);
      if (project_id === undefined)
        throw new PlacementError(400, "Invalid query string parameters: 'project_id' is a required property");
      const [user_id] = values(query, 'user_id', false);
      checkQueryLength('project_id', project_id);
      if (user_id !== undefined) checkQueryLength('user_id', user_id);
      const [consumer_type] = values(query, 'consumer_type', false);
      return {
        status: 200,
        body: { usages: await store.getUsages({ project_id, user_id, consumer_type }, minor >= 38) },
      };
    },
  },
];
