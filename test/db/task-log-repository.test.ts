/**
 * Nova's task_log on every dialect: a host begins a period once (the unique
 * key answers TaskAlreadyRunning), ends it DONE with its errors, and the
 * rows of a period are found by both bounds to the second.
 */
import { INSTANCE_USAGE_AUDIT_TASK, isNovaError } from '@novats/core';
import type { KnexCellDatabase } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type Opened, openSyncedCell } from './db-fixtures.js';

const HOUR = 3_600_000;
const ending = Date.parse('2026-11-30T16:00:00Z');
const beginning = ending - HOUR;
const key = (host: string, end = ending) => ({
  task_name: INSTANCE_USAGE_AUDIT_TASK,
  host,
  period_beginning: end - HOUR,
  period_ending: end,
});

describe.each(DIALECTS)('TaskLogRepository on %s', (dialect) => {
  let h: Opened<KnexCellDatabase>;
  let repo: KnexCellDatabase['taskLogs'];

  beforeAll(async () => {
    h = await openSyncedCell(dialect);
    repo = h.db.taskLogs;
  });
  afterAll(() => h.close());

  it('begins RUNNING, refuses a second begin, ends DONE', async () => {
    expect(await repo.get(key('h1'))).toBeNull();
    await repo.begin(key('h1'), 3, 'Instance usage audit started...');
    expect(await repo.get(key('h1'))).toEqual({
      ...key('h1'),
      state: 'RUNNING',
      message: 'Instance usage audit started...',
      task_items: 3,
      errors: 0,
    });
    const again = await repo.begin(key('h1'), 3, 'again').catch((e: unknown) => e);
    expect(isNovaError(again) && again.code).toBe('compute.task_log.already_running');
    await repo.end(key('h1'), 1, 'Instance usage audit ran for host h1, 3 instances in 0.2 seconds.');
    expect(await repo.get(key('h1'))).toMatchObject({
      state: 'DONE',
      errors: 1,
      task_items: 3,
      message: 'Instance usage audit ran for host h1, 3 instances in 0.2 seconds.',
    });
  });

  it('ends only a begun period (TaskNotRunning), and lists a period by both bounds', async () => {
    const missing = await repo.end(key('h9'), 0, 'x').catch((e: unknown) => e);
    expect(isNovaError(missing) && missing.code).toBe('compute.task_log.not_running');
    await repo.begin(key('h2'), 0, 'Instance usage audit started...');
    await repo.begin(key('h1', ending + HOUR), 5, 'next hour');
    const rows = await repo.listForPeriod(INSTANCE_USAGE_AUDIT_TASK, beginning, ending);
    expect(rows.map((r) => [r.host, r.state])).toEqual([
      ['h1', 'DONE'],
      ['h2', 'RUNNING'],
    ]);
    expect(await repo.listForPeriod('other_task', beginning, ending)).toEqual([]);
    expect((await repo.listForPeriod(INSTANCE_USAGE_AUDIT_TASK, ending, ending + HOUR))[0]).toMatchObject({
      host: 'h1',
      task_items: 5,
    });
  });
});
