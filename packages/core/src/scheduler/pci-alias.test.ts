import { describe, expect, it } from 'vitest';
import { resolveSchedulerOptions } from './options.js';
import { parsePciAliases, pciRequestsFromFlavor } from './pci-alias.js';
import { makeRequestSpec } from './request-spec-builder.js';

describe('parsePciAliases', () => {
  it('parses entries and keeps same-name entries as alternatives', () => {
    const aliases = parsePciAliases([
      '{"name": "nic", "vendor_id": "8086", "product_id": "1520", "device_type": "type-VF"}',
      '{"name": "nic", "vendor_id": "8086", "product_id": "154c", "device_type": "type-VF"}',
    ]);
    const flavor = { ...makeRequestSpec().flavor, extra_specs: { 'pci_passthrough:alias': 'nic:2' } };
    expect(pciRequestsFromFlavor(flavor, aliases)).toEqual({
      requests: [
        {
          count: 2,
          alias_name: 'nic',
          numa_policy: 'legacy',
          spec: [
            { vendor_id: '8086', product_id: '1520', dev_type: 'type-VF' },
            { vendor_id: '8086', product_id: '154c', dev_type: 'type-VF' },
          ],
        },
      ],
    });
  });

  it.each([
    { name: 'not JSON', entry: ['{name: x}'], error: /not JSON/ },
    { name: 'no name', entry: ['{"vendor_id": "8086"}'], error: /needs a name/ },
    { name: 'bad vendor', entry: ['{"name": "a", "vendor_id": "80861"}'], error: /4 hex digits/ },
    { name: 'bad device_type', entry: ['{"name": "a", "device_type": "type-X"}'], error: /device_type/ },
    { name: 'bad numa_policy', entry: ['{"name": "a", "numa_policy": "socketish"}'], error: /numa_policy/ },
    {
      name: 'conflicting policies under one name',
      entry: ['{"name": "a", "numa_policy": "required"}', '{"name": "a", "numa_policy": "preferred"}'],
      error: /conflicting/,
    },
  ])('rejects $name', ({ entry, error }) => {
    expect(() => parsePciAliases(entry)).toThrow(error);
    expect(() => resolveSchedulerOptions({ pci: { alias: entry } })).toThrow(error);
  });
});
