/**
 * Pinning dedicated guest vCPUs onto one host cell's free pCPUs (Nova's
 * `hardware._pack_instance_onto_cores`). `prefer` fills sibling threads of
 * the emptiest cores first, `require` takes only whole free cores and needs
 * an SMT host, `isolate` takes one thread per free core and reserves its siblings.
 */

/** `hw:cpu_thread_policy`. */
export type CpuThreadPolicy = 'prefer' | 'isolate' | 'require';

/** What a guest cell's dedicated vCPUs take on the host cell. */
export interface CpuPinning {
  /** Host pCPUs the vCPUs run on, in guest vCPU order. */
  readonly pinned: readonly number[];
  /** Sibling threads kept idle for `isolate`; counted as pinned on the host. */
  readonly reserved: readonly number[];
}

/** The pCPU facts of a host cell that pinning reads. */
export interface PinnableCell {
  readonly pcpuset: readonly number[];
  readonly pinned_cpus: readonly number[];
  readonly siblings: readonly (readonly number[])[];
}

/** Dedicated CPUs grouped by physical core, each core's threads in id order. */
function coresOf(cell: PinnableCell): number[][] {
  const inCore = new Set<number>();
  const cores: number[][] = [];
  for (const set of cell.siblings) {
    const threads = set.filter((cpu) => cell.pcpuset.includes(cpu)).sort((a, b) => a - b);
    for (const cpu of threads) inCore.add(cpu);
    if (threads.length > 0) cores.push(threads);
  }
  for (const cpu of cell.pcpuset) if (!inCore.has(cpu)) cores.push([cpu]);
  return cores;
}

/** Whether the cell has simultaneous multithreading (a sibling set of two or more). */
export function hasSmt(cell: PinnableCell): boolean {
  return cell.siblings.some((set) => set.length > 1);
}

/** Pins `count` vCPUs on `cell` under `policy`, or null when they do not fit. */
export function packInstanceOntoCores(
  cell: PinnableCell,
  count: number,
  policy: CpuThreadPolicy = 'prefer',
): CpuPinning | null {
  if (count === 0) return { pinned: [], reserved: [] };
  const smt = hasSmt(cell);
  // NOTE(nova): `require` is meaningless without hyperthreads, so such hosts are rejected.
  if (policy === 'require' && !smt) return null;
  if (cell.pcpuset.length - cell.pinned_cpus.length < count) return null;
  const pinnedNow = new Set(cell.pinned_cpus);
  const cores = coresOf(cell).map((threads) => ({
    threads,
    free: threads.filter((cpu) => !pinnedNow.has(cpu)),
  }));
  const pinned: number[] = [];
  const reserved: number[] = [];
  if (policy === 'isolate' && smt) {
    for (const core of cores) {
      if (pinned.length === count) break;
      if (core.free.length !== core.threads.length) continue;
      pinned.push(core.threads[0] as number);
      reserved.push(...core.threads.slice(1));
    }
  } else if (policy === 'require') {
    for (const core of cores) {
      if (core.free.length !== core.threads.length || core.threads.length < 2) continue;
      for (const cpu of core.threads) if (pinned.length < count) pinned.push(cpu);
    }
  } else {
    // NOTE(nova): packing onto the emptiest cores keeps sibling threads with one guest.
    const order = cores.slice().sort((a, b) => b.free.length - a.free.length);
    for (const core of order) for (const cpu of core.free) if (pinned.length < count) pinned.push(cpu);
  }
  return pinned.length === count ? { pinned, reserved } : null;
}
