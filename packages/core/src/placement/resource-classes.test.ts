import { describe, expect, it } from 'vitest';
import {
  isCustomResourceClass,
  isStandardResourceClass,
  STANDARD_RESOURCE_CLASSES,
  standardResourceClassId,
} from './resource-classes.js';
import { isCustomTrait, isStandardTrait, STANDARD_TRAITS } from './standard-traits.js';

describe('resource classes', () => {
  it('has the 21 standard classes in os-resource-classes order', () => {
    expect(STANDARD_RESOURCE_CLASSES).toHaveLength(21);
    expect(standardResourceClassId('VCPU')).toBe(0);
    expect(standardResourceClassId('PCPU')).toBe(14);
    expect(standardResourceClassId('NET_PACKET_RATE_IGR_KILOPACKET_PER_SEC')).toBe(20);
    expect(standardResourceClassId('CUSTOM_X')).toBeUndefined();
  });

  it.each([
    { name: 'CUSTOM_GOLD', custom: true, standard: false },
    { name: 'CUSTOM_', custom: false, standard: false },
    { name: 'custom_gold', custom: false, standard: false },
    { name: 'MEMORY_MB', custom: false, standard: true },
  ])('$name', ({ name, custom, standard }) => {
    expect(isCustomResourceClass(name)).toBe(custom);
    expect(isStandardResourceClass(name)).toBe(standard);
  });
});

describe('standard traits', () => {
  it('includes the traits Nova reports and MISC_SHARES_VIA_AGGREGATE', () => {
    for (const t of [
      'COMPUTE_NODE',
      'COMPUTE_VOLUME_ATTACH',
      'HW_CPU_X86_AVX2',
      'MISC_SHARES_VIA_AGGREGATE',
    ]) {
      expect(isStandardTrait(t)).toBe(true);
    }
    expect(new Set(STANDARD_TRAITS).size).toBe(STANDARD_TRAITS.length);
    expect(isCustomTrait('CUSTOM_FAST')).toBe(true);
    expect(isCustomTrait('FAST')).toBe(false);
  });
});
