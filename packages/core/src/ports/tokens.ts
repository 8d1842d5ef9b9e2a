/**
 * Injection tokens for the ports. Plain symbols so that core stays free of
 * tsyringe; the composition root (server's Deployment) binds an adapter to
 * each, chosen from nova.conf, and services name them with `@inject`.
 */
export const Tokens = {
  /** `[DEFAULT] transport_url`. */
  Transport: Symbol.for('novats.Transport'),
  /** `[api_database] connection`. */
  ApiDatabase: Symbol.for('novats.ApiDatabase'),
  /** `[database] connection`: the cell this service belongs to. */
  CellDatabase: Symbol.for('novats.CellDatabase'),
  /** `[placement]` (keystoneauth options). */
  PlacementClient: Symbol.for('novats.PlacementClient'),
  /** `[DEFAULT] compute_driver`: each resolution builds a new driver (one per compute host). */
  VirtDriver: Symbol.for('novats.VirtDriver'),
  /** `[glance] api_servers`, or the embedded catalog when unset. */
  ImageService: Symbol.for('novats.ImageService'),
  Clock: Symbol.for('novats.Clock'),
  /** The parsed nova.conf (NovaConfig). */
  Config: Symbol.for('novats.Config'),
  Logger: Symbol.for('novats.Logger'),
} as const;
