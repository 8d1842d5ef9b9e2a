/**
 * Host CPU traits (os-traits `HW_CPU_X86_*`) from the host's CPU flags as
 * Linux names them in /proc/cpuinfo, which XenServer reports in
 * `host.cpu_info.flags`. Only flags with an os-traits name are mapped.
 */
const FLAG_TRAITS: Readonly<Record<string, string>> = {
  mmx: 'HW_CPU_X86_MMX',
  sse: 'HW_CPU_X86_SSE',
  sse2: 'HW_CPU_X86_SSE2',
  pni: 'HW_CPU_X86_SSE3',
  ssse3: 'HW_CPU_X86_SSSE3',
  sse4_1: 'HW_CPU_X86_SSE41',
  sse4_2: 'HW_CPU_X86_SSE42',
  sse4a: 'HW_CPU_X86_SSE4A',
  pclmulqdq: 'HW_CPU_X86_CLMUL',
  aes: 'HW_CPU_X86_AESNI',
  avx: 'HW_CPU_X86_AVX',
  avx2: 'HW_CPU_X86_AVX2',
  fma: 'HW_CPU_X86_FMA3',
  fma4: 'HW_CPU_X86_FMA4',
  f16c: 'HW_CPU_X86_F16C',
  bmi1: 'HW_CPU_X86_BMI',
  bmi2: 'HW_CPU_X86_BMI2',
  abm: 'HW_CPU_X86_ABM',
  tbm: 'HW_CPU_X86_TBM',
  xop: 'HW_CPU_X86_XOP',
  vmx: 'HW_CPU_X86_VMX',
  svm: 'HW_CPU_X86_SVM',
  sha_ni: 'HW_CPU_X86_SHA',
  avx512f: 'HW_CPU_X86_AVX512F',
  pdpe1gb: 'HW_CPU_X86_PDPE1GB',
};

export function cpuTraitsFromFlags(flags: string): string[] {
  const traits = new Set<string>();
  for (const flag of flags.split(/\s+/)) if (FLAG_TRAITS[flag]) traits.add(FLAG_TRAITS[flag]);
  return [...traits].sort();
}
