import { describe, expect, it } from 'vitest';
import { makeHostState } from '../host-state.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import {
  computeCapabilitiesFilter,
  REASON_CAPABILITY_MISMATCH,
  REASON_CAPABILITY_MISSING,
} from './compute-capabilities-filter.js';

const host = makeHostState({
  free_ram_mb: 4096,
  hypervisor_type: 'QEMU',
  cpu_info: JSON.stringify({ arch: 'x86_64', features: ['sse4', 'avx'], topology: { cores: 4 } }),
  stats: { gpu: 'yes' },
});
const spec = (extra_specs: Record<string, string>) => {
  const base = makeRequestSpec();
  return makeRequestSpec({ flavor: { ...base.flavor, extra_specs } });
};
const missing = { pass: false, reason: REASON_CAPABILITY_MISSING };
const mismatch = { pass: false, reason: REASON_CAPABILITY_MISMATCH };

describe('ComputeCapabilitiesFilter', () => {
  it.each([
    { name: 'no extra specs', specs: {}, want: { pass: true } },
    {
      name: 'other scopes ignored',
      specs: { 'hw:cpu_policy': 'dedicated', 'trait:FOO': 'required' },
      want: { pass: true },
    },
    { name: 'unknown unscoped key ignored', specs: { nonexistent: 'x' }, want: { pass: true } },
    { name: 'unscoped attribute matches', specs: { free_ram_mb: '>= 2048' }, want: { pass: true } },
    { name: 'unscoped attribute fails', specs: { free_ram_mb: '>= 8192' }, want: mismatch },
    { name: 'scoped attribute', specs: { 'capabilities:hypervisor_type': 's== QEMU' }, want: { pass: true } },
    { name: 'stats key', specs: { 'capabilities:gpu': 'yes' }, want: { pass: true } },
    { name: 'json walk', specs: { 'capabilities:cpu_info:arch': 'x86_64' }, want: { pass: true } },
    { name: 'nested json', specs: { 'capabilities:cpu_info:topology:cores': '>= 2' }, want: { pass: true } },
    {
      name: 'list membership',
      specs: { 'capabilities:cpu_info:features': '<in> avx' },
      want: { pass: true },
    },
    { name: 'list miss', specs: { 'capabilities:cpu_info:features': '<in> aes' }, want: mismatch },
    { name: 'missing capability', specs: { 'capabilities:cpu_info:vendor': 'Intel' }, want: missing },
  ])('$name', ({ specs, want }) => {
    expect(computeCapabilitiesFilter.hostPasses(host, spec(specs as Record<string, string>))).toEqual(want);
  });
});
