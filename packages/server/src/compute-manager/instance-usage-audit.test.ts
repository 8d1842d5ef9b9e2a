/**
 * The usage audit's bookkeeping in task_log (a fake conductor over a map):
 * a period is begun RUNNING and ended DONE with the count and errors, a
 * fresh audit object (a restarted nova-compute) skips a period with a row in
 * any state, and a race lost to TaskAlreadyRunning sends nothing.
 */
import {
  type Instance,
  makeInstance,
  type Notifier,
  TaskAlreadyRunning,
  type TaskLog,
  type TaskLogKey,
} from '@novats/core';
import { describe, expect, it } from 'vitest';
import type { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import { InstanceUsageAudit } from './instance-usage-audit.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-30T16:20:00Z');
const id = (k: TaskLogKey) => `${k.task_name}/${k.host}/${k.period_beginning}/${k.period_ending}`;

function world(instances: Instance[], opts: { raceOnBegin?: boolean } = {}) {
  const rows = new Map<string, TaskLog>();
  const sent: string[] = [];
  const conductor = {
    taskLogGet: async (_c: unknown, k: TaskLogKey) => rows.get(id(k)) ?? null,
    taskLogBegin: async (_c: unknown, k: TaskLogKey, items: number, message: string) => {
      if (opts.raceOnBegin || rows.has(id(k))) throw new TaskAlreadyRunning(k.task_name, k.host);
      rows.set(id(k), { ...k, state: 'RUNNING', task_items: items, errors: 0, message });
    },
    taskLogEnd: async (_c: unknown, k: TaskLogKey, errors: number, message: string) => {
      rows.set(id(k), { ...rows.get(id(k))!, state: 'DONE', errors, message });
    },
    instancesActiveInPeriod: async () => instances,
  } as unknown as ConductorRpcApi;
  const notifier: Notifier = {
    notify: async (_c, _p, event, _prio, payload: any) => {
      const uuid = payload['nova_object.data'].uuid as string;
      if (uuid.startsWith('bad')) throw new Error('bus down');
      sent.push(`${event} ${uuid}`);
    },
  };
  const audit = () =>
    new InstanceUsageAudit(
      { host: 'compute1', clock: { now: () => NOW } as never, conductor, notifier },
      'hour',
    );
  return { rows, sent, audit };
}

describe('InstanceUsageAudit and task_log', () => {
  it('records the period DONE with the instances and errors; a restarted host does not audit it again', async () => {
    const w = world([makeInstance({ uuid: 'good-1' }), makeInstance({ uuid: 'bad-2' })]);
    const result = await w.audit().run();
    expect(result).toMatchObject({ instances: ['good-1'], errors: 1 });
    expect(w.sent).toEqual(['instance.exists good-1']);
    const ending = Date.parse('2026-11-30T16:00:00Z');
    expect([...w.rows.values()]).toEqual([
      {
        task_name: 'instance_usage_audit',
        host: 'compute1',
        period_beginning: ending - HOUR,
        period_ending: ending,
        state: 'DONE',
        task_items: 2,
        errors: 1,
        message: expect.stringMatching(
          /^Instance usage audit ran for host compute1, 2 instances in 0 seconds\.$/,
        ),
      },
    ]);
    expect((await w.audit().run()).instances).toEqual([]);
    expect(w.sent).toHaveLength(1);
  });

  it('skips a period some run of the host began (RUNNING) or won first', async () => {
    const w = world([makeInstance({ uuid: 'good-1' })]);
    const ending = Date.parse('2026-11-30T16:00:00Z');
    const key = {
      task_name: 'instance_usage_audit',
      host: 'compute1',
      period_beginning: ending - HOUR,
      period_ending: ending,
    };
    w.rows.set(id(key), { ...key, state: 'RUNNING', task_items: 1, errors: 0, message: 'started' });
    expect((await w.audit().run()).instances).toEqual([]);
    const raced = world([makeInstance({ uuid: 'good-1' })], { raceOnBegin: true });
    expect((await raced.audit().run()).instances).toEqual([]);
    expect([...w.sent, ...raced.sent]).toEqual([]);
  });
});
