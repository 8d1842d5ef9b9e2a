/**
 * Nova's task_log on knex. Periods are stored as DATETIME(6) text like every
 * time here, so a period is found by equality of both bounds, as Nova's
 * _task_log_get_query does.
 */
import type { TaskLog, TaskLogKey, TaskLogRepository, TaskLogState } from '@novats/core';
import { TaskAlreadyRunning, TaskNotRunning } from '@novats/core';
import type { Knex } from 'knex';
import { dbErrorKind } from '../shared/db-errors.js';
import { fromDbTimeRequired, nowDbTime, toDbTime } from '../shared/db-time.js';

const TABLE = 'task_log';
/** The column's width; Nova's messages fit, a long host name could not. */
const MESSAGE_MAX = 255;

const dbTime = (ms: number) => toDbTime(new Date(ms).toISOString());

function fromRow(r: Record<string, any>): TaskLog {
  return {
    task_name: r.task_name,
    state: r.state as TaskLogState,
    host: r.host,
    period_beginning: Date.parse(fromDbTimeRequired(r.period_beginning)),
    period_ending: Date.parse(fromDbTimeRequired(r.period_ending)),
    message: r.message,
    task_items: Number(r.task_items ?? 0),
    errors: Number(r.errors ?? 0),
  };
}

export class KnexTaskLogRepository implements TaskLogRepository {
  constructor(private readonly db: Knex) {}

  #period(taskName: string, beginning: number, ending: number) {
    return this.db(TABLE).where({
      task_name: taskName,
      period_beginning: dbTime(beginning),
      period_ending: dbTime(ending),
      deleted: 0,
    });
  }

  async get(key: TaskLogKey): Promise<TaskLog | null> {
    const row = await this.#period(key.task_name, key.period_beginning, key.period_ending)
      .andWhere({ host: key.host })
      .first();
    return row ? fromRow(row) : null;
  }

  async listForPeriod(taskName: string, beginning: number, ending: number): Promise<TaskLog[]> {
    return (await this.#period(taskName, beginning, ending).orderBy('host')).map(fromRow);
  }

  async begin(key: TaskLogKey, taskItems: number, message: string): Promise<void> {
    try {
      await this.db(TABLE).insert({
        task_name: key.task_name,
        state: 'RUNNING',
        host: key.host,
        period_beginning: dbTime(key.period_beginning),
        period_ending: dbTime(key.period_ending),
        message: message.slice(0, MESSAGE_MAX),
        task_items: taskItems,
        errors: 0,
        created_at: nowDbTime(),
        deleted: 0,
      });
    } catch (err) {
      if (dbErrorKind(err) === 'duplicate') throw new TaskAlreadyRunning(key.task_name, key.host);
      throw err;
    }
  }

  async end(key: TaskLogKey, errors: number, message: string): Promise<void> {
    const rows = await this.#period(key.task_name, key.period_beginning, key.period_ending)
      .andWhere({ host: key.host })
      .update({ state: 'DONE', errors, message: message.slice(0, MESSAGE_MAX), updated_at: nowDbTime() });
    if (rows === 0) throw new TaskNotRunning(key.task_name, key.host);
  }
}
