/**
 * GET /os-availability-zone (any user: the zones of enabled services,
 * without the internal one) and /os-availability-zone/detail (admin: every
 * zone with its hosts and services), Nova's `availabilityZoneInfo` bodies.
 */
import {
  INTERNAL_AVAILABILITY_ZONE,
  type ZonedService,
  zonedServices,
} from '../../compute-orchestration/availability-zones.js';
import type { ComputeRoute } from './route-table.js';
import { novaTimestamp } from './views/aggregate-view.js';

interface Zones {
  /** Zone -> enabled services, in first-seen order. */
  readonly available: Map<string, ZonedService[]>;
  readonly unavailable: string[];
}

/** Nova's get_availability_zones: zones of enabled services, then zones only disabled ones have. */
function splitZones(services: readonly ZonedService[]): Zones {
  const available = new Map<string, ZonedService[]>();
  for (const s of services) {
    if (s.service.disabled) continue;
    for (const zone of s.zone.split(',')) available.set(zone, [...(available.get(zone) ?? []), s]);
  }
  const unavailable = new Set<string>();
  for (const s of services) {
    if (!s.service.disabled) continue;
    for (const zone of s.zone.split(',')) if (!available.has(zone)) unavailable.add(zone);
  }
  return { available, unavailable: [...unavailable] };
}

function hostsOf(services: readonly ZonedService[]): Record<string, Record<string, unknown>> {
  const hosts: Record<string, Record<string, unknown>> = {};
  for (const { service, up } of services) {
    hosts[service.host] ??= {};
    hosts[service.host][service.binary] = {
      available: up,
      active: !service.disabled,
      updated_at: novaTimestamp(service.updated_at),
    };
  }
  return hosts;
}

export const AVAILABILITY_ZONE_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/os-availability-zone',
    policy: 'os_compute_api:os-availability-zone:list',
    summary: 'Zones with an enabled service (the internal zone hidden)',
    async handler(r) {
      const { available, unavailable } = splitZones(await zonedServices(r.deps));
      return {
        body: {
          availabilityZoneInfo: [
            ...[...available.keys()]
              .filter((zone) => zone !== INTERNAL_AVAILABILITY_ZONE)
              .map((zoneName) => ({ zoneName, zoneState: { available: true }, hosts: null })),
            ...unavailable.map((zoneName) => ({ zoneName, zoneState: { available: false }, hosts: null })),
          ],
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/os-availability-zone/detail',
    policy: 'os_compute_api:os-availability-zone:detail',
    summary: 'Every zone with its hosts and services',
    async handler(r) {
      const { available, unavailable } = splitZones(await zonedServices(r.deps));
      return {
        body: {
          availabilityZoneInfo: [
            ...[...available].map(([zoneName, services]) => ({
              zoneName,
              zoneState: { available: true },
              hosts: hostsOf(services),
            })),
            ...unavailable.map((zoneName) => ({ zoneName, zoneState: { available: false }, hosts: null })),
          ],
        },
      };
    },
  },
];
