/**
 * Nova's notifications (`instance.create.start`, ...). Adapters send them to
 * the bus (`versioned_notifications`) or drop them (`[notifications]` unset).
 */
export interface Notification {
  readonly event_type: string;
  readonly publisher_id: string;
  readonly priority: 'INFO' | 'ERROR' | 'WARN' | 'DEBUG';
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface Notifier {
  /** Never throws and never blocks the operation that emits it. */
  notify(notification: Notification): void;
}

export const nullNotifier: Notifier = { notify: () => {} };
