/**
 * Where mapped instances live, remembered per API database. Once an
 * instance mapping names a cell it never changes (the conductor sets it
 * once, to a cell or to cell0; Novats has no cross-cell move) and its
 * project never does, so a show, an action or a delete after the first one
 * (or after a list that read the instance from its cell) reads the cell
 * database alone. An instance whose mapping was purged since still answers
 * 404, from its (deleted or archived) row in the cell.
 */
import { type Instance, VmState } from '@novats/core';

/** What getServer needs of an instance mapping once it names a cell. */
export interface CellPlacement {
  readonly project_id: string;
  readonly cell_uuid: string;
}

/** Instances remembered per API database; the oldest is forgotten first beyond this. */
const MAX_REMEMBERED = 20_000;

/**
 * vm_states that only a compute host sets, after the conductor has named the
 * instance's cell in its mapping and handed the build to the host; a row
 * still `building` (or written straight to cell0 in `error`) may be in a cell
 * a moment before its mapping says so, and `deleted` ones may be purged.
 */
const MAPPED_VM_STATES: ReadonlySet<VmState> = new Set([
  VmState.ACTIVE,
  VmState.STOPPED,
  VmState.PAUSED,
  VmState.SUSPENDED,
  VmState.RESCUED,
  VmState.RESIZED,
  VmState.SOFT_DELETED,
  VmState.SHELVED,
  VmState.SHELVED_OFFLOADED,
]);

const caches = new WeakMap<object, CellPlacementCache>();

export class CellPlacementCache {
  readonly #byUuid = new Map<string, CellPlacement>();

  /** The cache of the API database `api` (one per database handle). */
  static of(api: object): CellPlacementCache {
    let cache = caches.get(api);
    if (!cache) {
      cache = new CellPlacementCache();
      caches.set(api, cache);
    }
    return cache;
  }

  get(uuid: string): CellPlacement | undefined {
    return this.#byUuid.get(uuid);
  }

  remember(uuid: string, placement: CellPlacement): void {
    if (this.#byUuid.has(uuid)) return;
    if (this.#byUuid.size >= MAX_REMEMBERED) this.#byUuid.delete(this.#byUuid.keys().next().value as string);
    this.#byUuid.set(uuid, placement);
  }

  /**
   * NOTE(perf): instances a list has just read from cell `cellUuid`; those a
   * host has acted on have a mapping that names that cell for good, so a
   * later show, action or delete of them (a client polls the list, then
   * acts) skips reading the mapping.
   */
  rememberListed(cellUuid: string, instances: readonly Instance[]): void {
    for (const instance of instances) {
      if (MAPPED_VM_STATES.has(instance.vm_state))
        this.remember(instance.uuid, { project_id: instance.project_id, cell_uuid: cellUuid });
    }
  }
}
