/** The Placement API at a stated microversion (default 1.39). */
import { HttpClient } from './http-client.js';
import type { Session } from './session.js';

export interface ResourceProvider {
  readonly uuid: string;
  readonly name: string;
  readonly generation: number;
  readonly parent_provider_uuid?: string | null;
  readonly root_provider_uuid?: string;
}

export class PlacementClient {
  readonly #http: HttpClient;
  constructor(
    session: Session,
    readonly microversion = '1.39',
  ) {
    this.#http = new HttpClient(session, 'placement');
  }

  #get<T>(path: string, query?: Record<string, string | undefined>) {
    return this.#http.call<T>('GET', path, { microversion: this.microversion, query });
  }

  async resourceProviders(query: { name?: string; resources?: string } = {}): Promise<ResourceProvider[]> {
    return (await this.#get<{ resource_providers: ResourceProvider[] }>('/resource_providers', query))
      .resource_providers;
  }

  async inventories(
    rp: string,
  ): Promise<Record<string, { total: number; reserved: number; allocation_ratio: number }>> {
    return (await this.#get<{ inventories: any }>(`/resource_providers/${rp}/inventories`)).inventories;
  }

  async usages(rp: string): Promise<Record<string, number>> {
    return (await this.#get<{ usages: Record<string, number> }>(`/resource_providers/${rp}/usages`)).usages;
  }

  /** A consumer's allocations, by provider. */
  async allocations(consumer: string): Promise<Record<string, { resources: Record<string, number> }>> {
    return (await this.#get<{ allocations: any }>(`/allocations/${consumer}`)).allocations;
  }
}
