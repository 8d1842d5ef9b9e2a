/**
 * Which cell a compute host belongs to, from host_mappings, cached because
 * a host does not change cells without an operator remapping it.
 */
import type { ApiDatabase } from '@novats/core';
import { ComputeHostNotFound } from '@novats/core';

export class HostCellCache {
  #byHost = new Map<string, string>();
  constructor(private readonly api: ApiDatabase) {}

  async cellOf(host: string): Promise<string> {
    const cached = this.#byHost.get(host);
    if (cached) return cached;
    const mapping = await this.api.hostMappings.get(host);
    if (!mapping) throw new ComputeHostNotFound(host);
    this.#byHost.set(host, mapping.cell_uuid);
    return mapping.cell_uuid;
  }
}
