import { describe, expect, it } from 'vitest';
import type { Instance, InstanceAddress } from '../objects/instance.js';
import { hasRegexFilters, type InstanceRegexFilters, instanceRegexMatcher } from './instance-list-filters.js';

const fixed = (addr: string, version: 4 | 6): InstanceAddress => ({
  network: 'private',
  addr,
  version,
  type: 'fixed',
  mac_addr: 'fa:16:3e:00:00:01',
});

const instance = {
  availability_zone: 'nova',
  key_name: null,
  config_drive: '',
  created_at: '2026-11-30T15:04:05.123Z',
  launched_at: null,
  terminated_at: null,
  power_state: 1,
  progress: 0,
  addresses: [fixed('10.0.0.5', 4), fixed('fd00::5', 6), { ...fixed('172.24.4.9', 4), type: 'floating' }],
} as unknown as Instance;

describe('instanceRegexMatcher', () => {
  it.each<{ name: string; f: InstanceRegexFilters; want: boolean }>([
    { name: 'az substring, any case', f: { regex: { availability_zone: 'OV' } }, want: true },
    { name: 'az miss', f: { regex: { availability_zone: '^zone' } }, want: false },
    { name: 'null column never matches', f: { regex: { key_name: '.*' } }, want: false },
    {
      name: 'empty config_drive matches an empty-matching regex',
      f: { regex: { config_drive: '^$' } },
      want: true,
    },
    {
      name: 'created_at as the database text',
      f: { regex: { created_at: '^2026-11-30 15:04:05$' } },
      want: true,
    },
    { name: 'power_state as text', f: { regex: { power_state: '^1$' } }, want: true },
    { name: 'ip at the start', f: { ip: '10\\.0\\.' }, want: true },
    { name: 'ip is not a substring search', f: { ip: '0\\.0\\.5' }, want: false },
    { name: 'ip skips floating addresses', f: { ip: '172\\.' }, want: false },
    { name: 'ip6', f: { ip6: 'fd00:' }, want: true },
    { name: 'ip6 does not look at IPv4', f: { ip6: '10' }, want: false },
    { name: 'either ip or ip6', f: { ip: '192', ip6: 'fd' }, want: true },
  ])('$name', ({ f, want }) => {
    expect(hasRegexFilters(f)).toBe(true);
    expect(instanceRegexMatcher(f)(instance)).toBe(want);
  });

  it('lets a build request through on an empty attribute', () => {
    expect(instanceRegexMatcher({ regex: { key_name: 'k' } }, { skipEmpty: true })(instance)).toBe(true);
  });

  it('rejects a pattern that is not a regex with InvalidInput', () => {
    expect(() => instanceRegexMatcher({ ip: '(' })).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('has no filter when none is set', () => {
    expect(hasRegexFilters({ regex: {} })).toBe(false);
  });
});
