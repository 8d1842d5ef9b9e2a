/**
 * The compute host's late check of a server group's policy (Nova's
 * `_validate_instance_group_policy`): the scheduler enforces affinity and
 * anti-affinity, but two concurrent builds can both be placed with a view
 * that does not yet show the other. Before spawning, the host looks at the
 * group as it is now and refuses a build that would break it; the build is
 * then rescheduled like any other failed build.
 *
 * Checks of one group are serialised on this host (Nova's lock on the group
 * uuid). A member still building here counts only once it has passed this
 * check, so of two racing members the first passes and the second moves on,
 * instead of both refusing each other.
 */
import type { Instance, RequestContext } from '@novats/core';
import { GroupAffinityViolation, VmState } from '@novats/core';
import type { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import { KeyedMutex } from './keyed-mutex.js';

export class GroupPolicyCheck {
  readonly #locks = new KeyedMutex();
  /** Members building on this host that passed the check. */
  readonly #passed = new Set<string>();

  constructor(
    private readonly host: string,
    private readonly conductor: Pick<ConductorRpcApi, 'instanceGroupGet' | 'instancesOnHost'>,
  ) {}

  /** Rejects with GroupAffinityViolation when `instance` on this host breaks its group's policy. */
  validate(ctx: RequestContext, instance: Instance, groupUuid: string): Promise<void> {
    return this.#locks.run(groupUuid, async () => {
      const group = await this.conductor.instanceGroupGet(ctx, groupUuid, [instance.uuid]);
      if (!group) return;
      if (group.policy === 'anti-affinity') {
        const members = new Set(group.members);
        const onHost = (await this.conductor.instancesOnHost(ctx, this.host)).filter(
          (i) =>
            i.uuid !== instance.uuid &&
            members.has(i.uuid) &&
            (i.vm_state !== VmState.BUILDING || this.#passed.has(i.uuid)),
        );
        const max = Number(group.rules?.max_server_per_host ?? 1);
        if (onHost.length >= max) throw new GroupAffinityViolation('Anti-affinity');
      } else if (group.policy === 'affinity') {
        if (group.hosts.length > 0 && !group.hosts.includes(this.host)) {
          throw new GroupAffinityViolation('Affinity');
        }
      }
      this.#passed.add(instance.uuid);
    });
  }

  /** The instance left this host (built, rescheduled or deleted): it is an ordinary member now. */
  forget(uuid: string): void {
    this.#passed.delete(uuid);
  }
}
