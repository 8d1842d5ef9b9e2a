/**
 * The notifications Nova's compute manager sends around a live migration:
 * `instance.live_migration_pre` (destination, pre_live_migration),
 * `live_migration_post` (source, _post_live_migration), `live_migration_post_dest`
 * (destination), `live_migration_rollback` (source), `live_migration_rollback_dest`
 * (destination), `live_migration_abort` and `live_migration_force_complete`
 * (source), each `.start`/`.end` with InstanceActionPayload; the legacy
 * names differ (`compute.instance.live_migration._post.start`,
 * `compute.instance.live.migration.abort.start`, ...).
 */
import type { Instance, RequestContext } from '@novats/core';
import { type ActionRunnerDeps, notifyInstanceAction, notifyLegacy } from './instance-action-runner.js';

export type LiveMigrationEvent =
  | 'live_migration_pre'
  | 'live_migration_post'
  | 'live_migration_post_dest'
  | 'live_migration_rollback'
  | 'live_migration_rollback_dest'
  | 'live_migration_abort'
  | 'live_migration_force_complete';

/** The legacy event of each (Nova's `_notify_about_instance_usage` suffixes). */
const LEGACY_EVENT: Readonly<Record<LiveMigrationEvent, string>> = {
  live_migration_pre: 'live_migration.pre',
  live_migration_post: 'live_migration._post',
  live_migration_post_dest: 'live_migration.post.dest',
  live_migration_rollback: 'live_migration._rollback',
  live_migration_rollback_dest: 'live_migration.rollback.dest',
  live_migration_abort: 'live.migration.abort',
  live_migration_force_complete: 'live.migration.force.complete',
};

export async function notifyLiveMigration(
  deps: Pick<ActionRunnerDeps, 'host' | 'notifier' | 'legacyNotifier' | 'log'>,
  ctx: RequestContext,
  instance: Instance,
  event: LiveMigrationEvent,
  phase: 'start' | 'end',
): Promise<void> {
  await notifyLegacy(deps, ctx, instance, `${LEGACY_EVENT[event]}.${phase}`);
  await notifyInstanceAction({ ...deps, legacyNotifier: undefined }, ctx, instance, event, phase);
}

/** Runs `work` between `event.start` and `event.end` (no `.end` when it fails, as Nova). */
export async function notifiedLiveMigrationStep<T>(
  deps: Pick<ActionRunnerDeps, 'host' | 'notifier' | 'legacyNotifier' | 'log'>,
  ctx: RequestContext,
  instance: Instance,
  event: LiveMigrationEvent,
  work: () => Promise<T>,
): Promise<T> {
  await notifyLiveMigration(deps, ctx, instance, event, 'start');
  const result = await work();
  await notifyLiveMigration(deps, ctx, instance, event, 'end');
  return result;
}
