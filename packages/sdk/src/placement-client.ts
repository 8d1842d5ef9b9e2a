/**
 * The Placement API, pinned to a microversion (`1.39` unless told): request
 * and response types follow it, and every request body is checked against
 * the schema placement-api validates with (@novats/core's
 * api-schemas/placement) before it is sent.
 */
import {
  type AllocationsOfConsumerView,
  type AllocationsPost,
  type AllocationsPut,
  allocationsPostSchemaFor,
  allocationsPutSchemaFor,
  INVENTORIES_UPDATE,
  INVENTORY_CREATE,
  INVENTORY_UPDATE,
  type InventoriesUpdate,
  type InventoriesView,
  type InventoryCreate,
  type InventoryUpdate,
  type InventoryView,
  type PlacementAtLeast,
  PROVIDER_TRAITS_UPDATE,
  type ProviderAggregatesUpdate,
  type ProviderAggregatesView,
  type ProviderTraitsUpdate,
  type ProviderTraitsView,
  providerAggregatesUpdateSchemaFor,
  RESOURCE_CLASS_BODY,
  type Reshape,
  type ResourceProviderCreate,
  type ResourceProviderUpdate,
  type ResourceProviderView,
  reshaperSchemaFor,
  resourceProviderCreateSchemaFor,
  resourceProviderUpdateSchemaFor,
  type UsagesView,
} from '@novats/core';
import { HttpClient } from './http-client.js';
import type { Session } from './session.js';
import { assertMatches } from './validate.js';

/** A resource provider at 1.39 (the client's default version). */
export type ResourceProvider = ResourceProviderView<'1.39'>;

/** The filters of GET /resource_providers (`resources=VCPU:1,MEMORY_MB:512`, `in_tree`, `required`, ...). */
export type ResourceProviderQuery = Record<string, string | undefined>;

const rp = (uuid: string) => `/resource_providers/${encodeURIComponent(uuid)}`;
const consumerPath = (uuid: string) => `/allocations/${encodeURIComponent(uuid)}`;

export class PlacementClient<V extends string = '1.39'> {
  readonly #http: HttpClient;
  constructor(
    session: Session,
    /** The microversion every call states. */
    readonly microversion: V = '1.39' as V,
  ) {
    this.#http = new HttpClient(session, 'placement');
  }

  /** The same client at another microversion. */
  at<W extends string>(microversion: W): PlacementClient<W> {
    return new PlacementClient(this.#http.session, microversion);
  }

  #call<T>(method: string, path: string, body?: unknown, query?: Record<string, string | undefined>) {
    return this.#http.call<T>(method, path, { body, microversion: this.microversion, query });
  }

  /** Checks `body` against `schema`, then sends it. */
  #send<T>(method: string, path: string, schema: object, body: unknown) {
    assertMatches(schema, body);
    return this.#call<T>(method, path, body);
  }

  async resourceProviders(query: ResourceProviderQuery = {}): Promise<ResourceProviderView<V>[]> {
    return (
      await this.#call<{ resource_providers: ResourceProviderView<V>[] }>(
        'GET',
        '/resource_providers',
        undefined,
        query,
      )
    ).resource_providers;
  }

  resourceProvider(uuid: string): Promise<ResourceProviderView<V>> {
    return this.#call('GET', rp(uuid));
  }

  /** POST /resource_providers: the new provider from 1.20, nothing (201 + Location) before. */
  createResourceProvider(
    body: ResourceProviderCreate<V>,
  ): Promise<PlacementAtLeast<V, 20> extends true ? ResourceProviderView<V> : null> {
    return this.#send(
      'POST',
      '/resource_providers',
      resourceProviderCreateSchemaFor(this.microversion),
      body,
    );
  }

  updateResourceProvider(uuid: string, body: ResourceProviderUpdate<V>): Promise<ResourceProviderView<V>> {
    return this.#send('PUT', rp(uuid), resourceProviderUpdateSchemaFor(this.microversion), body);
  }

  async deleteResourceProvider(uuid: string): Promise<void> {
    await this.#call('DELETE', rp(uuid));
  }

  async inventories(uuid: string): Promise<InventoriesView['inventories']> {
    return (await this.#call<InventoriesView>('GET', `${rp(uuid)}/inventories`)).inventories;
  }

  /** PUT …/inventories: the provider's whole inventory, against its generation. */
  setInventories(uuid: string, body: InventoriesUpdate): Promise<InventoriesView> {
    return this.#send('PUT', `${rp(uuid)}/inventories`, INVENTORIES_UPDATE, body);
  }

  createInventory(uuid: string, body: InventoryCreate): Promise<InventoryView> {
    return this.#send('POST', `${rp(uuid)}/inventories`, INVENTORY_CREATE, body);
  }

  updateInventory(uuid: string, resourceClass: string, body: InventoryUpdate): Promise<InventoryView> {
    return this.#send(
      'PUT',
      `${rp(uuid)}/inventories/${encodeURIComponent(resourceClass)}`,
      INVENTORY_UPDATE,
      body,
    );
  }

  async usages(uuid: string): Promise<UsagesView['usages']> {
    return (await this.#call<UsagesView>('GET', `${rp(uuid)}/usages`)).usages;
  }

  providerTraits(uuid: string): Promise<ProviderTraitsView> {
    return this.#call('GET', `${rp(uuid)}/traits`);
  }

  setProviderTraits(uuid: string, body: ProviderTraitsUpdate): Promise<ProviderTraitsView> {
    return this.#send('PUT', `${rp(uuid)}/traits`, PROVIDER_TRAITS_UPDATE, body);
  }

  providerAggregates(uuid: string): Promise<ProviderAggregatesView> {
    return this.#call('GET', `${rp(uuid)}/aggregates`);
  }

  setProviderAggregates(uuid: string, body: ProviderAggregatesUpdate<V>): Promise<ProviderAggregatesView> {
    return this.#send(
      'PUT',
      `${rp(uuid)}/aggregates`,
      providerAggregatesUpdateSchemaFor(this.microversion),
      body,
    );
  }

  /** POST /resource_classes: a custom class (`CUSTOM_*`). */
  async createResourceClass(name: string): Promise<void> {
    await this.#send('POST', '/resource_classes', RESOURCE_CLASS_BODY, { name });
  }

  /** A consumer's allocations, by provider (empty when it has none). */
  async allocations(consumer: string): Promise<AllocationsOfConsumerView['allocations']> {
    return (await this.consumerAllocations(consumer)).allocations;
  }

  /** GET /allocations/{consumer} as answered: with project, user and generation when it has allocations. */
  consumerAllocations(consumer: string): Promise<AllocationsOfConsumerView> {
    return this.#call('GET', consumerPath(consumer));
  }

  async putAllocations(consumer: string, body: AllocationsPut<V>): Promise<void> {
    await this.#send('PUT', consumerPath(consumer), allocationsPutSchemaFor(this.microversion), body);
  }

  /** POST /allocations (1.13): several consumers' allocations at once, atomically. */
  async postAllocations(body: AllocationsPost<V>): Promise<void> {
    await this.#send('POST', '/allocations', allocationsPostSchemaFor(this.microversion), body);
  }

  async deleteAllocations(consumer: string): Promise<void> {
    await this.#call('DELETE', consumerPath(consumer));
  }

  /** POST /reshaper (1.30): inventories and allocations moved in one transaction. */
  async reshape(body: Reshape<V>): Promise<void> {
    await this.#send('POST', '/reshaper', reshaperSchemaFor(this.microversion), body);
  }
}
