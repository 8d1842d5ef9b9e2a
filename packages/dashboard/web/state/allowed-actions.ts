/**
 * Which instance actions a button may offer: read from core's instance
 * transition table (the same rows nova-api checks before it answers 409), for
 * the state the Compute API shows (`OS-EXT-STS:vm_state`, `task_state`,
 * `locked`, `OS-SRV-USG:launched_at`). Pure. The table is imported from
 * core's source file (pure data, no I/O), so the browser bundle and nova-api
 * read the same rows.
 */
import {
  ANY_STATE,
  INSTANCE_TRANSITIONS,
  type TransitionRule,
} from '../../../core/src/compute/instance-transitions';

/** The state fields of a server as the Compute API shows it. */
export interface ServerState {
  readonly 'OS-EXT-STS:vm_state'?: string;
  readonly 'OS-EXT-STS:task_state'?: string | null;
  readonly 'OS-SRV-USG:launched_at'?: string | null;
  readonly locked?: boolean;
}

/** The dashboard's buttons, each named by its row in the table. */
export const DASHBOARD_ACTIONS = [
  'start',
  'stop',
  'reboot',
  'pause',
  'unpause',
  'suspend',
  'resume',
  'shelve',
  'unshelve',
  'resize',
  'confirmResize',
  'revertResize',
  'rebuild',
  'createImage',
  'delete',
] as const;
export type DashboardAction = (typeof DASHBOARD_ACTIONS)[number];

/** True when the table lets `action` start from the server's state (as `canTransition` in core). */
export function isActionAllowed(server: ServerState, action: DashboardAction, isAdmin = false): boolean {
  const rule: TransitionRule = INSTANCE_TRANSITIONS[action];
  const vm = server['OS-EXT-STS:vm_state'] ?? '';
  const task = server['OS-EXT-STS:task_state'] ?? null;
  if (rule.checks_lock && server.locked === true && !isAdmin) return false;
  if (rule.vm_states !== ANY_STATE && !(rule.vm_states as readonly string[]).includes(vm)) return false;
  const taskOk =
    rule.task_states === ANY_STATE
      ? !(task !== null && (rule.rejected_task_states as readonly string[] | undefined)?.includes(task))
      : (rule.task_states as readonly (string | null)[]).includes(task);
  if (!taskOk) return false;
  if (rule.must_have_launched && !server['OS-SRV-USG:launched_at']) return false;
  return true;
}

/** The actions allowed now, in button order. */
export function allowedActions(server: ServerState, isAdmin = false): DashboardAction[] {
  return DASHBOARD_ACTIONS.filter((a) => isActionAllowed(server, a, isAdmin));
}
