import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../context/request-context.js';
import { makeInstance } from '../objects/instance-builder.js';
import {
  instanceExistsPayload,
  instanceUpdateChange,
  instanceUpdatePayload,
  legacyInstanceExistsInfo,
  legacyInstanceUpdateInfo,
} from './instance-usage-payload.js';

const ctx: RequestContext = {
  request_id: 'req-1',
  user_id: 'u1',
  project_id: 'p1',
  roles: [],
  is_admin: false,
};
const instance = makeInstance({
  uuid: '178b0921-8f85-4257-88b6-2e743b5a975c',
  display_name: 'web',
  vm_state: 'active',
  task_state: null,
  tags: ['t1'],
});
const period = {
  beginning: Date.parse('2026-11-01T00:00:00Z'),
  ending: Date.parse('2026-11-30T15:20:01.5Z'),
};

describe('instanceUpdateChange', () => {
  const before = { vm_state: 'active', task_state: null, display_name: 'web' } as const;
  it('is null without notify_on_state_change', () => {
    expect(instanceUpdateChange(null, before, { ...before, vm_state: 'stopped' })).toBeNull();
  });
  it('reports a vm_state change under both options, a task_state change only under vm_and_task_state', () => {
    const stopping = { ...before, task_state: 'powering-off' } as const;
    expect(instanceUpdateChange('vm_state', before, stopping)?.stateUpdate).toEqual({
      old_state: 'active',
      state: 'active',
      old_task_state: 'powering-off',
      new_task_state: 'powering-off',
    });
    expect(instanceUpdateChange('vm_and_task_state', before, stopping)?.stateUpdate).toEqual({
      old_state: 'active',
      state: 'active',
      old_task_state: null,
      new_task_state: 'powering-off',
    });
    expect(
      instanceUpdateChange('vm_state', stopping, { ...before, vm_state: 'stopped' })?.stateUpdate,
    ).toEqual({
      old_state: 'active',
      state: 'stopped',
      old_task_state: 'powering-off',
      new_task_state: null,
    });
  });
  it('names the old display name only on a rename without a state change', () => {
    expect(instanceUpdateChange('vm_state', before, { ...before, display_name: 'db' })?.oldDisplayName).toBe(
      'web',
    );
    expect(instanceUpdateChange('vm_state', before, before)?.oldDisplayName).toBeNull();
  });
});

describe('update and exists payloads', () => {
  const change = {
    old_state: 'active',
    state: 'stopped',
    old_task_state: 'powering-off',
    new_task_state: null,
  };
  it('InstanceUpdatePayload 2.0 has no bandwidth, and the period to the second', () => {
    const p = instanceUpdatePayload(ctx, instance, change, period, 'old');
    expect(p['nova_object.name']).toBe('InstanceUpdatePayload');
    expect(p['nova_object.version']).toBe('2.0');
    expect(p['nova_object.data']).not.toHaveProperty('bandwidth');
    expect(p['nova_object.data']).toMatchObject({
      old_display_name: 'old',
      tags: ['t1'],
      state_update: { 'nova_object.name': 'InstanceStateUpdatePayload', 'nova_object.data': change },
      audit_period: {
        'nova_object.data': {
          audit_period_beginning: '2026-11-01T00:00:00Z',
          audit_period_ending: '2026-11-30T15:20:01Z',
        },
      },
    });
  });
  it('the legacy update is flat, without fixed_ips, with old_display_name only when given', () => {
    const legacy = legacyInstanceUpdateInfo(instance, change, period, null);
    expect(legacy).toMatchObject({
      ...change,
      display_name: 'web',
      audit_period_beginning: '2026-11-01T00:00:00.000000',
      audit_period_ending: '2026-11-30T15:20:01.500000',
    });
    expect(legacy).not.toHaveProperty('fixed_ips');
    expect(legacy).not.toHaveProperty('old_display_name');
    expect(legacyInstanceUpdateInfo(instance, change, period, 'old').old_display_name).toBe('old');
  });
  it('InstanceExistsPayload 2.0 and the legacy exists with str(datetime)', () => {
    const p = instanceExistsPayload(ctx, instance, period);
    expect(p['nova_object.name']).toBe('InstanceExistsPayload');
    expect(p['nova_object.version']).toBe('2.0');
    expect(p['nova_object.data']).not.toHaveProperty('bandwidth');
    expect(legacyInstanceExistsInfo(instance, period)).toMatchObject({
      audit_period_beginning: '2026-11-01 00:00:00',
      audit_period_ending: '2026-11-30 15:20:01.500000',
    });
  });
});
