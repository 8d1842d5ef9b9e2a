import type { CellDatabase, Instance } from '@novats/core';
import { makeInstance, UnexpectedTaskStateError } from '@novats/core';
import { describe, expect, it } from 'vitest';
import { applyInstanceIdempotently, updateInstanceIdempotently } from './repeated-update.js';

function lost(current: Instance): Error {
  return new UnexpectedTaskStateError(
    current.uuid,
    { task_state: ['scheduling', null] },
    { task_state: current.task_state, vm_state: current.vm_state },
  );
}

/** A cell whose instance is already in `current` and whose guarded update always finds the state changed. */
function cellWith(current: Instance): CellDatabase {
  return {
    instances: {
      update: async () => {
        throw lost(current);
      },
      apply: async () => {
        throw lost(current);
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

describe('applyInstanceIdempotently', () => {
  const expected = { task_state: ['scheduling', null] } as const;

  it('answers a repeat of an update that already applied with null, no row', async () => {
    const row = makeInstance({ uuid: 'i1', vm_state: 'building', task_state: 'spawning' });
    await expect(
      applyInstanceIdempotently(cellWith(row), 'i1', { task_state: 'spawning' }, expected),
    ).resolves.toBeNull();
  });

  it('still refuses when someone else changed the instance (a delete won)', async () => {
    const row = makeInstance({ uuid: 'i1', vm_state: 'building', task_state: 'deleting' });
    await expect(
      applyInstanceIdempotently(cellWith(row), 'i1', { task_state: 'spawning' }, expected),
    ).rejects.toMatchObject({ code: 'compute.instance.unexpected_state' });
  });
});
