/**
 * What the scheduler is asked to place (Nova's RequestSpec): the flavor,
 * the image, how many instances and the user's hints.
 */
import type { Flavor } from './flavor.js';
import type { ImageMeta } from './image.js';

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
}
