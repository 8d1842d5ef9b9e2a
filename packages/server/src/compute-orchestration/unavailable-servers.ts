/**
 * Servers of a cell that does not answer (2.69): what the API database
 * alone knows of them, from their instance mappings and, for one server,
 * its request spec. nova-api shows these as status UNKNOWN.
 */
import type { RequestContext, RequestSpec } from '@novats/core';
import { InstanceNotFound } from '@novats/core';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { visible } from './server-query.js';

/**
 * What the API database knows of a server whose cell does not answer
 * (2.69): its mapping and, for one server, its request spec.
 */
export interface UnavailableServer {
  readonly uuid: string;
  readonly project_id: string;
  readonly created_at: string | null;
  readonly cell_uuid: string;
  /** Only when showing one server (Nova reads request specs for GET /servers/{id} alone). */
  readonly spec?: RequestSpec;
}

/**
 * GET /servers/{id} from 2.69 when the server's cell does not answer:
 * the partial record from its mapping and request spec. A server queued
 * for delete, or without a request spec, is gone (404) as in Nova.
 */
export async function getUnavailableServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  cellUuid: string,
): Promise<UnavailableServer> {
  const mapping = await deps.api.instanceMappings.get(uuid);
  if (!mapping || !visible(ctx, mapping) || mapping.queued_for_delete) throw new InstanceNotFound(uuid);
  const spec = await deps.api.requestSpecs.get(uuid);
  if (!spec) throw new InstanceNotFound(uuid);
  return {
    uuid,
    project_id: mapping.project_id,
    created_at: mapping.created_at ?? null,
    cell_uuid: cellUuid,
    spec,
  };
}

/**
 * The mapped, not-deleted servers of the down cells the caller may see, at
 * most `room` of them: a listing prefixes them to the answering cells'
 * servers, as Nova does.
 */
export async function unavailableServersOf(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  downCells: readonly string[],
  projectId: string | null | undefined,
  room: number,
): Promise<UnavailableServer[]> {
  const out: UnavailableServer[] = [];
  for (const cell_uuid of downCells) {
    const mappings = await deps.api.instanceMappings.list({ project_id: projectId ?? null, cell_uuid });
    for (const m of mappings) {
      if (m.queued_for_delete || !visible(ctx, m)) continue;
      out.push({
        uuid: m.instance_uuid,
        project_id: m.project_id,
        created_at: m.created_at ?? null,
        cell_uuid,
      });
    }
  }
  return out.slice(0, Math.max(0, room));
}
