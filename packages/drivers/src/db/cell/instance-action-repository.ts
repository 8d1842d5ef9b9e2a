/**
 * Instance actions and their events in a cell database (Nova's
 * `instance_actions`, `instance_actions_events`). An action is keyed by
 * (instance, request id); starting it twice (a redelivered message) is a no-op.
 */
import type { InstanceActionEvent, InstanceActionRecord, InstanceActionRepository } from '@novats/core';
import type { Knex } from 'knex';
import { compiledStatement } from '../shared/compiled-statement.js';
import { dbErrorKind } from '../shared/db-errors.js';
import { fromDbTime, fromDbTimeRequired, nowDbTime, toDbTime } from '../shared/db-time.js';
import { affectedRows } from '../shared/knex-connection.js';
import { type FinishValues, finishEventAndAction } from './action-event-finish.js';

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

// NOTE(perf): every server boot and delete writes these; knex compiles each once per dialect.

const START_ACTION = compiledStatement<{
  action: string;
  instance_uuid: string;
  request_id: string;
  user_id: string | null;
  project_id: string | null;
  start_time: string | null;
  created_at: string;
}>((db, p) =>
  db('instance_actions').insert({
    action: p.action,
    instance_uuid: p.instance_uuid,
    request_id: p.request_id,
    user_id: p.user_id,
    project_id: p.project_id,
    start_time: p.start_time,
    created_at: p.created_at,
  }),
);

type ActionKey = { instanceUuid: string; requestId: string };

/** The id of the request's action, as a subquery of the statement that needs it. */
function actionIdOf(db: Knex, p: ActionKey): Knex.QueryBuilder {
  return db('instance_actions')
    .select('id')
    .where({ instance_uuid: p.instanceUuid, request_id: p.requestId });
}

/** One INSERT that finds its action in a subquery: NULL (refused by NOT NULL) when there is none. */
const START_EVENT = compiledStatement<
  ActionKey & { event: string; host: string | null; start_time: string | null; created_at: string }
>((db, p) =>
  db('instance_actions_events').insert({
    action_id: actionIdOf(db, p),
    event: p.event,
    host: p.host,
    start_time: p.start_time,
    created_at: p.created_at,
  }),
);

const FINISH_EVENT = compiledStatement<
  ActionKey & { event: string; finish_time: string | null; result: string; traceback: string | null }
>((db, p) =>
  db('instance_actions_events')
    .where('action_id', actionIdOf(db, p))
    .where('event', p.event)
    .whereNull('finish_time')
    .update({
      finish_time: p.finish_time,
      result: p.result,
      traceback: p.traceback,
      updated_at: p.finish_time,
    }),
);

const FINISH_ACTION = compiledStatement<ActionKey & { finish_time: string | null }>((db, p) =>
  db('instance_actions')
    .where({ instance_uuid: p.instanceUuid, request_id: p.requestId })
    .update({ finish_time: p.finish_time, updated_at: p.finish_time }),
);

/** FINISH_ACTION of a failed event: Nova marks the action's message 'Error'. */
const FAIL_ACTION = compiledStatement<ActionKey & { finish_time: string | null }>((db, p) =>
  db('instance_actions')
    .where({ instance_uuid: p.instanceUuid, request_id: p.requestId })
    .update({ finish_time: p.finish_time, updated_at: p.finish_time, message: 'Error' }),
);

export class KnexInstanceActionRepository implements InstanceActionRepository {
  constructor(private readonly db: Knex) {}

  async start(action: Omit<InstanceActionRecord, 'finish_time' | 'message' | 'updated_at'>): Promise<void> {
    try {
      await START_ACTION.run(this.db, {
        action: action.action,
        instance_uuid: action.instance_uuid,
        request_id: action.request_id,
        // A record built without its owner stores NULL, as the builder did for a missing value.
        user_id: action.user_id ?? null,
        project_id: action.project_id ?? null,
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
    // NOTE(perf): with no action the insert fails on action_id's NOT NULL and the action is made first.
    const insert = () =>
      START_EVENT.run(this.db, {
        instanceUuid,
        requestId,
        event: event.event,
        host: event.host ?? null,
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
    const values: FinishValues = {
      instanceUuid,
      requestId,
      event: event.event,
      finish_time: finish,
      result: event.result,
      traceback: event.traceback ?? null,
    };
    const finishAction = () =>
      (event.result === 'Error' ? FAIL_ACTION : FINISH_ACTION).run(this.db, {
        instanceUuid,
        requestId,
        finish_time: finish,
      });
    // NOTE(perf): on the database servers the event and its action finish in one statement.
    const finished = await finishEventAndAction(this.db, values);
    if (finished === null) {
      await FINISH_EVENT.run(this.db, values);
      if (affectedRows(await finishAction()) > 0) return;
    } else if (finished > 0) return;
    // The request has no action yet: Nova's 'unknown' one, then finished.
    await this.#startUnknown(instanceUuid, requestId, event.finish_time);
    await finishAction();
  }
}
