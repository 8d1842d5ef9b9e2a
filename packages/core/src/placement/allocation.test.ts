import { describe, expect, it } from 'vitest';
import { describeAllocationViolation, type ProviderClaimState, validateAllocations } from './allocation.js';
import { withInventoryDefaults } from './inventory.js';

const providers = new Map<string, ProviderClaimState>([
  [
    'rp1',
    {
      inventories: {
        VCPU: withInventoryDefaults({ total: 4 }),
        DISK_GB: withInventoryDefaults({ total: 100, step_size: 10 }),
      },
      usages: { VCPU: 2 },
    },
  ],
]);

describe('validateAllocations', () => {
  it.each([
    { name: 'fits', items: [{ provider_uuid: 'rp1', resource_class: 'VCPU', used: 2 }], want: [] },
    {
      name: 'over capacity',
      items: [{ provider_uuid: 'rp1', resource_class: 'VCPU', used: 3 }],
      want: ['capacity'],
    },
    {
      name: 'capacity counts the sum of items',
      items: [
        { provider_uuid: 'rp1', resource_class: 'VCPU', used: 1 },
        { provider_uuid: 'rp1', resource_class: 'VCPU', used: 2 },
      ],
      want: ['capacity'],
    },
    {
      name: 'step size',
      items: [{ provider_uuid: 'rp1', resource_class: 'DISK_GB', used: 15 }],
      want: ['step_size'],
    },
    {
      name: 'no inventory',
      items: [{ provider_uuid: 'rp1', resource_class: 'MEMORY_MB', used: 1 }],
      want: ['no_inventory'],
    },
    {
      name: 'unknown provider',
      items: [{ provider_uuid: 'rp9', resource_class: 'VCPU', used: 1 }],
      want: ['unknown_provider'],
    },
  ])('$name', ({ items, want }) => {
    expect(validateAllocations(items, providers).map((v) => v.kind)).toEqual(want);
  });

  it('words violations as Placement does', () => {
    const [v] = validateAllocations([{ provider_uuid: 'rp1', resource_class: 'VCPU', used: 3 }], providers);
    expect(describeAllocationViolation(v!)).toBe(
      "Unable to create allocation for 'VCPU' on resource provider 'rp1'. The requested amount would exceed the capacity.",
    );
  });
});
