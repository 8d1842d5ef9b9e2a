/**
 * The NUMA model the NUMATopologyFilter needs (Nova's `virt/hardware.py`
 * `numa_fit_instance_to_host`, by counts rather than CPU sets): each guest
 * cell must land on a distinct host cell with room for its vCPUs and memory,
 * shared vCPUs within `cpu_allocation_ratio`, memory within
 * `ram_allocation_ratio`, dedicated vCPUs on free pCPUs.
 */
import type { Flavor } from '../objects/flavor.js';
import type { RequestNumaCell, RequestNumaTopology } from '../objects/request-spec.js';

/** One host NUMA cell and what is already used on it. */
export interface HostNumaCell {
  readonly id: number;
  /** Host CPUs for shared (floating) vCPUs: `[compute] cpu_shared_set` on this cell. */
  readonly cpus: number;
  /** Host CPUs for dedicated vCPUs: `[compute] cpu_dedicated_set` on this cell. */
  readonly pcpus: number;
  readonly memory_mb: number;
  /** Shared vCPUs already placed on the cell. */
  readonly cpu_usage: number;
  /** pCPUs already pinned to guests. */
  readonly pinned_cpus: number;
  readonly memory_usage: number;
}

export interface HostNumaTopology {
  readonly cells: readonly HostNumaCell[];
}

/** The allocation ratios that bound shared usage. */
export interface NumaLimits {
  readonly cpu_allocation_ratio: number;
  readonly ram_allocation_ratio: number;
}

/** For each guest cell, the id of the host cell it fits on; null when the guest does not fit. */
export type NumaFit = readonly { readonly guest: RequestNumaCell; readonly hostCell: number }[];

function cellFits(
  host: HostNumaCell,
  guest: RequestNumaCell,
  dedicated: boolean,
  limits: NumaLimits,
): boolean {
  // NOTE(nova): a guest cell never overcommits against itself, whatever the ratio.
  if (guest.memory_mb > host.memory_mb) return false;
  if (dedicated) {
    // NOTE(nova): pinned guests get no memory overcommit either.
    return (
      guest.cpus <= host.pcpus - host.pinned_cpus && host.memory_usage + guest.memory_mb <= host.memory_mb
    );
  }
  if (guest.cpus > host.cpus) return false;
  if (host.cpu_usage + guest.cpus > host.cpus * limits.cpu_allocation_ratio) return false;
  return host.memory_usage + guest.memory_mb <= host.memory_mb * limits.ram_allocation_ratio;
}

/**
 * Nova's `numa_fit_instance_to_host`: tries host cells in order for each
 * guest cell, backtracking, so that every guest cell gets its own host cell.
 */
export function numaFitInstanceToHost(
  host: HostNumaTopology,
  requested: RequestNumaTopology,
  limits: NumaLimits,
): NumaFit | null {
  const guests = requested.cells;
  if (guests.length > host.cells.length) return null;
  const dedicated = requested.cpu_policy === 'dedicated';
  const used = new Array<boolean>(host.cells.length).fill(false);
  const chosen: number[] = [];
  const place = (g: number): boolean => {
    if (g === guests.length) return true;
    const guest = guests[g] as RequestNumaCell;
    for (let h = 0; h < host.cells.length; h++) {
      if (used[h] || !cellFits(host.cells[h] as HostNumaCell, guest, dedicated, limits)) continue;
      used[h] = true;
      chosen.push(h);
      if (place(g + 1)) return true;
      used[h] = false;
      chosen.pop();
    }
    return false;
  };
  if (!place(0)) return null;
  return guests.map((guest, g) => ({ guest, hostCell: chosen[g] as number }));
}

/** The host topology after the fitted guest lands (Nova's `numa_usage_from_instance_numa`). */
export function numaUsageFromInstance(
  host: HostNumaTopology,
  fit: NumaFit,
  dedicated = false,
): HostNumaTopology {
  const cells = host.cells.slice();
  for (const { guest, hostCell } of fit) {
    const cell = cells[hostCell] as HostNumaCell;
    cells[hostCell] = dedicated
      ? {
          ...cell,
          pinned_cpus: cell.pinned_cpus + guest.cpus,
          memory_usage: cell.memory_usage + guest.memory_mb,
        }
      : {
          ...cell,
          cpu_usage: cell.cpu_usage + guest.cpus,
          memory_usage: cell.memory_usage + guest.memory_mb,
        };
  }
  return { cells };
}

/**
 * The guest topology a flavor asks for (`hw:numa_nodes`, `hw:cpu_policy`,
 * or the image's `hw_numa_nodes` / `hw_cpu_policy`): vCPUs and memory split
 * evenly, the remainder on the first cells; null when no NUMA placement is asked.
 */
export function requestNumaTopology(
  flavor: Flavor,
  imageProperties: Readonly<Record<string, string>> = {},
): RequestNumaTopology | null {
  const nodesText = flavor.extra_specs['hw:numa_nodes'] ?? imageProperties.hw_numa_nodes;
  const policyText = flavor.extra_specs['hw:cpu_policy'] ?? imageProperties.hw_cpu_policy;
  const cpu_policy = policyText === 'dedicated' || policyText === 'mixed' ? policyText : 'shared';
  if (nodesText === undefined && cpu_policy === 'shared') return null;
  const nodes = Math.max(1, Number.parseInt(nodesText ?? '1', 10) || 1);
  const cells: RequestNumaCell[] = [];
  for (let id = 0; id < nodes; id++) {
    cells.push({
      id,
      cpus: Math.floor(flavor.vcpus / nodes) + (id < flavor.vcpus % nodes ? 1 : 0),
      memory_mb: Math.floor(flavor.memory_mb / nodes) + (id < flavor.memory_mb % nodes ? 1 : 0),
    });
  }
  return { cells, cpu_policy };
}
