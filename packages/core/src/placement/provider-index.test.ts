import { describe, expect, it } from 'vitest';
import { matchProviders } from './candidates.js';
import { withInventoryDefaults } from './inventory.js';
import { ProviderIndex } from './provider-index.js';

describe('ProviderIndex', () => {
  it('exposes providers, trees, traits, aggregates and resources', () => {
    const index = ProviderIndex.build({
      providers: [
        { uuid: 'r', name: 'root', generation: 3, parent_provider_uuid: null, root_provider_uuid: 'r' },
        { uuid: 'k', name: 'kid', generation: 1, parent_provider_uuid: 'r', root_provider_uuid: 'r' },
      ],
      inventories: [
        { provider_uuid: 'k', resource_class: 'VGPU', ...withInventoryDefaults({ total: 4, reserved: 1 }) },
      ],
      usages: [{ provider_uuid: 'k', resource_class: 'VGPU', used: 2 }],
      traits: [
        { provider_uuid: 'r', trait: 'B' },
        { provider_uuid: 'r', trait: 'A' },
      ],
      aggregates: [{ provider_uuid: 'k', aggregate: 'g' }],
    });
    expect(index.size).toBe(2);
    expect(index.provider(1)).toEqual({
      uuid: 'k',
      name: 'kid',
      generation: 1,
      parent_provider_uuid: 'r',
      root_provider_uuid: 'r',
    });
    // Snapshot order (the store reads traits by id), not sorted by name.
    expect(index.traitsOf(0)).toEqual(['B', 'A']);
    expect(index.aggregatesOf(1)).toEqual(['g']);
    expect(index.resourcesOf(1).VGPU).toMatchObject({ capacity: 3, used: 2 });
    expect(index.setGeneration('r', 4)).toBe(true);
    expect(index.generation(0)).toBe(4);
    // A freed amount is subtracted in place; a class or provider without the inventory is refused.
    expect(index.addUsage('k', 'VGPU', -2)).toBe(true);
    expect(index.resourcesOf(1).VGPU).toMatchObject({ used: 0 });
    expect(index.addUsage('r', 'VGPU', -1)).toBe(false);
    expect(index.addUsage('nope', 'VGPU', 1)).toBe(false);
  });

  // Speed is measured in bench/, not here: a wall-clock bound fails under CI load.
  it('matches resources and required traits over many providers', () => {
    const n = 10_000;
    const providers = [];
    const inventories = [];
    const traits = [];
    for (let i = 0; i < n; i++) {
      const uuid = `p${i}`;
      providers.push({
        uuid,
        name: uuid,
        generation: 0,
        parent_provider_uuid: null,
        root_provider_uuid: uuid,
      });
      inventories.push({
        provider_uuid: uuid,
        resource_class: 'VCPU',
        ...withInventoryDefaults({ total: 16 }),
      });
      inventories.push({
        provider_uuid: uuid,
        resource_class: 'MEMORY_MB',
        ...withInventoryDefaults({ total: 65536 }),
      });
      if (i % 10 === 0) traits.push({ provider_uuid: uuid, trait: 'HW_CPU_X86_AVX2' });
    }
    const index = ProviderIndex.build({ providers, inventories, usages: [], traits, aggregates: [] });
    const hits = matchProviders(index, {
      resources: { VCPU: 2, MEMORY_MB: 2048 },
      required: [['HW_CPU_X86_AVX2']],
    });
    expect(hits).toHaveLength(1_000);
    expect(hits.every((i) => index.traitsOf(i).includes('HW_CPU_X86_AVX2'))).toBe(true);
    expect(matchProviders(index, { resources: { VCPU: 17 }, required: [['HW_CPU_X86_AVX2']] })).toHaveLength(
      0,
    );
  });
});
