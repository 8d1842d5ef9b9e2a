/**
 * Injection tokens for the ports. Plain symbols so that core stays free of
 * tsyringe; the composition roots (server, cli) bind adapters to them.
 */
export const Tokens = {
  Transport: Symbol.for('novats.Transport'),
  ApiDatabase: Symbol.for('novats.ApiDatabase'),
  CellDatabases: Symbol.for('novats.CellDatabases'),
  PlacementClient: Symbol.for('novats.PlacementClient'),
  VirtDriver: Symbol.for('novats.VirtDriver'),
  ImageService: Symbol.for('novats.ImageService'),
  Clock: Symbol.for('novats.Clock'),
  Notifier: Symbol.for('novats.Notifier'),
  Config: Symbol.for('novats.Config'),
} as const;
