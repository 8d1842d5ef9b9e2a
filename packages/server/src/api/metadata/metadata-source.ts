/**
 * Gathers an instance's metadata once (key pair, EC2 ids, network, vendor
 * data, password) and caches it for `[api] metadata_cache_expiration`
 * seconds by uuid and by address, as Nova's handler does: a guest's burst of
 * requests at boot costs one gathering.
 */
import { randomBytes } from 'node:crypto';
import {
  type ApiDatabase,
  type Clock,
  formatEc2Id,
  type Instance,
  type InstanceMetadata,
} from '@novats/core';
import type { CellRegistry } from '../../cells/cell-registry.js';
import type { InstanceLocator } from './instance-locator.js';
import { passwordFromSystemMetadata } from './instance-password.js';
import type { MetadataSettings } from './metadata-settings.js';
import { networkMetadata } from './network-metadata.js';
import type { VendorData } from './vendor-data.js';

interface Cached {
  readonly md: InstanceMetadata;
  readonly expires: number;
}

/** Nova's security groups are Neutron's; without Neutron every instance is in `default`. */
const SECURITY_GROUPS = ['default'];

export class MetadataSource {
  readonly #cache = new Map<string, Cached>();

  constructor(
    private readonly api: ApiDatabase,
    private readonly cells: CellRegistry,
    private readonly locator: InstanceLocator,
    private readonly vendorData: VendorData,
    private readonly settings: MetadataSettings,
    private readonly clock: Clock,
  ) {}

  /** Metadata of the instance with that uuid, or null when there is none. */
  byInstanceId(uuid: string): Promise<InstanceMetadata | null> {
    return this.#cached(`id:${uuid}`, () => this.locator.byUuid(uuid));
  }

  /** Metadata of the instance with that fixed address, or null. */
  byAddress(address: string): Promise<InstanceMetadata | null> {
    return this.#cached(`ip:${address}`, () => this.locator.byFixedAddress(address));
  }

  /** Forgets what is cached about an instance (its password just changed). */
  forget(uuid: string): void {
    for (const [key, entry] of this.#cache) if (entry.md.instance.uuid === uuid) this.#cache.delete(key);
  }

  async #cached(key: string, find: () => Promise<Instance | null>): Promise<InstanceMetadata | null> {
    const now = this.clock.now();
    const hit = this.#cache.get(key);
    if (hit && hit.expires > now) return hit.md;
    const instance = await find();
    if (!instance) return null;
    const md = await this.gather(instance);
    if (this.settings.cacheExpiration > 0)
      this.#cache.set(key, { md, expires: now + this.settings.cacheExpiration * 1000 });
    return md;
  }

  /** Everything the trees need about `instance` (also what a config drive is written from). */
  async gather(instance: Instance): Promise<InstanceMetadata> {
    const [keyPair, instanceId, imageId, sysmeta, vendorData2] = await Promise.all([
      instance.key_name ? this.api.keyPairs.get(instance.user_id, instance.key_name) : null,
      this.api.ec2Ids.idFor('instance', instance.uuid),
      this.api.ec2Ids.idFor('image', instance.image_ref),
      this.#systemMetadata(instance.uuid),
      this.vendorData.dynamicJson(instance, []),
    ]);
    return {
      instance,
      ec2InstanceId: formatEc2Id('i', instanceId),
      ec2ImageId: formatEc2Id('ami', imageId),
      keyPair,
      availabilityZone: instance.availability_zone ?? this.settings.defaultAvailabilityZone,
      securityGroups: SECURITY_GROUPS,
      network: networkMetadata(instance),
      vendorData: this.vendorData.staticJson(),
      vendorData2,
      password: passwordFromSystemMetadata(sysmeta),
      dhcpDomain: this.settings.dhcpDomain,
      files: [],
      randomSeed: () => randomBytes(512).toString('base64'),
    };
  }

  async #systemMetadata(uuid: string): Promise<Record<string, string>> {
    const cell = await this.cellOf(uuid);
    return cell ? cell.systemMetadata.get(uuid) : {};
  }

  /** The cell database an instance lives in, or null. */
  async cellOf(uuid: string) {
    const mapping = await this.api.instanceMappings.get(uuid);
    return mapping?.cell_uuid ? this.cells.get(mapping.cell_uuid) : null;
  }
}
