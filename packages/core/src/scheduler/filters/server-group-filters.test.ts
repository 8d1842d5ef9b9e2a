import { describe, expect, it } from 'vitest';
import type { RequestInstanceGroup } from '../../objects/request-spec.js';
import { makeHostState } from '../host-state.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { REASON_GROUP_AFFINITY, serverGroupAffinityFilter } from './server-group-affinity-filter.js';
import {
  REASON_GROUP_ANTI_AFFINITY,
  serverGroupAntiAffinityFilter,
} from './server-group-anti-affinity-filter.js';

const group = (policy: string, extra: Partial<RequestInstanceGroup> = {}): RequestInstanceGroup => ({
  policy,
  hosts: [],
  members: ['m1', 'm2', 'm3'],
  ...extra,
});

describe('ServerGroupAffinityFilter', () => {
  it.each([
    { name: 'no group', group: null, host: 'h1', want: { pass: true } },
    {
      name: 'other policy',
      group: group('anti-affinity', { hosts: ['h2'] }),
      host: 'h1',
      want: { pass: true },
    },
    { name: 'first member goes anywhere', group: group('affinity'), host: 'h1', want: { pass: true } },
    {
      name: 'host of the group',
      group: group('affinity', { hosts: ['h1'] }),
      host: 'h1',
      want: { pass: true },
    },
    {
      name: 'other host',
      group: group('affinity', { hosts: ['h2'] }),
      host: 'h1',
      want: { pass: false, reason: REASON_GROUP_AFFINITY },
    },
  ])('$name', ({ group, host, want }) => {
    expect(
      serverGroupAffinityFilter.hostPasses(
        makeHostState({ host }),
        makeRequestSpec({ instance_group: group }),
      ),
    ).toEqual(want);
  });
});

describe('ServerGroupAntiAffinityFilter', () => {
  const crowded = { pass: false, reason: REASON_GROUP_ANTI_AFFINITY };
  it.each([
    { name: 'no group', group: null, instances: ['m1'], want: { pass: true } },
    {
      name: 'soft policy is not enforced',
      group: group('soft-anti-affinity'),
      instances: ['m1'],
      want: { pass: true },
    },
    { name: 'empty host', group: group('anti-affinity'), instances: [], want: { pass: true } },
    { name: 'non-members only', group: group('anti-affinity'), instances: ['x'], want: { pass: true } },
    { name: 'a member already there', group: group('anti-affinity'), instances: ['m1'], want: crowded },
    {
      name: 'own host on a move',
      group: group('anti-affinity'),
      instances: ['m1', 'self'],
      want: { pass: true },
    },
    {
      name: 'max_server_per_host=2 allows a second',
      group: group('anti-affinity', { rules: { max_server_per_host: 2 } }),
      instances: ['m1'],
      want: { pass: true },
    },
    {
      name: 'max_server_per_host=2 refuses a third',
      group: group('anti-affinity', { rules: { max_server_per_host: 2 } }),
      instances: ['m1', 'm2'],
      want: crowded,
    },
  ])('$name', ({ group, instances, want }) => {
    const spec = makeRequestSpec({ instance_uuid: 'self', instance_group: group });
    expect(serverGroupAntiAffinityFilter.hostPasses(makeHostState({ instances }), spec)).toEqual(want);
  });
});
