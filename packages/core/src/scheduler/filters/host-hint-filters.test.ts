import { describe, expect, it } from 'vitest';
import { makeHostState } from '../host-state.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { differentHostFilter, REASON_NOT_DIFFERENT_HOST } from './different-host-filter.js';
import { REASON_NOT_SAME_HOST, sameHostFilter } from './same-host-filter.js';
import { inNetwork, REASON_OUTSIDE_CIDR, simpleCidrAffinityFilter } from './simple-cidr-affinity-filter.js';

const host = makeHostState({ instances: ['a', 'b'], host_ip: '10.0.1.20' });

describe('SameHostFilter and DifferentHostFilter', () => {
  it.each([
    { hint: undefined, same: true, different: true },
    { hint: [], same: true, different: true },
    { hint: ['a'], same: true, different: false },
    { hint: ['x', 'b'], same: true, different: false },
    { hint: ['x'], same: false, different: true },
  ])('hint $hint', ({ hint, same, different }) => {
    const spec = makeRequestSpec({
      scheduler_hints: hint === undefined ? {} : { same_host: hint, different_host: hint },
    });
    expect(sameHostFilter.hostPasses(host, spec)).toEqual(
      same ? { pass: true } : { pass: false, reason: REASON_NOT_SAME_HOST },
    );
    expect(differentHostFilter.hostPasses(host, spec)).toEqual(
      different ? { pass: true } : { pass: false, reason: REASON_NOT_DIFFERENT_HOST },
    );
  });
});

describe('SimpleCIDRAffinityFilter', () => {
  it.each([
    { hints: {}, want: true },
    { hints: { build_near_host_ip: ['10.0.1.1'] }, want: true },
    { hints: { build_near_host_ip: ['10.0.2.1'] }, want: false },
    { hints: { build_near_host_ip: ['10.0.2.1'], cidr: ['/16'] }, want: true },
    { hints: { build_near_host_ip: ['10.0.1.1'], cidr: ['/32'] }, want: false },
    { hints: { build_near_host_ip: ['fd00::1'] }, want: false },
  ])('$hints', ({ hints, want }) => {
    expect(
      simpleCidrAffinityFilter.hostPasses(
        host,
        makeRequestSpec({ scheduler_hints: hints as Record<string, string[]> }),
      ),
    ).toEqual(want ? { pass: true } : { pass: false, reason: REASON_OUTSIDE_CIDR });
  });

  it('handles IPv6 prefixes', () => {
    expect(inNetwork('fd00:0:0:1::5', 'fd00::', 48)).toBe(true);
    expect(inNetwork('fd00:0:1::5', 'fd00::', 48)).toBe(false);
  });
});
