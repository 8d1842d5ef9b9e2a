import { describe, expect, it } from 'vitest';
import { main as capacityPlanning } from './capacity-planning.js';
import { main as customScheduler } from './custom-scheduler.js';

describe('examples', () => {
  it('custom-scheduler: the custom filter and weigher take part in the decisions', async () => {
    const lines = await customScheduler();
    console.log(lines.join('\n'));
    // rack2-a is in maintenance (custom filter), rack2-b disabled (ComputeFilter):
    // newer rack1-b wins: generation x 2.0 outweighs rack1-a's larger free RAM x 1.0.
    expect(lines).toEqual([
      'vm-1 -> rack1-b (alternates: rack1-a)',
      'vm-2 -> rack1-b (alternates: rack1-a)',
      'vm-3 -> rack1-b (alternates: rack1-a)',
    ]);
  });

  it('capacity-planning: reports how many fit, where, and why the rest did not', async () => {
    const lines = await capacityPlanning();
    console.log(lines.join('\n'));
    // 16 + 8 GiB: spreading puts 3 m1.medium on cmp1 and 1 on cmp2, leaving 4 GiB on each,
    // so no m1.large (8 GiB) fits although 8 GiB are free in total: fragmentation shows.
    expect(lines[0]).toBe('placed 4 of 7');
    expect(lines).toContain('  cmp1: 3');
    expect(lines).toContain('  cmp2: 1');
    expect(lines.filter((l) => l.startsWith('  no host for req-'))).toHaveLength(3);
    expect(lines.at(-1)).toMatch(
      /CapacityFilter \(not enough RAM, vCPU or disk\).*ComputeFilter \(service disabled\)/,
    );
  });
});
