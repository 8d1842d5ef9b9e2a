/** Server groups in the API database (Nova's instance_groups, instance_group_policy, instance_group_member). */
import type { InstanceGroup, ServerGroupPolicy } from '../objects/instance-group.js';

export interface InstanceGroupRepository {
  create(group: {
    readonly uuid: string;
    readonly name: string | null;
    readonly project_id: string;
    readonly user_id: string;
    readonly policy: ServerGroupPolicy;
    readonly rules: Readonly<Record<string, number>>;
  }): Promise<InstanceGroup>;
  /** Rejects with InstanceGroupNotFound. */
  get(uuid: string): Promise<InstanceGroup>;
  /** The groups of a project, or of every project (null), by id. */
  list(query: { readonly project_id: string | null }): Promise<InstanceGroup[]>;
  /** The group an instance was added to, or null. */
  getByInstance(instanceUuid: string): Promise<InstanceGroup | null>;
  /** Only the uuid of the group an instance was added to, or null: one statement (a server's show). */
  groupUuidOf(instanceUuid: string): Promise<string | null>;
  /** Deletes the group with its policy and members; rejects with InstanceGroupNotFound. */
  delete(uuid: string): Promise<void>;
  /** Adds members (already present ones are skipped); rejects with InstanceGroupNotFound. */
  addMembers(uuid: string, instanceUuids: readonly string[]): Promise<void>;
  /** Removes members of the group. */
  removeMembers(uuid: string, instanceUuids: readonly string[]): Promise<void>;
  /** Removes these instances from every group (archived instances); resolves how many rows went. */
  destroyMembersBulk(instanceUuids: readonly string[]): Promise<number>;
}
