/**
 * Nova's instance actions (`instance_actions`, `instance_actions_events`):
 * every server action the API accepts is one action row, keyed by the
 * request id, and each piece of work a service does for it is one event
 * (`compute_stop_instance`, ...), with its result. os-instance-actions
 * reads them back.
 */

/** One row of `instance_actions`. */
export interface InstanceActionRecord {
  readonly action: string;
  readonly instance_uuid: string;
  readonly request_id: string;
  readonly user_id: string | null;
  readonly project_id: string | null;
  readonly start_time: string;
  readonly finish_time: string | null;
  readonly message: string | null;
  readonly updated_at: string | null;
}

/** One row of `instance_actions_events`. */
export interface InstanceActionEvent {
  readonly event: string;
  readonly start_time: string;
  readonly finish_time: string | null;
  /** 'Success' or 'Error' once finished, as Nova writes it. */
  readonly result: string | null;
  readonly traceback: string | null;
  readonly host: string | null;
  readonly hostId: string | null;
  readonly details: string | null;
}

/** The action names Nova records (`nova/compute/instance_actions.py`). */
export const InstanceActionName = {
  CREATE: 'create',
  DELETE: 'delete',
  RESTORE: 'restore',
  FORCE_DELETE: 'forceDelete',
  STOP: 'stop',
  START: 'start',
  REBOOT: 'reboot',
  REBUILD: 'rebuild',
  REVERT_RESIZE: 'revertResize',
  CONFIRM_RESIZE: 'confirmResize',
  RESIZE: 'resize',
  MIGRATE: 'migrate',
  PAUSE: 'pause',
  UNPAUSE: 'unpause',
  SUSPEND: 'suspend',
  RESUME: 'resume',
  RESCUE: 'rescue',
  UNRESCUE: 'unrescue',
  CHANGE_PASSWORD: 'changePassword',
  SHELVE: 'shelve',
  SHELVE_OFFLOAD: 'shelveOffload',
  UNSHELVE: 'unshelve',
  LIVE_MIGRATION: 'live-migration',
  LIVE_MIGRATION_CANCEL: 'live_migration_cancel',
  LIVE_MIGRATION_FORCE_COMPLETE: 'live_migration_force_complete',
  TRIGGER_CRASH_DUMP: 'trigger_crash_dump',
  EVACUATE: 'evacuate',
  CREATE_IMAGE: 'createImage',
  BACKUP: 'createBackup',
  LOCK: 'lock',
  UNLOCK: 'unlock',
  RESET_STATE: 'resetState',
  ATTACH_VOLUME: 'attach_volume',
  DETACH_VOLUME: 'detach_volume',
  ATTACH_INTERFACE: 'attach_interface',
  DETACH_INTERFACE: 'detach_interface',
  ADD_SECURITY_GROUP: 'addSecurityGroup',
  REMOVE_SECURITY_GROUP: 'removeSecurityGroup',
  UPDATE: 'update',
} as const;
