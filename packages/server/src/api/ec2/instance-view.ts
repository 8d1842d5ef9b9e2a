/**
 * An instance as EC2's DescribeInstances / RunInstances item (2016-11-15):
 * state code and name from Nova's vm_state and task_state (Nova's ec2
 * inst_state), flavor name as instance type, metadata as tags.
 */
import type { Instance } from '@novats/core';
import { renderElement, XmlFragment, type XmlValue, xmlEscape } from './ec2-xml.js';

/** EC2's instance states: pending 0, running 16, shutting-down 32, terminated 48, stopping 64, stopped 80. */
export function instanceState(i: Instance): { code: number; name: string } {
  if (i.deleted || i.vm_state === 'deleted') return { code: 48, name: 'terminated' };
  if (i.task_state === 'deleting') return { code: 32, name: 'shutting-down' };
  if (i.task_state === 'powering-off') return { code: 64, name: 'stopping' };
  switch (i.vm_state) {
    case 'building':
      return { code: 0, name: 'pending' };
    case 'active':
      return { code: 16, name: 'running' };
    case 'stopped':
      return i.task_state === 'powering-on' ? { code: 0, name: 'pending' } : { code: 80, name: 'stopped' };
    case 'error':
      return { code: 0, name: 'error' };
    default:
      return { code: 16, name: 'running' };
  }
}

export function fixedIp(i: Instance): string | undefined {
  return i.addresses.find((a) => a.type === 'fixed' && a.version === 4)?.addr;
}

export function floatingIp(i: Instance): string | undefined {
  return i.addresses.find((a) => a.type === 'floating' && a.version === 4)?.addr;
}

export function tagSet(i: Instance): XmlValue[] {
  return Object.entries(i.metadata).map(([key, value]) => ({ key, value }));
}

export function instanceItem(
  i: Instance,
  ec2Id: string,
  imageId: string | undefined,
  defaultZone: string,
): Record<string, XmlValue> {
  const ip = fixedIp(i);
  const publicIp = floatingIp(i);
  return {
    instanceId: ec2Id,
    imageId: imageId ?? '',
    instanceState: instanceState(i),
    privateDnsName: i.hostname,
    dnsName: publicIp ?? '',
    reason: '',
    keyName: i.key_name ?? undefined,
    amiLaunchIndex: i.launch_index,
    productCodes: [],
    instanceType: i.flavor.name,
    launchTime: new Date(i.launched_at ?? i.created_at),
    placement: { availabilityZone: i.availability_zone ?? defaultZone, groupName: '', tenancy: 'default' },
    monitoring: { state: 'disabled' },
    privateIpAddress: ip,
    ipAddress: publicIp,
    groupSet: [{ groupId: 'default', groupName: 'default' }],
    architecture: 'x86_64',
    rootDeviceType: 'instance-store',
    rootDeviceName: '/dev/vda',
    blockDeviceMapping: [],
    virtualizationType: 'hvm',
    clientToken: '',
    tagSet: tagSet(i),
    hypervisor: 'xen',
    networkInterfaceSet: [],
    ebsOptimized: false,
  };
}

/**
 * `instanceItem` already rendered: the same elements in the same order, in
 * one template (DescribeInstances renders a thousand of them per call). The
 * fields whose type varies go through renderElement, as the object would.
 */
export function instanceItemXml(
  i: Instance,
  ec2Id: string,
  imageId: string | undefined,
  defaultZone: string,
): XmlFragment {
  const state = instanceState(i);
  const publicIp = floatingIp(i);
  const tags = tagSet(i);
  return new XmlFragment(
    `<instanceId>${xmlEscape(ec2Id)}</instanceId><imageId>${xmlEscape(imageId ?? '')}</imageId>` +
      `<instanceState><code>${state.code}</code><name>${state.name}</name></instanceState>` +
      `${renderElement('privateDnsName', i.hostname)}<dnsName>${xmlEscape(publicIp ?? '')}</dnsName><reason></reason>` +
      `${renderElement('keyName', i.key_name ?? undefined)}${renderElement('amiLaunchIndex', i.launch_index)}` +
      `<productCodes></productCodes>${renderElement('instanceType', i.flavor.name)}` +
      `<launchTime>${new Date(i.launched_at ?? i.created_at).toISOString()}</launchTime>` +
      `<placement>${renderElement('availabilityZone', i.availability_zone ?? defaultZone)}<groupName></groupName><tenancy>default</tenancy></placement>` +
      `<monitoring><state>disabled</state></monitoring>` +
      `${renderElement('privateIpAddress', fixedIp(i))}${renderElement('ipAddress', publicIp)}` +
      '<groupSet><item><groupId>default</groupId><groupName>default</groupName></item></groupSet>' +
      '<architecture>x86_64</architecture><rootDeviceType>instance-store</rootDeviceType>' +
      '<rootDeviceName>/dev/vda</rootDeviceName><blockDeviceMapping></blockDeviceMapping>' +
      '<virtualizationType>hvm</virtualizationType><clientToken></clientToken>' +
      `${tags.length === 0 ? '<tagSet></tagSet>' : renderElement('tagSet', tags)}` +
      '<hypervisor>xen</hypervisor><networkInterfaceSet></networkInterfaceSet><ebsOptimized>false</ebsOptimized>',
  );
}
