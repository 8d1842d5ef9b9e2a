/**
 * The service document of /os-services: integer ids before 2.53 and uuids
 * from it, forced_down from 2.11, zone and up/down state as Nova reports.
 */
import type { LocatedService } from '../../../compute-orchestration/services-api.js';
import type { ApiVersion } from '../api-version.js';

export function serviceView(located: LocatedService, v: ApiVersion): Record<string, unknown> {
  const { service } = located;
  const out: Record<string, unknown> = {
    id: v.atLeast(2, 53) ? service.uuid : service.id,
    binary: service.binary,
    disabled_reason: service.disabled_reason,
    host: service.host,
    state: located.up ? 'up' : 'down',
    status: service.disabled ? 'disabled' : 'enabled',
    updated_at: service.updated_at,
    zone: located.zone,
  };
  if (v.atLeast(2, 11)) out.forced_down = service.forced_down;
  return out;
}
