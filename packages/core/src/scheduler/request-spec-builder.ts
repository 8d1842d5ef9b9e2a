/**
 * `makeRequestSpec`: a RequestSpec with sensible values (m1.tiny, one
 * instance, no hints) for tests and examples, like Nova's fake request specs.
 * Pass only the fields a case cares about.
 */
import { DEFAULT_FLAVORS, type Flavor } from '../objects/flavor.js';
import type { RequestSpec } from '../objects/request-spec.js';

const TINY: Flavor = { id: 1, ...(DEFAULT_FLAVORS[0] as Omit<Flavor, 'id'>) };

export function makeRequestSpec(partial: Partial<RequestSpec> = {}): RequestSpec {
  return {
    instance_uuid: '11111111-1111-4111-8111-111111111111',
    project_id: 'project',
    user_id: 'user',
    flavor: TINY,
    image: null,
    num_instances: 1,
    availability_zone: null,
    scheduler_hints: {},
    ignore_hosts: [],
    force_hosts: [],
    force_nodes: [],
    is_bfv: false,
    ...partial,
  };
}
