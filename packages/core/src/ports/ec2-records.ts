/**
 * Records that the EC2 API, the metadata service and nova-cert keep besides
 * Nova's instances: key pairs, the EC2 integer ids of instances and images
 * (`i-%08x`, `ami-%08x`), and an instance's system metadata (the guest's
 * encrypted password lives there, as in Nova).
 */
import type { KeyPair, KeyPairType } from '../objects/key-pair.js';

export interface KeyPairRepository {
  /** Rejects with Conflict (`compute.keypair.exists`) when the user has one of that name. */
  create(keyPair: {
    readonly name: string;
    readonly user_id: string;
    readonly fingerprint: string;
    readonly public_key: string;
    readonly type: KeyPairType;
  }): Promise<KeyPair>;
  /** Resolves null when the user has no key pair of that name. */
  get(userId: string, name: string): Promise<KeyPair | null>;
  /** The user's key pairs by name. */
  list(userId: string): Promise<KeyPair[]>;
  /** Resolves false when there was none. */
  delete(userId: string, name: string): Promise<boolean>;
}

/** What an EC2 id names: an instance (`i-`) or an image (`ami-`, `aki-`, `ari-`). */
export type Ec2IdKind = 'instance' | 'image';

/**
 * Nova's `instance_id_mappings` and `s3_images`: a stable integer per uuid,
 * given out on first use and never reused, so an EC2 id stays the same for
 * the life of the cloud.
 */
export interface Ec2IdRepository {
  /** The integer id of `uuid`, created on first use. */
  idFor(kind: Ec2IdKind, uuid: string): Promise<number>;
  /** The integer ids of many uuids at once (created when missing). */
  idsFor(kind: Ec2IdKind, uuids: readonly string[]): Promise<Map<string, number>>;
  /** The uuid of an integer id, or null when none was given out. */
  uuidOf(kind: Ec2IdKind, id: number): Promise<string | null>;
}

/** Nova's `instance_system_metadata`: key/value pairs the services keep about an instance. */
export interface SystemMetadataRepository {
  get(instanceUuid: string): Promise<Record<string, string>>;
  /**
   * Sets the keys given; with `unlessSet`, writes nothing and resolves false
   * when any of those keys already has a non-empty value (one atomic check).
   */
  set(
    instanceUuid: string,
    values: Readonly<Record<string, string>>,
    opts?: { readonly unlessSet?: readonly string[] },
  ): Promise<boolean>;
}
