/**
 * The rules behind /os-services (Nova's compute HostAPI for services): find
 * a service in any cell, enable/disable/force it down, delete it. A
 * nova-compute service that is disabled or enabled puts COMPUTE_STATUS_DISABLED
 * on or off its compute nodes' providers, as Nova's compute does, so the
 * scheduler's compute status prefilter skips the host; a compute service
 * still hosting instances is never deleted.
 */
import type { CellDatabase, RequestContext, Service } from '@novats/core';
import { COMPUTE_STATUS_DISABLED, Conflict, NotFound } from '@novats/core';
import { isServiceUp } from '../cells/service-liveness.js';
import {
  DEFAULT_AVAILABILITY_ZONE,
  hostAvailabilityZone,
  INTERNAL_AVAILABILITY_ZONE,
} from './availability-zones.js';
import type { ComputeApiDeps } from './compute-api-deps.js';

export const COMPUTE_BINARY = 'nova-compute';

/** A service with the cell it lives in, its zone and its liveness. */
export interface LocatedService {
  readonly service: Service;
  readonly db: CellDatabase;
  /** `internal` for every binary but nova-compute, else the host's zone. */
  readonly zone: string;
  readonly up: boolean;
}

export type ServicePatch = Partial<Pick<Service, 'disabled' | 'disabled_reason' | 'forced_down'>>;

export class ServicesApi {
  constructor(private readonly deps: ComputeApiDeps) {}

  /** Every service of every cell but cell0, optionally filtered by host and binary; down cells are skipped. */
  async list(filter: { host?: string; binary?: string } = {}): Promise<LocatedService[]> {
    return (await this.listAcrossCells(filter)).services;
  }

  /**
   * list(), and the nova-compute hosts mapped to cells that did not answer
   * (from the API database's host mappings): what 2.69 shows as UNKNOWN.
   */
  async listAcrossCells(
    filter: { host?: string; binary?: string } = {},
  ): Promise<{ services: LocatedService[]; downComputeHosts: string[] }> {
    const aggregates = (await this.deps.api.aggregates?.list()) ?? [];
    const defaultZone = this.deps.defaultAvailabilityZone ?? DEFAULT_AVAILABILITY_ZONE;
    const out: LocatedService[] = [];
    const downComputeHosts: string[] = [];
    for (const { mapping, db } of await this.deps.cells.allSettled()) {
      const services = db ? await db.services.list(filter).catch(() => null) : null;
      if (!db || !services) {
        if (filter.binary !== undefined && filter.binary !== COMPUTE_BINARY) continue;
        const hosts = await this.deps.api.hostMappings.list({ cell_uuid: mapping.uuid });
        downComputeHosts.push(...hosts.map((h) => h.host).filter((h) => !filter.host || h === filter.host));
        continue;
      }
      for (const service of services) {
        out.push({
          service,
          db,
          zone:
            service.binary === COMPUTE_BINARY
              ? hostAvailabilityZone(service.host, aggregates, defaultZone)
              : INTERNAL_AVAILABILITY_ZONE,
          up: isServiceUp(service, this.deps.clock, this.deps.serviceDownTime),
        });
      }
    }
    return { services: out, downComputeHosts };
  }

  /** Nova's service_get_by_host_and_binary; 404 as HostBinaryNotFound. */
  async byHostAndBinary(host: string, binary: string): Promise<LocatedService> {
    const found = (await this.list({ host, binary }))[0];
    if (!found) throw new NotFound(`Could not find binary ${binary} on host ${host}.`);
    return found;
  }

  /** By uuid (2.53+) or by database id (older microversions); 404 as ServiceNotFound. */
  async byId(id: string | number): Promise<LocatedService> {
    const found = (await this.list()).find((l) =>
      typeof id === 'number' ? l.service.id === id : l.service.uuid === id,
    );
    if (!found) throw new NotFound(`Service ${id} could not be found.`);
    return found;
  }

  /**
   * Writes the patch, then, when a compute service changed between enabled
   * and disabled, mirrors it onto its providers' COMPUTE_STATUS_DISABLED trait.
   */
  async update(ctx: RequestContext, located: LocatedService, patch: ServicePatch): Promise<LocatedService> {
    const before = located.service;
    const service = await located.db.services.update(before.id, patch);
    if (service.binary === COMPUTE_BINARY && service.disabled !== before.disabled)
      await this.#syncDisabledTrait(ctx, located.db, service);
    return {
      ...located,
      service,
      up: isServiceUp(service, this.deps.clock, this.deps.serviceDownTime),
    };
  }

  /**
   * Nova's service delete: a compute service must host no instance (409);
   * its host leaves every aggregate, its nodes and their providers go, and
   * so does its host mapping.
   */
  async delete(ctx: RequestContext, located: LocatedService): Promise<void> {
    const { service, db } = located;
    if (service.binary === COMPUTE_BINARY) {
      const instances = await db.instances.list({ project_id: null, host: service.host, limit: 1 });
      if (instances.length > 0) {
        throw new Conflict(
          'Unable to delete compute service that is hosting instances. Migrate or delete the instances first.',
        );
      }
      const aggregates = this.deps.api.aggregates;
      for (const a of (await aggregates?.listByHost(service.host)) ?? [])
        await aggregates?.removeHost(a.id, service.host);
      for (const node of await db.computeNodes.list({ host: service.host })) {
        await this.deps.placement.deleteResourceProvider(ctx, node.uuid);
        await db.computeNodes.delete(node.uuid);
      }
      await db.services.delete(service.id);
      if (await this.deps.api.hostMappings.get(service.host))
        await this.deps.api.hostMappings.delete(service.host);
      return;
    }
    await db.services.delete(service.id);
  }

  /** Nova's compute `_update_compute_provider_status`: read the traits, add or drop one, write them back. */
  async #syncDisabledTrait(ctx: RequestContext, db: CellDatabase, service: Service): Promise<void> {
    const placement = this.deps.placement;
    // NOTE(traits): without a way to read the traits, writing them would wipe the others.
    if (!placement.getProviderTraits) return;
    for (const node of await db.computeNodes.list({ host: service.host })) {
      // NOTE(nova): a provider not reported yet is skipped; the service row
      // still keeps the ComputeFilter off the host until it is.
      let traits: string[];
      try {
        traits = await placement.getProviderTraits(ctx, node.uuid);
      } catch (err) {
        if ((err as { status?: number }).status === 404) continue;
        throw err;
      }
      const others = traits.filter((t) => t !== COMPUTE_STATUS_DISABLED);
      await placement.setTraits(
        ctx,
        node.uuid,
        service.disabled ? [...others, COMPUTE_STATUS_DISABLED] : others,
      );
    }
  }
}
