/**
 * An instance update asked for a second time: its first attempt applied but
 * the reply was lost (a conductor died after committing, or a broker
 * restart), so the bus redelivered it or the compute host asked again. The
 * expected state no longer matches because of that very update; when the
 * row already holds the requested states, the repeat succeeds with the row
 * instead of failing as if someone else had changed the instance.
 */
import type { CellDatabase, ExpectedState, Instance, InstanceUpdate } from '@novats/core';
import { isUnexpectedTaskState } from '@novats/core';

const STATE_FIELDS = ['vm_state', 'task_state', 'power_state', 'host'] as const;

function alreadyApplied(current: Instance, values: InstanceUpdate): boolean {
  const asked = STATE_FIELDS.filter((field) => field in values);
  if (!asked.some((f) => f === 'vm_state' || f === 'task_state')) return false;
  return asked.every((field) => current[field] === (values as Record<string, unknown>)[field]);
}

export async function updateInstanceIdempotently(
  cell: CellDatabase,
  uuid: string,
  values: InstanceUpdate,
  expected: ExpectedState | undefined,
): Promise<Instance> {
  try {
    return await cell.instances.update(uuid, values, expected);
  } catch (err) {
    if (!expected || !isUnexpectedTaskState(err)) throw err;
    const current = await cell.instances.get(uuid);
    if (current && alreadyApplied(current, values)) return current;
    throw err;
  }
}

/**
 * `updateInstanceIdempotently` for a caller that needs no saved row: the row
 * is read only when the write did not apply (to tell a repeat from a race).
 */
export async function applyInstanceIdempotently(
  cell: CellDatabase,
  uuid: string,
  values: InstanceUpdate,
  expected: ExpectedState | undefined,
): Promise<null> {
  try {
    await cell.instances.apply(uuid, values, expected);
    return null;
  } catch (err) {
    if (!expected || !isUnexpectedTaskState(err)) throw err;
    const current = await cell.instances.get(uuid);
    if (current && alreadyApplied(current, values)) return null;
    throw err;
  }
}
