/**
 * Nova's `task_log` cell table: one row per periodic task, host and period
 * (`instance_usage_audit` is the one Nova writes), RUNNING while the host
 * works through it and DONE after. A row in any state means the host took
 * the period, so a restarted host does not run it again.
 */

/** Nova's task_name of the usage audit's rows. */
export const INSTANCE_USAGE_AUDIT_TASK = 'instance_usage_audit';

export type TaskLogState = 'RUNNING' | 'DONE';

export interface TaskLog {
  readonly task_name: string;
  readonly state: TaskLogState;
  readonly host: string;
  /** The period, epoch ms (whole seconds, as the DATETIME columns keep them). */
  readonly period_beginning: number;
  readonly period_ending: number;
  readonly message: string;
  readonly task_items: number;
  readonly errors: number;
}

/** Which task, host and period a row is about (its unique key). */
export interface TaskLogKey {
  readonly task_name: string;
  readonly host: string;
  readonly period_beginning: number;
  readonly period_ending: number;
}

export interface TaskLogRepository {
  /** Nova's task_log_get: the row of this key, any state. */
  get(key: TaskLogKey): Promise<TaskLog | null>;
  /** Nova's task_log_get_all without a host: every host's row for the task and period. */
  listForPeriod(taskName: string, beginning: number, ending: number): Promise<TaskLog[]>;
  /** Nova's task_log_begin_task: a RUNNING row; TaskAlreadyRunning when the key exists. */
  begin(key: TaskLogKey, taskItems: number, message: string): Promise<void>;
  /** Nova's task_log_end_task: DONE with the errors; TaskNotRunning when there is no row. */
  end(key: TaskLogKey, errors: number, message: string): Promise<void>;
}
