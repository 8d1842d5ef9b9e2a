/**
 * The NUMA model the NUMATopologyFilter needs (Nova's `virt/hardware.py`
 * `numa_fit_instance_to_host` / `_numa_fit_instance_cell`): each guest cell
 * lands on its own host cell; dedicated vCPUs are pinned onto free pCPUs,
 * shared vCPUs fit `cpuset` × `cpu_allocation_ratio`, memory fits the cell
 * (no overcommit with pinning or explicit page sizes), PCI affinity last.
 */
import type { RequestNumaCell, RequestNumaTopology, RequestPciRequest } from '../objects/request-spec.js';
import { type CpuPinning, type CpuThreadPolicy, packInstanceOntoCores } from './cpu-pinning.js';
import { fitMemPages, type HostMemPages } from './mem-page-size.js';
import { type PciDevicePool, supportsPciRequests } from './pci-stats.js';

/** One host NUMA cell and what is already used on it (Nova's NUMACell). */
export interface HostNumaCell {
  readonly id: number;
  /** Host CPUs for shared (floating) vCPUs: `[compute] cpu_shared_set` on this cell. */
  readonly cpuset: readonly number[];
  /** Host CPUs for dedicated vCPUs: `[compute] cpu_dedicated_set` on this cell. */
  readonly pcpuset: readonly number[];
  /** pCPUs pinned to guests (or reserved by `isolate`). */
  readonly pinned_cpus: readonly number[];
  /** Hyperthread sibling sets; empty or singletons on hosts without SMT. */
  readonly siblings: readonly (readonly number[])[];
  /** Memory of the cell in MiB. */
  readonly memory: number;
  readonly memory_usage: number;
  /** Shared vCPUs already placed on the cell. */
  readonly cpu_usage: number;
  /** Page sizes of the cell; needed only by guests asking for `hw:mem_page_size`. */
  readonly mempages?: readonly HostMemPages[];
}

export interface HostNumaTopology {
  readonly cells: readonly HostNumaCell[];
}

/** A guest cell (Nova's InstanceNUMACell); the optional sets come from `requestNumaTopology`. */
export interface InstanceNumaCell extends RequestNumaCell {
  /** Guest vCPU ids that float over the host's `cpuset`. */
  readonly cpuset?: readonly number[];
  /** Guest vCPU ids pinned to host pCPUs. */
  readonly pcpuset?: readonly number[];
  /** Requested page size: KiB or a MEMPAGES_* constant; absent for no request. */
  readonly pagesize?: number;
}

/** A guest topology (Nova's InstanceNUMATopology). */
export interface InstanceNumaTopology extends RequestNumaTopology {
  readonly cells: readonly InstanceNumaCell[];
  readonly cpu_thread_policy?: CpuThreadPolicy;
}

/** The allocation ratios that bound shared usage. */
export interface NumaLimits {
  readonly cpu_allocation_ratio: number;
  readonly ram_allocation_ratio: number;
}

/** PCI requests whose NUMA affinity the fit must honour, with the host's pools. */
export interface NumaPciContext {
  readonly pools: readonly PciDevicePool[];
  readonly requests: readonly RequestPciRequest[];
}

/** Where one guest cell landed. */
export interface FittedCell {
  readonly guest: InstanceNumaCell;
  /** Index of the host cell in `HostNumaTopology.cells`. */
  readonly hostCell: number;
  readonly pinning: CpuPinning | null;
  /** Page size chosen (KiB), null when none was requested. */
  readonly pagesize: number | null;
}

export type NumaFit = readonly FittedCell[];

/** Dedicated vCPUs of a guest cell: its `pcpuset`, else all of them under `dedicated`. */
export function dedicatedCount(topology: InstanceNumaTopology, guest: InstanceNumaCell): number {
  if (guest.pcpuset) return guest.pcpuset.length;
  return topology.cpu_policy === 'dedicated' ? guest.cpus : 0;
}

function fitCell(
  host: HostNumaCell,
  hostCell: number,
  guest: InstanceNumaCell,
  topology: InstanceNumaTopology,
  limits: NumaLimits,
): FittedCell | null {
  const dedicated = dedicatedCount(topology, guest);
  const shared = guest.cpus - dedicated;
  let pagesize: number | null = null;
  if (guest.pagesize !== undefined) {
    pagesize = fitMemPages(host.mempages ?? [], guest.pagesize, guest.memory_mb);
    if (pagesize === null) return null;
  } else {
    // NOTE(nova): a guest cell never overcommits against itself; pinned guests get no overcommit at all.
    if (guest.memory_mb > host.memory) return null;
    const ratio = dedicated > 0 ? 1 : limits.ram_allocation_ratio;
    if (host.memory_usage + guest.memory_mb > host.memory * ratio) return null;
  }
  if (shared > 0) {
    if (shared > host.cpuset.length) return null;
    if (host.cpu_usage + shared > host.cpuset.length * limits.cpu_allocation_ratio) return null;
  }
  let pinning: CpuPinning | null = null;
  if (dedicated > 0) {
    pinning = packInstanceOntoCores(host, dedicated, topology.cpu_thread_policy);
    if (pinning === null) return null;
  }
  return { guest, hostCell, pinning, pagesize };
}

/**
 * Nova's `numa_fit_instance_to_host`: tries host cells in order for each
 * guest cell, backtracking, so that every guest cell gets its own host cell
 * and, when `pci` is given, the chosen cells can serve the PCI requests.
 */
export function numaFitInstanceToHost(
  host: HostNumaTopology,
  requested: InstanceNumaTopology,
  limits: NumaLimits,
  pci?: NumaPciContext | null,
): NumaFit | null {
  const guests = requested.cells;
  if (guests.length > host.cells.length) return null;
  const used = new Array<boolean>(host.cells.length).fill(false);
  const chosen: FittedCell[] = [];
  const place = (g: number): boolean => {
    if (g === guests.length) {
      if (!pci || pci.requests.length === 0) return true;
      const cellIds = chosen.map((c) => (host.cells[c.hostCell] as HostNumaCell).id);
      return supportsPciRequests(pci.pools, pci.requests, cellIds);
    }
    const guest = guests[g] as InstanceNumaCell;
    for (let h = 0; h < host.cells.length; h++) {
      if (used[h]) continue;
      const fitted = fitCell(host.cells[h] as HostNumaCell, h, guest, requested, limits);
      if (fitted === null) continue;
      used[h] = true;
      chosen.push(fitted);
      if (place(g + 1)) return true;
      used[h] = false;
      chosen.pop();
    }
    return false;
  };
  return place(0) ? chosen : null;
}

/** The host topology after the fitted guest lands (Nova's `numa_usage_from_instance_numa`). */
export function numaUsageFromInstance(
  host: HostNumaTopology,
  fit: NumaFit,
  requested: InstanceNumaTopology,
): HostNumaTopology {
  const cells = host.cells.slice();
  for (const { guest, hostCell, pinning, pagesize } of fit) {
    const cell = cells[hostCell] as HostNumaCell;
    const shared = guest.cpus - dedicatedCount(requested, guest);
    const taken = pinning ? [...pinning.pinned, ...pinning.reserved] : [];
    cells[hostCell] = {
      ...cell,
      cpu_usage: cell.cpu_usage + shared,
      pinned_cpus:
        taken.length > 0 ? [...cell.pinned_cpus, ...taken].sort((a, b) => a - b) : cell.pinned_cpus,
      memory_usage: cell.memory_usage + guest.memory_mb,
      ...(pagesize !== null && cell.mempages
        ? {
            mempages: cell.mempages.map((p) =>
              p.size_kb === pagesize ? { ...p, used: p.used + (guest.memory_mb * 1024) / pagesize } : p,
            ),
          }
        : {}),
    };
  }
  return { cells };
}
