import type { CellDatabase, Instance } from '@novats/core';
import { makeInstance, UnexpectedTaskStateError } from '@novats/core';
import { describe, expect, it } from 'vitest';
import { updateInstanceIdempotently } from './repeated-update.js';

/** A cell whose instance is already in `current` and whose guarded update always finds the state changed. */
function cellWith(current: Instance): CellDatabase {
  return {
    instances: {
      update: async () => {
        throw new UnexpectedTaskStateError(
          current.uuid,
          { task_state: ['scheduling', null] },
          { task_state: current.task_state, vm_state: current.vm_state },
        );
      },
      get: async () => current,
    },
  } as unknown as CellDatabase;
}

describe('updateInstanceIdempotently', () => {
  const expected = { task_state: ['scheduling', null] } as const;

  it('answers a repeat of an update that already applied with the row', async () => {
    const row = makeInstance({ uuid: 'i1', vm_state: 'building', task_state: 'spawning' });
    await expect(
      updateInstanceIdempotently(cellWith(row), 'i1', { task_state: 'spawning' }, expected),
    ).resolves.toBe(row);
  });

  it('still refuses when someone else changed the instance (a delete won)', async () => {
    const row = makeInstance({ uuid: 'i1', vm_state: 'building', task_state: 'deleting' });
    await expect(
      updateInstanceIdempotently(cellWith(row), 'i1', { task_state: 'spawning' }, expected),
    ).rejects.toMatchObject({ code: 'compute.instance.unexpected_state' });
  });
});
