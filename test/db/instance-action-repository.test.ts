import type { KnexCellDatabase } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type Opened, openSyncedCell } from './db-fixtures.js';

describe.each(DIALECTS)('InstanceActionRepository on %s', (dialect) => {
  let h: Opened<KnexCellDatabase>;
  let repo: KnexCellDatabase['instanceActions'];
  const uuid = '6f1d2a8e-0000-4000-8000-000000000001';
  const t = (s: number) => `2024-01-01T00:00:0${s}.000Z`;

  beforeAll(async () => {
    h = await openSyncedCell(dialect);
    repo = h.db.instanceActions;
  });
  afterAll(() => h.close());

  /** The request's action on the instance, started at t(1) by user u1 of project p1. */
  const startAction = (action: string, requestId: string) =>
    repo.start({
      action,
      instance_uuid: uuid,
      request_id: requestId,
      user_id: 'u1',
      project_id: 'p1',
      start_time: t(1),
    });

  it("records an event under the request's action and finishes both", async () => {
    await startAction('create', 'req-1');
    await repo.eventStart(uuid, 'req-1', { event: 'compute__do_build', host: 'h1', start_time: t(2) });
    await repo.eventFinish(uuid, 'req-1', {
      event: 'compute__do_build',
      finish_time: t(3),
      result: 'Success',
    });
    const [event] = await repo.events(uuid, 'req-1');
    expect(event).toMatchObject({
      event: 'compute__do_build',
      host: 'h1',
      start_time: t(2),
      finish_time: t(3),
      result: 'Success',
    });
    expect(await repo.get(uuid, 'req-1')).toMatchObject({
      action: 'create',
      finish_time: t(3),
      message: null,
    });
  });

  it("gives an event whose request has no action an 'unknown' one", async () => {
    await repo.eventStart(uuid, 'req-2', { event: 'compute_reboot', host: 'h1', start_time: t(4) });
    await repo.eventFinish(uuid, 'req-2', {
      event: 'compute_reboot',
      finish_time: t(5),
      result: 'Error',
      traceback: 'boom',
    });
    expect(await repo.get(uuid, 'req-2')).toMatchObject({ action: 'unknown', message: 'Error' });
    expect(await repo.events(uuid, 'req-2')).toMatchObject([
      { event: 'compute_reboot', result: 'Error', traceback: 'boom', finish_time: t(5) },
    ]);
  });

  it('finishes only the named open event, and a repeated finish keeps its first finish time', async () => {
    await startAction('reboot', 'req-4');
    await repo.eventStart(uuid, 'req-4', { event: 'compute_a', host: 'h1', start_time: t(2) });
    await repo.eventStart(uuid, 'req-4', { event: 'compute_b', host: 'h1', start_time: t(2) });
    await repo.eventFinish(uuid, 'req-4', { event: 'compute_a', finish_time: t(3), result: 'Success' });
    await repo.eventFinish(uuid, 'req-4', { event: 'compute_a', finish_time: t(4), result: 'Error' });
    expect(await repo.events(uuid, 'req-4')).toMatchObject([
      { event: 'compute_a', finish_time: t(3), result: 'Success' },
      { event: 'compute_b', finish_time: null, result: null },
    ]);
    // The action follows its latest finished event, as Nova's action_event_finish does.
    expect(await repo.get(uuid, 'req-4')).toMatchObject({
      action: 'reboot',
      finish_time: t(4),
      updated_at: t(4),
      message: 'Error',
    });
  });

  it('finishes an action that has no such event, making it first when needed', async () => {
    await repo.eventFinish(uuid, 'req-3', { event: 'never_started', finish_time: t(6), result: 'Success' });
    expect(await repo.get(uuid, 'req-3')).toMatchObject({ action: 'unknown', finish_time: t(6) });
    expect(await repo.events(uuid, 'req-3')).toEqual([]);
  });
});
