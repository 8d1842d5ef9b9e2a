/**
 * A deployment for nova-manage tests: throwaway API, cell and cell0
 * databases on one dialect, a nova.conf naming them, and `manage()` running
 * the real nova-manage entry against that file.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComputeNode } from '@novats/core';
import { runNovaManage } from '../../packages/cli/src/manage/nova-manage-main.js';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases.js';

export interface ManageResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface ManageWorld {
  readonly conf: string;
  readonly apiUrl: string;
  readonly cellUrl: string;
  readonly cell0Url: string;
  readonly transportUrl: string;
  /** nova-manage with this world's nova.conf. */
  manage(...argv: string[]): Promise<ManageResult>;
  /** nova-manage with another nova.conf (lines given), e.g. without [api_database]. */
  manageWith(lines: readonly string[], ...argv: string[]): Promise<ManageResult>;
  /** Another empty database of the same dialect, dropped with the world. */
  extraDatabase(prefix: string): Promise<string>;
  drop(): Promise<void>;
}

export async function createManageWorld(dialect: Dialect, prefix: string): Promise<ManageWorld> {
  const dbs: TestDatabase[] = [];
  const make = async (suffix: string) => {
    const db = await createTestDatabase(dialect, `${prefix}_${suffix}`);
    dbs.push(db);
    return db.url;
  };
  const apiUrl = await make('api');
  const cellUrl = await make('nova');
  const cell0Url = await make('cell0');
  const dir = mkdtempSync(join(tmpdir(), 'nova-manage-'));
  const transportUrl = `rabbit://nova:secret@${prefix}-controller:5672/`;
  const baseLines = [
    '[DEFAULT]',
    `transport_url = ${transportUrl}`,
    '[api_database]',
    `connection = ${apiUrl}`,
    '[database]',
    `connection = ${cellUrl}`,
  ];
  const writeConf = (lines: readonly string[]) => {
    const file = join(dir, `nova-${randomUUID()}.conf`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const conf = writeConf(baseLines);
  const run = async (file: string, argv: string[]): Promise<ManageResult> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runNovaManage(['--config-file', file, ...argv], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  return {
    conf,
    apiUrl,
    cellUrl,
    cell0Url,
    transportUrl,
    manage: (...argv) => run(conf, argv),
    manageWith: (lines, ...argv) => run(writeConf(lines), argv),
    extraDatabase: make,
    drop: async () => {
      for (const db of dbs) await db.drop();
    },
  };
}

/** A compute node row as the resource tracker saves it. */
export function computeNode(host: string): ComputeNode {
  return {
    uuid: randomUUID(),
    host,
    hypervisor_hostname: host,
    hypervisor_type: 'fake',
    hypervisor_version: 1,
    host_ip: '10.0.0.1',
    vcpus: 4,
    memory_mb: 4096,
    local_gb: 40,
    vcpus_used: 0,
    memory_mb_used: 0,
    local_gb_used: 0,
    free_ram_mb: 4096,
    free_disk_gb: 40,
    running_vms: 0,
    current_workload: 0,
    disk_available_least: 40,
    cpu_info: '{}',
    cpu_allocation_ratio: 16,
    ram_allocation_ratio: 1.5,
    disk_allocation_ratio: 1,
  } as ComputeNode;
}
