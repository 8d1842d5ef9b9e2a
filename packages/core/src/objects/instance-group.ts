/**
 * A server group (Nova's InstanceGroup in the API database): a named set of
 * instances of one project with one scheduling policy, and for
 * anti-affinity the `max_server_per_host` rule (microversion 2.64).
 */

export const SERVER_GROUP_POLICIES = [
  'affinity',
  'anti-affinity',
  'soft-affinity',
  'soft-anti-affinity',
] as const;

export type ServerGroupPolicy = (typeof SERVER_GROUP_POLICIES)[number];

export interface InstanceGroup {
  readonly id: number;
  readonly uuid: string;
  readonly name: string | null;
  readonly project_id: string;
  readonly user_id: string;
  readonly policy: ServerGroupPolicy;
  /** `{ max_server_per_host: n }` or empty. */
  readonly rules: Readonly<Record<string, number>>;
  /** Every instance uuid ever added (deleted instances included, as in Nova's table). */
  readonly members: readonly string[];
  readonly created_at: string | null;
  readonly updated_at: string | null;
}
