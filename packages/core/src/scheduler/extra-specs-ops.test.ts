import { describe, expect, it } from 'vitest';
import { matchExtraSpec } from './extra-specs-ops.js';

describe('matchExtraSpec', () => {
  it.each([
    { value: '1', req: '1', want: true },
    { value: '1', req: '2', want: false },
    { value: 'x86_64', req: 'x86_64', want: true },
    { value: '8', req: '= 4', want: true },
    { value: '2', req: '= 4', want: false },
    { value: '4', req: '== 4', want: true },
    { value: '4.0', req: '== 4', want: true },
    { value: '5', req: '!= 4', want: true },
    { value: '3', req: '>= 4', want: false },
    { value: '3', req: '<= 4', want: true },
    { value: 'abc', req: '>= 4', want: false },
    { value: 'kvm', req: 's== kvm', want: true },
    { value: 'kvm', req: 's!= kvm', want: false },
    { value: 'abc', req: 's< abd', want: true },
    { value: 'abc', req: 's>= abd', want: false },
    { value: 'sse4 avx', req: '<in> avx', want: true },
    { value: 'sse4', req: '<in> avx', want: false },
    { value: 'sse4 avx aes', req: '<all-in> avx aes', want: true },
    { value: 'sse4 avx', req: '<all-in> avx aes', want: false },
    { value: 'b', req: '<or> a <or> b', want: true },
    { value: 'c', req: '<or> a <or> b', want: false },
  ])('$value vs "$req" -> $want', ({ value, req, want }) => {
    expect(matchExtraSpec(value, req)).toBe(want);
  });
});
