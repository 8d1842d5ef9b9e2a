/**
 * `@novats/sdk`: typed clients for Compute, Placement, Identity and Image.
 * Request types come from the schemas nova-api and placement-api validate with (@novats/core).
 * @packageDocumentation
 */
export type {
  AggregateActionBodies,
  AggregateCreate,
  AggregateUpdate,
  AggregateView,
  AllocationsOfConsumerView,
  AllocationsPost,
  AllocationsPut,
  ConsumerAllocationsBody,
  FlavorCreate,
  FlavorView,
  InventoriesUpdate,
  InventoriesView,
  InventoryCreate,
  InventoryUpdate,
  InventoryView,
  KeypairCreate,
  KeypairView,
  PlacementMicroversion,
  ProviderAggregatesUpdate,
  ProviderAggregatesView,
  ProviderTraitsUpdate,
  ProviderTraitsView,
  RemoteConsole,
  RemoteConsoleCreate,
  Reshape,
  ResourceProviderCreate,
  ResourceProviderUpdate,
  ResourceProviderView,
  ServerActionBodies,
  ServerActionName,
  ServerActionResult,
  ServerCreate,
  ServerCreated,
  ServerUpdate,
  ServerView,
  UsagesView,
} from '@novats/core';
export * from './cloud-client.js';
export * from './compute-client.js';
export * from './errors.js';
export * from './http-client.js';
export * from './identity-client.js';
export * from './image-client.js';
export * from './paging.js';
export * from './placement-client.js';
export * from './server-wait.js';
export * from './session.js';
export { schemaMismatch } from './validate.js';
