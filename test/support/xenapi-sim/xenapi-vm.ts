/**
 * The simulator's VM lifecycle, from the XenAPI reference's VM class:
 * VM.create with the required fields, the power operations with their
 * allowed power states (VM_BAD_POWER_STATE with [vm, expected, actual]
 * otherwise), memory checked against the host at start
 * (HOST_NOT_ENOUGH_FREE_MEMORY), destroy removing VBDs and VIFs but not
 * VDIs, and VM.snapshot cloning the disks. Guests print to a console log.
 */
import { randomUUID } from 'node:crypto';
import { type Field, XenApiError, type XenRecord, type XenStore } from './xenapi-store.js';

/** Fields VM.create requires (the reference's "RO/constructor, RW" fields without defaults). */
export const VM_REQUIRED_FIELDS = [
  'name_label',
  'memory_static_max',
  'memory_dynamic_max',
  'memory_dynamic_min',
  'memory_static_min',
  'VCPUs_max',
  'VCPUs_at_startup',
  'actions_after_shutdown',
  'actions_after_reboot',
  'actions_after_crash',
  'HVM_boot_policy',
];

type PowerState = 'Halted' | 'Paused' | 'Running' | 'Suspended';

const int = (v: Field | undefined) => Number(v ?? 0);

export class SimVms {
  #nextDomid = 1;
  /** Console log of each VM, by ref (what dom0 keeps in /var/log/xen/guest). */
  readonly consoles = new Map<string, string[]>();

  constructor(
    private readonly store: XenStore,
    private readonly hostRef: () => string,
  ) {}

  create(record: XenRecord): string {
    for (const field of VM_REQUIRED_FIELDS) {
      if (record[field] === undefined) throw new XenApiError('FIELD_TYPE_ERROR', [field]);
    }
    const [smin, dmin, dmax, smax] = [
      'memory_static_min',
      'memory_dynamic_min',
      'memory_dynamic_max',
      'memory_static_max',
    ].map((f) => int(record[f]));
    if (!(smin <= dmin && dmin <= dmax && dmax <= smax)) {
      throw new XenApiError('MEMORY_CONSTRAINT_VIOLATION', [
        'Memory limits must satisfy: static_min <= dynamic_min <= dynamic_max <= static_max',
      ]);
    }
    if (int(record.VCPUs_at_startup) > int(record.VCPUs_max) || int(record.VCPUs_max) < 1) {
      throw new XenApiError('VALUE_NOT_SUPPORTED', [
        'VCPUs_at_startup',
        String(record.VCPUs_at_startup),
        'must be 1..VCPUs_max',
      ]);
    }
    const ref = this.store.add('VM', {
      name_description: '',
      user_version: '1',
      is_a_template: false,
      is_a_snapshot: false,
      is_control_domain: false,
      snapshot_of: 'OpaqueRef:NULL',
      snapshots: [],
      other_config: {},
      platform: {},
      HVM_boot_params: {},
      PV_bootloader: '',
      PV_kernel: '',
      PV_ramdisk: '',
      PV_args: '',
      ...record,
      memory_static_max: String(smax),
      memory_dynamic_max: String(dmax),
      memory_dynamic_min: String(dmin),
      memory_static_min: String(smin),
      VCPUs_max: String(record.VCPUs_max),
      VCPUs_at_startup: String(record.VCPUs_at_startup),
      power_state: 'Halted',
      domid: '-1',
      resident_on: 'OpaqueRef:NULL',
      VBDs: [],
      VIFs: [],
      consoles: [],
    });
    this.consoles.set(ref, []);
    return ref;
  }

  start(ref: string, startPaused: boolean): void {
    this.#expect(ref, ['Halted'], 'halted');
    const vm = this.store.get('VM', ref);
    if (vm.is_a_template === true) throw new XenApiError('VM_IS_TEMPLATE', [ref, 'start']);
    const needed = int(vm.memory_static_max);
    const free = this.freeMemory();
    if (needed > free) throw new XenApiError('HOST_NOT_ENOUGH_FREE_MEMORY', [String(needed), String(free)]);
    this.#boot(ref, startPaused ? 'Paused' : 'Running', 'Booting');
  }

  cleanShutdown(ref: string): void {
    this.#expect(ref, ['Running'], 'running');
    this.#halt(ref, 'reboot: System halted');
  }

  hardShutdown(ref: string): void {
    this.#expect(ref, ['Running', 'Paused', 'Suspended'], 'running');
    this.#halt(ref, null);
  }

  cleanReboot(ref: string): void {
    this.#expect(ref, ['Running'], 'running');
    this.#boot(ref, 'Running', 'reboot: Restarting system;');
  }

  hardReboot(ref: string): void {
    this.#expect(ref, ['Running', 'Paused'], 'running');
    this.#boot(ref, 'Running', 'Hard reset;');
  }

  pause(ref: string): void {
    this.#expect(ref, ['Running'], 'running');
    this.store.update('VM', ref, { power_state: 'Paused' });
  }

  unpause(ref: string): void {
    this.#expect(ref, ['Paused'], 'paused');
    this.store.update('VM', ref, { power_state: 'Running' });
  }

  suspend(ref: string): void {
    this.#expect(ref, ['Running'], 'running');
    this.#log(ref, 'PM: suspending system');
    this.store.update('VM', ref, { power_state: 'Suspended', domid: '-1', resident_on: 'OpaqueRef:NULL' });
  }

  resume(ref: string, startPaused: boolean): void {
    this.#expect(ref, ['Suspended'], 'suspended');
    this.#boot(ref, startPaused ? 'Paused' : 'Running', 'PM: resumed;');
  }

  /** VM.destroy: the VM must not run; its VBDs and VIFs go, its VDIs stay (the caller destroys them). */
  destroy(ref: string): void {
    this.#expect(ref, ['Halted', 'Suspended'], 'halted');
    const vm = this.store.get('VM', ref);
    for (const vbd of vm.VBDs as string[]) this.#detach('VBD', vbd);
    for (const vif of vm.VIFs as string[]) this.#detach('VIF', vif);
    this.store.remove('VM', ref);
    this.consoles.delete(ref);
  }

  /** VM.snapshot: a halted template copy whose disks are copies of the VM's. */
  snapshot(ref: string, name: string): string {
    const vm = this.store.get('VM', ref);
    if (vm.is_a_template === true) throw new XenApiError('VM_IS_TEMPLATE', [ref, 'snapshot']);
    const snap = this.store.add('VM', {
      ...vm,
      uuid: randomUUID(),
      name_label: name,
      is_a_template: true,
      is_a_snapshot: true,
      snapshot_of: ref,
      snapshots: [],
      power_state: 'Halted',
      domid: '-1',
      resident_on: 'OpaqueRef:NULL',
      VBDs: [],
      VIFs: [],
    });
    for (const vbdRef of vm.VBDs as string[]) {
      const vbd = this.store.get('VBD', vbdRef);
      let vdi = 'OpaqueRef:NULL';
      if (vbd.VDI !== 'OpaqueRef:NULL') {
        const source = this.store.get('VDI', vbd.VDI as string);
        vdi = this.store.add('VDI', {
          ...source,
          uuid: randomUUID(),
          is_a_snapshot: true,
          snapshot_of: vbd.VDI as string,
          VBDs: [],
        });
      }
      this.attachVbd({ ...vbd, VM: snap, VDI: vdi, currently_attached: false });
    }
    this.store.update('VM', ref, { snapshots: [...(vm.snapshots as string[]), snap] });
    return snap;
  }

  /** VBD.create: links the VM and (unless empty) the VDI. */
  attachVbd(record: XenRecord): string {
    const vm = this.store.get('VM', record.VM as string);
    const vdiRef = record.VDI as string;
    if (vdiRef !== 'OpaqueRef:NULL') this.store.get('VDI', vdiRef);
    const used = (vm.VBDs as string[]).some((b) => this.store.get('VBD', b).userdevice === record.userdevice);
    if (used) throw new XenApiError('DEVICE_ALREADY_EXISTS', [String(record.userdevice)]);
    const ref = this.store.add('VBD', { currently_attached: false, other_config: {}, ...record });
    this.store.update('VM', record.VM as string, { VBDs: [...(vm.VBDs as string[]), ref] });
    if (vdiRef !== 'OpaqueRef:NULL') {
      const vdi = this.store.get('VDI', vdiRef);
      this.store.update('VDI', vdiRef, { VBDs: [...(vdi.VBDs as string[]), ref] });
    }
    return ref;
  }

  /** VIF.create: one device number per VM. */
  attachVif(record: XenRecord): string {
    const vm = this.store.get('VM', record.VM as string);
    this.store.get('network', record.network as string);
    const used = (vm.VIFs as string[]).some((v) => this.store.get('VIF', v).device === record.device);
    if (used) throw new XenApiError('DEVICE_ALREADY_EXISTS', [String(record.device)]);
    const ref = this.store.add('VIF', {
      currently_attached: false,
      other_config: {},
      MTU: '1500',
      ...record,
    });
    this.store.update('VM', record.VM as string, { VIFs: [...(vm.VIFs as string[]), ref] });
    return ref;
  }

  /** VBD.destroy / VIF.destroy: a plugged device must be unplugged first. */
  destroyDevice(cls: 'VBD' | 'VIF', ref: string): void {
    if (this.store.get(cls, ref).currently_attached === true) {
      throw new XenApiError('DEVICE_ALREADY_ATTACHED', [ref]);
    }
    this.#detach(cls, ref);
  }

  /** VBD.plug / VIF.plug (hot-plug into a running VM) and unplug. */
  plug(cls: 'VBD' | 'VIF', ref: string, plugged: boolean): void {
    const device = this.store.get(cls, ref);
    const vm = this.store.get('VM', device.VM as string);
    if (vm.power_state !== 'Running') {
      throw new XenApiError('VM_BAD_POWER_STATE', [
        device.VM as string,
        'running',
        String(vm.power_state).toLowerCase(),
      ]);
    }
    if (device.currently_attached === plugged) {
      throw new XenApiError(plugged ? 'DEVICE_ALREADY_ATTACHED' : 'DEVICE_ALREADY_DETACHED', [ref]);
    }
    this.store.update(cls, ref, { currently_attached: plugged });
  }

  /** Host memory not used by running, paused or booting guests (dom0 counted). */
  freeMemory(): number {
    const host = this.store.get('host', this.hostRef());
    const metrics = this.store.get('host_metrics', host.metrics as string);
    const used = this.store
      .all('VM')
      .filter(([, vm]) => vm.power_state === 'Running' || vm.power_state === 'Paused')
      .reduce((sum, [, vm]) => sum + int(vm.memory_static_max), 0);
    return int(metrics.memory_total) - used;
  }

  #expect(ref: string, allowed: PowerState[], expected: string): void {
    const vm = this.store.get('VM', ref);
    const state = vm.power_state as PowerState;
    if (!allowed.includes(state)) {
      throw new XenApiError('VM_BAD_POWER_STATE', [ref, expected, state.toLowerCase()]);
    }
  }

  #boot(ref: string, state: PowerState, line: string): void {
    const vm = this.store.get('VM', ref);
    const domid = String(this.#nextDomid++);
    this.#log(ref, line);
    this.#log(ref, `Linux version 6.1.0-xen (sim) domid ${domid}`);
    this.#log(ref, `${vm.name_label} login:`);
    this.store.update('VM', ref, { power_state: state, domid, resident_on: this.hostRef() });
    for (const vbd of vm.VBDs as string[]) this.store.update('VBD', vbd, { currently_attached: true });
    for (const vif of vm.VIFs as string[]) this.store.update('VIF', vif, { currently_attached: true });
  }

  #halt(ref: string, line: string | null): void {
    const vm = this.store.get('VM', ref);
    if (line) this.#log(ref, line);
    this.store.update('VM', ref, { power_state: 'Halted', domid: '-1', resident_on: 'OpaqueRef:NULL' });
    for (const vbd of vm.VBDs as string[]) this.store.update('VBD', vbd, { currently_attached: false });
    for (const vif of vm.VIFs as string[]) this.store.update('VIF', vif, { currently_attached: false });
  }

  #detach(cls: 'VBD' | 'VIF', ref: string): void {
    const device = this.store.get(cls, ref);
    const vmRef = device.VM as string;
    if (this.store.has('VM', vmRef)) {
      const vm = this.store.get('VM', vmRef);
      const key = cls === 'VBD' ? 'VBDs' : 'VIFs';
      this.store.update('VM', vmRef, { [key]: (vm[key] as string[]).filter((r) => r !== ref) });
    }
    if (cls === 'VBD' && device.VDI !== 'OpaqueRef:NULL' && this.store.has('VDI', device.VDI as string)) {
      const vdi = this.store.get('VDI', device.VDI as string);
      this.store.update('VDI', device.VDI as string, {
        VBDs: (vdi.VBDs as string[]).filter((r) => r !== ref),
      });
    }
    this.store.remove(cls, ref);
  }

  #log(ref: string, line: string): void {
    const lines = this.consoles.get(ref) ?? [];
    lines.push(line);
    this.consoles.set(ref, lines);
  }
}
