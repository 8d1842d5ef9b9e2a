/**
 * Inventory and capacity math, the one place Placement's rules live:
 * capacity = floor((total - reserved) * allocation_ratio), and an amount must
 * respect min_unit, max_unit and step_size and fit in what is left. Database
 * code loads rows and calls these; it never re-derives the formula.
 */
import type { Inventory } from './types.js';

/** Placement's largest integer field value (a MySQL INT). */
export const MAX_INT = 2147483647;

/** The defaults Placement applies to an inventory written without them. */
export const INVENTORY_DEFAULTS = {
  reserved: 0,
  min_unit: 1,
  max_unit: MAX_INT,
  step_size: 1,
  allocation_ratio: 1.0,
} as const;

/** An inventory as written by a client: only `total` is required. */
export type InventoryInput = Pick<Inventory, 'total'> & Partial<Omit<Inventory, 'total'>>;

/** Fills Placement's defaults into a partial inventory. */
export function withInventoryDefaults(input: InventoryInput): Inventory {
  return {
    total: input.total,
    reserved: input.reserved ?? INVENTORY_DEFAULTS.reserved,
    min_unit: input.min_unit ?? INVENTORY_DEFAULTS.min_unit,
    max_unit: input.max_unit ?? INVENTORY_DEFAULTS.max_unit,
    step_size: input.step_size ?? INVENTORY_DEFAULTS.step_size,
    allocation_ratio: input.allocation_ratio ?? INVENTORY_DEFAULTS.allocation_ratio,
  };
}

/** How much may be allocated in total: Placement's `Inventory.capacity`. */
export function capacity(inv: Pick<Inventory, 'total' | 'reserved' | 'allocation_ratio'>): number {
  // NOTE(float): 0.1-style ratios multiply imprecisely; the epsilon keeps
  // (10 * 1.1 = 11.000000000000002) and (3 * 0.7 = 2.0999999999999996) honest.
  return Math.floor((inv.total - inv.reserved) * inv.allocation_ratio + 1e-9);
}

export type AmountViolationKind = 'min_unit' | 'max_unit' | 'step_size' | 'capacity';

export interface AmountViolation {
  readonly kind: AmountViolationKind;
  /** The value of the inventory field, or the capacity, that was violated. */
  readonly limit: number;
  readonly amount: number;
}

/**
 * Every rule `amount` breaks when added to `used` on `inv` (empty when it
 * fits). Unit rules are reported before capacity, as Placement checks them.
 */
export function checkAmount(inv: Inventory, used: number, amount: number): AmountViolation[] {
  const out: AmountViolation[] = [];
  if (amount < inv.min_unit) out.push({ kind: 'min_unit', limit: inv.min_unit, amount });
  if (amount > inv.max_unit) out.push({ kind: 'max_unit', limit: inv.max_unit, amount });
  if (inv.step_size > 0 && amount % inv.step_size !== 0)
    out.push({ kind: 'step_size', limit: inv.step_size, amount });
  const cap = capacity(inv);
  if (used + amount > cap) out.push({ kind: 'capacity', limit: cap, amount });
  return out;
}

/** True when `amount` can be taken from `inv` with `used` already taken. */
export function fits(inv: Inventory, used: number, amount: number): boolean {
  return (
    amount >= inv.min_unit &&
    amount <= inv.max_unit &&
    (inv.step_size <= 0 || amount % inv.step_size === 0) &&
    used + amount <= capacity(inv)
  );
}

export type InventoryViolation =
  | { readonly kind: 'reserved_exceeds_total'; readonly reserved: number; readonly total: number }
  | { readonly kind: 'min_unit_exceeds_max_unit'; readonly min_unit: number; readonly max_unit: number };

/**
 * Checks an inventory's own consistency. `allowReservedEqualTotal` is
 * microversion 1.26 (reserved may equal total, giving capacity 0).
 */
export function validateInventory(inv: Inventory, allowReservedEqualTotal: boolean): InventoryViolation[] {
  const out: InventoryViolation[] = [];
  const tooMuch = allowReservedEqualTotal ? inv.reserved > inv.total : inv.reserved >= inv.total;
  if (tooMuch) out.push({ kind: 'reserved_exceeds_total', reserved: inv.reserved, total: inv.total });
  if (inv.min_unit > inv.max_unit)
    out.push({ kind: 'min_unit_exceeds_max_unit', min_unit: inv.min_unit, max_unit: inv.max_unit });
  return out;
}
