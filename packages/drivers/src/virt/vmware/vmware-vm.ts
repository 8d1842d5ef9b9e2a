/**
 * Finding an instance's VM in vCenter and reading its state: SearchIndex
 * by `config.instanceUuid` (FindAllByUuid, as Nova; FindByUuid where the
 * server lacks it, such as vcsim 0.24), a VM that vanished reported as
 * InstanceNotFound naming what vCenter said, and vSphere's power states in
 * Nova's terms.
 */
import { InstanceNotFound, PowerState } from '@novats/core';
import { type MoRef, text, toMoRef } from './soap-xml.js';
import type { VimClient } from './vim-client.js';
import { isVimFault } from './vim-errors.js';

/** The instance has no VM in vCenter (never had, deleted behind Nova's back). */
export class VmNotFound extends InstanceNotFound {
  constructor(uuid: string, why: string) {
    super(uuid);
    this.message = `Instance ${uuid} could not be found: ${why}`;
  }
}

/** vSphere's VirtualMachinePowerState as Nova's power_state (`vm_util.POWER_STATES`). */
export const POWER_STATES: Readonly<Record<string, PowerState>> = {
  poweredOn: PowerState.RUNNING,
  poweredOff: PowerState.SHUTDOWN,
  suspended: PowerState.SUSPENDED,
};

export class VmLocator {
  #findAllMissing = false;

  constructor(private readonly client: VimClient) {}

  /** The VM whose `config.instanceUuid` is `uuid`, or null. */
  async find(uuid: string): Promise<MoRef | null> {
    const args = { uuid, vmSearch: true, instanceUuid: true };
    const searchIndex = this.client.content.searchIndex;
    if (!this.#findAllMissing) {
      try {
        const found = await this.client.invoke('FindAllByUuid', searchIndex, args);
        // NOTE(first): every VM of one instance uuid is the same guest; more than one is vCenter's leftover.
        return toMoRef(found) ?? null;
      } catch (err) {
        if (
          !isVimFault(
            err,
            'MethodNotFound',
            'NotImplemented',
            'NotSupported',
            'InvalidRequest',
            'SystemError',
          )
        )
          throw err;
        this.#findAllMissing = true;
      }
    }
    return toMoRef(await this.client.invoke('FindByUuid', searchIndex, args)) ?? null;
  }

  /** The VM of `uuid`; rejects with VmNotFound when vCenter has none. */
  async require(uuid: string): Promise<MoRef> {
    const vm = await this.find(uuid);
    if (!vm) throw new VmNotFound(uuid, `vCenter has no VM with instanceUuid ${uuid}`);
    return vm;
  }

  /** `runtime.powerState`; a VM deleted meanwhile is VmNotFound. */
  async powerState(uuid: string, vm: MoRef): Promise<string> {
    try {
      return text((await this.client.propertiesOf(vm, ['runtime.powerState'])).get('runtime.powerState'));
    } catch (err) {
      if (isVimFault(err, 'ManagedObjectNotFound')) throw new VmNotFound(uuid, err.message);
      throw err;
    }
  }
}
