import { describe, expect, it } from 'vitest';
import { PowerState } from '../compute/power-state.js';
import type { RequestContext } from '../context/request-context.js';
import { makeInstance } from '../objects/instance-builder.js';
import {
  exceptionPayload,
  instanceActionPayload,
  instanceCreatePayload,
  rescuePayloadVariant,
  snapshotPayloadVariant,
} from './instance-action-payload.js';

const ctx: RequestContext = {
  request_id: 'req-1',
  user_id: 'u1',
  project_id: 'p1',
  roles: ['member'],
  is_admin: false,
};

const instance = makeInstance({
  uuid: '178b0921-8f85-4257-88b6-2e743b5a975c',
  display_name: 'web',
  host: 'compute1',
  node: 'compute1',
  vm_state: 'active',
  task_state: 'powering-off',
  power_state: PowerState.RUNNING,
  launched_at: '2026-11-30T10:00:01.234Z',
  metadata: { role: 'web' },
  addresses: [
    {
      network: 'private',
      addr: '10.0.0.5',
      version: 4,
      type: 'fixed',
      mac_addr: 'fa:16:3e:00:00:01',
      port_id: 'c1a7d2f0-1b5e-4c2e-9a67-0d6c3f1a2b3c',
    },
  ],
});

describe('instanceActionPayload', () => {
  it('wraps InstancePayload fields in the ovo envelope of InstanceActionPayload 1.8', () => {
    const p = instanceActionPayload(ctx, instance);
    expect(p['nova_object.name']).toBe('InstanceActionPayload');
    expect(p['nova_object.namespace']).toBe('nova');
    expect(p['nova_object.version']).toBe('1.8');
    const d = p['nova_object.data'];
    expect(d).toMatchObject({
      uuid: instance.uuid,
      tenant_id: 'p1',
      user_id: 'u1',
      display_name: 'web',
      host: 'compute1',
      state: 'active',
      power_state: 'running',
      task_state: 'powering-off',
      launched_at: '2026-11-30T10:00:01Z',
      terminated_at: null,
      metadata: { role: 'web' },
      locked: false,
      fault: null,
      request_id: 'req-1',
      action_initiator_user: 'u1',
      action_initiator_project: 'p1',
    });
    expect(d.flavor).toMatchObject({
      'nova_object.name': 'FlavorPayload',
      'nova_object.version': '1.4',
      'nova_object.data': { flavorid: instance.flavor.flavorid, memory_mb: instance.flavor.memory_mb },
    });
    expect(d.ip_addresses).toEqual([
      {
        'nova_object.name': 'IpPayload',
        'nova_object.namespace': 'nova',
        'nova_object.version': '1.0',
        'nova_object.data': {
          label: 'private',
          mac: 'fa:16:3e:00:00:01',
          meta: {},
          port_uuid: 'c1a7d2f0-1b5e-4c2e-9a67-0d6c3f1a2b3c',
          version: 4,
          address: '10.0.0.5',
          device_name: null,
        },
      },
    ]);
  });

  it('carries the error as an ExceptionPayload in fault', () => {
    class DriverFailed extends Error {
      override name = 'DriverFailed';
    }
    const d = instanceActionPayload(ctx, instance, new DriverFailed('no disk'))['nova_object.data'];
    expect(d.fault).toMatchObject({
      'nova_object.name': 'ExceptionPayload',
      'nova_object.version': '1.1',
      'nova_object.data': { exception: 'DriverFailed', exception_message: 'no disk' },
    });
    expect(exceptionPayload('plain')['nova_object.data'].exception_message).toBe('plain');
  });
});

describe('payload variants', () => {
  it('names the subclass and adds its fields', () => {
    const p = instanceActionPayload(ctx, instance, null, snapshotPayloadVariant('img-1'));
    expect(p['nova_object.name']).toBe('InstanceActionSnapshotPayload');
    expect(p['nova_object.version']).toBe('1.9');
    expect(p['nova_object.data']).toMatchObject({ uuid: instance.uuid, snapshot_image_id: 'img-1' });
    expect(
      instanceActionPayload(ctx, instance, null, rescuePayloadVariant(null))['nova_object.data'],
    ).toHaveProperty('rescue_image_ref', null);
  });
});

describe('instanceCreatePayload', () => {
  it('is InstanceCreatePayload 1.12 with tags and keypairs', () => {
    const p = instanceCreatePayload(ctx, { ...instance, tags: ['a', 'b'] });
    expect(p['nova_object.name']).toBe('InstanceCreatePayload');
    expect(p['nova_object.version']).toBe('1.12');
    expect(p['nova_object.data']).toMatchObject({ tags: ['a', 'b'], keypairs: [], fault: null });
  });
});
