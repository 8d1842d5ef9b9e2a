/**
 * Which transport reaches a compute host: the one of the host's cell (its
 * host mapping, then the cell mapping's transport_url), as Nova targets a
 * cell before it casts to a compute host there. A host not mapped yet is
 * reached on the service's own transport.
 */
import type { ApiDatabase, Transport } from '@novats/core';
import { isNovaError } from '@novats/core';
import type { CellRegistry } from './cell-registry.js';
import type { CellTransports } from './cell-transports.js';
import { HostCellCache } from './host-cells.js';

/** Resolves the transport for a compute host. */
export type HostTransportRoute = (host: string) => Promise<Transport>;

export function routeByHostCell(
  api: ApiDatabase,
  cells: CellRegistry,
  transports: CellTransports,
  fallback: Transport,
): HostTransportRoute {
  const hostCells = new HostCellCache(api);
  return async (host) => {
    let cellUuid: string;
    try {
      cellUuid = await hostCells.cellOf(host);
    } catch (err) {
      if (isNovaError(err) && err.status === 404) return fallback;
      throw err;
    }
    return transports.for(await cells.mapping(cellUuid));
  };
}
