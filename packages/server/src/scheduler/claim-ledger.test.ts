import { makeHostState } from '@novats/core';
import { describe, expect, it } from 'vitest';
import { ClaimLedger } from './claim-ledger.js';

const host = (uuid: string) =>
  makeHostState({ host: uuid, uuid, free_ram_mb: 8192, free_disk_mb: 100 * 1024, vcpus_used: 2 });
const request = (uuid: string) => ({
  allocations: { [uuid]: { resources: { MEMORY_MB: 512, DISK_GB: 1, VCPU: 1 } } },
  mappings: {},
});

describe('ClaimLedger', () => {
  it('counts claims in flight and claims settled after the answer was asked for', () => {
    let now = 0;
    const ledger = new ClaimLedger(() => now);
    const before = ledger.begin(request('a'));
    now = 1;
    ledger.settle(before, true);
    now = 2;
    const since = ledger.mark();
    ledger.begin(request('a')); // in flight
    const after = ledger.begin(request('b'));
    now = 3;
    ledger.settle(after, true); // settled after `since`
    const [a, b, c] = ledger.apply([host('a'), host('b'), host('c')], since);
    expect(a).toMatchObject({ free_ram_mb: 8192 - 512, free_disk_mb: 99 * 1024, vcpus_used: 3 });
    expect(b).toMatchObject({ free_ram_mb: 8192 - 512, vcpus_used: 3 });
    expect(c).toMatchObject({ free_ram_mb: 8192, vcpus_used: 2 });
  });

  it('forgets refused claims and claims older than any answer can miss', () => {
    let now = 0;
    const ledger = new ClaimLedger(() => now);
    const refused = ledger.begin(request('a'));
    ledger.settle(refused, false);
    const granted = ledger.begin(request('a'));
    ledger.settle(granted, true);
    expect(ledger.apply([host('a')], -1)[0].free_ram_mb).toBe(8192 - 512);
    now = 60_000;
    expect(ledger.apply([host('a')], -1)[0].free_ram_mb).toBe(8192);
  });
});
