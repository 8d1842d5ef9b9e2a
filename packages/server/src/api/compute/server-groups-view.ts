/**
 * The `server_groups` of a server's show, PUT and rebuild answers (2.71):
 * looked up only at the microversions that show it, so that older clients'
 * GET /servers/{id} stays one query.
 */
import { serverGroupsOf } from '../../compute-orchestration/server-group-api.js';
import type { RouteRequest } from './route-table.js';

export async function groupsFor(r: RouteRequest, instanceUuid: string): Promise<string[] | undefined> {
  return r.version.atLeast(2, 71) ? serverGroupsOf(r.deps, instanceUuid) : undefined;
}
