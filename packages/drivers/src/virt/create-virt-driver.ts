/**
 * Picks the virt driver from Nova's `[DEFAULT] compute_driver`, written as
 * Nova writes it (`fake.FakeDriver`, also with the `nova.virt.` prefix).
 * Hypervisors Nova supports but Novats does not ship yet are refused with
 * a clear error at start-up rather than failing on the first boot.
 */
import { NovaError, type VirtDriver } from '@novats/core';
import { FakeDriver, type FakeDriverOptions } from './fake/fake-driver.js';
import type { LibvirtDriverOptions } from './libvirt/libvirt-config.js';
import { LibvirtDriver } from './libvirt/libvirt-driver.js';
import type { VMwareDriverOptions } from './vmware/vmware-config.js';
import { VMwareVCDriver } from './vmware/vmware-driver.js';
import type { XenAPIDriverOptions } from './xenapi/xenapi-config.js';
import { XenAPIDriver } from './xenapi/xenapi-driver.js';

/** `compute_driver` names a driver that exists in Nova but not (yet) in Novats. */
export class VirtDriverNotAvailable extends NovaError {
  readonly code = 'virt.driver_not_available';
  readonly status = 501 as const;
  constructor(readonly computeDriver: string) {
    super(
      `compute_driver ${computeDriver} is not available yet in Novats; use compute_driver = fake.FakeDriver.`,
    );
  }
}

/** `compute_driver` is not a driver Nova knows. */
export class VirtDriverNotFound extends NovaError {
  readonly code = 'virt.driver_not_found';
  readonly status = 500 as const;
  constructor(readonly computeDriver: string) {
    super(`Unable to load the virtualization driver ${computeDriver}: no such driver.`);
  }
}

/** The fake drivers of `nova/virt/fake.py`, with the sizes Nova gives them (options override). */
const FAKE_DRIVERS: Readonly<Record<string, FakeDriverOptions>> = {
  'fake.FakeDriver': {},
  'fake.SmallFakeDriver': { vcpus: 1, memory_mb: 8192, local_gb: 1024 },
  'fake.MediumFakeDriver': { vcpus: 10, memory_mb: 8192, local_gb: 1028 },
};

/** Nova's in-tree drivers of Zed, refused until their adapters land. */
const PLANNED_DRIVERS = new Set([
  'ironic.IronicDriver',
  'hyperv.HyperVDriver',
  'powervm.PowerVMDriver',
  'zvm.ZVMDriver',
]);

/** Settings of the real hypervisors' drivers, read from their nova.conf groups. */
export interface HypervisorOptions {
  /** `[libvirt]`; Nova's defaults (kvm, /var/lib/nova/instances) when omitted. */
  readonly libvirt?: LibvirtDriverOptions;
  /** `[vmware]`, for vmwareapi.VMwareVCDriver. */
  readonly vmware?: VMwareDriverOptions;
  /** `[xenserver]`, for xenapi.XenAPIDriver. */
  readonly xenserver?: XenAPIDriverOptions;
}

/** True when `compute_driver` names one of Nova's fake drivers (the all-in-one's default hosts). */
export function isFakeComputeDriver(computeDriver: string): boolean {
  return Object.hasOwn(FAKE_DRIVERS, computeDriver.trim().replace(/^nova\.virt\./, ''));
}

/**
 * Builds the driver for `compute_driver`; `options` go to the fake driver,
 * `hypervisors` to the real ones (VMware and XenAPI refuse to be built
 * without the options Nova requires, as Nova's do).
 */
export function createVirtDriver(
  computeDriver: string,
  options: FakeDriverOptions = {},
  hypervisors: HypervisorOptions = {},
): VirtDriver {
  const name = computeDriver.trim().replace(/^nova\.virt\./, '');
  if (Object.hasOwn(FAKE_DRIVERS, name)) return new FakeDriver({ ...FAKE_DRIVERS[name], ...options });
  if (name === 'libvirt.LibvirtDriver') {
    return new LibvirtDriver(
      hypervisors.libvirt ?? { virtType: 'kvm', instancesPath: '/var/lib/nova/instances' },
    );
  }
  if (name === 'vmwareapi.VMwareVCDriver') {
    return new VMwareVCDriver(
      hypervisors.vmware ?? { host_ip: null, host_username: null, host_password: null, cluster_name: null },
    );
  }
  if (name === 'xenapi.XenAPIDriver') {
    return new XenAPIDriver(hypervisors.xenserver ?? { connection_url: null, connection_password: null });
  }
  if (PLANNED_DRIVERS.has(name)) throw new VirtDriverNotAvailable(computeDriver);
  throw new VirtDriverNotFound(computeDriver);
}
