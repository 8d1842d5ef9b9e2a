import { describe, expect, it } from 'vitest';
import { type HostService, makeHostState } from '../host-state.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { allHostsFilter } from './all-hosts-filter.js';
import {
  computeFilter,
  REASON_SERVICE_DISABLED,
  REASON_SERVICE_DOWN,
  REASON_SERVICE_FORCED_DOWN,
} from './compute-filter.js';

const up: HostService = { disabled: false, disabled_reason: null, is_up: true, forced_down: false };

describe('ComputeFilter', () => {
  it.each([
    { name: 'enabled and up', service: up, want: { pass: true } },
    {
      name: 'disabled',
      service: { ...up, disabled: true, disabled_reason: 'maint' },
      want: { pass: false, reason: REASON_SERVICE_DISABLED },
    },
    { name: 'down', service: { ...up, is_up: false }, want: { pass: false, reason: REASON_SERVICE_DOWN } },
    {
      name: 'forced down',
      service: { ...up, forced_down: true },
      want: { pass: false, reason: REASON_SERVICE_FORCED_DOWN },
    },
    {
      name: 'disabled wins over down',
      service: { ...up, disabled: true, is_up: false },
      want: { pass: false, reason: REASON_SERVICE_DISABLED },
    },
  ])('$name', ({ service, want }) => {
    expect(computeFilter.hostPasses(makeHostState({ service }), makeRequestSpec())).toEqual(want);
  });

  it('carries Nova flags and name', () => {
    expect(computeFilter).toMatchObject({ name: 'ComputeFilter', runOnRebuild: false, oncePerRequest: true });
  });
});

describe('AllHostsFilter', () => {
  it('passes even a disabled, down host', () => {
    const host = makeHostState({ service: { ...up, disabled: true, is_up: false } });
    expect(allHostsFilter.hostPasses(host, makeRequestSpec())).toEqual({ pass: true });
  });
});
