/**
 * A compute node: one hypervisor as its compute service reports it
 * (Nova's `compute_nodes` table). Its uuid is also its placement provider uuid.
 */
export interface ComputeNode {
  readonly uuid: string;
  readonly host: string;
  readonly hypervisor_hostname: string;
  readonly hypervisor_type: string;
  readonly hypervisor_version: number;
  readonly host_ip: string;
  readonly vcpus: number;
  readonly memory_mb: number;
  readonly local_gb: number;
  readonly vcpus_used: number;
  readonly memory_mb_used: number;
  readonly local_gb_used: number;
  readonly free_ram_mb: number;
  readonly free_disk_gb: number;
  readonly running_vms: number;
  readonly current_workload: number;
  readonly disk_available_least: number | null;
  readonly cpu_info: string;
  readonly cpu_allocation_ratio: number;
  readonly ram_allocation_ratio: number;
  readonly disk_allocation_ratio: number;
  readonly created_at?: string;
  readonly updated_at?: string | null;
}
