/**
 * Availability zones as Nova derives them (nova/availability_zones.py): a
 * zone is the `availability_zone` metadata of a host aggregate; a compute
 * host in no such aggregate is in `[DEFAULT] default_availability_zone`, and
 * every other service is in the hidden `internal_service_availability_zone`.
 */
import type { Aggregate, Service } from '@novats/core';
import { InvalidInput } from '@novats/core';
import { isServiceUp } from '../cells/service-liveness.js';
import type { ComputeApiDeps } from './compute-api-deps.js';

export const AZ_METADATA_KEY = 'availability_zone';
/** `[DEFAULT] default_availability_zone`. */
export const DEFAULT_AVAILABILITY_ZONE = 'nova';
/** `[DEFAULT] internal_service_availability_zone`. */
export const INTERNAL_AVAILABILITY_ZONE = 'internal';

/** The zone of an aggregate, or null when it names none. */
export function aggregateZone(aggregate: Aggregate): string | null {
  return aggregate.metadata[AZ_METADATA_KEY] ?? null;
}

/** Nova's get_host_availability_zone: the host's zones, sorted and comma-joined, else the default. */
export function hostAvailabilityZone(
  host: string,
  aggregates: readonly Aggregate[],
  defaultZone = DEFAULT_AVAILABILITY_ZONE,
): string {
  const zones = new Set<string>();
  for (const a of aggregates) {
    const zone = aggregateZone(a);
    if (zone && a.hosts.includes(host)) zones.add(zone);
  }
  return zones.size === 0 ? defaultZone : [...zones].sort().join(',');
}

export interface ZonedService {
  readonly service: Service;
  readonly zone: string;
  readonly up: boolean;
}

/** Every service of every cell with its zone and liveness. */
export async function zonedServices(deps: ComputeApiDeps): Promise<ZonedService[]> {
  const aggregates = (await deps.api.aggregates?.list()) ?? [];
  const defaultZone = deps.defaultAvailabilityZone ?? DEFAULT_AVAILABILITY_ZONE;
  const out: ZonedService[] = [];
  for (const { db } of await deps.cells.all()) {
    for (const service of await db.services.list()) {
      out.push({
        service,
        zone:
          service.binary === 'nova-compute'
            ? hostAvailabilityZone(service.host, aggregates, defaultZone)
            : INTERNAL_AVAILABILITY_ZONE,
        up: isServiceUp(service, deps.clock, deps.serviceDownTime),
      });
    }
  }
  return out;
}

/**
 * Nova's get_availability_zones(get_only_available=True) for the compute
 * API: the zones of enabled compute services, which a new server may ask for.
 */
export async function availableZones(deps: ComputeApiDeps): Promise<Set<string>> {
  const zones = new Set<string>();
  for (const z of await zonedServices(deps)) {
    if (z.service.binary !== 'nova-compute' || z.service.disabled) continue;
    for (const zone of z.zone.split(',')) zones.add(zone);
  }
  return zones;
}

export interface RequestedZone {
  readonly zone: string | null;
  readonly host: string | null;
  readonly node: string | null;
}

/**
 * Nova's `_handle_availability_zone`: "az", "az:host", "az:host:node" or
 * "az::node"; a host or node forces the destination (admins only).
 */
export function parseAvailabilityZone(value: string | null | undefined): RequestedZone {
  if (!value) return { zone: null, host: null, node: null };
  const colons = value.split(':').length - 1;
  if (colons === 0) return { zone: value, host: null, node: null };
  let zone: string;
  let host = '';
  let node = '';
  if (colons === 1) [zone, host] = value.split(':');
  else if (colons === 2 && value.includes('::')) [zone, node] = value.split('::');
  else if (colons === 2) [zone, host, node] = value.split(':');
  else throw new InvalidInput('Unable to parse availability_zone');
  return { zone: zone || null, host: host || null, node: node || null };
}
