/**
 * What the scheduler is asked to place (Nova's RequestSpec): the flavor,
 * the image, how many instances and the user's hints.
 */
import type { Flavor } from './flavor.js';
import type { ImageMeta } from './image.js';

/** The server group of the request (Nova's InstanceGroup as the scheduler reads it). */
export interface RequestInstanceGroup {
  readonly uuid?: string;
  /** `affinity`, `anti-affinity`, `soft-affinity` or `soft-anti-affinity`. */
  readonly policy: string;
  /** Hosts the group's members already run on. */
  readonly hosts: readonly string[];
  /** Instance uuids of the group, including the ones being scheduled. */
  readonly members: readonly string[];
  /** Policy rules, e.g. `{ max_server_per_host: 2 }` for anti-affinity. */
  readonly rules?: Readonly<Record<string, number>>;
}

/** One guest NUMA cell requested (Nova's InstanceNUMACell, by counts). */
export interface RequestNumaCell {
  readonly id: number;
  readonly cpus: number;
  readonly memory_mb: number;
}

/** The guest NUMA topology (Nova's InstanceNUMATopology). */
export interface RequestNumaTopology {
  readonly cells: readonly RequestNumaCell[];
  /** `hw:cpu_policy`: `dedicated` pins each vCPU to a host pCPU; default `shared`. */
  readonly cpu_policy?: 'shared' | 'dedicated' | 'mixed';
}

/** One PCI request (Nova's InstancePCIRequest): `count` devices matching any of `spec`. */
export interface RequestPciRequest {
  readonly count: number;
  /** Device specs: every key must equal the pool's attribute or tag (e.g. vendor_id, product_id). */
  readonly spec: readonly Readonly<Record<string, string>>[];
  readonly alias_name?: string;
}

/** Where a move or a prefiltered request must land (Nova's Destination). */
export interface RequestedDestination {
  readonly host?: string;
  readonly node?: string;
  /** The source cell uuid of a move. */
  readonly cell?: string;
  readonly allow_cross_cell_move?: boolean;
  /** Placement `member_of`: each entry is a set of aggregate uuids, any of which satisfies it. */
  readonly aggregates?: readonly (readonly string[])[];
  readonly forbidden_aggregates?: readonly string[];
}

export interface RequestSpec {
  readonly instance_uuid: string;
  readonly project_id: string;
  readonly user_id: string;
  readonly flavor: Flavor;
  readonly image: ImageMeta | null;
  readonly num_instances: number;
  readonly availability_zone: string | null;
  readonly scheduler_hints: Readonly<Record<string, readonly string[]>>;
  /** Hosts to skip, e.g. those a reschedule already tried. */
  readonly ignore_hosts: readonly string[];
  readonly force_hosts: readonly string[];
  readonly force_nodes: readonly string[];
  readonly is_bfv: boolean;
  /** The server group, when the instance is in one. */
  readonly instance_group?: RequestInstanceGroup | null;
  /** The guest NUMA topology derived from flavor and image at the API. */
  readonly numa_topology?: RequestNumaTopology | null;
  /** PCI devices requested (flavor aliases and SR-IOV ports, resolved at the API). */
  readonly pci_requests?: readonly RequestPciRequest[];
  readonly requested_destination?: RequestedDestination | null;
}
