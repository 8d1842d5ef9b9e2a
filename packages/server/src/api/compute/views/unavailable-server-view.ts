/**
 * Servers of a cell that does not answer, as Nova shows them from 2.69
 * (`views/servers.py` basic and `_show_from_down_cell`): status UNKNOWN and
 * only what the API database knows. The list has id, status and links; the
 * detail list adds tenant_id and created; one server adds what its request
 * spec holds (image, flavor, zone, user) and power_state 0 (NOSTATE).
 */
import type { UnavailableServer } from '../../../compute-orchestration/unavailable-servers.js';
import { resourceLinks } from '../links.js';
import { flavorView, imageView, isoSeconds, type ServerViewContext } from './server-view.js';

export function unavailableServerSummary(
  s: UnavailableServer,
  view: ServerViewContext,
): Record<string, unknown> {
  return { id: s.uuid, status: 'UNKNOWN', links: resourceLinks(view.base, 'servers', s.uuid) };
}

export function unavailableServerDetail(
  s: UnavailableServer,
  view: ServerViewContext,
  opts: { serverGroups?: readonly string[] } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: s.uuid,
    status: 'UNKNOWN',
    tenant_id: s.project_id,
    created: isoSeconds(s.created_at),
    links: resourceLinks(view.base, 'servers', s.uuid),
  };
  if (!s.spec) return out;
  out.image = imageView(s.spec.image?.id ?? null, view.base);
  out.flavor = flavorView(s.spec.flavor, view);
  // NOTE(nova): a zone the user did not ask for at boot, and an old spec without user_id, are UNKNOWN.
  out['OS-EXT-AZ:availability_zone'] = s.spec.availability_zone || 'UNKNOWN';
  out['OS-EXT-STS:power_state'] = 0;
  out.user_id = s.spec.user_id || 'UNKNOWN';
  if (view.version.atLeast(2, 71) && opts.serverGroups) out.server_groups = [...opts.serverGroups];
  return out;
}
