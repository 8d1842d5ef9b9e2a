/**
 * What the driver reads from libvirt's capabilities XML
 * (virConnectGetCapabilities): the host CPU (arch, model, vendor, topology,
 * features) for `cpu_info` and the CPU traits reported to placement, and
 * which domain types the hypervisor accepts for x86_64 guests. The XML is
 * libvirt's own, small and regular, so a few patterns read it.
 */
import { isStandardTrait } from '@novats/core';

/** libvirt CPU feature names → os-traits HW_CPU_X86_* names (as Nova's libvirt driver maps them). */
const CPU_TRAITS: Readonly<Record<string, string>> = {
  '3dnow': '3DNOW',
  abm: 'ABM',
  aes: 'AESNI',
  avx: 'AVX',
  avx2: 'AVX2',
  avx512bw: 'AVX512BW',
  avx512cd: 'AVX512CD',
  avx512dq: 'AVX512DQ',
  avx512er: 'AVX512ER',
  avx512f: 'AVX512F',
  avx512pf: 'AVX512PF',
  avx512vl: 'AVX512VL',
  avx512vnni: 'AVX512VNNI',
  avx512vbmi: 'AVX512VBMI',
  avx512ifma: 'AVX512IFMA',
  avx512vbmi2: 'AVX512VBMI2',
  avx512bitalg: 'AVX512BITALG',
  vaes: 'AVX512VAES',
  gfni: 'AVX512GFNI',
  vpclmulqdq: 'AVX512VPCLMULQDQ',
  'avx512-vpopcntdq': 'AVX512VPOPCNTDQ',
  bmi1: 'BMI',
  bmi2: 'BMI2',
  pclmuldq: 'CLMUL',
  f16c: 'F16C',
  fma: 'FMA3',
  fma4: 'FMA4',
  mmx: 'MMX',
  mpx: 'MPX',
  'sha-ni': 'SHA',
  sse: 'SSE',
  sse2: 'SSE2',
  sse3: 'SSE3',
  'sse4.1': 'SSE41',
  'sse4.2': 'SSE42',
  sse4a: 'SSE4A',
  ssse3: 'SSSE3',
  svm: 'SVM',
  tbm: 'TBM',
  vmx: 'VMX',
  xop: 'XOP',
  pdpe1gb: 'PDPE1GB',
  stibp: 'STIBP',
};

export interface HostCpu {
  readonly arch: string;
  readonly model: string | null;
  readonly vendor: string | null;
  readonly topology: { sockets: number; cores: number; threads: number } | null;
  readonly features: readonly string[];
}

export interface HostCapabilities {
  readonly cpu: HostCpu;
  /** Domain types (`qemu`, `kvm`, `test`) offered for hvm guests of the host's arch. */
  readonly domainTypes: readonly string[];
}

export function parseCapabilities(xml: string): HostCapabilities {
  const hostCpu = /<host>[\s\S]*?<cpu>([\s\S]*?)<\/cpu>/.exec(xml)?.[1] ?? '';
  const arch = /<arch>([^<]+)<\/arch>/.exec(hostCpu)?.[1] ?? 'x86_64';
  const topo = /<topology\s+([^>]*)\/>/.exec(hostCpu)?.[1];
  const attr = (s: string, name: string) => Number(new RegExp(`${name}=['"](\\d+)['"]`).exec(s)?.[1] ?? 1);
  const features = [...hostCpu.matchAll(/<feature\s+name=['"]([^'"]+)['"]/g)].map((m) => m[1]);
  const domainTypes = new Set<string>();
  for (const guest of xml.matchAll(/<guest>([\s\S]*?)<\/guest>/g)) {
    if (!/<os_type>hvm<\/os_type>/.test(guest[1])) continue;
    if (!new RegExp(`<arch\\s+name=['"]${arch}['"]`).test(guest[1])) continue;
    for (const d of guest[1].matchAll(/<domain\s+type=['"]([^'"]+)['"]/g)) domainTypes.add(d[1]);
  }
  return {
    cpu: {
      arch,
      model: /<model>([^<]+)<\/model>/.exec(hostCpu)?.[1] ?? null,
      vendor: /<vendor>([^<]+)<\/vendor>/.exec(hostCpu)?.[1] ?? null,
      topology: topo
        ? { sockets: attr(topo, 'sockets'), cores: attr(topo, 'cores'), threads: attr(topo, 'threads') }
        : null,
      features,
    },
    domainTypes: [...domainTypes],
  };
}

/**
 * The os-traits of the host CPU. libvirt lists only the features beyond the
 * named model's, so the model's baseline features come from `modelFeatures`
 * (empty when unknown; the traits are then a lower bound, as in Nova).
 */
export function cpuTraits(cpu: HostCpu, modelFeatures: readonly string[] = []): string[] {
  if (cpu.arch !== 'x86_64' && cpu.arch !== 'i686') return [];
  const traits = new Set<string>();
  for (const feature of [...modelFeatures, ...cpu.features]) {
    const trait = CPU_TRAITS[feature];
    if (trait) traits.add(`HW_CPU_X86_${trait}`);
  }
  // NOTE(placement): only traits placement's catalogue knows, so that setting them never fails the report.
  return [...traits].filter(isStandardTrait).sort();
}

/** Nova's `cpu_info` JSON of a compute node. */
export function cpuInfoJson(cpu: HostCpu): string {
  return JSON.stringify({
    arch: cpu.arch,
    model: cpu.model,
    vendor: cpu.vendor,
    topology: cpu.topology ?? { sockets: 1, cores: 1, threads: 1 },
    features: [...cpu.features].sort(),
  });
}
