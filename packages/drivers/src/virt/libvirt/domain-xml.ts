/**
 * The libvirt domain XML of an instance, built from its flavor, its image
 * and the host's settings, as Nova's libvirt driver writes it: the nova
 * metadata element (instance, flavor, owner, root image), direct kernel boot
 * or a disk, the serial console logged to a file (os-getConsoleOutput), and
 * VNC/SPICE graphics listening on the configured addresses.
 */
import type { Flavor, Instance } from '@novats/core';

export const NOVA_METADATA_NS = 'http://openstack.org/xmlns/libvirt/nova/1.1';

export interface DomainDisk {
  readonly path: string;
  /** `qcow2` or `raw`. */
  readonly format: string;
  /** `vda`, `vdb`, ... */
  readonly target: string;
}

export interface DomainInterface {
  readonly mac_address: string;
}

export interface DomainSpec {
  readonly instance: Instance;
  readonly flavor: Flavor;
  /** libvirt's domain type: `qemu` (TCG), `kvm`, or `test` for libvirt's test driver. */
  readonly domainType: string;
  /** `[libvirt] cpu_mode`: `none` leaves the CPU to the hypervisor's default. */
  readonly cpuMode: 'none' | 'host-model' | 'host-passthrough' | 'custom';
  readonly cpuModel: string | null;
  readonly kernel: string | null;
  readonly ramdisk: string | null;
  readonly cmdline: string | null;
  readonly disks: readonly DomainDisk[];
  readonly interfaces: readonly DomainInterface[];
  readonly consoleLog: string;
  /** `[vnc] server_listen` when VNC is enabled, else null. */
  readonly vncListen: string | null;
  /** `[spice] server_listen` when SPICE is enabled, else null. */
  readonly spiceListen: string | null;
  readonly guestAgent: boolean;
  readonly imageId: string | null;
  readonly packageVersion: string;
  readonly createdAt: Date;
}

/** The domain name of an instance: Nova's `instance-%08x` needs a database id; the uuid is unique too. */
export function domainName(instance: Pick<Instance, 'uuid'>): string {
  return `instance-${instance.uuid}`;
}

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`,
  );
}

function metadata(spec: DomainSpec): string {
  const { instance, flavor } = spec;
  const e = escapeXml;
  const created = spec.createdAt
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');
  return [
    '  <metadata>',
    `    <nova:instance xmlns:nova="${NOVA_METADATA_NS}">`,
    `      <nova:package version="${e(spec.packageVersion)}"/>`,
    `      <nova:name>${e(instance.display_name)}</nova:name>`,
    `      <nova:creationTime>${created}</nova:creationTime>`,
    `      <nova:flavor name="${e(flavor.name)}">`,
    `        <nova:memory>${flavor.memory_mb}</nova:memory>`,
    `        <nova:disk>${flavor.root_gb}</nova:disk>`,
    `        <nova:swap>${flavor.swap}</nova:swap>`,
    `        <nova:ephemeral>${flavor.ephemeral_gb}</nova:ephemeral>`,
    `        <nova:vcpus>${flavor.vcpus}</nova:vcpus>`,
    '      </nova:flavor>',
    '      <nova:owner>',
    `        <nova:user uuid="${e(instance.user_id)}">${e(instance.user_id)}</nova:user>`,
    `        <nova:project uuid="${e(instance.project_id)}">${e(instance.project_id)}</nova:project>`,
    '      </nova:owner>',
    spec.imageId
      ? `      <nova:root type="image" uuid="${e(spec.imageId)}"/>`
      : '      <nova:root type="none"/>',
    '    </nova:instance>',
    '  </metadata>',
  ].join('\n');
}

function os(spec: DomainSpec): string {
  const e = escapeXml;
  const lines = ['  <os>', '    <type arch="x86_64">hvm</type>'];
  if (spec.kernel) {
    lines.push(`    <kernel>${e(spec.kernel)}</kernel>`);
    if (spec.ramdisk) lines.push(`    <initrd>${e(spec.ramdisk)}</initrd>`);
    if (spec.cmdline) lines.push(`    <cmdline>${e(spec.cmdline)}</cmdline>`);
  }
  lines.push('    <boot dev="hd"/>', '  </os>');
  return lines.join('\n');
}

function cpu(spec: DomainSpec): string {
  const topology = `<topology sockets="${spec.flavor.vcpus}" cores="1" threads="1"/>`;
  if (spec.cpuMode === 'none') return '';
  if (spec.cpuMode === 'custom') {
    const model = spec.cpuModel ? `<model fallback="allow">${escapeXml(spec.cpuModel)}</model>` : '';
    return `  <cpu mode="custom" match="exact">${model}${topology}</cpu>`;
  }
  return `  <cpu mode="${spec.cpuMode}">${topology}</cpu>`;
}

function devices(spec: DomainSpec): string {
  const e = escapeXml;
  const lines = ['  <devices>'];
  for (const disk of spec.disks) {
    lines.push(
      '    <disk type="file" device="disk">',
      `      <driver name="qemu" type="${disk.format}" cache="none"/>`,
      `      <source file="${e(disk.path)}"/>`,
      `      <target dev="${disk.target}" bus="virtio"/>`,
      '    </disk>',
    );
  }
  for (const vif of spec.interfaces) lines.push(interfaceXml(vif).replace(/^/gm, '    '));
  // NOTE(console): QEMU writes the serial port to the log file itself, so no virtlogd is needed.
  lines.push(
    '    <serial type="file">',
    `      <source path="${e(spec.consoleLog)}"/>`,
    '      <target port="0"/>',
    '    </serial>',
  );
  if (spec.vncListen !== null) {
    lines.push(`    <graphics type="vnc" autoport="yes" listen="${e(spec.vncListen)}"/>`);
  }
  if (spec.spiceListen !== null) {
    lines.push(`    <graphics type="spice" autoport="yes" listen="${e(spec.spiceListen)}"/>`);
  }
  if (spec.vncListen !== null || spec.spiceListen !== null) {
    lines.push('    <video><model type="virtio"/></video>');
  }
  if (spec.guestAgent) {
    lines.push(
      '    <channel type="unix">',
      '      <target type="virtio" name="org.qemu.guest_agent.0"/>',
      '    </channel>',
    );
  }
  lines.push('    <memballoon model="virtio"/>', '  </devices>');
  return lines.join('\n');
}

/** A NIC on QEMU's user-mode network: the flat network of Novats has no bridge on the host. */
export function interfaceXml(vif: DomainInterface): string {
  return [
    '<interface type="user">',
    `  <mac address="${escapeXml(vif.mac_address)}"/>`,
    '  <model type="virtio"/>',
    '</interface>',
  ].join('\n');
}

export function diskXml(disk: DomainDisk): string {
  return [
    '<disk type="file" device="disk">',
    `  <driver name="qemu" type="${disk.format}" cache="none"/>`,
    `  <source file="${escapeXml(disk.path)}"/>`,
    `  <target dev="${disk.target}" bus="virtio"/>`,
    '</disk>',
  ].join('\n');
}

export function buildDomainXml(spec: DomainSpec): string {
  const { instance, flavor } = spec;
  return [
    `<domain type="${spec.domainType}">`,
    `  <uuid>${instance.uuid}</uuid>`,
    `  <name>${domainName(instance)}</name>`,
    `  <memory unit="MiB">${flavor.memory_mb}</memory>`,
    `  <vcpu>${flavor.vcpus}</vcpu>`,
    metadata(spec),
    os(spec),
    '  <features><acpi/><apic/></features>',
    cpu(spec),
    '  <clock offset="utc"/>',
    '  <on_poweroff>destroy</on_poweroff>',
    '  <on_reboot>restart</on_reboot>',
    '  <on_crash>destroy</on_crash>',
    devices(spec),
    '</domain>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** The VNC or SPICE port QEMU chose (autoport), read from the live domain XML; null when none. */
export function graphicsPort(xml: string, type: 'vnc' | 'spice'): { port: number; listen: string } | null {
  const tag = new RegExp(`<graphics\\s[^>]*type=['"]${type}['"][^>]*>`).exec(xml)?.[0];
  if (!tag) return null;
  const port = Number(/\sport=['"](-?\d+)['"]/.exec(tag)?.[1] ?? -1);
  if (port <= 0) return null;
  return { port, listen: /\slisten=['"]([^'"]+)['"]/.exec(tag)?.[1] ?? '127.0.0.1' };
}

/** How many disks and NICs a domain XML declares (diagnostics). */
export function countDevices(xml: string): { disks: number; nics: number; macs: string[] } {
  const macs = [...xml.matchAll(/<mac\s+address=['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return {
    disks: (xml.match(/<disk\s/g) ?? []).length,
    nics: (xml.match(/<interface\s/g) ?? []).length,
    macs,
  };
}
