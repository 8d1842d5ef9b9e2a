/**
 * Finding the instance a metadata request is about: by uuid through its
 * instance mapping (the Neutron proxy's X-Instance-ID), or by the fixed IP
 * it was given (a guest asking directly). Addresses live in each cell's
 * network info, so the address index is built from every cell and rebuilt
 * when an unknown address asks, at most once a second.
 */
import type { ApiDatabase, Clock, Instance } from '@novats/core';
import type { CellRegistry } from '../../cells/cell-registry.js';

const REINDEX_MIN_INTERVAL_MS = 1000;

export class InstanceLocator {
  #byAddress = new Map<string, { uuid: string; cell: string }>();
  #indexedAt = Number.NEGATIVE_INFINITY;
  #indexing: Promise<void> | null = null;

  constructor(
    private readonly api: ApiDatabase,
    private readonly cells: CellRegistry,
    private readonly clock: Clock,
  ) {}

  /** The live instance of that uuid, or null. */
  async byUuid(uuid: string): Promise<Instance | null> {
    const mapping = await this.api.instanceMappings.get(uuid);
    if (!mapping?.cell_uuid) return null;
    const cell = await this.cells.get(mapping.cell_uuid);
    return cell.instances.get(uuid);
  }

  /** The live instance that has `address` as a fixed IP, or null. */
  async byFixedAddress(address: string): Promise<Instance | null> {
    let hit = this.#byAddress.get(address);
    if (!hit && this.clock.now() - this.#indexedAt >= REINDEX_MIN_INTERVAL_MS) {
      await this.#reindex();
      hit = this.#byAddress.get(address);
    }
    if (!hit) return null;
    const instance = await (await this.cells.get(hit.cell)).instances.get(hit.uuid);
    // NOTE(moved): the address may have gone to another instance since the index was built.
    if (!instance?.addresses.some((a) => a.type === 'fixed' && a.addr === address)) return null;
    return instance;
  }

  #reindex(): Promise<void> {
    this.#indexing ??= (async () => {
      const next = new Map<string, { uuid: string; cell: string }>();
      for (const { mapping, db } of await this.cells.all()) {
        for (const i of await db.instances.list({ project_id: null })) {
          for (const a of i.addresses)
            if (a.type === 'fixed') next.set(a.addr, { uuid: i.uuid, cell: mapping.uuid });
        }
      }
      this.#byAddress = next;
      this.#indexedAt = this.clock.now();
    })().finally(() => {
      this.#indexing = null;
    });
    return this.#indexing;
  }
}
