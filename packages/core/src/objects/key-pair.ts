/**
 * A key pair (Nova's `key_pairs` in the API database): an SSH public key, or
 * an X509 certificate for `type` x509, owned by one user and named per user.
 */
export type KeyPairType = 'ssh' | 'x509';

export interface KeyPair {
  readonly id: number;
  readonly name: string;
  readonly user_id: string;
  readonly fingerprint: string;
  readonly public_key: string;
  readonly type: KeyPairType;
  readonly created_at: string;
}
