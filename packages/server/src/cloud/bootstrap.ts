/**
 * First-boot steps an operator would run with nova-manage, done in code for
 * the all-in-one cloud: map cell0 and cell1, create the default flavors, and
 * map compute hosts to their cell (`cell_v2 discover_hosts`).
 */
import type { ApiDatabase } from '@novats/core';
import { CELL0_UUID, DEFAULT_FLAVORS } from '@novats/core';
import type { CellRegistry } from '../cells/cell-registry.js';

/** Fixed uuid of the all-in-one cloud's cell1, so that restarts find it again. */
export const ALL_IN_ONE_CELL1_UUID = 'b5d4ba3f-7c7c-4a4e-9e47-7f1e2c9c4c01';

export async function bootstrapCells(
  api: ApiDatabase,
  db: { cell0: string; cell1: string },
  transportUrl: string,
): Promise<string> {
  const existing = await api.cellMappings.list();
  if (!existing.some((c) => c.uuid === CELL0_UUID)) {
    await api.cellMappings.create({
      uuid: CELL0_UUID,
      name: 'cell0',
      transport_url: 'none:///',
      database_connection: db.cell0,
      disabled: false,
    });
  }
  const cell1 = existing.find((c) => c.uuid !== CELL0_UUID);
  if (cell1) {
    // NOTE(bus): each start has a bus of its own; the cell's services are on it.
    if (cell1.transport_url !== transportUrl)
      await api.cellMappings.update(cell1.uuid, { transport_url: transportUrl });
    return cell1.uuid;
  }
  await api.cellMappings.create({
    uuid: ALL_IN_ONE_CELL1_UUID,
    name: 'cell1',
    transport_url: transportUrl,
    database_connection: db.cell1,
    disabled: false,
  });
  return ALL_IN_ONE_CELL1_UUID;
}

export async function ensureDefaultFlavors(api: ApiDatabase): Promise<void> {
  const have = new Set((await api.flavors.list({ is_public: null })).map((f) => f.flavorid));
  for (const flavor of DEFAULT_FLAVORS) {
    if (!have.has(flavor.flavorid)) await api.flavors.create(flavor);
  }
}

/** Maps every compute service of the cell that has no host mapping yet; returns the hosts mapped. */
export async function discoverHosts(
  api: ApiDatabase,
  cells: CellRegistry,
  cellUuid: string,
): Promise<string[]> {
  const cell = await cells.get(cellUuid);
  const mapped = new Set((await api.hostMappings.list()).map((m) => m.host));
  const added: string[] = [];
  for (const service of await cell.services.list({ binary: 'nova-compute' })) {
    if (mapped.has(service.host)) continue;
    await api.hostMappings.create({ host: service.host, cell_uuid: cellUuid });
    mapped.add(service.host);
    added.push(service.host);
  }
  return added;
}
