/**
 * Instance actions and their events in a cell database (Nova's
 * `instance_actions`, `instance_actions_events`). An action is keyed by
 * (instance, request id); starting it twice (a redelivered message) is a no-op.
 */
import type { InstanceActionEvent, InstanceActionRecord, InstanceActionRepository } from '@novats/core';
import type { Knex } from 'knex';
import { dbErrorKind } from '../shared/db-errors.js';
import { fromDbTime, fromDbTimeRequired, nowDbTime, toDbTime } from '../shared/db-time.js';
import { affectedRows } from '../shared/knex-connection.js';

type Row = Record<string, any>;

function actionFromRow(r: Row): InstanceActionRecord {
  return {
    action: r.action,
    instance_uuid: r.instance_uuid,
    request_id: r.request_id,
    user_id: r.user_id,
    project_id: r.project_id,
    start_time: fromDbTimeRequired(r.start_time),
    finish_time: fromDbTime(r.finish_time),
    message: r.message,
    updated_at: fromDbTime(r.updated_at),
  };
}

function eventFromRow(r: Row): InstanceActionEvent {
  return {
    event: r.event,
    start_time: fromDbTimeRequired(r.start_time),
    finish_time: fromDbTime(r.finish_time),
    result: r.result,
    traceback: r.traceback,
    host: r.host,
    hostId: null,
    details: r.details,
  };
}

export class KnexInstanceActionRepository implements InstanceActionRepository {
  constructor(private readonly db: Knex) {}

  async start(action: Omit<InstanceActionRecord, 'finish_time' | 'message' | 'updated_at'>): Promise<void> {
    try {
      await this.db('instance_actions').insert({
        action: action.action,
        instance_uuid: action.instance_uuid,
        request_id: action.request_id,
        user_id: action.user_id,
        project_id: action.project_id,
        start_time: toDbTime(action.start_time),
        created_at: nowDbTime(),
      });
    } catch (err) {
      if (dbErrorKind(err) !== 'duplicate') throw err;
    }
  }

  async list(instanceUuid: string): Promise<InstanceActionRecord[]> {
    const rows = await this.db('instance_actions')
      .select('*')
      .where({ instance_uuid: instanceUuid, deleted: 0 })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(actionFromRow);
  }

  async get(instanceUuid: string, requestId: string): Promise<InstanceActionRecord | null> {
    const row = await this.db('instance_actions')
      .first('*')
      .where({ instance_uuid: instanceUuid, request_id: requestId, deleted: 0 });
    return row ? actionFromRow(row) : null;
  }

  async events(instanceUuid: string, requestId: string): Promise<InstanceActionEvent[]> {
    const action = await this.db('instance_actions')
      .first('id')
      .where({ instance_uuid: instanceUuid, request_id: requestId });
    if (!action) return [];
    const rows = await this.db('instance_actions_events')
      .select('*')
      .where({ action_id: action.id })
      .orderBy('id', 'asc');
    return rows.map(eventFromRow);
  }

  /** The id of the request's action, as a subquery of the statement that needs it. */
  #actionIdOf(instanceUuid: string, requestId: string): Knex.QueryBuilder {
    return this.db('instance_actions')
      .select('id')
      .where({ instance_uuid: instanceUuid, request_id: requestId });
  }

  /** An event whose request recorded no action (a compute host's own work) gets one named 'unknown'. */
  #startUnknown(instanceUuid: string, requestId: string, startTime: string): Promise<void> {
    return this.start({
      action: 'unknown',
      instance_uuid: instanceUuid,
      request_id: requestId,
      user_id: null,
      project_id: null,
      start_time: startTime,
    });
  }

  async eventStart(
    instanceUuid: string,
    requestId: string,
    event: { readonly event: string; readonly host: string | null; readonly start_time: string },
  ): Promise<void> {
    // NOTE(perf): one INSERT that finds its action in a subquery; with no action the
    // subquery gives NULL, which action_id's NOT NULL refuses, and the action is made first.
    const insert = () =>
      this.db('instance_actions_events').insert({
        action_id: this.#actionIdOf(instanceUuid, requestId),
        event: event.event,
        host: event.host,
        start_time: toDbTime(event.start_time),
        created_at: nowDbTime(),
      });
    try {
      await insert();
    } catch (err) {
      if (dbErrorKind(err) !== 'not_null') throw err;
      await this.#startUnknown(instanceUuid, requestId, event.start_time);
      await insert();
    }
  }

  async eventFinish(
    instanceUuid: string,
    requestId: string,
    event: {
      readonly event: string;
      readonly finish_time: string;
      readonly result: 'Success' | 'Error';
      readonly traceback?: string | null;
    },
  ): Promise<void> {
    const finish = toDbTime(event.finish_time);
    await this.db('instance_actions_events')
      .where('action_id', this.#actionIdOf(instanceUuid, requestId))
      .where('event', event.event)
      .whereNull('finish_time')
      .update({
        finish_time: finish,
        result: event.result,
        traceback: event.traceback ?? null,
        updated_at: finish,
      });
    const patch: Row = { finish_time: finish, updated_at: finish };
    if (event.result === 'Error') patch.message = 'Error';
    const finishAction = () =>
      this.db('instance_actions').where({ instance_uuid: instanceUuid, request_id: requestId }).update(patch);
    if (affectedRows(await finishAction()) > 0) return;
    await this.#startUnknown(instanceUuid, requestId, event.finish_time);
    await finishAction();
  }
}
