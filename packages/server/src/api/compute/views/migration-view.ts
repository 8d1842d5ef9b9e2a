/** Migration bodies of os-migrations and servers/{id}/migrations (Nova's views), by microversion. */
import type { Migration } from '@novats/core';
import type { ApiVersion } from '../api-version.js';
import { type LinkBase, resourceLinks } from '../links.js';

function time(iso: string | null): string | null {
  return iso ? `${iso.slice(0, 19)}.000000` : null;
}

/** GET /os-migrations items. */
export function migrationView(m: Migration, v: ApiVersion, base: LinkBase): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: m.id,
    source_node: m.source_node,
    dest_node: m.dest_node,
    source_compute: m.source_compute,
    dest_compute: m.dest_compute,
    dest_host: m.dest_host,
    status: m.status,
    instance_uuid: m.instance_uuid,
    old_instance_type_id: m.old_instance_type_id,
    new_instance_type_id: m.new_instance_type_id,
    created_at: time(m.created_at),
    updated_at: time(m.updated_at),
  };
  if (v.atLeast(2, 23)) {
    out.migration_type = m.migration_type;
    if (m.migration_type === 'live-migration') {
      out.links = resourceLinks(base, `servers/${m.instance_uuid}/migrations`, String(m.id));
    }
  }
  if (v.atLeast(2, 59)) out.uuid = m.uuid;
  if (v.atLeast(2, 80)) {
    out.user_id = m.user_id;
    out.project_id = m.project_id;
  }
  return out;
}

/** servers/{id}/migrations items (in-progress live migrations). */
export function serverMigrationView(m: Migration, v: ApiVersion): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: m.id,
    server_uuid: m.instance_uuid,
    source_node: m.source_node,
    dest_node: m.dest_node,
    source_compute: m.source_compute,
    dest_compute: m.dest_compute,
    dest_host: m.dest_host,
    status: m.status,
    memory_total_bytes: m.memory_total,
    memory_processed_bytes: m.memory_processed,
    memory_remaining_bytes: m.memory_remaining,
    disk_total_bytes: m.disk_total,
    disk_processed_bytes: m.disk_processed,
    disk_remaining_bytes: m.disk_remaining,
    created_at: time(m.created_at),
    updated_at: time(m.updated_at),
  };
  if (v.atLeast(2, 59)) out.uuid = m.uuid;
  if (v.atLeast(2, 80)) {
    out.user_id = m.user_id;
    out.project_id = m.project_id;
  }
  return out;
}
