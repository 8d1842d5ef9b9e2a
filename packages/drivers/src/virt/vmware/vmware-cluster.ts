/**
 * The cluster one nova-compute manages (`[vmware] cluster_name`), found
 * once at start: its resource pool, datacenter VM folder, hosts, datastores
 * and networks. Its resources for placement come from the hosts' hardware
 * (as Nova's `vm_util.get_stats_from_cluster`) and from the datastores that
 * `datastore_regex` allows.
 */
import { InvalidInput } from '@novats/core';
import { cpuTraitsFromCpuid, parseCpuidBits } from './cpuid-traits.js';
import { children, childText, type MoRef, text, toMoRef, type XmlNode } from './soap-xml.js';
import type { PropertyValues, VimClient } from './vim-client.js';

export interface VMwareCluster {
  readonly ref: MoRef;
  readonly name: string;
  readonly resourcePool: MoRef;
  readonly vmFolder: MoRef;
  readonly datacenter: string;
  readonly hosts: readonly MoRef[];
  readonly datastores: readonly MoRef[];
  readonly networks: readonly MoRef[];
}

export interface ClusterStats {
  readonly vcpus: number;
  readonly memory_mb: number;
  readonly local_gb: number;
  readonly cpu_model: string;
  readonly cpu_traits: string[];
}

export interface DatastoreChoice {
  readonly ref: MoRef;
  readonly name: string;
  readonly capacity: number;
  readonly freeSpace: number;
}

const refs = (values: PropertyValues, path: string): MoRef[] =>
  children(values.get(path), 'ManagedObjectReference').flatMap((n) => toMoRef(n) ?? []);

export async function findCluster(client: VimClient, name: string): Promise<VMwareCluster> {
  const clusters = await client.objectsOfType('ClusterComputeResource', [
    'name',
    'resourcePool',
    'host',
    'datastore',
    'network',
    'parent',
  ]);
  const entry = [...clusters.entries()].find(([, v]) => text(v.get('name')) === name);
  if (!entry) {
    const known = [...clusters.values()].map((v) => text(v.get('name'))).join(', ') || 'none';
    throw new InvalidInput(`[vmware] cluster_name ${name} names no cluster in vCenter (clusters: ${known}).`);
  }
  const [value, props] = entry;
  // NOTE(inventory): a cluster sits in a host folder (maybe nested) under its datacenter.
  let parent = toMoRef(props.get('parent'));
  for (let hops = 0; parent && parent.type !== 'Datacenter' && hops < 16; hops++) {
    parent = toMoRef((await client.propertiesOf(parent, ['parent'])).get('parent'));
  }
  if (!parent) throw new InvalidInput(`The cluster ${name} is in no datacenter.`);
  const dc = await client.propertiesOf(parent, ['name', 'vmFolder']);
  return {
    ref: { $moref: true, type: 'ClusterComputeResource', value },
    name,
    resourcePool: toMoRef(props.get('resourcePool')) as MoRef,
    vmFolder: toMoRef(dc.get('vmFolder')) as MoRef,
    datacenter: text(dc.get('name')),
    hosts: refs(props, 'host'),
    datastores: refs(props, 'datastore'),
    networks: refs(props, 'network'),
  };
}

/** The cluster's datastores that are accessible and match `regex`, most free space first. */
export async function usableDatastores(
  client: VimClient,
  cluster: VMwareCluster,
  regex: RegExp | null,
): Promise<DatastoreChoice[]> {
  const found = await client.properties('Datastore', cluster.datastores, ['summary']);
  const out: DatastoreChoice[] = [];
  for (const [value, props] of found) {
    const summary = props.get('summary');
    const name = childText(summary, 'name') ?? '';
    if (childText(summary, 'accessible') === 'false' || (regex && !regex.test(name))) continue;
    out.push({
      ref: { $moref: true, type: 'Datastore', value },
      name,
      capacity: Number(childText(summary, 'capacity') ?? 0),
      freeSpace: Number(childText(summary, 'freeSpace') ?? 0),
    });
  }
  return out.sort((a, b) => b.freeSpace - a.freeSpace);
}

function cpuidLeaves(hardware: XmlNode | undefined) {
  return children(hardware, 'HostCpuIdInfo').map((leaf) => ({
    level: Number(childText(leaf, 'level') ?? -1),
    eax: parseCpuidBits(childText(leaf, 'eax') ?? ''),
    ebx: parseCpuidBits(childText(leaf, 'ebx') ?? ''),
    ecx: parseCpuidBits(childText(leaf, 'ecx') ?? ''),
    edx: parseCpuidBits(childText(leaf, 'edx') ?? ''),
  }));
}

/**
 * vCPUs (hardware threads) and memory summed over the cluster's connected
 * hosts, disk over its usable datastores; CPU traits only where every host
 * has them (a guest may run on any host of the cluster).
 */
export async function clusterStats(
  client: VimClient,
  cluster: VMwareCluster,
  regex: RegExp | null,
): Promise<ClusterStats> {
  const hosts = await client.properties('HostSystem', cluster.hosts, [
    'summary.hardware',
    'summary.runtime.connectionState',
    'hardware.cpuFeature',
  ]);
  let vcpus = 0;
  let memory = 0;
  let model = '';
  let traits: string[] | null = null;
  for (const props of hosts.values()) {
    if (text(props.get('summary.runtime.connectionState')) === 'disconnected') continue;
    const hw = props.get('summary.hardware');
    vcpus += Number(childText(hw, 'numCpuThreads') ?? 0);
    memory += Number(childText(hw, 'memorySize') ?? 0);
    model ||= childText(hw, 'cpuModel') ?? '';
    const own = cpuTraitsFromCpuid(cpuidLeaves(props.get('hardware.cpuFeature')));
    traits = traits === null ? own : traits.filter((t) => own.includes(t));
  }
  const disk = (await usableDatastores(client, cluster, regex)).reduce((sum, ds) => sum + ds.capacity, 0);
  return {
    vcpus,
    memory_mb: Math.floor(memory / (1024 * 1024)),
    local_gb: Math.floor(disk / 1024 ** 3),
    cpu_model: model,
    cpu_traits: traits ?? [],
  };
}

/** The name of the cluster's first standard network (port group), for new NICs. */
export async function defaultNetworkName(client: VimClient, cluster: VMwareCluster): Promise<string | null> {
  const nets = cluster.networks.filter((n) => n.type === 'Network');
  if (nets.length === 0) return null;
  const found = await client.properties('Network', nets, ['name']);
  const first = found.get(nets[0].value);
  return first ? text(first.get('name')) : null;
}
