/**
 * Pure validation of a claim: a set of allocations checked against the
 * inventories and usages of the providers involved. Usages must exclude what
 * the consumers being replaced already hold. Unit rules (min_unit, max_unit,
 * step_size) apply to each allocation; capacity applies to their sum per
 * provider and class, since one POST /allocations may hit a provider twice.
 */
import { capacity, checkAmount } from './inventory.js';
import type { Inventory } from './types.js';

export interface AllocationItem {
  readonly provider_uuid: string;
  readonly resource_class: string;
  readonly used: number;
}

/** What the store read for one provider, inside the claim's transaction. */
export interface ProviderClaimState {
  readonly inventories: Readonly<Record<string, Inventory>>;
  /** Usage per class by consumers other than those being written. */
  readonly usages: Readonly<Record<string, number>>;
}

export type AllocationViolation =
  | { readonly kind: 'unknown_provider'; readonly provider_uuid: string }
  | { readonly kind: 'no_inventory'; readonly provider_uuid: string; readonly resource_class: string }
  | {
      readonly kind: 'min_unit' | 'max_unit' | 'step_size' | 'capacity';
      readonly provider_uuid: string;
      readonly resource_class: string;
      readonly amount: number;
      readonly limit: number;
    };

/** Every violation of `items` against `providers` (empty when the claim fits). */
export function validateAllocations(
  items: readonly AllocationItem[],
  providers: ReadonlyMap<string, ProviderClaimState>,
): AllocationViolation[] {
  const out: AllocationViolation[] = [];
  const sums = new Map<string, { provider_uuid: string; resource_class: string; used: number }>();
  for (const item of items) {
    const state = providers.get(item.provider_uuid);
    if (!state) {
      out.push({ kind: 'unknown_provider', provider_uuid: item.provider_uuid });
      continue;
    }
    const inv = state.inventories[item.resource_class];
    if (!inv) {
      out.push({
        kind: 'no_inventory',
        provider_uuid: item.provider_uuid,
        resource_class: item.resource_class,
      });
      continue;
    }
    for (const v of checkAmount(inv, 0, item.used)) {
      if (v.kind !== 'capacity')
        out.push({ ...v, provider_uuid: item.provider_uuid, resource_class: item.resource_class });
    }
    const key = `${item.provider_uuid}\u0000${item.resource_class}`;
    const sum = sums.get(key);
    if (sum) sum.used += item.used;
    else
      sums.set(key, {
        provider_uuid: item.provider_uuid,
        resource_class: item.resource_class,
        used: item.used,
      });
  }
  for (const s of sums.values()) {
    const state = providers.get(s.provider_uuid)!;
    const inv = state.inventories[s.resource_class]!;
    const cap = capacity(inv);
    if ((state.usages[s.resource_class] ?? 0) + s.used > cap) {
      out.push({
        kind: 'capacity',
        provider_uuid: s.provider_uuid,
        resource_class: s.resource_class,
        amount: s.used,
        limit: cap,
      });
    }
  }
  return out;
}

/** Placement's wording for a violation (the part after "Unable to allocate inventory: "). */
export function describeAllocationViolation(v: AllocationViolation): string {
  switch (v.kind) {
    case 'unknown_provider':
      return `No such resource provider ${v.provider_uuid}`;
    case 'no_inventory':
      return `Inventory for '${v.resource_class}' on resource provider '${v.provider_uuid}' invalid.`;
    case 'capacity':
      return (
        `Unable to create allocation for '${v.resource_class}' on resource provider '${v.provider_uuid}'. ` +
        'The requested amount would exceed the capacity.'
      );
    default:
      return (
        `Unable to create allocation for '${v.resource_class}' on resource provider '${v.provider_uuid}'. ` +
        'The requested amount would violate inventory constraints.'
      );
  }
}
