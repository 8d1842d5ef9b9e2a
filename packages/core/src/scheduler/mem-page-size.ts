/**
 * Guest memory page sizes (Nova's `hardware.py` MEMPAGES_* and
 * `_numa_cell_supports_pagesize_request`): `small` is the host's smallest
 * page, `large` any bigger one (largest first), `any` every size largest
 * first, and an explicit size (`2048`, `2MB`, `1GB`, KiB when bare) only itself.
 */
import { InvalidInput } from '../errors/common-errors.js';

export const MEMPAGES_SMALL = -1;
export const MEMPAGES_LARGE = -2;
export const MEMPAGES_ANY = -3;

/** One page size on a host NUMA cell (Nova's NUMAPagesTopology). */
export interface HostMemPages {
  /** Page size in KiB (4 for the small x86 page, 2048, 1048576). */
  readonly size_kb: number;
  readonly total: number;
  readonly used: number;
}

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  K: 1,
  KB: 1,
  M: 1024,
  MB: 1024,
  G: 1048576,
  GB: 1048576,
};

/** `hw:mem_page_size` as a size in KiB or one of the MEMPAGES_* constants. */
export function parseMemPageSize(text: string): number {
  const lower = text.trim().toLowerCase();
  if (lower === 'small') return MEMPAGES_SMALL;
  if (lower === 'large') return MEMPAGES_LARGE;
  if (lower === 'any') return MEMPAGES_ANY;
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? UNITS[(match[2] as string).toUpperCase()] : undefined;
  if (!match || unit === undefined || Number(match[1]) <= 0) {
    throw new InvalidInput(`Invalid memory page size '${text}'`);
  }
  return Number(match[1]) * unit;
}

/**
 * The page size (KiB) a guest cell of `memoryMb` gets on a cell with
 * `pages`, or null when the request cannot be met.
 */
export function fitMemPages(
  pages: readonly HostMemPages[],
  request: number,
  memoryMb: number,
): number | null {
  if (pages.length === 0) return null;
  const sizes = pages.map((p) => p.size_kb).sort((a, b) => a - b);
  const smallest = sizes[0] as number;
  let candidates: number[];
  if (request === MEMPAGES_SMALL) candidates = [smallest];
  else if (request === MEMPAGES_LARGE) candidates = sizes.filter((s) => s > smallest).reverse();
  else if (request === MEMPAGES_ANY) candidates = sizes.slice().reverse();
  else candidates = [request];
  const memoryKb = memoryMb * 1024;
  for (const size of candidates) {
    const page = pages.find((p) => p.size_kb === size);
    // NOTE(nova): the guest memory must be a whole number of pages and never overcommits.
    if (page && memoryKb % size === 0 && (page.total - page.used) * size >= memoryKb) return size;
  }
  return null;
}
