/**
 * The one route table of the Compute API: every resource module's routes,
 * in the order docs/compute-api.md lists them. Server actions are one route
 * whose body key selects an entry of SERVER_ACTIONS.
 */
import { AGGREGATES_ROUTES } from './aggregates-routes.js';
import { AVAILABILITY_ZONE_ROUTES } from './availability-zone-routes.js';
import { CONSOLE_AUTH_TOKENS_ROUTES } from './console-auth-tokens-routes.js';
import { EXTENSIONS_ROUTES } from './extensions-routes.js';
import { FLAVOR_ACCESS_ROUTES } from './flavor-access-routes.js';
import { FLAVOR_EXTRA_SPECS_ROUTES } from './flavor-extra-specs-routes.js';
import { FLAVOR_MANAGE_ROUTES } from './flavor-manage-routes.js';
import { FLAVORS_ROUTES } from './flavors-routes.js';
import { GONE_ROUTES } from './gone-routes.js';
import { HOSTS_ROUTES } from './hosts-routes.js';
import { HYPERVISORS_ROUTES } from './hypervisors-routes.js';
import { IMAGES_ROUTES } from './images-routes.js';
import { INSTANCE_ACTIONS_ROUTES } from './instance-actions-routes.js';
import { INSTANCE_USAGE_AUDIT_LOG_ROUTES } from './instance-usage-audit-log-routes.js';
import { KEYPAIRS_ROUTES } from './keypairs-routes.js';
import { LIMITS_ROUTES } from './limits-routes.js';
import { MIGRATIONS_ROUTES } from './migrations-routes.js';
import { QUOTA_SETS_ROUTES } from './quota-sets-routes.js';
import { REMOTE_CONSOLES_ROUTES } from './remote-consoles-routes.js';
import type { ComputeRoute } from './route-table.js';
import { SERVER_ACTIONS_ROUTES } from './server-actions-routes.js';
import { SERVER_EXTERNAL_EVENTS_ROUTES } from './server-external-events-routes.js';
import { SERVER_GROUPS_ROUTES } from './server-groups-routes.js';
import { SERVER_INFO_ROUTES } from './server-info-routes.js';
import { SERVER_INTERFACES_ROUTES } from './server-interfaces-routes.js';
import { SERVER_METADATA_ROUTES } from './server-metadata-routes.js';
import { SERVER_TAGS_ROUTES } from './server-tags-routes.js';
import { SERVERS_ROUTES } from './servers-routes.js';
import { SERVICES_ROUTES } from './services-routes.js';
import { TENANT_USAGE_ROUTES } from './tenant-usage-routes.js';
import { VOLUME_ATTACHMENTS_ROUTES } from './volume-attachments-routes.js';

export const COMPUTE_ROUTES: readonly ComputeRoute[] = [
  ...SERVERS_ROUTES,
  ...SERVER_ACTIONS_ROUTES,
  ...REMOTE_CONSOLES_ROUTES,
  ...INSTANCE_ACTIONS_ROUTES,
  ...SERVER_METADATA_ROUTES,
  ...SERVER_TAGS_ROUTES,
  ...SERVER_INFO_ROUTES,
  ...SERVER_INTERFACES_ROUTES,
  ...VOLUME_ATTACHMENTS_ROUTES,
  ...MIGRATIONS_ROUTES,
  ...SERVER_EXTERNAL_EVENTS_ROUTES,
  ...FLAVORS_ROUTES,
  ...IMAGES_ROUTES,
  ...FLAVOR_MANAGE_ROUTES,
  ...FLAVOR_ACCESS_ROUTES,
  ...FLAVOR_EXTRA_SPECS_ROUTES,
  ...HYPERVISORS_ROUTES,
  ...AGGREGATES_ROUTES,
  ...AVAILABILITY_ZONE_ROUTES,
  ...SERVICES_ROUTES,
  ...CONSOLE_AUTH_TOKENS_ROUTES,
  ...HOSTS_ROUTES,
  ...TENANT_USAGE_ROUTES,
  ...INSTANCE_USAGE_AUDIT_LOG_ROUTES,
  ...KEYPAIRS_ROUTES,
  ...SERVER_GROUPS_ROUTES,
  ...LIMITS_ROUTES,
  ...QUOTA_SETS_ROUTES,
  ...EXTENSIONS_ROUTES,
  ...GONE_ROUTES,
];
