/**
 * GET /os-migrations (admin, every cell; filters host, status,
 * instance_uuid, migration_type, source_compute; changes-since 2.59;
 * user_id/project_id 2.80; unknown query parameters 400 from 2.59) and the live migrations of one server (2.23):
 * list, show, force-complete (2.22) and abort (2.24).
 */
import type { Migration } from '@novats/core';
import { InvalidInput, MigrationNotFound, migrationsQuerySchema, NotFound } from '@novats/core';
import { cellOf, recordAction } from '../../compute-orchestration/server-action-start.js';
import { getServer } from '../../compute-orchestration/server-query.js';
import { changesWindow, inWindow } from './changes-window.js';
import { nextLink } from './links.js';
import { lastValue, parseLimit } from './pagination.js';
import { type ComputeRoute, perVersion, type RouteRequest } from './route-table.js';
import { migrationView, serverMigrationView } from './views/migration-view.js';

const IN_PROGRESS = new Set(['queued', 'preparing', 'running', 'post-migrating', 'accepted']);

async function serverMigration(
  r: RouteRequest,
): Promise<{ migration: Migration; cell: Awaited<ReturnType<typeof cellOf>>['cell'] }> {
  const found = await getServer(r.deps, r.ctx, r.params.server_id);
  const { cell } = await cellOf(r.deps, found);
  const id = r.params.migration_id;
  const migration = /^\d+$/.test(id) ? await cell.migrations.get(Number(id)) : null;
  if (!migration || migration.instance_uuid !== r.params.server_id) {
    throw new MigrationNotFound(id, r.params.server_id);
  }
  return { migration, cell };
}

export const MIGRATIONS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/os-migrations',
    policy: 'os_compute_api:os-migrations:index',
    summary: 'Migrations of every cell, newest first',
    query: perVersion(migrationsQuerySchema),
    async handler(r) {
      const q = r.query;
      const out: Migration[] = [];
      // NOTE(nova): changes-since from 2.59, changes-before from 2.66 (updated_at, inclusive).
      const window = r.version.atLeast(2, 59) ? changesWindow(q, r.version.atLeast(2, 66)) : {};
      const type = lastValue(q.migration_type);
      if (type !== undefined && !['migration', 'resize', 'live-migration', 'evacuation'].includes(type)) {
        return { body: { migrations: [] } };
      }
      for (const { db } of await r.deps.cells.all()) {
        out.push(
          ...(await db.migrations.list({
            host: lastValue(q.host) ?? lastValue(q.source_compute),
            status: lastValue(q.status),
            instance_uuid: lastValue(q.instance_uuid),
            migration_type: type as Migration['migration_type'] | undefined,
            ...(r.version.atLeast(2, 80)
              ? { user_id: lastValue(q.user_id), project_id: lastValue(q.project_id) }
              : {}),
          })),
        );
      }
      const inTime = out.filter((m) => inWindow(m.updated_at ?? m.created_at, window));
      inTime.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
      let page = inTime;
      const links: Record<string, unknown> = {};
      if (r.version.atLeast(2, 59)) {
        const marker = lastValue(q.marker);
        if (marker) {
          const at = page.findIndex((m) => m.uuid === marker);
          if (at < 0) throw new InvalidInput(`Marker ${marker} could not be found.`);
          page = page.slice(at + 1);
        }
        const limit = parseLimit(q.limit, r.deps.maxLimit);
        page = page.slice(0, limit);
        if (page.length > 0 && page.length === limit) {
          links.migrations_links = [nextLink(r.base, 'os-migrations', q, page[page.length - 1].uuid, limit)];
        }
      }
      return { body: { migrations: page.map((m) => migrationView(m, r.version, r.base)), ...links } };
    },
  },
  {
    method: 'GET',
    path: '/servers/:server_id/migrations',
    min: '2.23',
    policy: 'os_compute_api:servers:migrations:index',
    summary: 'In-progress live migrations of a server',
    async handler(r) {
      const found = await getServer(r.deps, r.ctx, r.params.server_id);
      const { cell } = await cellOf(r.deps, found);
      const list = await cell.migrations.list({
        instance_uuid: r.params.server_id,
        migration_type: 'live-migration',
      });
      return {
        body: {
          migrations: list
            .filter((m) => IN_PROGRESS.has(m.status))
            .map((m) => serverMigrationView(m, r.version)),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/servers/:server_id/migrations/:migration_id',
    min: '2.23',
    policy: 'os_compute_api:servers:migrations:show',
    summary: 'One in-progress live migration',
    async handler(r) {
      const { migration } = await serverMigration(r);
      if (migration.migration_type !== 'live-migration' || !IN_PROGRESS.has(migration.status)) {
        throw new NotFound(
          `In-progress live migration ${migration.id} is not found for server ${r.params.server_id}.`,
        );
      }
      return { body: { migration: serverMigrationView(migration, r.version) } };
    },
  },
  {
    method: 'POST',
    path: '/servers/:server_id/migrations/:migration_id/action',
    min: '2.22',
    policy: 'os_compute_api:servers:migrations:force_complete',
    status: 202,
    summary: 'force_complete a running live migration',
    body: () => ({
      type: 'object',
      properties: { force_complete: { type: 'null' } },
      required: ['force_complete'],
      additionalProperties: false,
    }),
    async handler(r) {
      const { migration, cell } = await serverMigration(r);
      if (migration.status !== 'running') {
        throw new InvalidInput(
          `Migration ${migration.id} state of instance ${r.params.server_id} is ${migration.status}. Cannot force_complete while the migration is in this state.`,
        );
      }
      const found = await getServer(r.deps, r.ctx, r.params.server_id);
      await recordAction(cell, r.ctx, found.instance, 'live_migration_force_complete', r.deps.clock.now());
      if (migration.source_compute) {
        await r.deps.compute.liveMigrationForceComplete(r.ctx, migration.source_compute, found.instance);
      }
      return {};
    },
  },
  {
    method: 'DELETE',
    path: '/servers/:server_id/migrations/:migration_id',
    min: '2.24',
    policy: 'os_compute_api:servers:migrations:delete',
    status: 202,
    summary: 'Abort a live migration (queued/preparing too from 2.65)',
    async handler(r) {
      const { migration, cell } = await serverMigration(r);
      const abortable = r.version.atLeast(2, 65) ? ['running', 'queued', 'preparing'] : ['running'];
      if (migration.migration_type !== 'live-migration' || !abortable.includes(migration.status)) {
        throw new InvalidInput(
          `Migration ${migration.id} state of instance ${r.params.server_id} is ${migration.status}. Cannot abort live migration while the migration is in this state.`,
        );
      }
      const found = await getServer(r.deps, r.ctx, r.params.server_id);
      await recordAction(cell, r.ctx, found.instance, 'live_migration_cancel', r.deps.clock.now());
      await cell.migrations.update(migration.id, { status: 'cancelled' });
      if (migration.source_compute) {
        await r.deps.compute.liveMigrationAbort(
          r.ctx,
          migration.source_compute,
          found.instance,
          migration.id,
        );
      }
      return {};
    },
  },
];
