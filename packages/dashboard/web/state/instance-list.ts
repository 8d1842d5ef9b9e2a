/**
 * The instances table's data: the full list once, then only what changed
 * (`changes-since`, at most every 2 s) merged in; deleted servers drop out.
 * Filtering and paging are pure functions over the merged list.
 */

export interface Server {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly updated: string;
  readonly created?: string;
  readonly tenant_id?: string;
  readonly progress?: number;
  readonly flavor?: { original_name?: string; vcpus?: number; ram?: number; id?: string };
  readonly image?: { id?: string } | string;
  readonly addresses?: Record<string, { addr: string }[]>;
  readonly key_name?: string | null;
  readonly fault?: { code: number; message: string };
  readonly 'OS-EXT-STS:vm_state'?: string;
  readonly 'OS-EXT-STS:task_state'?: string | null;
  readonly 'OS-EXT-STS:power_state'?: number;
  readonly 'OS-EXT-SRV-ATTR:host'?: string | null;
  readonly 'OS-EXT-AZ:availability_zone'?: string;
  readonly 'OS-SRV-USG:launched_at'?: string | null;
  readonly locked?: boolean;
}

/** Merges a changes-since answer into the list (by id); DELETED servers are removed. Newest first. */
export function mergeChanges(list: readonly Server[], changes: readonly Server[]): Server[] {
  if (changes.length === 0) return list as Server[];
  const byId = new Map(list.map((s) => [s.id, s]));
  for (const c of changes) {
    if (c.status === 'DELETED' || c.status === 'SOFT_DELETED') byId.delete(c.id);
    else byId.set(c.id, c);
  }
  return sortNewestFirst([...byId.values()]);
}

export function sortNewestFirst(list: Server[]): Server[] {
  return list.sort(
    (a, b) => (b.created ?? '').localeCompare(a.created ?? '') || a.name.localeCompare(b.name),
  );
}

/** The `changes-since` to ask with next: the newest `updated` seen (Nova compares `updated_at >=`). */
export function nextChangesSince(previous: string | null, changes: readonly Server[]): string | null {
  let newest = previous;
  for (const c of changes) if (!newest || c.updated > newest) newest = c.updated;
  return newest;
}

export interface InstanceFilter {
  /** Substring of the name, id or an address (case-insensitive). */
  readonly text: string;
  /** A status (ACTIVE, SHUTOFF, ...), or '' for all. */
  readonly status: string;
}

export function filterServers(list: readonly Server[], f: InstanceFilter): Server[] {
  const text = f.text.trim().toLowerCase();
  return list.filter((s) => {
    if (f.status && s.status !== f.status) return false;
    if (!text) return true;
    if (s.name.toLowerCase().includes(text) || s.id.includes(text)) return true;
    return Object.values(s.addresses ?? {}).some((a) => a.some((x) => x.addr.includes(text)));
  });
}

export interface Page<T> {
  readonly items: T[];
  readonly page: number;
  readonly pages: number;
}

/** One page (0-based, clamped to the last page). */
export function pageOf<T>(list: readonly T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(list.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: list.slice(p * size, (p + 1) * size), page: p, pages };
}
