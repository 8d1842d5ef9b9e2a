/**
 * Host CPU traits (os-traits `HW_CPU_X86_*`) from CPUID register values,
 * as vSphere reports them in `HostHardwareInfo.cpuFeature` (bit strings
 * such as `0000:1111:1010:...`, bit 31 first). Only the flags with an
 * os-traits name are mapped.
 */

/** [CPUID leaf, register, bit, trait]. Bits from the Intel SDM's CPUID tables. */
const CPUID_TRAITS: readonly (readonly [number, 'ecx' | 'edx' | 'ebx', number, string])[] = [
  [1, 'edx', 23, 'HW_CPU_X86_MMX'],
  [1, 'edx', 25, 'HW_CPU_X86_SSE'],
  [1, 'edx', 26, 'HW_CPU_X86_SSE2'],
  [1, 'ecx', 0, 'HW_CPU_X86_SSE3'],
  [1, 'ecx', 1, 'HW_CPU_X86_CLMUL'],
  [1, 'ecx', 5, 'HW_CPU_X86_VMX'],
  [1, 'ecx', 9, 'HW_CPU_X86_SSSE3'],
  [1, 'ecx', 12, 'HW_CPU_X86_FMA3'],
  [1, 'ecx', 19, 'HW_CPU_X86_SSE41'],
  [1, 'ecx', 20, 'HW_CPU_X86_SSE42'],
  [1, 'ecx', 25, 'HW_CPU_X86_AESNI'],
  [1, 'ecx', 28, 'HW_CPU_X86_AVX'],
  [1, 'ecx', 29, 'HW_CPU_X86_F16C'],
  [7, 'ebx', 3, 'HW_CPU_X86_BMI'],
  [7, 'ebx', 5, 'HW_CPU_X86_AVX2'],
  [7, 'ebx', 8, 'HW_CPU_X86_BMI2'],
  [7, 'ebx', 16, 'HW_CPU_X86_AVX512F'],
  [7, 'ebx', 29, 'HW_CPU_X86_SHA'],
];

/** One CPUID leaf: register values as numbers. */
export interface CpuidLeaf {
  readonly level: number;
  readonly eax: number;
  readonly ebx: number;
  readonly ecx: number;
  readonly edx: number;
}

/** vSphere's `0000:1111:...` register notation as a number (bit 31 first). */
export function parseCpuidBits(bits: string): number {
  const digits = bits.replace(/:/g, '');
  return /^[01]{32}$/.test(digits) ? Number.parseInt(digits, 2) >>> 0 : 0;
}

/** The os-traits names the CPUID leaves show, sorted. */
export function cpuTraitsFromCpuid(leaves: readonly CpuidLeaf[]): string[] {
  const traits = new Set<string>();
  for (const [level, register, bit, trait] of CPUID_TRAITS) {
    const leaf = leaves.find((l) => l.level === level);
    if (leaf && ((leaf[register] >>> bit) & 1) === 1) traits.add(trait);
  }
  return [...traits].sort();
}
