export { type CorsOptions, corsFromConfig } from '../../http/cors.js';
export { noauthContext } from './noauth-context.js';
export { createPlacementApp, PLACEMENT_ROUTES, type PlacementAppOptions } from './placement-app.js';
export { PLACEMENT_POLICIES } from './placement-policies.js';
export { placementPolicyFromConfig, readPolicyFile } from './placement-policy-config.js';
export {
  MAX_VERSION as PLACEMENT_MAX_VERSION,
  MIN_VERSION as PLACEMENT_MIN_VERSION,
} from './placement-version.js';
export type { PlacementRoute, RouteRequest, RouteResult } from './route-table.js';
