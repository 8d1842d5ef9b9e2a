/**
 * The VirtualMachineConfigSpec of a Nova instance, as Nova's
 * `vm_util.get_vm_create_spec` builds it: named after the instance uuid,
 * `instanceUuid` set so that SearchIndex finds it, managed by the
 * `org.openstack.compute` extension (so list_instances knows ours from
 * other VMs), the flavor's vCPUs and memory, a thin root disk of the
 * flavor's size on an LSI Logic controller, and one vmxnet3 NIC per VIF.
 * Fields are written in the WSDL's order.
 */
import type { Flavor, ImageMeta, Instance, VirtualInterface } from '@novats/core';
import type { SoapObject } from './soap-xml.js';

/** Nova's `constants.EXTENSION_KEY` and `EXTENSION_TYPE_INSTANCE`. */
export const NOVA_EXTENSION_KEY = 'org.openstack.compute';

/** Nova's default `vmware_ostype` (`constants.DEFAULT_OS_TYPE`). */
export const DEFAULT_OS_TYPE = 'otherGuest';

const CONTROLLER_KEY = -100;

/** A vmxnet3 NIC with the VIF's MAC address on the network named `networkName`. */
export function nicSpec(vif: VirtualInterface, networkName: string, key: number): SoapObject {
  return {
    operation: 'add',
    device: {
      $type: 'VirtualVmxnet3',
      key,
      backing: { $type: 'VirtualEthernetCardNetworkBackingInfo', deviceName: networkName },
      connectable: { startConnected: true, allowGuestControl: true, connected: true },
      addressType: 'manual',
      macAddress: vif.mac_address,
      externalId: vif.port_id,
    },
  };
}

/** Nova's `vm_util.get_vm_resize_spec`: new vCPUs and memory of an existing VM. */
export function resizeSpec(flavor: Flavor): SoapObject {
  return { numCPUs: flavor.vcpus, memoryMB: flavor.memory_mb };
}

export function createSpec(args: {
  readonly instance: Instance;
  readonly image: ImageMeta | null;
  readonly datastoreName: string;
  readonly networkName: string | null;
  readonly vifs: readonly VirtualInterface[];
}): SoapObject {
  const { instance, image } = args;
  const flavor = instance.flavor;
  const devices: SoapObject[] = [];
  if (flavor.root_gb > 0) {
    devices.push({
      operation: 'add',
      device: {
        $type: 'VirtualLsiLogicController',
        key: CONTROLLER_KEY,
        busNumber: 0,
        sharedBus: 'noSharing',
      },
    });
    devices.push({
      operation: 'add',
      fileOperation: 'create',
      device: {
        $type: 'VirtualDisk',
        key: -101,
        backing: {
          $type: 'VirtualDiskFlatVer2BackingInfo',
          fileName: '',
          diskMode: 'persistent',
          thinProvisioned: true,
        },
        controllerKey: CONTROLLER_KEY,
        unitNumber: 0,
        capacityInKB: flavor.root_gb * 1024 * 1024,
      },
    });
  }
  const network = args.networkName;
  if (network) {
    for (const [i, vif] of args.vifs.entries()) devices.push(nicSpec(vif, network, -200 - i));
  }
  return {
    name: instance.uuid,
    instanceUuid: instance.uuid,
    guestId: image?.properties.vmware_ostype ?? DEFAULT_OS_TYPE,
    annotation: `name:${instance.display_name}\nflavor:${flavor.name}\nproject:${instance.project_id}`,
    files: { vmPathName: `[${args.datastoreName}]` },
    numCPUs: flavor.vcpus,
    memoryMB: flavor.memory_mb,
    deviceChange: devices,
    extraConfig: [
      { $type: 'OptionValue', key: 'nvp.vm-uuid', value: { $type: 'xsd:string', $text: instance.uuid } },
    ],
    managedBy: { extensionKey: NOVA_EXTENSION_KEY, type: 'instance' },
  };
}
