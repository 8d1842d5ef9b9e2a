/**
 * Tokens of the server's own shared objects (core's `Tokens` cover the
 * ports): the cell registry, the per-cell transports and the settings every
 * service reads from nova.conf once.
 */
export const ServerTokens = {
  CellRegistry: Symbol.for('novats.server.CellRegistry'),
  Settings: Symbol.for('novats.server.Settings'),
  /** One transport per cell transport_url (cells with their own message queue). */
  CellTransports: Symbol.for('novats.server.CellTransports'),
  /** `[placement_database] connection` (else `[api_database]`), for placement-api. */
  PlacementStore: Symbol.for('novats.server.PlacementStore'),
  /** `() => Promise<ImageService>`: the image service opened on first use (nova-compute's uploads). */
  ImageServiceLoader: Symbol.for('novats.server.ImageServiceLoader'),
} as const;
