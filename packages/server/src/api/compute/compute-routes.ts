/**
 * The one route table of the Compute API: every resource module's routes,
 * in the order docs/compute-api.md lists them. Server actions are one route
 * whose body key selects an entry of SERVER_ACTIONS.
 */
import { AGGREGATES_ROUTES } from './aggregates-routes.js';
import { AVAILABILITY_ZONE_ROUTES } from './availability-zone-routes.js';
import { FLAVOR_ACCESS_ROUTES } from './flavor-access-routes.js';
import { FLAVOR_EXTRA_SPECS_ROUTES } from './flavor-extra-specs-routes.js';
import { FLAVOR_MANAGE_ROUTES } from './flavor-manage-routes.js';
import { FLAVORS_ROUTES } from './flavors-routes.js';
import { HYPERVISORS_ROUTES } from './hypervisors-routes.js';
import type { ComputeRoute } from './route-table.js';
import { SERVER_ACTIONS_ROUTES } from './server-actions-routes.js';
import { SERVERS_ROUTES } from './servers-routes.js';
import { SERVICES_ROUTES } from './services-routes.js';

export const COMPUTE_ROUTES: readonly ComputeRoute[] = [
  ...SERVERS_ROUTES,
  ...SERVER_ACTIONS_ROUTES,
  ...FLAVORS_ROUTES,
  ...FLAVOR_MANAGE_ROUTES,
  ...FLAVOR_ACCESS_ROUTES,
  ...FLAVOR_EXTRA_SPECS_ROUTES,
  ...HYPERVISORS_ROUTES,
  ...AGGREGATES_ROUTES,
  ...AVAILABILITY_ZONE_ROUTES,
  ...SERVICES_ROUTES,
];
