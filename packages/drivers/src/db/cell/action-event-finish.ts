/**
 * An action event's finish and its action's, in one statement on the
 * database servers (the action follows its latest finished event, as Nova's
 * action_event_finish does): a round trip fewer per finished event. SQLite
 * writes one table per statement, so InstanceActionRepository takes its two
 * statements there.
 */
import type { Knex } from 'knex';
import { affectedRows } from '../shared/knex-connection.js';
import { sqlDialectOf } from '../shared/sql-dialect.js';

export interface FinishValues {
  readonly instanceUuid: string;
  readonly requestId: string;
  readonly event: string;
  readonly finish_time: string | null;
  readonly result: string;
  readonly traceback: string | null;
}

/**
 * Finishes the open event and its action (marked 'Error' when the event
 * failed): MySQL's multi-table UPDATE (the LEFT JOIN leaves an action without
 * such an event finished alone), a PostgreSQL data-modifying WITH. Resolves
 * the number of actions finished; null on SQLite.
 */
export async function finishEventAndAction(db: Knex, v: FinishValues): Promise<number | null> {
  const dialect = sqlDialectOf(db);
  const failed = v.result === 'Error';
  if (dialect === 'mysql') {
    const [header] = await db.raw(
      `UPDATE instance_actions AS a
         LEFT JOIN instance_actions_events AS e
           ON e.action_id = a.id AND e.event = ? AND e.finish_time IS NULL
         SET e.finish_time = ?, e.result = ?, e.traceback = ?, e.updated_at = ?,
             a.finish_time = ?, a.updated_at = ?${failed ? ", a.message = 'Error'" : ''}
       WHERE a.instance_uuid = ? AND a.request_id = ?`,
      [
        v.event,
        v.finish_time,
        v.result,
        v.traceback,
        v.finish_time,
        v.finish_time,
        v.finish_time,
        v.instanceUuid,
        v.requestId,
      ],
    );
    // mysql2 counts matched rows (FOUND_ROWS): the action's, and its event's when there is one.
    return affectedRows((header as { affectedRows?: number }).affectedRows);
  }
  if (dialect === 'postgresql') {
    const result = await db.raw(
      `WITH a AS (
         UPDATE instance_actions SET finish_time = ?, updated_at = ?${failed ? ", message = 'Error'" : ''}
          WHERE instance_uuid = ? AND request_id = ? RETURNING id
       ), e AS (
         UPDATE instance_actions_events SET finish_time = ?, result = ?, traceback = ?, updated_at = ?
          WHERE action_id IN (SELECT id FROM a) AND event = ? AND finish_time IS NULL RETURNING id
       )
       SELECT count(*) AS actions FROM a`,
      [
        v.finish_time,
        v.finish_time,
        v.instanceUuid,
        v.requestId,
        v.finish_time,
        v.result,
        v.traceback,
        v.finish_time,
        v.event,
      ],
    );
    return Number((result as { rows: { actions: number | string }[] }).rows[0]?.actions ?? 0);
  }
  return null;
}
