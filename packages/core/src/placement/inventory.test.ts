import { describe, expect, it } from 'vitest';
import {
  capacity,
  checkAmount,
  fits,
  MAX_INT,
  validateInventory,
  withInventoryDefaults,
} from './inventory.js';

describe('inventory math', () => {
  it('fills Placement defaults', () => {
    expect(withInventoryDefaults({ total: 8 })).toEqual({
      total: 8,
      reserved: 0,
      min_unit: 1,
      max_unit: MAX_INT,
      step_size: 1,
      allocation_ratio: 1,
    });
  });

  it.each([
    { total: 8, reserved: 0, allocation_ratio: 16, want: 128 },
    { total: 2048, reserved: 512, allocation_ratio: 1.5, want: 2304 },
    { total: 10, reserved: 0, allocation_ratio: 1.1, want: 11 },
    { total: 3, reserved: 0, allocation_ratio: 0.7, want: 2 },
    { total: 5, reserved: 5, allocation_ratio: 1, want: 0 },
  ])('capacity($total, $reserved, $allocation_ratio) = $want', ({ want, ...inv }) => {
    expect(capacity(inv)).toBe(want);
  });

  const inv = withInventoryDefaults({ total: 10, min_unit: 2, max_unit: 6, step_size: 2 });
  it.each([
    { used: 0, amount: 4, want: [] },
    { used: 0, amount: 1, want: ['min_unit', 'step_size'] },
    { used: 0, amount: 8, want: ['max_unit'] },
    { used: 0, amount: 3, want: ['step_size'] },
    { used: 8, amount: 4, want: ['capacity'] },
    { used: 6, amount: 4, want: [] },
  ])('checkAmount(used=$used, amount=$amount) -> $want', ({ used, amount, want }) => {
    expect(checkAmount(inv, used, amount).map((v) => v.kind)).toEqual(want);
    expect(fits(inv, used, amount)).toBe(want.length === 0);
  });

  it('reports the capacity as the limit', () => {
    expect(checkAmount(inv, 8, 4)).toEqual([{ kind: 'capacity', limit: 10, amount: 4 }]);
  });

  it('lets reserved equal total only from 1.26', () => {
    const full = withInventoryDefaults({ total: 4, reserved: 4 });
    expect(validateInventory(full, false).map((v) => v.kind)).toEqual(['reserved_exceeds_total']);
    expect(validateInventory(full, true)).toEqual([]);
    expect(
      validateInventory(withInventoryDefaults({ total: 4, min_unit: 5, max_unit: 2 }), true)[0]?.kind,
    ).toBe('min_unit_exceeds_max_unit');
  });
});
