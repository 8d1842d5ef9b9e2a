/**
 * GET /extensions and /extensions/{alias}: the legacy extension listing
 * Nova still routes (v2.1 answers the fixed set its clients look for).
 */
import { NotFound } from '@novats/core';
import type { ComputeRoute } from './route-table.js';

const EXTENSIONS: readonly [string, string][] = [
  ['os-admin-actions', 'AdminActions'],
  ['os-aggregates', 'Aggregates'],
  ['os-availability-zone', 'AvailabilityZone'],
  ['os-console-output', 'ConsoleOutput'],
  ['os-deferred-delete', 'DeferredDelete'],
  ['os-evacuate', 'Evacuate'],
  ['os-extended-server-attributes', 'ExtendedServerAttributes'],
  ['os-extended-status', 'ExtendedStatus'],
  ['os-flavor-access', 'FlavorAccess'],
  ['os-flavor-extra-specs', 'FlavorExtraSpecs'],
  ['os-flavor-manage', 'FlavorManage'],
  ['os-hypervisors', 'Hypervisors'],
  ['os-instance-actions', 'InstanceActions'],
  ['os-keypairs', 'Keypairs'],
  ['os-lock-server', 'LockServer'],
  ['os-migrate-server', 'MigrateServer'],
  ['os-migrations', 'Migrations'],
  ['os-pause-server', 'PauseServer'],
  ['os-rescue', 'Rescue'],
  ['os-server-groups', 'ServerGroups'],
  ['os-services', 'Services'],
  ['os-shelve', 'Shelve'],
  ['os-suspend-server', 'SuspendServer'],
];

function view([alias, name]: readonly [string, string]) {
  return {
    alias,
    name,
    namespace: `http://docs.openstack.org/compute/ext/fake_xml`,
    description: `${name} support.`,
    links: [],
    updated: '2014-12-03T00:00:00Z',
  };
}

export const EXTENSIONS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/extensions',
    policy: 'os_compute_api:extensions',
    summary: 'Legacy extension list',
    handler: async () => ({ body: { extensions: EXTENSIONS.map(view) } }),
  },
  {
    method: 'GET',
    path: '/extensions/:alias',
    policy: 'os_compute_api:extensions',
    summary: 'One legacy extension',
    async handler(r) {
      const found = EXTENSIONS.find(([alias]) => alias === r.params.alias);
      if (!found) throw new NotFound('The resource could not be found.');
      return { body: { extension: view(found) } };
    },
  },
];
