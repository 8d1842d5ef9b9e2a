/**
 * Server actions that move a server or take it off its host (Nova's
 * `compute/api.py` resize, migrate, confirm/revert_resize, live_migrate,
 * evacuate, shelve, shelve_offload, unshelve): the API checks and starts
 * the action, writes the migration record, and hands the move to the
 * conductor, which schedules it with move claims (conductor/instance-moves.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Flavor, Instance, Migration, MigrationType, RequestContext } from '@novats/core';
import {
  ComputeServiceInUse,
  InstanceNotReady,
  InvalidInput,
  MIGRATION_PROGRESS_UNREPORTED,
  MigrationNotFound,
  NotFound,
} from '@novats/core';
import { isServiceUp } from '../cells/service-liveness.js';
import type { MoveInstanceArgs } from '../rpc/conductor-rpcapi.js';
import { type ComputeApiDeps, DEFAULT_SERVER_ACTION_OPTIONS } from './compute-api-deps.js';
import { checkResizeQuota } from './quota-engine.js';
import { type StartedAction, startAction } from './server-action-start.js';
import { refId } from './server-create.js';
import { getServer } from './server-query.js';

function options(deps: ComputeApiDeps) {
  return deps.serverActions ?? DEFAULT_SERVER_ACTION_OPTIONS;
}

async function createMigration(
  started: StartedAction,
  type: MigrationType,
  status: Migration['status'],
  oldFlavor: Flavor,
  newFlavor: Flavor,
): Promise<Migration> {
  const i = started.before;
  return started.cell.migrations.create({
    uuid: randomUUID(),
    instance_uuid: i.uuid,
    source_compute: i.host,
    source_node: i.node,
    dest_compute: null,
    dest_node: null,
    dest_host: null,
    old_instance_type_id: oldFlavor.id,
    new_instance_type_id: newFlavor.id,
    status,
    migration_type: type,
    project_id: i.project_id,
    user_id: i.user_id,
    ...MIGRATION_PROGRESS_UNREPORTED,
  });
}

async function image(deps: ComputeApiDeps, ctx: RequestContext, instance: Instance) {
  return deps.images.show(ctx, instance.image_ref).catch(() => null);
}

/** resize (flavorRef) or migrate (host from 2.56): the server ends VERIFY_RESIZE on its new host. */
export async function resizeServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  opts: { flavorRef?: string; host?: string | null },
): Promise<void> {
  const found = await getServer(deps, ctx, uuid);
  // NOTE(perf): the image (3 statements, never failing) is read while the checks run.
  const imageMeta = image(deps, ctx, found.instance);
  const resize = opts.flavorRef !== undefined;
  let flavor = found.instance.flavor;
  if (resize) {
    flavor = await deps.api.flavors.getByFlavorId(refId(opts.flavorRef as string)).catch(() => {
      throw new InvalidInput(`Flavor ${opts.flavorRef} could not be found.`);
    });
    if (flavor.flavorid === found.instance.flavor.flavorid) {
      throw new InvalidInput('When resizing, instances must change flavor!');
    }
    if (flavor.disabled) throw new InvalidInput(`Flavor '${flavor.flavorid}' is disabled.`);
    // NOTE(nova): only the growth of cores and ram counts against the quota.
    await checkResizeQuota(deps, found.instance, flavor);
  }
  if (opts.host) {
    // NOTE(nova): an unknown target host is the caller's mistake: 400, not 404.
    await requireComputeHost(deps, opts.host).catch(() => {
      throw new InvalidInput(`Compute host ${opts.host} could not be found.`);
    });
  }
  const started = await startAction(deps, ctx, uuid, resize ? 'resize' : 'migrate', {
    found,
    capability: 'supports_resize',
  });
  const migration = await createMigration(
    started,
    resize ? 'resize' : 'migration',
    'pre-migrating',
    found.instance.flavor,
    flavor,
  );
  await deps.conductor.moveInstance(ctx, {
    kind: resize ? 'resize' : 'migrate',
    instance: started.instance,
    migration,
    flavor,
    host: opts.host ?? null,
    image: await imageMeta,
    cell_uuid: started.cellUuid,
    allow_same_host: options(deps).allowResizeToSameHost,
  });
}

/** The migration of a resize waiting for confirm or revert (Nova's `get_by_instance_and_status`). */
async function finishedMigration(started: { cell: StartedAction['cell'] }, uuid: string): Promise<Migration> {
  const [migration] = await started.cell.migrations.list({ instance_uuid: uuid, status: 'finished' });
  if (!migration) throw new MigrationNotFound('finished', uuid);
  return migration;
}

/** confirmResize: the source drops the old guest and its allocation. */
export async function confirmResize(deps: ComputeApiDeps, ctx: RequestContext, uuid: string): Promise<void> {
  const started = await startAction(deps, ctx, uuid, 'confirmResize');
  const migration = await finishedMigration(started, uuid);
  await started.cell.migrations.update(migration.id, { status: 'confirming' });
  await deps.compute.castMove(ctx, migration.source_compute ?? '', 'confirm_resize', {
    instance: started.instance,
    migration,
    flavor: started.instance.flavor,
    image: null,
    dest_host: migration.dest_compute ?? '',
    dest_node: migration.dest_node ?? '',
  });
}

/** revertResize: the destination drops the new guest, the source brings the old one back. */
export async function revertResize(deps: ComputeApiDeps, ctx: RequestContext, uuid: string): Promise<void> {
  const started = await startAction(deps, ctx, uuid, 'revertResize');
  const migration = await finishedMigration(started, uuid);
  await deps.compute.castMove(ctx, migration.dest_compute ?? started.host ?? '', 'revert_resize', {
    instance: started.instance,
    migration,
    flavor: started.instance.old_flavor ?? started.instance.flavor,
    image: null,
    dest_host: migration.dest_compute ?? '',
    dest_node: migration.dest_node ?? '',
  });
}

/** os-migrateLive: to `host`, or where the scheduler says (block_migration is the driver's business). */
export async function liveMigrateServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  host: string | null,
  opts: { asyncPreChecks?: boolean } = {},
): Promise<void> {
  const found = await getServer(deps, ctx, uuid);
  if (host !== null && host === found.instance.host) {
    throw new InvalidInput(
      `The supplied hypervisor type of is invalid. Unable to migrate instance (${uuid}) to current host (${host}).`,
    );
  }
  if (host !== null) await requireComputeHost(deps, host);
  const started = await startAction(deps, ctx, uuid, 'liveMigrate', {
    found,
    capability: 'supports_live_migration',
  });
  const migration = await createMigration(
    started,
    'live-migration',
    'accepted',
    found.instance.flavor,
    found.instance.flavor,
  );
  const args: MoveInstanceArgs = {
    kind: 'live-migration',
    instance: started.instance,
    migration,
    flavor: found.instance.flavor,
    host,
    image: await image(deps, ctx, found.instance),
    cell_uuid: started.cellUuid,
  };
  // NOTE(nova): from 2.34 the pre-checks run after the 202; before, the API waits and a failure is 400.
  if (opts.asyncPreChecks) await deps.conductor.moveInstance(ctx, args);
  else await deps.conductor.liveMigrateInstanceSync(ctx, args);
}

async function requireComputeHost(deps: ComputeApiDeps, host: string) {
  for (const { db } of await deps.cells.all()) {
    const [service] = await db.services.list({ host, binary: 'nova-compute' });
    if (service) return service;
  }
  throw new NotFound(`Compute host ${host} could not be found.`);
}

/**
 * evacuate: only when the server's host is down (Nova's 409 otherwise); the
 * conductor rebuilds it elsewhere. Answers the admin password (before 2.14).
 */
export async function evacuateServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  opts: { host: string | null; adminPass: string | null },
): Promise<string | null> {
  const found = await getServer(deps, ctx, uuid);
  const source = found.instance.host;
  if (!source) throw new InstanceNotReady(uuid);
  const service = await requireComputeHost(deps, source);
  if (isServiceUp(service, deps.clock, deps.serviceDownTime) && !service.forced_down) {
    throw new ComputeServiceInUse(`Compute service of ${source} is still in use.`);
  }
  if (opts.host !== null) {
    if (opts.host === source) throw new InvalidInput("The target host can't be the same one.");
    await requireComputeHost(deps, opts.host);
  }
  const started = await startAction(deps, ctx, uuid, 'evacuate', { found });
  const migration = await createMigration(
    started,
    'evacuation',
    'accepted',
    found.instance.flavor,
    found.instance.flavor,
  );
  await deps.conductor.moveInstance(ctx, {
    kind: 'evacuation',
    instance: started.instance,
    migration,
    flavor: found.instance.flavor,
    host: opts.host,
    image: await image(deps, ctx, found.instance),
    cell_uuid: started.cellUuid,
    admin_password: opts.adminPass,
  });
  return opts.adminPass;
}

/** shelve: powered off; with `shelved_offload_time` 0 also offloaded (allocation released). */
export async function shelveServer(deps: ComputeApiDeps, ctx: RequestContext, uuid: string): Promise<void> {
  const started = await startAction(deps, ctx, uuid, 'shelve');
  if (!started.host) throw new InstanceNotReady(uuid);
  await deps.compute.castAction(ctx, started.host, 'shelve_instance', {
    instance: started.instance,
    offload: options(deps).shelvedOffloadTime === 0,
  });
}

/** shelveOffload (admin): the guest goes and its allocation is released. */
export async function shelveOffloadServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
): Promise<void> {
  const started = await startAction(deps, ctx, uuid, 'shelveOffload');
  if (!started.host) throw new InstanceNotReady(uuid);
  await deps.compute.castAction(ctx, started.host, 'shelve_offload_instance', { instance: started.instance });
}

/** unshelve: an offloaded server is scheduled again (to `host` from 2.91, admin). */
export async function unshelveServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  host: string | null,
): Promise<void> {
  const found = await getServer(deps, ctx, uuid);
  if (found.instance.vm_state === 'shelved') {
    // NOTE(gap): with shelved_offload_time != 0 a shelved guest is still on its host; Nova powers it on there.
    throw new InvalidInput(`Unshelving a server that was not offloaded is not supported here: ${uuid}`);
  }
  const imageMeta = image(deps, ctx, found.instance);
  const started = await startAction(deps, ctx, uuid, 'unshelve', { found });
  await deps.conductor.moveInstance(ctx, {
    kind: 'unshelve',
    instance: started.instance,
    migration: null,
    flavor: found.instance.flavor,
    host,
    image: await imageMeta,
    cell_uuid: started.cellUuid,
  });
}
