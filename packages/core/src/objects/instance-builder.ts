/**
 * `makeInstance`: an Instance with sensible values (m1.tiny, building, no
 * host) for tests and examples, as makeHostState and makeRequestSpec are for
 * the scheduler. Pass only the fields a case cares about.
 */
import { PowerState } from '../compute/power-state.js';
import { DEFAULT_FLAVORS, type Flavor } from './flavor.js';
import type { Instance } from './instance.js';

const TINY: Flavor = { id: 1, ...(DEFAULT_FLAVORS[0] as Omit<Flavor, 'id'>) };

export function makeInstance(partial: Partial<Instance> & Pick<Instance, 'uuid'>): Instance {
  return {
    display_name: 'vm',
    display_description: null,
    project_id: 'p1',
    user_id: 'u1',
    vm_state: 'building',
    task_state: 'scheduling',
    power_state: PowerState.NOSTATE,
    host: null,
    node: null,
    image_ref: 'a2459075-d96c-40d5-893e-577ff92e721c',
    flavor: TINY,
    availability_zone: null,
    key_name: null,
    metadata: {},
    addresses: [],
    access_ip_v4: null,
    access_ip_v6: null,
    config_drive: '',
    progress: 0,
    launch_index: 0,
    reservation_id: 'r-1',
    hostname: 'vm',
    locked: false,
    locked_by: null,
    user_data: null,
    created_at: '2024-01-01T00:00:00.000Z',
    updated_at: null,
    launched_at: null,
    terminated_at: null,
    deleted_at: null,
    deleted: false,
    ...partial,
  };
}
