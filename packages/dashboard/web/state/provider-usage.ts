/**
 * Placement's view of a host: for each resource class, its capacity
 * (`(total - reserved) * allocation_ratio`, as placement computes it) and
 * what allocations use of it.
 */

export interface Inventory {
  readonly total: number;
  readonly reserved: number;
  readonly allocation_ratio: number;
}

export interface ClassUsage {
  readonly resourceClass: string;
  readonly used: number;
  readonly capacity: number;
}

export interface ProviderUsage {
  readonly uuid: string;
  readonly name: string;
  readonly classes: ClassUsage[];
}

export function capacityOf(inv: Inventory): number {
  return Math.floor((inv.total - inv.reserved) * inv.allocation_ratio);
}

export function providerUsage(
  provider: { uuid: string; name: string },
  inventories: Record<string, Inventory>,
  usages: Record<string, number>,
): ProviderUsage {
  const classes = Object.keys(inventories)
    .sort()
    .map((rc) => ({ resourceClass: rc, used: usages[rc] ?? 0, capacity: capacityOf(inventories[rc]) }));
  return { uuid: provider.uuid, name: provider.name, classes };
}

/** The used fraction of a class on a provider (null: the provider has no such inventory). */
export function usedFraction(p: ProviderUsage, resourceClass: string): number | null {
  const c = p.classes.find((x) => x.resourceClass === resourceClass);
  if (!c) return null;
  return c.capacity > 0 ? c.used / c.capacity : 0;
}
