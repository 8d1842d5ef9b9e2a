/**
 * A flavor (instance type): the size of a server. Field names follow Nova's
 * `flavors` table; `flavorid` is the public id, `id` the database key.
 */
export interface Flavor {
  readonly id: number;
  readonly flavorid: string;
  readonly name: string;
  readonly memory_mb: number;
  readonly vcpus: number;
  readonly root_gb: number;
  readonly ephemeral_gb: number;
  /** Swap in MiB; 0 means none. */
  readonly swap: number;
  readonly rxtx_factor: number;
  readonly vcpu_weight: number | null;
  readonly disabled: boolean;
  readonly is_public: boolean;
  readonly description: string | null;
  readonly extra_specs: Readonly<Record<string, string>>;
  readonly created_at?: string;
  readonly updated_at?: string | null;
}

/** The default flavors Nova's devstack creates (m1.tiny..m1.xlarge), ids 1..5. */
export const DEFAULT_FLAVORS: readonly Omit<Flavor, 'id'>[] = [
  { flavorid: '1', name: 'm1.tiny', memory_mb: 512, vcpus: 1, root_gb: 1 },
  { flavorid: '2', name: 'm1.small', memory_mb: 2048, vcpus: 1, root_gb: 20 },
  { flavorid: '3', name: 'm1.medium', memory_mb: 4096, vcpus: 2, root_gb: 40 },
  { flavorid: '4', name: 'm1.large', memory_mb: 8192, vcpus: 4, root_gb: 80 },
  { flavorid: '5', name: 'm1.xlarge', memory_mb: 16384, vcpus: 8, root_gb: 160 },
].map((f) => ({
  ...f,
  ephemeral_gb: 0,
  swap: 0,
  rxtx_factor: 1.0,
  vcpu_weight: null,
  disabled: false,
  is_public: true,
  description: null,
  extra_specs: {},
}));
